"""Who is expected at a session (应到学员): never more than the course's
audience. A roster of the course's enrolled cadres (enrolment is within the
audience: courses.services.enrolment), or the cadres of the course's audience
chosen by position, village class and township — no filters means the whole
audience, never the whole Banner."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from lms.models import Cadre, Position, VillageClass

from ..models import Enrollment, TrainingSession
from ..services.enrolment import cadres_matching, course_audience_cadres


def session_roster(session):
    """The active cadres expected at session: the course's enrolled cadres, or
    those of the course's audience chosen by position, village class and
    township."""
    if session.roster == TrainingSession.Roster.ENROLLED:
        enrolled = Enrollment.objects.filter(
            course_id=session.course_id, cadre=OuterRef("pk")
        )
        return Cadre.objects.filter(is_active=True).filter(Exists(enrolled))
    chosen = cadres_matching(
        positions=session.roster_positions,
        village_classes=session.roster_village_classes,
        townships=session.roster_townships.all(),
    )
    return chosen.filter(pk__in=course_audience_cadres(session.course).values("pk"))


def on_roster(session, cadre):
    """Whether cadre is expected at session (one query)."""
    return cadre.is_active and session_roster(session).filter(pk=cadre.pk).exists()


def _labels(choices, values):
    names = dict(choices.choices)
    return "、".join(str(names.get(value, value)) for value in values)


def _enrolled_reasons(course):
    if not course.live:
        return [_("课程尚未发布，报名学员为空：课程发布后，名单按课程的学员生成。")]
    if Enrollment.objects.filter(course_id=course.pk).exists():
        return [_("本课程的报名学员都已停用，名单为空。")]
    return [
        _(
            "本课程还没有报名学员：学员报名（必修课程按面向对象自动报名）后，"
            "名单随之生成。"
        )
    ]


def session_roster_empty_reasons(session):
    """Why session's roster (session_roster) is empty, as sentences for the
    trainer: a course not yet live or without enrolments for a roster of the
    course's cadres; for a chosen roster, a course audience without active
    cadres, each condition that matches nobody of the audience alone, or else
    that together they match nobody. Call it only for an empty roster (a few
    exists() queries)."""
    if session.roster == TrainingSession.Roster.ENROLLED:
        return _enrolled_reasons(session.course)
    if not Cadre.objects.filter(is_active=True).exists():
        return [_("系统中还没有在册学员，请先导入学员名单。")]
    audience = course_audience_cadres(session.course)
    if not audience.exists():
        return [_("课程的面向对象中没有在册学员。")]
    townships = list(session.roster_townships.all())
    conditions = []
    if session.roster_positions:
        conditions.append(
            (
                _("职务"),
                _labels(Position, session.roster_positions),
                audience.filter(position__in=session.roster_positions),
            )
        )
    if session.roster_village_classes:
        conditions.append(
            (
                _("村分类"),
                _labels(VillageClass, session.roster_village_classes),
                audience.filter(
                    village__village_class__in=session.roster_village_classes
                ),
            )
        )
    if townships:
        conditions.append(
            (
                _("苏木乡镇"),
                "、".join(township.name for township in townships),
                audience.filter(village__township__in=townships),
            )
        )
    reasons = [
        _("课程的面向对象中没有所选%(condition)s（%(values)s）的学员。")
        % {"condition": condition, "values": values}
        for condition, values, cadres in conditions
        if not cadres.exists()
    ]
    if reasons or len(conditions) < 2:
        return reasons
    return [
        _(
            "所选条件（%(conditions)s）各自都有学员，但没有同时符合全部条件的学员；"
            "请放宽其中一项。"
        )
        % {
            "conditions": "；".join(
                f"{condition}：{values}" for condition, values, _c in conditions
            )
        }
    ]
