"""Scoped generic views the people screens share.

Every queryset comes from lms.selectors for the requesting user (the viewset's
queryset_for_user, see lms.viewsets.people), so records out of scope give a
404.
"""

import datetime
from collections import Counter

from django.contrib.admin.utils import quote, unquote
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.widgets.button import HeaderButton

from .display import HISTORY_LABEL, INSPECT_LABEL, NOWRAP, relabel_inspect


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

    def get_field_display_value(self, field_name, field):
        """Times in Asia/Shanghai (Wagtail shows them in UTC), a dash for empty."""
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if value is None or value == "":
            return "—"
        return value

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
