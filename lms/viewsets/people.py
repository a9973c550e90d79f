"""PeopleViewSet: the wiring the township, village and cadre screens share."""

from wagtail.admin.viewsets.model import ModelViewSet

from .base import (
    ProtectedDeleteView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    ScopedLogHistoryView,
    ScopedUsageView,
)
from .history import ChangeHistoryView


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
