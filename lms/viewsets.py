"""Wagtail admin screens for townships, villages and cadres (人员与组织), the
personal data access log, and users' roles.

Scope is enforced on the server: every list, inspect, edit, delete, history and
export queryset comes from lms.selectors for the requesting user, so a township
supervisor gets a 404 for another township's records whatever the URL says.
Permissions (view / add / change / delete) come from Wagtail's model permission
policy: the 督导 group has view_* only, administrators are superusers.

Personal data (PIPL): lists, exports and history only show masked ID and mobile
numbers. Only administrators see them whole, on a cadre's 详情 and edit pages, and
each such view is recorded as a PersonalDataAccess row.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Count, ForeignKey, ProtectedError, Q, RestrictedError
from django.db.models.deletion import Collector
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import (
    BooleanColumn,
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    TitleColumn,
)
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseListingView, BaseObjectMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions.user_bulk_action import UserBulkAction

from .forms import (
    BulkRoleForm,
    CadreCreateForm,
    CadreForm,
    LmsUserCreationForm,
    LmsUserEditForm,
)
from .models import (
    Cadre,
    PersonalDataAccess,
    Position,
    Role,
    Sex,
    Township,
    User,
    Village,
    VillageClass,
)
from .personal_data import MOBILE_RE, mask_id_number, mask_mobile
from .selectors import (
    cadres_visible_to,
    may_see_whole_personal_data,
    townships_visible_to,
    villages_visible_to,
)
from .services import user_set_role

# Wagtail's utility class: keeps a Chinese name on one line on a phone.
NOWRAP = "w-whitespace-nowrap"
INSPECT_LABEL = gettext_lazy("详情")
HISTORY_LABEL = gettext_lazy("变更历史")
PURPOSE_INSPECT = "查看详情"
PURPOSE_EDIT = "编辑"
PURPOSE_EDIT_ACCOUNT = "编辑登录账号"


def record_personal_data_access(*, viewer, cadre, purpose):
    """One row per whole view of a cadre's ID or mobile number (PIPL)."""
    return PersonalDataAccess.objects.create(
        viewer=viewer, cadre=cadre, purpose=purpose
    )


def user_display(user):
    """A user's name for lists and history; a mobile-number username is masked."""
    if user is None:
        return ""
    if user.name:
        return user.name
    if MOBILE_RE.fullmatch(user.username or ""):
        return mask_mobile(user.username)
    return user.get_full_name() or user.username


def masked_username(user):
    if MOBILE_RE.fullmatch(user.username or ""):
        return mask_mobile(user.username)
    return user.username


def local_minute(value):
    """2026-11-29 10:15 in the site's time zone (Asia/Shanghai)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def yes_no(value):
    return _("是") if value else _("否")


def relabel_inspect(buttons, inspect_url):
    """Wagtail calls the inspect view 检查; ours is 详情."""
    for button in buttons:
        if inspect_url and getattr(button, "url", None) == inspect_url:
            button.label = INSPECT_LABEL
    return buttons


# --- Scope: every queryset comes from lms.selectors -------------------------


class ScopedMixin:
    """The viewset passes queryset_for_user(user) → the records this user may see."""

    queryset_for_user = None

    def scoped_queryset(self):
        return self.queryset_for_user(self.request.user)


class ScopedIndexView(ScopedMixin, generic.IndexView):
    history_url_name = None
    history_enabled = False

    def get_base_queryset(self):
        return self.scoped_queryset()

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        kwargs.setdefault("classname", NOWRAP)
        return super()._get_title_column(field_name, column_class, **kwargs)

    def get_history_url(self, instance):
        if self.history_enabled and self.history_url_name:
            return reverse(self.history_url_name, args=(quote(instance.pk),))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        relabel_inspect(buttons, self.get_inspect_url(instance))
        if history_url := self.get_history_url(instance):
            buttons.append(
                MenuItem(
                    HISTORY_LABEL, url=history_url, icon_name="history", priority=25
                )
            )
        return buttons

    def stream_csv(self, queryset):
        # A byte order mark, so that Excel opens the Chinese text as UTF-8.
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y%m%d}"


class ScopedInspectView(ScopedMixin, generic.InspectView):
    page_title = INSPECT_LABEL
    template_name = "lms/admin/inspect.html"
    history_url_name = None
    history_enabled = False

    def get_object(self, queryset=None):
        return get_object_or_404(self.scoped_queryset(), pk=unquote(str(self.pk)))

    def get_history_url(self):
        if self.history_enabled and self.history_url_name:
            return reverse(self.history_url_name, args=(quote(self.object.pk),))

    @cached_property
    def header_buttons(self):
        buttons = []
        if history_url := self.get_history_url():
            buttons.append(
                HeaderButton(HISTORY_LABEL, url=history_url, icon_name="history")
            )
        return buttons

    def get_extra_links(self):
        """(label, url) pairs shown under the fields."""
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["extra_links"] = self.get_extra_links()
        return context


class ScopedEditView(ScopedMixin, generic.EditView):
    def get_queryset(self):
        return self.scoped_queryset()

    def get_usage_url(self):
        return None  # usage is not tracked for the people models

    @cached_property
    def header_more_buttons(self):
        return relabel_inspect(super().header_more_buttons, self.get_inspect_url())


class ScopedUsageView(ScopedMixin, UsageView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ScopedLogHistoryView(ScopedMixin, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped_queryset()


class ProtectedDeleteView(ScopedMixin, generic.DeleteView):
    """Deleting a township or village that still has records gives a clear message
    (the foreign keys are PROTECT) instead of an error page."""

    template_name = "lms/admin/confirm_delete.html"

    def get_queryset(self):
        return self.scoped_queryset()

    def get_usage_url(self):
        return None

    @cached_property
    def blockers(self):
        """[(count, verbose name)] of the records that keep this one from deletion."""
        collector = Collector(using=router.db_for_write(self.model))
        try:
            collector.collect([self.object])
        except ProtectedError as error:
            return self._summarise(error.protected_objects)
        except RestrictedError as error:
            return self._summarise(error.restricted_objects)
        return []

    @staticmethod
    def _summarise(objects):
        counts = Counter(type(obj)._meta.verbose_name for obj in objects)
        return [(count, str(name)) for name, count in counts.items()]

    @cached_property
    def blocked_message(self):
        if not self.blockers:
            return ""
        parts = "、".join(
            _("%(count)d 个%(name)s") % {"count": count, "name": name}
            for count, name in self.blockers
        )
        return _(
            "无法删除“%(object)s”：仍有 %(parts)s 与它关联。"
            "请先把这些记录移到别处或删除，再删除它。"
        ) % {"object": self.object, "parts": parts}

    def form_valid(self, form):
        if self.blockers:
            messages.error(self.request, self.blocked_message)
            return redirect(self.get_success_url())
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                _("无法删除“%(object)s”：仍有其他记录与它关联。")
                % {"object": self.object},
            )
            return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blocked_message"] = self.blocked_message
        context["is_protected"] = bool(self.blockers)
        return context


# --- Change history from django-simple-history ------------------------------


@dataclass
class HistoryRow:
    when: str
    who: str
    action: str
    changes: str = ""


class HistoryPaginator(WagtailPaginator):
    """Counts rows as "3 条变更记录", not as the history model's "historical 学员"."""

    verbose_name = gettext_lazy("条变更记录")
    verbose_name_plural = gettext_lazy("条变更记录")


class ChangeHistoryView(
    ScopedMixin, PermissionCheckedMixin, BaseObjectMixin, BaseListingView
):
    """变更历史: the simple-history records of one object, newest first, each with
    what changed since the record before it. ID and mobile numbers are masked.

    A fixed number of queries: the count, one page of records (plus the one
    before it) with their users, and one query per related model shown.
    """

    any_permission_required = ["add", "change", "delete", "view"]
    model = None
    page_title = HISTORY_LABEL
    header_icon = "history"
    paginate_by = 20
    template_name = "wagtailadmin/generic/listing.html"
    results_template_name = "wagtailadmin/generic/listing_results.html"
    results_only = False
    index_url_name = None
    history_url_name = None
    history_results_url_name = None
    edit_url_name = None
    inspect_url_name = None
    verbose_name_plural = gettext_lazy("变更记录")
    paginator_class = HistoryPaginator
    masks = {"id_number": mask_id_number, "mobile": mask_mobile}
    action_labels = {
        "+": gettext_lazy("新建"),
        "~": gettext_lazy("修改"),
        "-": gettext_lazy("删除"),
    }

    @cached_property
    def columns(self):
        return [
            Column("when", label=gettext_lazy("时间"), width="16%"),
            Column("who", label=gettext_lazy("操作人"), width="16%"),
            Column("action", label=gettext_lazy("操作"), width="10%"),
            Column("changes", label=gettext_lazy("变更内容")),
        ]

    def get_base_object_queryset(self):
        return self.scoped_queryset()

    def get_base_queryset(self):
        return self.object.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )

    def get_page_subtitle(self):
        return str(self.object)

    def _url(self, url_name):
        if url_name:
            return reverse(url_name, args=(quote(self.object.pk),))

    def get_index_url(self):  # pagination links
        return self._url(self.history_url_name)

    def get_index_results_url(self):
        return self._url(self.history_results_url_name)

    def get_inspect_url(self):
        return self._url(self.inspect_url_name)

    def get_edit_url(self):
        if self.user_has_permission("change"):
            return self._url(self.edit_url_name)

    def get_breadcrumbs_items(self):
        items = []
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": capfirst(self.model._meta.verbose_name_plural),
                }
            )
        if object_url := self.get_inspect_url() or self.get_edit_url():
            items.append({"url": object_url, "label": str(self.object)})
        items.append(
            {"url": "", "label": self.page_title, "sublabel": str(self.object)}
        )
        return self.breadcrumbs_items + items

    @cached_property
    def header_buttons(self):
        buttons = []
        if inspect_url := self.get_inspect_url():
            buttons.append(
                HeaderButton(INSPECT_LABEL, url=inspect_url, icon_name="info-circle")
            )
        if edit_url := self.get_edit_url():
            buttons.append(HeaderButton(_("编辑"), url=edit_url, icon_name="edit"))
        return buttons

    def paginate_queryset(self, queryset, page_size):
        paginator, page, _records, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        start = (page.number - 1) * page_size
        # One more than the page: the newest record on the next page is what the
        # oldest record on this page changed from.
        records = list(queryset[start : start + page_size + 1])
        return paginator, page, self.build_rows(records, page_size), is_paginated

    # Building the rows

    @cached_property
    def tracked_fields(self):
        """Editable fields in model order, as diff_against compares them."""
        history_model = self.model.history.model
        names = {f.name for f in history_model.tracked_fields if f.editable}
        return [f for f in self.model._meta.fields if f.name in names]

    def build_rows(self, records, page_size):
        deltas = []
        for index, record in enumerate(records[:page_size]):
            previous = records[index + 1] if index + 1 < len(records) else None
            changes = []
            if record.history_type == "~" and previous is not None:
                delta = record.diff_against(
                    previous, included_fields=[f.name for f in self.tracked_fields]
                )
                changes = delta.changes
            deltas.append((record, previous, changes))

        related = self.related_labels(
            change for _record, _previous, changes in deltas for change in changes
        )
        order = {f.name: i for i, f in enumerate(self.tracked_fields)}
        rows = []
        for record, previous, changes in deltas:
            lines = [
                (
                    capfirst(self.model._meta.get_field(change.field).verbose_name),
                    self.display(change.field, change.old, related),
                    self.display(change.field, change.new, related),
                )
                for change in sorted(changes, key=lambda c: order[c.field])
            ]
            rows.append(
                HistoryRow(
                    when=self.render_when(record.history_date),
                    who=user_display(record.history_user) or _("系统"),
                    action=self.action_labels.get(record.history_type, ""),
                    changes=self.render_changes(record, previous, lines),
                )
            )
        return rows

    @staticmethod
    def render_when(value):
        """2026-11-29 10:15, broken (on a phone) only between date and time."""
        day, minute = local_minute(value).split(" ")
        return format_html(
            '<span class="{0}">{1}</span> <span class="{0}">{2}</span>',
            NOWRAP,
            day,
            minute,
        )

    def render_changes(self, record, previous, lines):
        if record.history_type == "+":
            html = format_html("{}", _("建立记录"))
        elif record.history_type == "-":
            html = format_html("{}", _("删除记录"))
        elif previous is None:
            html = format_html("{}", _("（更早的记录未保存，无法比较）"))
        elif not lines:
            html = format_html("{}", _("保存，无字段变化"))
        else:
            html = format_html_join(
                "",
                '<div class="lms-change"><strong>{}</strong>：{} → {}</div>',
                lines,
            )
        reason = getattr(record, "history_change_reason", None)
        if reason:
            html += format_html(
                '<div class="help-text">{}{}</div>', _("说明："), reason
            )
        return html

    def related_labels(self, changes):
        """{(field name, pk): label} for the foreign keys that changed: one query
        per related model."""
        wanted = {}
        for change in changes:
            model_field = self.model._meta.get_field(change.field)
            if isinstance(model_field, ForeignKey):
                ids = wanted.setdefault(change.field, set())
                ids.update(v for v in (change.old, change.new) if v is not None)
        labels = {}
        for name, ids in wanted.items():
            related_model = self.model._meta.get_field(name).related_model
            objects = related_model._default_manager.filter(pk__in=ids)
            if related_model is Village:
                objects = objects.select_related("township")
            for obj in objects:
                label = user_display(obj) if related_model is User else str(obj)
                labels[(name, obj.pk)] = label
        return labels

    def display(self, name, value, related):
        if value is None or value == "":
            return "—"
        if name in self.masks:
            return self.masks[name](value)
        model_field = self.model._meta.get_field(name)
        if isinstance(model_field, ForeignKey):
            return related.get((name, value)) or _("（已删除，编号 %(pk)s）") % {
                "pk": value
            }
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return yes_no(value)
        if isinstance(value, datetime.datetime):
            return local_minute(value)
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m-%d")
        return str(value)


# --- Filters ----------------------------------------------------------------


def _townships(request):
    if request is None:
        return Township.objects.none()
    return townships_visible_to(request.user)


def _villages(request):
    if request is None:
        return Village.objects.none()
    return villages_visible_to(request.user).select_related("township")


class CadreFilterSet(WagtailFilterSet):
    township = django_filters.ModelChoiceFilter(
        label=gettext_lazy("苏木乡镇"),
        field_name="village__township",
        queryset=_townships,
        empty_label=gettext_lazy("全部"),
    )
    village = django_filters.ModelChoiceFilter(
        label=gettext_lazy("嘎查村"),
        field_name="village",
        queryset=_villages,
        empty_label=gettext_lazy("全部"),
    )
    village_class = django_filters.ChoiceFilter(
        label=gettext_lazy("村分类"),
        field_name="village__village_class",
        choices=VillageClass.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )
    position = django_filters.ChoiceFilter(
        label=gettext_lazy("职务"),
        choices=Position.choices,
        empty_label=gettext_lazy("全部"),
    )
    sex = django_filters.ChoiceFilter(
        label=gettext_lazy("性别"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )
    is_active = django_filters.BooleanFilter(
        label=gettext_lazy("在职"), widget=BooleanRadioSelect
    )

    class Meta:
        model = Cadre
        fields = []


class VillageFilterSet(WagtailFilterSet):
    township = django_filters.ModelChoiceFilter(
        label=gettext_lazy("苏木乡镇"),
        queryset=_townships,
        empty_label=gettext_lazy("全部"),
    )
    village_class = django_filters.ChoiceFilter(
        label=gettext_lazy("村分类"),
        choices=VillageClass.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )

    class Meta:
        model = Village
        fields = []


class PersonalDataAccessFilterSet(WagtailFilterSet):
    viewer = django_filters.ModelChoiceFilter(
        label=gettext_lazy("查看人"),
        queryset=User.objects.filter(Q(is_superuser=True) | Q(role=Role.ADMIN)),
        empty_label=gettext_lazy("全部"),
    )
    viewed_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("查看时间"), widget=DateRangePickerWidget
    )

    class Meta:
        model = PersonalDataAccess
        fields = []


# --- Base viewset ------------------------------------------------------------


class PeopleViewSet(ModelViewSet):
    """Shared wiring: scoped views, no copy, no reference-index tracking."""

    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    edit_view_class = ScopedEditView
    delete_view_class = ProtectedDeleteView
    usage_view_class = ScopedUsageView
    history_view_class = ScopedLogHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    simple_history = False  # True: the history view reads django-simple-history

    def queryset_for_user(self, user):
        raise NotImplementedError

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            queryset_for_user=self.queryset_for_user, **kwargs
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            history_enabled=self.simple_history, **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        kwargs.setdefault("template_name", "lms/admin/inspect.html")
        return super().get_inspect_view_kwargs(
            history_enabled=self.simple_history, **kwargs
        )

    def get_history_view_kwargs(self, **kwargs):
        if self.simple_history:
            kwargs.setdefault("template_name", ChangeHistoryView.template_name)
        return super().get_history_view_kwargs(**kwargs)

    @property
    def history_view(self):
        if not self.simple_history:
            return super().history_view
        return self.construct_view(ChangeHistoryView, **self.get_history_view_kwargs())

    @property
    def history_results_view(self):
        if not self.simple_history:
            return super().history_results_view
        return self.construct_view(
            ChangeHistoryView, **self.get_history_view_kwargs(), results_only=True
        )


# --- Townships ---------------------------------------------------------------


class TownshipInspectView(ScopedInspectView):
    def get_extra_links(self):
        counts = Village.objects.filter(township=self.object).aggregate(
            villages=Count("pk", distinct=True), cadres=Count("cadres")
        )
        return [
            (
                _("嘎查村 %(count)d 个") % {"count": counts["villages"]},
                reverse("lms_villages:index") + f"?township={self.object.pk}",
            ),
            (
                _("学员 %(count)d 名") % {"count": counts["cadres"]},
                reverse("lms_cadres:index") + f"?township={self.object.pk}",
            ),
        ]


class TownshipViewSet(PeopleViewSet):
    model = Township
    name = "lms_townships"
    url_prefix = "people/townships"
    icon = "site"
    menu_label = gettext_lazy("苏木乡镇")
    menu_name = "townships"
    form_fields = ["name", "sort_order"]
    search_fields = ["name"]
    inspect_view_class = TownshipInspectView
    inspect_view_fields = ["name", "sort_order"]
    list_per_page = 50
    # Explicit: Meta.ordering is dropped from the annotated (GROUP BY) query.
    ordering = ["sort_order", "name"]

    def queryset_for_user(self, user):
        return townships_visible_to(user).annotate(
            village_count=Count("villages", distinct=True),
            cadre_count=Count("villages__cadres", distinct=True),
        )

    list_display = [
        "name",
        Column(
            "village_count", label=gettext_lazy("嘎查村数"), sort_key="village_count"
        ),
        Column("cadre_count", label=gettext_lazy("学员数"), sort_key="cadre_count"),
        Column("sort_order", label=gettext_lazy("排序"), sort_key="sort_order"),
    ]


# --- Villages ----------------------------------------------------------------


class VillageInspectView(ScopedInspectView):
    def get_extra_links(self):
        count = self.object.cadres.count()
        return [
            (
                _("学员 %(count)d 名") % {"count": count},
                reverse("lms_cadres:index") + f"?village={self.object.pk}",
            )
        ]


class VillageViewSet(PeopleViewSet):
    model = Village
    name = "lms_villages"
    url_prefix = "people/villages"
    icon = "home"
    menu_label = gettext_lazy("嘎查村")
    menu_name = "villages"
    form_fields = ["township", "name", "village_class"]
    search_fields = ["name"]
    filterset_class = VillageFilterSet
    inspect_view_class = VillageInspectView
    inspect_view_fields = ["name", "township", "village_class"]
    simple_history = True
    list_per_page = 50
    ordering = ["township__sort_order", "township__name", "name"]
    list_export = [
        "township.name",
        "name",
        "get_village_class_display",
        "cadre_count",
    ]
    export_headings = {
        "township.name": gettext_lazy("苏木乡镇"),
        "name": gettext_lazy("嘎查村"),
        "get_village_class_display": gettext_lazy("村分类"),
        "cadre_count": gettext_lazy("学员数"),
    }
    export_filename = "villages"

    def queryset_for_user(self, user):
        return (
            villages_visible_to(user)
            .select_related("township")
            .annotate(cadre_count=Count("cadres"))
        )

    list_display = [
        "name",
        Column(
            "township",
            label=gettext_lazy("苏木乡镇"),
            accessor="township.name",
            classname=NOWRAP,
            sort_key="township__sort_order",
        ),
        Column(
            "village_class",
            label=gettext_lazy("村分类"),
            accessor="get_village_class_display",
            classname=NOWRAP,
            sort_key="village_class",
        ),
        Column("cadre_count", label=gettext_lazy("学员数"), sort_key="cadre_count"),
    ]


# --- Cadres ------------------------------------------------------------------


class CadreIndexView(ScopedIndexView):
    custom_field_preprocess = {
        "is_active": {"csv": yes_no, "xlsx": yes_no},
    }

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            title_column_class(
                "name",
                label=gettext_lazy("姓名"),
                sort_key="name",
                classname=NOWRAP,
                get_url=lambda cadre: (
                    self.get_inspect_url(cadre) or self.get_edit_url(cadre)
                ),
            ),
            Column(
                "township",
                classname=NOWRAP,
                label=gettext_lazy("苏木乡镇"),
                accessor="village.township.name",
                sort_key="village__township__sort_order",
            ),
            Column(
                "village",
                classname=NOWRAP,
                label=gettext_lazy("嘎查村"),
                accessor="village.name",
                sort_key="village__name",
            ),
            Column(
                "village_class",
                classname=NOWRAP,
                label=gettext_lazy("村分类"),
                accessor="village.get_village_class_display",
                sort_key="village__village_class",
            ),
            Column(
                "position",
                label=gettext_lazy("职务"),
                accessor="get_position_display",
                sort_key="position",
            ),
            Column("sex", label=gettext_lazy("性别"), accessor="get_sex_display"),
            Column("masked_mobile", label=gettext_lazy("手机号"), classname=NOWRAP),
            Column(
                "masked_id_number", label=gettext_lazy("身份证号"), classname=NOWRAP
            ),
            BooleanColumn(
                "is_active", label=gettext_lazy("在职"), sort_key="is_active"
            ),
        ]


class CadreInspectView(ScopedInspectView):
    """详情: administrators see whole numbers (each view recorded); others masked."""

    @cached_property
    def shows_whole(self):
        return may_see_whole_personal_data(self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.shows_whole:
            record_personal_data_access(
                viewer=request.user, cadre=self.object, purpose=PURPOSE_INSPECT
            )
        return response

    def get_mobile_display_value(self):
        return self.object.mobile if self.shows_whole else self.object.masked_mobile

    def get_id_number_display_value(self):
        if self.shows_whole:
            return self.object.id_number or "—"
        return self.object.masked_id_number or "—"

    def get_user_display_value(self):
        user = self.object.user
        if user is None:
            return _("未开通")
        return user.username if self.shows_whole else masked_username(user)

    def get_is_active_display_value(self):
        return yes_no(self.object.is_active)

    def get_birth_date_display_value(self):
        value = self.object.birth_date
        return value.strftime("%Y-%m-%d") if value else "—"

    def get_created_at_display_value(self):
        return local_minute(self.object.created_at)

    def get_updated_at_display_value(self):
        return local_minute(self.object.updated_at)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["personal_data_notice"] = (
            _("您看到的是完整的身份证号和手机号，本次查看已记入“个人信息查看记录”。")
            if self.shows_whole
            else _("身份证号和手机号已部分隐藏。")
        )
        return context


class CadreEditView(ScopedEditView):
    """The edit form holds the whole numbers: administrators only, each view
    recorded."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_whole_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_personal_data_access(
            viewer=request.user, cadre=self.object, purpose=PURPOSE_EDIT
        )
        return response


class CadreCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if not may_see_whole_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CadreViewSet(PeopleViewSet):
    model = Cadre
    name = "lms_cadres"
    url_prefix = "people/cadres"
    icon = "user"
    menu_label = gettext_lazy("学员")
    menu_name = "cadres"
    search_fields = ["name", "mobile"]
    filterset_class = CadreFilterSet
    index_view_class = CadreIndexView
    inspect_view_class = CadreInspectView
    edit_view_class = CadreEditView
    add_view_class = CadreCreateView
    simple_history = True
    list_per_page = 50
    inspect_view_fields = [
        "name",
        "sex",
        "ethnicity",
        "birth_year",
        "birth_date",
        "position",
        "village",
        "mobile",
        "id_number",
        "is_active",
        "user",
        "created_at",
        "updated_at",
    ]
    list_export = [
        "name",
        "get_sex_display",
        "ethnicity",
        "birth_year",
        "village.township.name",
        "village.name",
        "village.get_village_class_display",
        "get_position_display",
        "masked_mobile",
        "masked_id_number",
        "is_active",
    ]
    export_headings = {
        "name": gettext_lazy("姓名"),
        "get_sex_display": gettext_lazy("性别"),
        "ethnicity": gettext_lazy("民族"),
        "birth_year": gettext_lazy("出生年份"),
        "village.township.name": gettext_lazy("苏木乡镇"),
        "village.name": gettext_lazy("嘎查村"),
        "village.get_village_class_display": gettext_lazy("村分类"),
        "get_position_display": gettext_lazy("职务"),
        "masked_mobile": gettext_lazy("手机号（已隐藏部分）"),
        "masked_id_number": gettext_lazy("身份证号（已隐藏部分）"),
        "is_active": gettext_lazy("在职"),
    }
    export_filename = "cadres"

    def queryset_for_user(self, user):
        return cadres_visible_to(user).select_related("village__township", "user")

    def get_form_class(self, for_update=False):
        return CadreForm if for_update else CadreCreateForm


# --- PIPL: who viewed whole personal data ------------------------------------


class AdministratorsViewOnlyPolicy(BasePermissionPolicy):
    """The access log is read-only, and only administrators may read it."""

    def user_has_permission(self, user, action):
        return action == "view" and may_see_whole_personal_data(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and may_see_whole_personal_data(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(role=Role.ADMIN)
        )


class PersonalDataAccessIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        return [
            Column(
                "viewed_at",
                label=gettext_lazy("查看时间"),
                accessor=lambda row: ChangeHistoryView.render_when(row.viewed_at),
                sort_key="viewed_at",
            ),
            Column(
                "viewer",
                label=gettext_lazy("查看人"),
                accessor=lambda row: user_display(row.viewer),
            ),
            Column("cadre", label=gettext_lazy("学员"), accessor="cadre.name"),
            Column(
                "village",
                label=gettext_lazy("嘎查村"),
                accessor=lambda row: str(row.cadre.village),
            ),
            Column("purpose", label=gettext_lazy("用途")),
        ]

    def get_base_queryset(self):
        return PersonalDataAccess.objects.select_related(
            "viewer", "cadre__village__township"
        )


class PersonalDataAccessViewSet(ModelViewSet):
    model = PersonalDataAccess
    name = "lms_personal_data_access"
    url_prefix = "people/personal-data-access"
    icon = "view"
    menu_label = gettext_lazy("个人信息查看记录")
    menu_name = "personal-data-access"
    index_view_class = PersonalDataAccessIndexView
    filterset_class = PersonalDataAccessFilterSet
    search_fields = ["cadre__name", "viewer__name", "viewer__username", "purpose"]
    ordering = "-viewed_at"
    copy_view_enabled = False
    add_to_reference_index = False
    exclude_form_fields = []
    list_per_page = 50

    def get_permissions_to_register(self):
        return Permission.objects.none()


class PeopleViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("人员与组织")
    menu_icon = "group"
    menu_name = "people"
    menu_order = 300
    items = (
        TownshipViewSet,
        VillageViewSet,
        CadreViewSet,
        PersonalDataAccessViewSet,
    )


# --- Users: role and supervisor scope in Wagtail's Users admin ---------------


class LmsUserFilterSet(wagtail_users.UserFilterSet):
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("角色"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        empty_label=gettext_lazy("全部"),
    )
    supervised_township = django_filters.ModelChoiceFilter(
        label=gettext_lazy("督导范围"),
        queryset=Township.objects.all(),
        empty_label=gettext_lazy("全部"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Administrators are a role here; groups follow the role.
        for name in ("is_superuser", "group"):
            self.filters.pop(name, None)

    class Meta(wagtail_users.UserFilterSet.Meta):
        fields = []


class LmsUserIndexView(wagtail_users.IndexView):
    @cached_property
    def columns(self):
        name_column_class = self._get_title_column_class(wagtail_users.UserColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="user"),
            name_column_class(
                "name",
                accessor=user_display,
                label=gettext_lazy("姓名"),
                sort_key="name",
                get_url=self.get_edit_url,
                classname=f"name {NOWRAP}",
            ),
            Column(
                "username",
                label=gettext_lazy("用户名"),
                accessor=masked_username,
                sort_key="username",
                width="18%",
            ),
            Column(
                "role",
                label=gettext_lazy("角色"),
                accessor=lambda u: (
                    Role.ADMIN.label if u.is_superuser else u.get_role_display()
                ),
                sort_key="role",
                width="10%",
            ),
            Column(
                "supervised_township",
                label=gettext_lazy("督导范围"),
                accessor=lambda u: (
                    u.supervised_township.name
                    if u.supervised_township
                    else (_("全旗") if u.role == Role.SUPERVISOR else "")
                ),
                width="12%",
            ),
            BooleanColumn(
                "is_active",
                label=gettext_lazy("启用"),
                sort_key="is_active",
                width="8%",
            ),
            DateColumn(
                "last_login",
                label=gettext_lazy("最近登录"),
                sort_key="last_login",
                width="14%",
            ),
        ]

    @cached_property
    def search_fields(self):
        return ["username", "name", "email"]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("supervised_township")

    def order_queryset(self, queryset):
        if self.ordering in ("name", "-name"):
            return queryset.order_by(self.ordering, "username")
        return super().order_queryset(queryset)


class LmsUserEditView(wagtail_users.EditView):
    """The username of a cadre's account is their whole mobile number: opening the
    form is recorded like the cadre's own edit page."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        cadre = Cadre.objects.filter(user=self.object).first()
        if cadre is not None and may_see_whole_personal_data(request.user):
            record_personal_data_access(
                viewer=request.user, cadre=cadre, purpose=PURPOSE_EDIT_ACCOUNT
            )
        return response


class LmsUserViewSet(wagtail_users.UserViewSet):
    """Wagtail's Users admin with the LMS role (学员/讲师/督导/管理员) and the
    supervisor's township; saving goes through lms.services.user_set_role."""

    index_view_class = LmsUserIndexView
    edit_view_class = LmsUserEditView
    filterset_class = LmsUserFilterSet
    create_template_name = "lms/admin/user_create.html"
    edit_template_name = "lms/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return LmsUserEditForm if for_update else LmsUserCreationForm


class AssignLmsRoleBulkAction(UserBulkAction):
    """Replaces Wagtail's "assign role" (add to a group) with the LMS role."""

    display_name = gettext_lazy("设置角色")
    action_type = "assign_role"
    aria_label = gettext_lazy("为所选用户设置角色")
    template_name = "wagtailusers/bulk_actions/confirm_bulk_assign_role.html"
    action_priority = 30
    form_class = BulkRoleForm

    def check_perm(self, obj):
        return self.request.user.has_perm(wagtail_users.change_user_perm)

    def get_actionable_objects(self):
        objects, without_access = super().get_actionable_objects()
        users = [u for u in objects if u.pk != self.request.user.pk]
        if len(users) != len(objects):  # no changing one's own role
            without_access["items_with_no_access"].append(self.request.user)
        return users, without_access

    def get_execution_context(self):
        return {
            "role": self.cleaned_form.cleaned_data["role"],
            "supervised_township": self.cleaned_form.cleaned_data[
                "supervised_township"
            ],
        }

    @classmethod
    def execute_action(cls, objects, role=None, supervised_township=None, **kwargs):
        if role is None:
            return 0, 0
        for user in objects:
            user_set_role(user=user, role=role, supervised_township=supervised_township)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "已为 %(count)d 个用户设置角色：%(role)s",
            "已为 %(count)d 个用户设置角色：%(role)s",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "role": Role(self.cleaned_form.cleaned_data["role"]).label,
        }
