"""苏木乡镇 and 嘎查村: townships and villages."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column

from ..models import Township, Village
from ..selectors import townships_visible_to, villages_visible_to
from .base import ScopedInspectView
from .display import NOWRAP
from .filters import VillageFilterSet
from .people import PeopleViewSet


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
