"""变更历史: change lists from django-simple-history, shared by cadres and
villages. ID and mobile numbers are masked."""

import datetime
from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.db.models import ForeignKey
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseListingView, BaseObjectMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from ..models import User, Village
from ..personal_data import mask_id_number, mask_mobile
from .base import ScopedMixin
from .display import (
    HISTORY_LABEL,
    INSPECT_LABEL,
    local_minute,
    render_when,
    user_display,
    yes_no,
)


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
                    when=render_when(record.history_date),
                    who=user_display(record.history_user) or _("系统"),
                    action=self.action_labels.get(record.history_type, ""),
                    changes=self.render_changes(record, previous, lines),
                )
            )
        return rows

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
