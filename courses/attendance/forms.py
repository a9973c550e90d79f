"""The forms of the sessions: the 培训场次 form in the Wagtail admin (used by
courses.attendance.viewsets), one cadre's mark on the register and the
paper register's upload.

The roster (应到学员) is either the course's enrolled cadres or the cadres
chosen by position, village class and township. The three filters matter
only for a chosen roster: roster-filters.js (a Stimulus controller in the
form's media) shows them only then; without JavaScript they stay visible
with a note saying so, and the server clears them for the other choice. The
roster notice says how many cadres the saved session expects and, for an
empty roster, why (services.session_roster_empty_reasons).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
)

from lms.access import is_trainer
from lms.form_fields import position_field, village_class_field
from lms.imports.views import UploadForm
from lms.models import Role, Township, User

from ..models import AttendanceState, TrainingSession
from .approval import APPROVAL_FIELDS, approval_on_save
from .rules import closed_session_errors, session_errors
from .selectors import courses_choosable_by, roster_summary

ROSTER_FILTERS = ("roster_positions", "roster_village_classes", "roster_townships")
CONTROLLER = "roster-filters"


class RosterNoticePanel(Panel):
    """Under the roster choice: the filters' note (for a page without
    JavaScript) and the saved session's roster size, or why it is empty."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/session_roster_notice.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["controller"] = CONTROLLER
            context["chosen_label"] = TrainingSession.Roster.CHOSEN.label
            context["enrolled_label"] = TrainingSession.Roster.ENROLLED.label
            if self.instance is not None and self.instance.pk:
                # The saved session, not the instance a posted form changed.
                session = TrainingSession.objects.select_related("course").get(
                    pk=self.instance.pk
                )
                context["saved"] = True
                context["size"], context["reasons"] = roster_summary(session)
            return context


def _filter(name):
    return FieldPanel(name, attrs={f"data-{CONTROLLER}-target": "filter"})


def session_panels():
    return [
        FieldPanel("course"),
        FieldPanel("title"),
        FieldPanel("place"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("credit_hours"), FieldPanel("trainer")]),
        MultiFieldPanel(
            [
                FieldPanel("roster", heading=gettext_lazy("名单来源")),
                RosterNoticePanel(),
                *(_filter(name) for name in ROSTER_FILTERS),
            ],
            heading=gettext_lazy("应到学员"),
            attrs={
                "data-controller": CONTROLLER,
                "data-action": f"change->{CONTROLLER}#toggle",
                f"data-{CONTROLLER}-chosen-value": TrainingSession.Roster.CHOSEN,
            },
        ),
        FieldRowPanel(
            [FieldPanel("checkin_opens_minutes"), FieldPanel("late_after_minutes")]
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("checkin_radius_m"),
            ],
            heading=gettext_lazy("签到定位（可选）"),
        ),
    ]


class TrainingSessionForm(WagtailAdminModelForm):
    """The session's fields, with the course chosen from the user's courses,
    the roster as two radio buttons, its positions, village classes and
    townships as check boxes (used only for a chosen roster)."""

    roster_positions = position_field(
        ticked=True, help_text=gettext_lazy("不选表示所有职务")
    )
    roster_village_classes = village_class_field(
        ticked=True, help_text=gettext_lazy("不选表示所有村分类")
    )

    class Media:
        js = ["courses/js/roster-filters.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        course.widget = forms.Select()
        course.queryset = courses_choosable_by(self.for_user)
        course.label_from_instance = lambda page: page.title
        trainer = self.fields["trainer"]
        trainer.widget = forms.Select()
        trainer.queryset = User.objects.filter(role=Role.TRAINER, is_active=True)
        trainer.label_from_instance = lambda user: user.name or user.username
        if "roster" in self.fields:
            roster = self.fields["roster"]
            roster.widget = forms.RadioSelect(choices=roster.choices)
        if "roster_townships" in self.fields:
            townships = self.fields["roster_townships"]
            townships.widget = forms.CheckboxSelectMultiple()
            townships.queryset = Township.objects.all()
            townships.widget.choices = townships.choices
            townships.help_text = _("不选表示所有苏木乡镇")
        if (
            not self.instance.pk
            and self.for_user is not None
            and is_trainer(self.for_user)
        ):
            self.initial.setdefault("trainer", self.for_user.pk)

        # The saved values, for approval_on_save.
        self.original = (
            {name: getattr(self.instance, name) for name in APPROVAL_FIELDS}
            if self.instance.pk
            else None
        )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("结束时间须晚于开始时间"))
        errors = session_errors(
            course=cleaned.get("course"),
            starts_at=starts,
            ends_at=ends,
            credit_hours=cleaned.get("credit_hours"),
        )
        if self.instance.pk and self.instance.closed_at is not None:
            errors.update(closed_session_errors(self.changed_data))
        for name, message in errors.items():
            if name in self.fields:
                self.add_error(name, message)
        place = [
            cleaned.get(name) is not None
            for name in ("latitude", "longitude", "checkin_radius_m")
        ]
        if any(place) and not all(place):
            self.add_error(
                "checkin_radius_m",
                _("签到定位须同时填写纬度、经度和允许距离，或都不填。"),
            )
        if cleaned.get("roster") == TrainingSession.Roster.ENROLLED:
            # The filters choose cadres only for a chosen roster: none kept.
            cleaned["roster_positions"] = []
            cleaned["roster_village_classes"] = []
            cleaned["roster_townships"] = Township.objects.none()
        return cleaned

    def save(self, commit=True):
        approval_on_save(
            self.instance, original=self.original, by=self.for_user, now=timezone.now()
        )
        return super().save(commit=commit)


def session_edit_handler():
    return ObjectList(session_panels(), base_form_class=TrainingSessionForm)


# --- The register ------------------------------------------------------------------


class MarkForm(forms.Form):
    cadre = forms.IntegerField(widget=forms.HiddenInput)
    state = forms.ChoiceField(
        label=gettext_lazy("考勤状态"), choices=AttendanceState.choices
    )
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)
    reason = forms.CharField(
        label=gettext_lazy("修改原因"), max_length=100, required=False
    )


class ImportForm(UploadForm):
    """The paper register's upload (on the register page)."""

    file_label = gettext_lazy("纸质签到表（Excel 或 CSV）")
