"""The quiz page's context, built outside the page model (connected in
ExamsConfig.ready()): a course part's share (courses.page_context), and for
an enrolled active cadre their attempts and whether they may start one."""

from django.utils import timezone

from courses.page_context import course_part_context, enrol_on_visit

from .selectors import quiz_state


def quiz_context(quiz, request, context):
    course_part_context(quiz, request, context)
    context["question_count"] = quiz.question_count()
    cadre = context["viewer_cadre"]
    context["enrolled"] = bool(cadre and cadre.is_active and enrol_on_visit(context))
    if context["enrolled"]:
        context["state"] = quiz_state(quiz, cadre, timezone.now())
    return context
