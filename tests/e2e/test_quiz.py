"""A cadre takes and passes a quiz on a phone: answers saved as they go,
a reload loses nothing, submitting shows the score and the review."""

from decimal import Decimal

from courses.models import HoursLedgerEntry, Requirement
from courses.services import enrollment_choose
from exams.models import Attempt, QuestionKind
from tests.courses.factories import make_course, tracks
from tests.exams.factories import make_question, make_quiz

from .logins import log_in


def test_cadre_takes_and_passes_a_quiz_on_a_phone(phone_page, live_server, cadre):
    course = make_course(tracks()[1], requirement=Requirement.ELECTIVE)
    single = make_question(
        QuestionKind.SINGLE,
        stem="村“两委”班子每届任期几年？",
        options=["三年", "四年", "五年", "六年"],
        answer=["C"],
        explanation="《村民委员会组织法》规定每届任期五年。",
    )
    true_false = make_question(
        QuestionKind.TRUE_FALSE, stem="村级重大事项须经村民会议或村民代表会议决定。"
    )
    blank = make_question(
        QuestionKind.FILL_BLANK, stem="书记、主任“一肩____”。", answer=["挑"]
    )
    quiz = make_quiz(
        course,
        title="村级治理测验",
        questions=[single, true_false, blank],
        shuffle_options=True,
        credit_hours=Decimal("0.5"),
        max_attempts=1,  # the key shows after the last attempt
    )
    enrollment_choose(cadre=cadre, course=course)

    page = phone_page
    log_in(page, live_server.url, cadre.user, quiz.url)
    page.get_by_role("button", name="开始答题").click()
    page.wait_for_url("**/exams/attempts/*/")

    page.get_by_label("五年").check()
    page.get_by_text("已保存").wait_for()
    page.get_by_label("对", exact=True).check()
    page.locator(".blank-input").fill("挑")
    # The blank is saved a moment after typing stops.
    page.wait_for_function(
        "() => document.querySelector('.blank-input').closest('.question')"
        ".classList.contains('is-saved')"
        " && document.getElementById('save-state').textContent === '已保存'"
    )
    attempt = Attempt.objects.get(cadre=cadre, quiz=quiz)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # A reload (or a lost connection) keeps every saved answer.
    page.reload()
    assert page.get_by_label("五年").is_checked()
    assert page.locator(".blank-input").input_value() == "挑"
    assert attempt.answers.count() == 3

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    page.wait_for_url("**/result/")
    assert "100" in page.locator(".result-score").inner_text()
    assert "及格" in page.locator(".result-verdict").inner_text()
    assert "每届任期五年" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    attempt.refresh_from_db()
    assert (attempt.score, attempt.passed) == (Decimal("100.0"), True)
    entry = HoursLedgerEntry.objects.get(cadre=cadre, page=quiz)
    assert entry.hours == Decimal("0.5")
