"""培训场次 in the Wagtail admin: TrainingSession as a scoped ModelViewSet.

Administrators see and change every session; a trainer sees, adds and edits
only the sessions of the courses they teach (course_paths_taught) and picks
only those courses; supervisors see every session, read-only. The rules are a
permission policy (registered in courses.wagtail_hooks) and the views' scoped
queryset, so a session out of scope gives a 404. Each row links to the
session's register (考勤登记), projector (投影签到) and sign-in sheet. The
change history is the model's django-simple-history record.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permission_policies.base import BasePermissionPolicy

from lms.models import Position, Role, Township, User, VillageClass
from lms.viewsets.base import ScopedIndexView
from lms.viewsets.display import NOWRAP
from lms.viewsets.people import PeopleViewSet

from .models import CoursePage, TrainingSession
from .permissions import course_paths_taught

TRAINER_ACTIONS = frozenset({"add", "change", "view"})


def _role(user):
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_administrator:
        return Role.ADMIN
    return getattr(user, "role", None)


def sessions_visible_to(user):
    """The sessions user may see in the admin."""
    role = _role(user)
    sessions = TrainingSession.objects.all()
    if role in (Role.ADMIN, Role.SUPERVISOR):
        return sessions
    if role == Role.TRAINER:
        return sessions.filter(course__path__in=course_paths_taught(user))
    return sessions.none()


def courses_choosable_by(user):
    """The courses user may hold a session of."""
    courses = CoursePage.objects.order_by("path")
    role = _role(user)
    if role == Role.ADMIN:
        return courses
    if role == Role.TRAINER:
        return courses.filter(path__in=course_paths_taught(user))
    return courses.none()


class TrainingSessionPermissionPolicy(BasePermissionPolicy):
    """Administrators: everything; trainers: add, change and view the sessions
    of the courses they teach; supervisors: view."""

    def user_has_permission(self, user, action):
        role = _role(user)
        if role == Role.ADMIN:
            return True
        if role == Role.TRAINER:
            return action in TRAINER_ACTIONS
        return role == Role.SUPERVISOR and action == "view"

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if _role(user) != Role.TRAINER:
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


# --- The form -----------------------------------------------------------------------


class TrainingSessionForm(WagtailAdminModelForm):
    """The model's panels, with the course chosen from the user's courses, the
    roster's positions and village classes as check boxes."""

    roster_positions = forms.TypedMultipleChoiceField(
        label=gettext_lazy("职务"),
        choices=Position.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("不选表示所有职务"),
    )
    roster_village_classes = forms.TypedMultipleChoiceField(
        label=gettext_lazy("村分类"),
        choices=VillageClass.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("不选表示所有村分类"),
    )

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
        if "roster_townships" in self.fields:
            self.fields["roster_townships"].widget = forms.CheckboxSelectMultiple()
            self.fields["roster_townships"].queryset = Township.objects.all()
            self.fields["roster_townships"].widget.choices = self.fields[
                "roster_townships"
            ].choices
        if (
            not self.instance.pk
            and self.for_user is not None
            and _role(self.for_user) == Role.TRAINER
        ):
            self.initial.setdefault("trainer", self.for_user.pk)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("结束时间须晚于开始时间"))
        return cleaned


def session_edit_handler():
    return ObjectList(TrainingSession.panels, base_form_class=TrainingSessionForm)


# --- The list -----------------------------------------------------------------------


def _courses_filter(request):
    if request is None:
        return CoursePage.objects.none()
    user = request.user
    if _role(user) == Role.TRAINER:
        return courses_choosable_by(user)
    return CoursePage.objects.filter(training_sessions__isnull=False).distinct()


class TrainingSessionFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=gettext_lazy("课程"),
        queryset=_courses_filter,
        empty_label=gettext_lazy("全部"),
    )
    starts_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("日期"), widget=DateRangePickerWidget
    )

    class Meta:
        model = TrainingSession
        fields = []


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


def session_state(session):
    if session.closed_at:
        return format_html('<span class="w-status">{}</span>', _("已结束考勤"))
    return format_html(
        '<span class="w-status w-status--primary">{}</span>', _("考勤中")
    )


class SessionLinksColumn(Column):
    cell_template_name = "wagtailadmin/tables/cell.html"

    def get_value(self, instance):
        return session_links(instance)


class TrainingSessionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course", "trainer")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=gettext_lazy("场次名称"),
                sort_key="title",
                get_url=lambda session: (
                    self.get_edit_url(session) or self.get_inspect_url(session)
                ),
            ),
            Column(
                "course",
                label=gettext_lazy("课程"),
                accessor="course.title",
                sort_key="course__title",
            ),
            Column(
                "starts_at",
                label=gettext_lazy("开始时间"),
                accessor=lambda s: (
                    s.starts_at.astimezone().strftime("%Y-%m-%d %H:%M")
                    if s.starts_at
                    else ""
                ),
                sort_key="starts_at",
                classname=NOWRAP,
            ),
            Column("place", label=gettext_lazy("地点")),
            Column(
                "trainer",
                label=gettext_lazy("授课讲师"),
                accessor=lambda s: s.trainer.name or s.trainer.username,
                classname=NOWRAP,
            ),
            Column(
                "state",
                label=gettext_lazy("状态"),
                accessor=session_state,
                classname=NOWRAP,
            ),
        ] + (
            []  # supervisors read sessions; the register is the trainers'
            if _role(self.request.user) == Role.SUPERVISOR
            else [
                SessionLinksColumn(
                    "links", label=gettext_lazy("考勤"), classname=NOWRAP
                )
            ]
        )


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
    filterset_class = TrainingSessionFilterSet
    search_fields = ["title", "place"]
    search_backend_name = None  # icontains: no word splitting for Chinese
    inspect_view_fields = [
        "course",
        "title",
        "place",
        "starts_at",
        "ends_at",
        "credit_hours",
        "trainer",
        "roster",
        "roster_townships",
        "closed_at",
        "closed_by",
    ]
    ordering = ["-starts_at", "-pk"]
    list_per_page = 50
    simple_history = True

    def queryset_for_user(self, user):
        return sessions_visible_to(user)

    def get_edit_handler(self):
        return session_edit_handler().bind_to_model(self.model)
