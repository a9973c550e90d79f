"""The dashboard's filter form (GET), also rebuilt from an export's params."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.form_fields import position_field, village_class_field

from ..models import CoursePage, TrackPage
from ..selectors import study_year
from .scope import ReportFilters

FILTER_FIELDS = ("year", "track", "course", "village_class", "position")
YEARS_BACK, YEARS_AHEAD = 5, 1


class ReportFilterForm(forms.Form):
    """年度, 课堂, 课程 (the year's live courses, grouped by track), 村分类, 职务.

    Always bound (a missing year is the current study year); an invalid value
    is shown as an error and left out of the filters. Queries: two (the
    tracks and the year's courses), whatever is chosen."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    track = forms.TypedChoiceField(
        label=_("课堂"), coerce=int, required=False, empty_value=None
    )
    course = forms.TypedChoiceField(
        label=_("课程"), coerce=int, required=False, empty_value=None
    )
    village_class = village_class_field()
    position = position_field()

    def __init__(self, data, *, now):
        self.current_year = study_year(now)
        newest = self.current_year + YEARS_AHEAD
        years = range(newest, self.current_year - YEARS_BACK - 1, -1)
        data = {name: str(data.get(name) or "") for name in FILTER_FIELDS}
        data["year"] = data["year"] or str(self.current_year)
        super().__init__(data)
        year = self.current_year
        if data["year"].isdigit() and int(data["year"]) in years:
            year = int(data["year"])
        self.fields["year"].choices = [
            (y, _("%(year)d 年") % {"year": y}) for y in years
        ]
        tracks = list(
            TrackPage.objects.live().order_by("path").values_list("pk", "title", "path")
        )
        courses = list(
            CoursePage.objects.live()
            .filter(year=year)
            .order_by("path")
            .values_list("pk", "title", "path")
        )
        self.titles = {pk: title for pk, title, _path in tracks + courses}
        self.fields["track"].choices = [("", _("全部课堂"))] + [
            (pk, title) for pk, title, _path in tracks
        ]
        groups = {path: (title, []) for _pk, title, path in tracks}
        others = []
        for pk, title, path in courses:
            track_path = path[: -CoursePage.steplen]
            groups.get(track_path, (None, others))[1].append((pk, title))
        self.fields["course"].choices = (
            [("", _("全部课程"))]
            + [(title, choices) for title, choices in groups.values() if choices]
            + others
        )

    def filters(self):
        """ReportFilters of the valid values (defaults for invalid ones)."""
        self.is_valid()
        value = self.cleaned_data.get
        track, course = value("track"), value("course")
        return ReportFilters(
            year=value("year") or self.current_year,
            track_id=track,
            track_title=self.titles.get(track, ""),
            course_id=course,
            course_title=self.titles.get(course, ""),
            village_class=value("village_class"),
            position=value("position") or "",
        )


def filter_params(filters):
    """The filters as query parameters (what links and exports carry)."""
    params = {
        "year": filters.year,
        "track": filters.track_id,
        "course": filters.course_id,
        "village_class": filters.village_class,
        "position": filters.position,
    }
    return {name: value for name, value in params.items() if value not in (None, "")}
