"""The objects the role × action table asks about, and a user of each role.

Everything is in the cadre's township (东明镇): "township_supervisor" supervises
it, "other_township_supervisor" supervises 八仙筒镇. "course_trainer" teaches
the course; "trainer" teaches nothing.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from courses.models import Certificate, ReportExport, TrainingSession
from courses.services import enrollment_choose
from exams.services import attempt_start
from lms.models import Role
from lms.services import user_create
from tests.conftest import PASSWORD
from tests.courses.factories import make_course, make_lesson, tracks
from tests.exams.factories import category, make_question, make_quiz

ROLES = (
    "anonymous",
    "cadre",
    "trainer",
    "course_trainer",
    "township_supervisor",
    "other_township_supervisor",
    "banner_supervisor",
    "administrator",
)

MISSING = 999999  # the pk of nothing: a check before the lookup still answers


@dataclass
class World:
    users: dict
    objects: dict
    pages: dict

    def kwargs(self, route_kwargs, namespace):
        """Values for a URL's keyword arguments, by name (and, for pk, by the
        viewset the URL belongs to)."""
        values = {}
        for name in route_kwargs:
            key = f"{namespace}:{name}" if name == "pk" else name
            if name == "export_id":
                key = f"{namespace}:{name}"
            values[name] = self.objects.get(key, MISSING)
        return values


def build_world(
    *,
    cadre,
    other_cadre,
    trainer,
    township_supervisor,
    banner_supervisor,
    administrator,
    other_township,
):
    course_trainer = user_create(
        username="course_trainer",
        name="李讲师",
        role=Role.TRAINER,
        password=PASSWORD,
    )
    other_township_supervisor = user_create(
        username="supervisor_bxt",
        name="八仙筒镇督导",
        role=Role.SUPERVISOR,
        password=PASSWORD,
        supervised_township=other_township,
    )
    course = make_course(tracks()[0], trainers=[course_trainer])
    lesson = make_lesson(course)
    question = make_question()
    quiz = make_quiz(course, questions=[question])
    now = timezone.now()
    session = TrainingSession.objects.create(
        course=course,
        title="财务管理培训",
        place="东明镇党群服务中心",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
        credit_hours=Decimal("3"),
        trainer=course_trainer,
    )
    enrollment_choose(cadre=cadre, course=course)
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=now)
    certificate = Certificate.objects.create(
        cadre=cadre, course=course, code="ABCDEFGH23", completed_at=now, hours=2
    )
    report_export = ReportExport.objects.create(
        requested_by=administrator, params={"year": now.year}
    )
    progress_export = ReportExport.objects.create(
        requested_by=administrator,
        params={"kind": "course_progress", "course": course.pk},
    )
    users = {
        "anonymous": AnonymousUser(),
        "cadre": cadre.user,
        "trainer": trainer,
        "course_trainer": course_trainer,
        "township_supervisor": township_supervisor,
        "other_township_supervisor": other_township_supervisor,
        "banner_supervisor": banner_supervisor,
        "administrator": administrator,
    }
    objects = {
        "course_id": course.pk,
        "lesson_id": lesson.pk,
        "quiz_id": quiz.pk,
        "attempt_id": attempt.pk,
        "session_id": session.pk,
        "cadre_id": cadre.pk,
        "code": certificate.code,
        "courses:reports:export_id": report_export.pk,
        "course_teaching:export_id": progress_export.pk,
        "lms_townships:pk": cadre.village.township_id,
        "lms_villages:pk": cadre.village_id,
        "lms_cadres:pk": cadre.pk,
        "training_sessions:pk": session.pk,
        "wagtailsnippets_exams_question:pk": question.pk,
        "wagtailsnippets_exams_questioncategory:pk": category().pk,
        "wagtailusers_users:pk": cadre.user_id,
    }
    pages = {
        # served by Wagtail, at their own URLs
        "page:course": course.url,
        "page:lesson": lesson.url,
        "page:quiz": quiz.url,
        # Wagtail's page editor, narrowed for trainers by courses.permissions
        "page_edit:course": reverse("wagtailadmin_pages:edit", args=[course.pk]),
        "page_edit:lesson": reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        "page_edit:quiz": reverse("wagtailadmin_pages:edit", args=[quiz.pk]),
    }
    del other_cadre  # in the other township: only a scope boundary
    return World(users, objects, pages)
