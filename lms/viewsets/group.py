"""人员与组织: the admin menu of the people screens."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSetGroup

from .access_log import PersonalDataAccessViewSet
from .cadres import CadreViewSet
from .places import TownshipViewSet, VillageViewSet


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
