"""督导看板的数据: completion figures by township, village and cadre, read from
the kept records (YearRecord, CourseRecord), never from raw events.

Figures (another engineer's raw-SQL benchmark computes the same; keep both in
step). For year Y (default: courses.selectors.study_year(now)):

- Cadres in scope: active cadres (Cadre.is_active) that
  lms.selectors.cadres_visible_to(user) returns, in the township or village
  asked for, and of the chosen village class (Village.village_class) and
  position (Cadre.position) when chosen. They are grouped by the level's row:
  the township at Banner level, the village inside a township, the cadre
  inside a village. A row with no cadre in scope shows zeros.

- Without a track or course filter, from YearRecord of year Y, LEFT JOINed
  (a cadre with no YearRecord counts as zeros):
    cadres                = COUNT(cadre)
    required_courses      = SUM(required_courses)
    required_completed    = SUM(required_completed)
    completion_rate       = required_completed / required_courses
                            (none, shown "—", when required_courses = 0)
    avg_online_hours      = SUM(online_hours) / cadres
    avg_centralised_hours = SUM(centralised_hours) / cadres
    behind                = COUNT(cadre) WHERE online_hours < target online
                            OR centralised_hours < target centralised
                            OR required_completed < required_courses
                            (targets: the StudyHourTargets setting; a cadre
                            without a YearRecord is behind when a target > 0)
    behind_share          = behind / cadres

- With a track and/or course filter, from CourseRecord of year Y (the course's
  计入年度) whose track / course is the one chosen, LEFT JOINed (cadres still
  counts every cadre in scope, once):
    required_courses      = COUNT(records WHERE required)
    required_completed    = COUNT(records WHERE required AND completed_at IS
                            NOT NULL)
    avg_*_hours           = SUM(the records' *_hours) / cadres
    behind                = COUNT(DISTINCT cadre) having a required record
                            not completed; the hour targets are not applied.

Rates and averages are rounded to one decimal (percentages for the rates) for
the screen and the export alike; the sums are exact.

Queries: one GROUP BY query per level for the figures, one for the row labels,
one for a page of those behind and one for their missing courses, whatever the
number of cadres, villages and townships.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lms.selectors import townships_visible_to, villages_visible_to

from ..models import CourseRecord
from .scope import (
    BANNER,
    TOWNSHIP,
    VILLAGE,
    ReportFilters,
    ReportPlace,
    scope_cadres,
)

BEHIND_PAGE_SIZE = 50
MISSING_TITLES_SHOWN = 3
ONE_DECIMAL = Decimal("0.1")
ZERO = Decimal("0")

# The field of a cadre that names its row at each level.
ROW_KEY = {BANNER: "village__township_id", TOWNSHIP: "village_id", VILLAGE: "pk"}
# The figures summed over a row's cadres (the rates and averages follow).
SUMMED_FIGURES = (
    "cadres",
    "required_courses",
    "required_completed",
    "online_hours",
    "centralised_hours",
    "behind",
)


@dataclass
class ReportRow:
    """The figures of one row (a township, a village or a cadre) or of the
    whole scope; see the module docstring for their definitions."""

    key: int | None = None
    label: str = ""
    obj: object = None
    cadres: int = 0
    required_courses: int = 0
    required_completed: int = 0
    online_hours: Decimal = ZERO
    centralised_hours: Decimal = ZERO
    behind: int = 0
    missing: list = field(default_factory=list)

    @property
    def completion_rate(self):
        """Percent with one decimal, or None when nothing is required."""
        if not self.required_courses:
            return None
        return _percent(self.required_completed, self.required_courses)

    @property
    def avg_online_hours(self):
        return _average(self.online_hours, self.cadres)

    @property
    def avg_centralised_hours(self):
        return _average(self.centralised_hours, self.cadres)

    @property
    def behind_share(self):
        if not self.cadres:
            return None
        return _percent(self.behind, self.cadres)

    def add(self, other):
        for name in SUMMED_FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _percent(part, whole):
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


def _average(total, count):
    if not count:
        return None
    return (Decimal(total) / count).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _hours_sum(path):
    return Coalesce(
        Sum(path),
        Value(ZERO),
        output_field=DecimalField(max_digits=12, decimal_places=1),
    )


def _int_sum(path):
    return Coalesce(Sum(path), Value(0), output_field=IntegerField())


def _year_behind(targets):
    """Q on cadres annotated with yr (their YearRecord of the year): behind."""
    behind = (
        Q(yr__online_hours__lt=targets.online_hours)
        | Q(yr__centralised_hours__lt=targets.centralised_hours)
        | Q(yr__required_completed__lt=F("yr__required_courses"))
    )
    if targets.online_hours > 0 or targets.centralised_hours > 0:
        behind |= Q(yr__pk__isnull=True)
    return behind


def _with_year_record(cadres, filters):
    return cadres.annotate(
        yr=FilteredRelation(
            "year_records", condition=Q(year_records__year=filters.year)
        )
    )


def _figures_by(cadres, key, filters, targets):
    """{row key: ReportRow} for the cadres grouped by key: one query."""
    grouped = cadres.order_by().values(key)
    if filters.by_course:
        grouped = grouped.annotate(
            cr=FilteredRelation(
                "course_records", condition=filters.course_records("course_records__")
            )
        ).annotate(
            n_cadres=Count("pk", distinct=True),
            n_required=Count("cr__pk", filter=Q(cr__required=True)),
            n_completed=Count(
                "cr__pk", filter=Q(cr__required=True, cr__completed_at__isnull=False)
            ),
            sum_online=_hours_sum("cr__online_hours"),
            sum_centralised=_hours_sum("cr__centralised_hours"),
            n_behind=Count(
                "pk",
                distinct=True,
                filter=Q(cr__required=True, cr__completed_at__isnull=True),
            ),
        )
    else:
        grouped = _with_year_record(grouped, filters).annotate(
            n_cadres=Count("pk"),
            n_required=_int_sum("yr__required_courses"),
            n_completed=_int_sum("yr__required_completed"),
            sum_online=_hours_sum("yr__online_hours"),
            sum_centralised=_hours_sum("yr__centralised_hours"),
            n_behind=Count("pk", filter=_year_behind(targets)),
        )
    return {
        values[key]: ReportRow(
            key=values[key],
            cadres=values["n_cadres"],
            required_courses=values["n_required"],
            required_completed=values["n_completed"],
            online_hours=values["sum_online"],
            centralised_hours=values["sum_centralised"],
            behind=values["n_behind"],
        )
        for values in grouped
    }


@dataclass
class Report:
    place: ReportPlace
    filters: ReportFilters
    targets: object
    rows: list
    total: ReportRow

    @property
    def level(self):
        return self.place.level


def _row_objects(user, filters, place):
    """The level's rows, in order, before their figures: (key, label, obj)."""
    if place.level == BANNER:
        return [(t.pk, t.name, t) for t in townships_visible_to(user)]
    if place.level == TOWNSHIP:
        villages = villages_visible_to(user).filter(township=place.township)
        if filters.village_class:
            villages = villages.filter(village_class=filters.village_class)
        return [(v.pk, v.name, v) for v in villages.order_by("name", "pk")]
    cadres = scope_cadres(user, filters, place).order_by("name", "pk")
    return [(c.pk, c.name, c) for c in cadres]


def report(user, filters, place, targets):
    """The rows of place's level with their figures, and the total of the
    scope (the sum of the rows). At village level the rows are cadres, each
    with its missing items. Queries: 2 (3 at village level)."""
    objects = _row_objects(user, filters, place)
    figures = _figures_by(
        scope_cadres(user, filters, place), ROW_KEY[place.level], filters, targets
    )
    rows, total = [], ReportRow(label=_("合计"))
    for key, label, obj in objects:
        row = figures.get(key) or ReportRow(key=key)
        row.label, row.obj = label, obj
        rows.append(row)
        total.add(row)
    if place.level == VILLAGE:
        missing = missing_items(
            [(row.key, row.online_hours, row.centralised_hours) for row in rows],
            filters,
            targets,
        )
        for row in rows:
            row.missing = missing.get(row.key, [])
    return Report(place=place, filters=filters, targets=targets, rows=rows, total=total)


def behind_cadres(user, filters, place, targets):
    """Those behind (未达标) in the scope, ordered by township, village and
    name, each annotated with online_hours, centralised_hours,
    required_courses and required_completed (of the year, or of the filter)."""
    cadres = scope_cadres(user, filters, place).select_related("village__township")
    if filters.by_course:
        records = CourseRecord.objects.filter(
            filters.course_records(), cadre=OuterRef("pk"), required=True
        )
        cadres = cadres.filter(Exists(records.filter(completed_at__isnull=True)))
    else:
        cadres = _with_year_record(cadres, filters).filter(_year_behind(targets))
        cadres = cadres.annotate(
            online_hours=Coalesce(F("yr__online_hours"), Value(ZERO)),
            centralised_hours=Coalesce(F("yr__centralised_hours"), Value(ZERO)),
        )
    return cadres.order_by(
        "village__township__sort_order",
        "village__township__name",
        "village__name",
        "name",
        "pk",
    )


def behind_with_missing(cadres, filters, targets):
    """The cadres (a page or a chunk of behind_cadres) with .missing: one query."""
    cadres = list(cadres)
    missing = missing_items(
        [
            (
                c.pk,
                getattr(c, "online_hours", ZERO),
                getattr(c, "centralised_hours", ZERO),
            )
            for c in cadres
        ],
        filters,
        targets,
    )
    for cadre in cadres:
        cadre.missing = missing.get(cadre.pk, [])
    return cadres


def missing_items(entries, filters, targets):
    """{cadre id: ["网络学时差 12.5", "集中学时差 40.0", "必修课未结业：课程A、课程B"]}
    for entries (cadre id, online hours, centralised hours): one query. With a
    track or course filter only the courses count (no hour targets)."""
    titles = {}
    pks = [pk for pk, _online, _centralised in entries]
    if pks:
        unfinished = (
            CourseRecord.objects.filter(
                filters.course_records(),
                cadre_id__in=pks,
                required=True,
                completed_at__isnull=True,
            )
            .order_by("cadre_id", "course__path")
            .values_list("cadre_id", "course__title")
        )
        for cadre_id, title in unfinished:
            titles.setdefault(cadre_id, []).append(title)
    result = {}
    for pk, online, centralised in entries:
        items = []
        if not filters.by_course:
            for label, earned, target in (
                (_("网络学时差"), online, targets.online_hours),
                (_("集中学时差"), centralised, targets.centralised_hours),
            ):
                if earned < target:
                    items.append(f"{label} {target - earned:.1f}")
        if titles.get(pk):
            unfinished_titles = _titles(titles[pk])
            items.append(_("必修课未结业：%(titles)s") % {"titles": unfinished_titles})
        result[pk] = items
    return result


def _titles(titles):
    shown = "、".join(titles[:MISSING_TITLES_SHOWN])
    if len(titles) > MISSING_TITLES_SHOWN:
        return _("%(titles)s等%(n)d门") % {"titles": shown, "n": len(titles)}
    return shown
