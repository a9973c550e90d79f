"""培训场次 in the Wagtail admin: TrainingSession as a scoped ModelViewSet.

Administrators see and change every session; a trainer sees, adds and edits
only the sessions of the courses they teach (course_paths_taught) and picks
only those courses; supervisors see every session, read-only. The rules are a
permission policy (registered in courses.attendance.wagtail_hooks) and the views' scoped
queryset, so a session out of scope gives a 404. Each row links to the
session's register (考勤登记), projector (投影签到) and sign-in sheet. The
change history is the model's django-simple-history record.
"""

import django_filters
from django.db.models import Q
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.permission_policies.base import BasePermissionPolicy

from lms.access import (
    course_paths_taught,
    is_administrator,
    is_supervisor,
    is_trainer,
)
from lms.models import Position, Role, User, VillageClass
from lms.viewsets.base import ScopedIndexView, ScopedInspectView
from lms.viewsets.display import NOWRAP, render_when
from lms.viewsets.people import PeopleViewSet

from ..models import CoursePage, TrainingSession
from . import approval_views
from .forms import session_edit_handler
from .selectors import (
    courses_choosable_by,
    roster_summary,
    sessions_in_state,
    sessions_visible_to,
)

TRAINER_ACTIONS = frozenset({"add", "change", "view"})


class TrainingSessionPermissionPolicy(BasePermissionPolicy):
    """Administrators: everything; trainers: add, change and view the sessions
    of the courses they teach; supervisors: view."""

    def user_has_permission(self, user, action):
        if is_administrator(user):
            return True
        if is_trainer(user):
            return action in TRAINER_ACTIONS
        return is_supervisor(user) and action == "view"

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if not is_trainer(user):
            return True
        return (
            CoursePage.objects.filter(pk=instance.course_id)
            .values_list("path", flat=True)
            .first()
        ) in course_paths_taught(user)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return TrainingSession.objects.none()
        return sessions_visible_to(user)

    def users_with_any_permission(self, actions):
        roles = [Role.ADMIN]
        if set(actions) & TRAINER_ACTIONS:
            roles.append(Role.TRAINER)
        if "view" in actions:
            roles.append(Role.SUPERVISOR)
        return User.objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(role__in=roles)
        )


# --- The list -----------------------------------------------------------------------


def _courses_filter(request):
    if request is None:
        return CoursePage.objects.none()
    user = request.user
    if is_trainer(user):
        return courses_choosable_by(user)
    return CoursePage.objects.filter(training_sessions__isnull=False).distinct()


class TrainingSessionFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("课程"),
        queryset=_courses_filter,
        empty_label=gettext_lazy("全部"),
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"),
        choices=TrainingSession.State.choices,
        empty_label=gettext_lazy("全部"),
        method="filter_state",
    )
    starts_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("日期"), widget=DateRangePickerWidget
    )

    class Meta:
        model = TrainingSession
        fields = []

    def filter_state(self, queryset, name, value):
        return sessions_in_state(queryset, value, now=timezone.now())


def _projector_url(session):
    try:
        return reverse("courses:projector", args=[session.pk])
    except NoReverseMatch:
        return f"/courses/sessions/{session.pk}/projector/"


def session_links(session):
    """考勤登记 · 投影签到 · 签到表 of a session."""
    links = [
        (reverse("courses:register", args=[session.pk]), _("考勤登记")),
        (_projector_url(session), _("投影签到")),
        (reverse("courses:sheet", args=[session.pk]), _("签到表")),
    ]
    return format_html_join(
        " · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links
    )


# Wagtail's tags: hatched (like a draft) before, a filled pill while it runs
# or waits for the register to close (admin-phone.css colours that one),
# plain once closed.
STATE_STATUS_CLASSES = {
    TrainingSession.State.NOT_STARTED: "w-status",
    TrainingSession.State.CHECKIN: "w-status w-status--label",
    TrainingSession.State.IN_PROGRESS: "w-status w-status--label",
    TrainingSession.State.TO_CLOSE: "w-status w-status--label",
    TrainingSession.State.CLOSED: "w-status w-status--primary",
}


def session_state_tag(session, *, now):
    """The session's state (TrainingSession.state_at) as a Wagtail status tag."""
    state = session.state_at(now)
    return format_html(
        '<span class="{} lms-session-state lms-session-state--{}">{}</span>',
        STATE_STATUS_CLASSES[state],
        state,
        state.label,
    )


class SessionLinksColumn(Column):
    cell_template_name = "wagtailadmin/tables/cell.html"

    def get_value(self, instance):
        return session_links(instance)


# Column classes: admin-phone.css stacks each row of the list into a card on
# a phone (courses/static/courses/css/admin-phone.css).
TABLE_CLASSNAME = "listing lms-session-listing"


def _col(name):
    return f"lms-col-{name}"


class TrainingSessionIndexView(ScopedIndexView):
    table_classname = TABLE_CLASSNAME

    @cached_property
    def now(self):
        return timezone.now()

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course", "trainer")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=gettext_lazy("场次名称"),
                sort_key="title",
                classname=_col("title"),
                get_url=lambda session: (
                    self.get_edit_url(session) or self.get_inspect_url(session)
                ),
            ),
            Column(
                "course",
                label=gettext_lazy("课程"),
                accessor="course.title",
                sort_key="course__title",
                classname=_col("course"),
            ),
            Column(
                "starts_at",
                label=gettext_lazy("开始时间"),
                accessor=lambda s: render_when(s.starts_at),
                sort_key="starts_at",
                classname=f"{NOWRAP} {_col('starts')}",
            ),
            Column("place", label=gettext_lazy("地点"), classname=_col("place")),
            Column(
                "trainer",
                label=gettext_lazy("授课讲师"),
                accessor=lambda s: s.trainer.name or s.trainer.username,
                classname=f"{NOWRAP} {_col('trainer')}",
            ),
            Column(
                "state",
                label=gettext_lazy("状态"),
                accessor=lambda s: session_state_tag(s, now=self.now),
                classname=f"{NOWRAP} {_col('state')}",
            ),
            Column(
                "approval",
                label=gettext_lazy("学时确认"),
                accessor=lambda s: (
                    ""
                    if s.approval == TrainingSession.Approval.NOT_NEEDED
                    else s.get_approval_display()
                ),
                classname=f"{NOWRAP} {_col('approval')}",
            ),
        ] + (
            []  # supervisors read sessions; the register is the trainers'
            if is_supervisor(self.request.user)
            else [
                SessionLinksColumn(
                    "links",
                    label=gettext_lazy("考勤"),
                    classname=f"{NOWRAP} {_col('links')}",
                )
            ]
        )


def _choice_labels(choices, values):
    names = dict(choices.choices)
    return "、".join(str(names.get(value, value)) for value in values) or "—"


class TrainingSessionInspectView(ScopedInspectView):
    """The details, with the session's state and its roster's size (and why
    it is empty)."""

    def get_field_label(self, field_name, field):
        if field_name == "state":
            return _("状态")
        return super().get_field_label(field_name, field)

    def get_state_display_value(self):
        return session_state_tag(self.object, now=timezone.now())

    def get_roster_positions_display_value(self):
        return _choice_labels(Position, self.object.roster_positions)

    def get_roster_village_classes_display_value(self):
        return _choice_labels(VillageClass, self.object.roster_village_classes)

    def get_roster_townships_display_value(self):
        names = [township.name for township in self.object.roster_townships.all()]
        return "、".join(names) or "—"

    def get_roster_display_value(self):
        size, reasons = roster_summary(self.object)
        label = self.object.get_roster_display()
        if size:
            return _("%(roster)s（应到 %(size)d 人）") % {"roster": label, "size": size}
        return format_html(
            "{}<br>{}",
            _("%(roster)s（应到 0 人）") % {"roster": label},
            format_html_join(
                "", '<span class="lms-roster-empty">{}</span>', ((r,) for r in reasons)
            ),
        )


class TrainingSessionCreateView(generic.CreateView):
    """添加培训场次 on a course (?course=<id>) opens the form with that course
    chosen (the form offers only the courses the user may choose); once
    saved, the trainer is back on the course's explorer listing."""

    def _from_course(self):
        course = self.request.GET.get("course", "")
        return int(course) if course.isdigit() else None

    def get_initial(self):
        initial = super().get_initial()
        if self._from_course() is not None:
            initial["course"] = self._from_course()
        return initial

    def get_add_url(self):
        """The form posts back with ?course= kept."""
        url = super().get_add_url()
        if self._from_course() is None:
            return url
        query = urlencode({"course": self._from_course()})
        return f"{url}{'&' if '?' in url else '?'}{query}"

    def get_success_url(self):
        course_id = self._from_course()
        if (
            course_id is not None
            and courses_choosable_by(self.request.user).filter(pk=course_id).exists()
        ):
            return reverse("wagtailadmin_explore", args=[course_id])
        return super().get_success_url()


class TrainingSessionViewSet(PeopleViewSet):
    model = TrainingSession
    name = "training_sessions"
    url_prefix = "courses/sessions"
    icon = "date"
    menu_label = gettext_lazy("培训场次")
    menu_name = "training_sessions"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = TrainingSessionIndexView
    add_view_class = TrainingSessionCreateView
    inspect_view_class = TrainingSessionInspectView
    filterset_class = TrainingSessionFilterSet
    search_fields = ["title", "place"]
    search_backend_name = None  # icontains: no word splitting for Chinese
    inspect_view_fields = [
        "course",
        "title",
        "state",
        "place",
        "starts_at",
        "ends_at",
        "credit_hours",
        "trainer",
        "roster",
        "roster_positions",
        "roster_village_classes",
        "roster_townships",
        "closed_at",
        "closed_by",
        "approval",
        "approval_cause",
        "approval_by",
        "approval_at",
        "approval_note",
    ]
    ordering = ["-starts_at", "-pk"]
    list_per_page = 50
    simple_history = True

    def queryset_for_user(self, user):
        return sessions_visible_to(user)

    def get_urlpatterns(self):
        """Also 待确认培训场次 (approvals) and one session's decision."""
        return [
            *super().get_urlpatterns(),
            path("approvals/", approval_views.approvals, name="approvals"),
            path(
                "<int:session_id>/approval/",
                approval_views.approval,
                name="approval",
            ),
        ]

    def get_edit_handler(self):
        return session_edit_handler().bind_to_model(self.model)
