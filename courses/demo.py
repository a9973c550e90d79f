"""Demo classrooms: the three tracks of the "333" project under the home page,
with their courses and lessons (their text in demo_data.py). Repeat-safe and
deterministic; seed_activity (after every app's seed) adds a year of study."""

import random
from decimal import Decimal

from django.utils.translation import gettext as _

from cms.models import HomePage
from lms.models import Position, Township, User, VillageClass

from . import demo_activity
from .demo_data import (
    BODY_TEMPLATES,
    CALLOUTS,
    CLOSING_TEMPLATES,
    COURSES,
    EXAMPLE_VILLAGES,
    INTRO_TEMPLATES,
    SANDLAND_TOWNSHIPS,
    SECTION_HEADINGS,
    THEMES,
    TRACKS,
    TRAINERS,
)
from .models import CoursePage, LessonPage, Requirement, TrackKind, TrackPage


def ensure_track_pages(home):
    """The three classrooms, first in the home page's menu, in the project's order."""
    pages, created = [], False
    for kind, slug, summary, audience, intro in TRACKS:
        page = TrackPage.objects.child_of(home).filter(kind=kind).first()
        if page is None:
            page = home.add_child(
                instance=TrackPage(
                    title=kind.label,
                    slug=slug,
                    kind=kind,
                    summary=summary,
                    audience=audience,
                    intro=intro,
                    show_in_menus=True,
                )
            )
            created = True
        pages.append(page)
    if created:
        for page in reversed(pages):
            page.refresh_from_db()
            page.move(home, pos="first-child")
    return pages


# --- Courses (课程) and lessons (课时) -------------------------------------------
#
# Built from compact data (demo_data.COURSES); lesson text comes from a few
# paragraph templates filled with the course's topic.

TRACK_CODE_PREFIX = {
    TrackKind.THEORY_PRACTICE: "LL",
    TrackKind.LEAD_GOOSE: "LTY",
    TrackKind.ONLINE_EXCHANGE: "ZX",
}
LEADER_POSITIONS = [
    Position.PARTY_SECRETARY.value,
    Position.COMMITTEE_DIRECTOR.value,
    Position.SECRETARY_AND_DIRECTOR.value,
]


def lesson_plan(code, number, lesson, course, theme):
    """(study_minutes, credit_hours, body) of one lesson, the same on every run."""
    rng = random.Random(f"{code}/{number}")
    topic, focus, quotes = THEMES[theme]
    minutes = rng.randint(10, 40)
    credit = Decimal("1.0") if minutes >= 25 else Decimal("0.5")
    fill = {
        "lesson": lesson,
        "course": course,
        "topic": topic,
        "focus": focus,
        "minutes": minutes,
        "village": rng.choice(EXAMPLE_VILLAGES),
    }

    def paragraph(template):
        return {"type": "paragraph", "value": f"<p>{template.format(**fill)}</p>"}

    bodies = rng.sample(BODY_TEMPLATES, rng.randint(1, 2))
    body = [paragraph(rng.choice(INTRO_TEMPLATES))]
    body.append({"type": "heading", "value": SECTION_HEADINGS[0]})
    text, source = quotes[number % len(quotes)]
    body.append({"type": "policy_quote", "value": {"text": text, "source": source}})
    body.append({"type": "heading", "value": SECTION_HEADINGS[1]})
    body.extend(paragraph(t) for t in bodies)
    if rng.random() < 0.5:
        body.append({"type": "heading", "value": SECTION_HEADINGS[3]})
        body.append(paragraph(rng.choice(CLOSING_TEMPLATES)))
    tone, title, callout = CALLOUTS[(number + len(code)) % len(CALLOUTS)]
    body.append(
        {
            "type": "callout",
            "value": {
                "tone": tone,
                "title": title,
                "body": f"<p>{callout.format(**fill)}</p>",
            },
        }
    )
    return minutes, credit, body


def course_plans():
    """(track kind, code, fields, lessons) for every demo course, in order."""
    for kind, courses in COURSES.items():
        prefix = TRACK_CODE_PREFIX[kind]
        for number, (title, theme, flags, summary, lessons) in enumerate(courses, 1):
            flags = flags.split()
            year = 2025 if "2025" in flags else 2026
            code = f"{prefix}-{year}-{number:02d}"
            fields = {
                "title": title,
                "slug": code.lower(),
                "code": code,
                "summary": summary,
                "requirement": Requirement.ELECTIVE
                if "elective" in flags
                else Requirement.REQUIRED,
                "year": year,
                "audience_positions": LEADER_POSITIONS
                if kind == TrackKind.LEAD_GOOSE
                else [],
                "audience_village_classes": [VillageClass.RECTIFYING.value]
                if "class3" in flags
                else [],
            }
            plans = [
                (f"lesson-{n}", lesson, *lesson_plan(code, n, lesson, title, theme))
                for n, lesson in enumerate(lessons, 1)
            ]
            yield kind, fields, flags, plans


def ensure_courses(tracks):
    """The demo courses and their lessons; adds only what is missing."""
    track_by_kind = {track.kind: track for track in tracks}
    trainers = {u.username: u for u in User.objects.filter(username__in=TRAINERS)}
    sandland = list(Township.objects.filter(name__in=SANDLAND_TOWNSHIPS))
    existing = {c.code: c for c in CoursePage.objects.all()}
    added_courses = added_lessons = 0
    for kind, fields, flags, plans in course_plans():
        total = sum((credit for _s, _t, _m, credit, _b in plans), Decimal("0"))
        course = existing.get(fields["code"])
        if course is None:
            course = CoursePage(credit_hours=total, **fields)
            trainer = trainers.get("trainer2" if "trainer2" in flags else "trainer")
            course.trainers = [trainer] if trainer else []
            course.audience_townships = sandland if "townships" in flags else []
            track_by_kind[kind].add_child(instance=course)
            added_courses += 1
        have = set(course.get_children().values_list("slug", flat=True))
        for slug, title, minutes, credit, body in plans:
            if slug in have:
                continue
            course.add_child(
                instance=LessonPage(
                    title=title,
                    slug=slug,
                    study_minutes=minutes,
                    credit_hours=credit,
                    body=body,
                )
            )
            added_lessons += 1
    return added_courses, added_lessons


def seed(*, size, stdout):
    home = HomePage.objects.get()
    pages = ensure_track_pages(home)
    stdout.write(_("课堂：%(count)d 个") % {"count": len(pages)})
    added_courses, added_lessons = ensure_courses(pages)
    stdout.write(
        _(
            "课程：%(courses)d 门，课时：%(lessons)d 个"
            "（本次新增课程 %(added_courses)d 门、课时 %(added_lessons)d 个）"
        )
        % {
            "courses": CoursePage.objects.count(),
            "lessons": LessonPage.objects.count(),
            "added_courses": added_courses,
            "added_lessons": added_lessons,
        }
    )


def seed_activity(*, stdout):
    """After every app's seed: a year of what the cadres did."""
    demo_activity.seed_activity(stdout=stdout)
