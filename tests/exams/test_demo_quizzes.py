"""seed_demo gives every demo course a 课后测验 a cadre can take."""

import io

from django.utils import timezone

from cms.demo import ensure_home_page
from courses import demo as courses_demo
from courses.models import CoursePage
from courses.services import enrollment_choose
from exams import demo as exams_demo
from exams.models import QuizPage
from exams.services import attempt_start
from lms.demo import ensure_banner_places, ensure_demo_staff


def test_every_demo_course_gets_one_quiz_that_can_be_taken(db, cadre):
    ensure_banner_places()
    ensure_demo_staff("!")
    ensure_home_page()
    courses_demo.seed(size="S", stdout=io.StringIO())
    out = io.StringIO()
    exams_demo.seed(size="S", stdout=out)
    assert "测验：30 个" in out.getvalue()
    for course in CoursePage.objects.all():
        assert QuizPage.objects.child_of(course).count() == 1
    course = CoursePage.objects.filter(title__contains="集体经济").first()
    quiz = QuizPage.objects.child_of(course).get()
    assert quiz.random_rules.get().category.name == "村级集体经济"
    course.audience_positions = course.audience_village_classes = []
    course.save()
    course.audience_townships.clear()
    enrollment_choose(cadre=cadre, course=course)
    attempt = attempt_start(cadre=cadre, quiz=quiz, now=timezone.now())
    assert len(attempt.questions) == 10

    again = io.StringIO()
    exams_demo.seed(size="S", stdout=again)
    assert "本次新增 0 个" in again.getvalue()
    assert QuizPage.objects.count() == 30
