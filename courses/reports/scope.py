"""Where the dashboard's figures stand and what they are about: the filters
(ReportFilters), the place (the Banner, a township or a village: ReportPlace,
checked against the user's scope by report_place), the cadres they count and
the line that says so (filters_description)."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from lms.access import sees_whole_banner
from lms.models import Position, VillageClass
from lms.selectors import cadres_visible_to, townships_visible_to, villages_visible_to

BANNER, TOWNSHIP, VILLAGE = "banner", "township", "village"


@dataclass(frozen=True)
class ReportFilters:
    """What the figures are about: a year, optionally one track and/or one
    course (ids and titles), a village class and a position."""

    year: int
    track_id: int | None = None
    track_title: str = ""
    course_id: int | None = None
    course_title: str = ""
    village_class: int | None = None
    position: str = ""

    @property
    def by_course(self):
        return self.track_id is not None or self.course_id is not None

    def course_records(self, prefix=""):
        """The CourseRecords in the filter (prefix: a relation path to them)."""
        condition = Q(**{f"{prefix}year": self.year})
        if self.track_id is not None:
            condition &= Q(**{f"{prefix}track_id": self.track_id})
        if self.course_id is not None:
            condition &= Q(**{f"{prefix}course_id": self.course_id})
        return condition


@dataclass(frozen=True)
class ReportPlace:
    """Where the report stands: the whole Banner, a township or a village."""

    township: object = None
    village: object = None

    @property
    def level(self):
        if self.village is not None:
            return VILLAGE
        if self.township is not None:
            return TOWNSHIP
        return BANNER


def report_place(user, *, township_id=None, village_id=None):
    """The township or village asked for, if the user may see it; Http404
    otherwise (a township supervisor asking for another township's id)."""
    try:
        if village_id not in (None, ""):
            village = (
                villages_visible_to(user)
                .select_related("township")
                .get(pk=int(village_id))
            )
            return ReportPlace(township=village.township, village=village)
        if township_id not in (None, ""):
            township = townships_visible_to(user).get(pk=int(township_id))
            return ReportPlace(township=township)
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404(_("没有找到该苏木乡镇或嘎查村，或您无权查看。")) from error
    if not sees_whole_banner(user):
        raise Http404(_("您只能查看本苏木乡镇。"))
    return ReportPlace()


def scope_cadres(user, filters, place):
    """Active cadres visible to user in place, of the chosen class and position."""
    cadres = cadres_visible_to(user).filter(is_active=True)
    if place.village is not None:
        cadres = cadres.filter(village=place.village)
    elif place.township is not None:
        cadres = cadres.filter(village__township=place.township)
    if filters.village_class:
        cadres = cadres.filter(village__village_class=filters.village_class)
    if filters.position:
        cadres = cadres.filter(position=filters.position)
    return cadres


def filters_description(filters, place):
    """One line saying what the figures cover, for the screen and the export."""
    parts = [_("%(year)d 年度") % {"year": filters.year}]
    if place.village is not None:
        parts.append(f"{place.township.name} {place.village.name}")
    elif place.township is not None:
        parts.append(place.township.name)
    else:
        parts.append(_("全旗"))
    if filters.track_title:
        parts.append(filters.track_title)
    if filters.course_title:
        parts.append(filters.course_title)
    if filters.village_class:
        parts.append(str(VillageClass(filters.village_class).label))
    if filters.position:
        parts.append(str(Position(filters.position).label))
    return " · ".join(parts)
