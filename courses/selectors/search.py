"""课程搜索: live courses by the words of a search box."""

from django.db.models import (
    Case,
    Q,
    Value,
    When,
)
from wagtail.models import PageViewRestriction

from ..models import (
    CoursePage,
)
from .contents import live_lesson_count
from .learning import parent_titles

SEARCH_MAX_WORDS = 5
SEARCH_MAX_LENGTH = 50


def search_words(query):
    """The words of a search box entry: split on spaces (also full-width ones),
    at most SEARCH_MAX_WORDS, the entry cut to SEARCH_MAX_LENGTH characters."""
    return query[:SEARCH_MAX_LENGTH].replace("\u3000", " ").split()[:SEARCH_MAX_WORDS]


def refused_sections(request):
    """Q of the pages under a view restriction (登录, 用户组, 密码) that this
    request does not pass, as Wagtail's own page serving decides."""
    refused = Q()
    for restriction in PageViewRestriction.objects.select_related("page"):
        if not restriction.accept_request(request):
            refused |= Q(path__startswith=restriction.page.path)
    return refused


def course_search(words, *, request):
    """Live courses whose title or summary contains every word, title matches
    first, each with lesson_count and track_title. Courses the request may not
    open (a page view restriction it does not pass) are left out.

    A plain substring match: Chinese is written without spaces, so full-text
    indexes that split on spaces (SQLite FTS, PostgreSQL's "simple") miss
    words inside a title; a few hundred courses need no index.
    """
    if not words:
        return []
    courses = CoursePage.objects.live()
    if refused := refused_sections(request):
        courses = courses.exclude(refused)
    for word in words:
        courses = courses.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    title_match = Q()
    for word in words:
        title_match &= Q(title__icontains=word)
    courses = list(
        courses.annotate(
            lesson_count=live_lesson_count(),
            in_title=Case(When(title_match, then=Value(0)), default=Value(1)),
        ).order_by("in_title", "path")
    )
    titles = parent_titles(courses)
    for course in courses:
        course.track_title = titles[course.pk]
    return courses
