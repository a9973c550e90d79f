"""Writes for studying: enrolments (报名).

Required (必修) courses enrol their audience automatically once they are live
with at least one live part (a lesson or a quiz: an empty course is nothing to
study), on two paths that meet in the unique (cadre, course) constraint:
- enrollments_sync_required(course=...) when a course or one of its parts is
  published (and by the sync_enrollments command), for every cadre in its
  audience;
- enrollments_ensure_required(cadre=...) when a cadre opens a course page, so a
  cadre who joins later gets the required courses without lms importing courses.
Electives (选修) are chosen by the cadre: enrollment_choose(cadre=..., course=...).
"""

from itertools import islice

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history
from wagtail.models import Page

from lms.models import Cadre

from ..models import (
    CoursePage,
    Enrollment,
    Requirement,
)
from ..records.services import records_refresh
from ..selectors import course_part_type_ids

BATCH_SIZE = 1000


def _enrollments_create(enrollments):
    """Insert enrollments (unsaved) and their history, and the cadres' course
    records; returns those created.

    Fast path: one bulk insert and one history insert. If a concurrent request
    inserted one of the same (cadre, course) pairs meanwhile, the unique
    constraint rejects the batch; then each row is tried on its own, so history
    is written only for rows really created.
    """
    if not enrollments:
        return []
    try:
        with transaction.atomic():
            created = bulk_create_with_history(enrollments, Enrollment)
            records_refresh(cadre_ids=[e.cadre_id for e in created])
            return created
    except IntegrityError:
        pass
    created = []
    for enrollment in enrollments:
        enrollment.pk = None
        enrollment._state.adding = True
        try:
            with transaction.atomic():
                enrollment.save()  # simple_history records the creation
        except IntegrityError:
            continue
        created.append(enrollment)
    records_refresh(cadre_ids=[e.cadre_id for e in created])
    return created


def _live_part_exists():
    """The course of the outer query has a live part (lesson, quiz)."""
    return Exists(
        Page.objects.live().filter(
            path__startswith=OuterRef("path"),
            depth=OuterRef("depth") + 1,
            content_type_id__in=course_part_type_ids(),
        )
    )


def course_has_live_part(course):
    """Whether the course has a live lesson or quiz (one query)."""
    return CoursePage.objects.filter(pk=course.pk).filter(_live_part_exists()).exists()


def _chunks(items, size):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def enrollments_ensure_required(*, cadre):
    """Enrol cadre in every live required course with a live part whose
    audience includes them.

    Creates only what is missing; repeat-safe and race-safe. Queries do not grow
    with the number of courses: the missing courses (one query), their townships
    (one), then one insert and one history insert when something is missing.
    Returns the enrolments created.
    """
    if not cadre.is_active:
        return []
    # Read first, outside a transaction: a page view that finds nothing missing
    # takes no write lock. The unique constraint settles any race on insert.
    courses = list(
        CoursePage.objects.live()
        .filter(_live_part_exists(), requirement=Requirement.REQUIRED)
        .exclude(Exists(Enrollment.objects.filter(cadre=cadre, course=OuterRef("pk"))))
        .only("pk", "audience_positions", "audience_village_classes")
        .prefetch_related("audience_townships")
    )
    missing = [
        Enrollment(cadre=cadre, course=course, source=Enrollment.Source.REQUIRED)
        for course in courses
        if course.audience_includes(
            cadre, {t.pk for t in course.audience_townships.all()}
        )
    ]
    if not missing:
        return []
    with transaction.atomic():
        return _enrollments_create(missing)


def course_contents_changed(*, course_path=None, course_id=None):
    """The course at course_path (or with course_id), or its parts or
    sessions, changed: bump its contents_version, so that its cached
    contents are read afresh."""
    courses = CoursePage.objects.all()
    if course_path is not None:
        courses = courses.filter(path=course_path)
    else:
        courses = courses.filter(pk=course_id)
    courses.update(contents_version=F("contents_version") + 1)


def enrollment_on_visit(*, cadre, course):
    """The cadre's enrolment in course, when a cadre opens it or one of its
    parts: one query when enrolled; otherwise the cadre's missing required
    enrolments are made first (enrollments_ensure_required). None when the
    course is not theirs to study."""
    enrollment = Enrollment.objects.filter(cadre=cadre, course=course).first()
    if enrollment is None and enrollments_ensure_required(cadre=cadre):
        enrollment = Enrollment.objects.filter(cadre=cadre, course=course).first()
    return enrollment


def cadres_matching(*, positions, village_classes, townships):
    """The active cadres with one of positions, in a village of one of
    village_classes, in one of townships (an empty list means any)."""
    cadres = Cadre.objects.filter(is_active=True)
    if positions:
        cadres = cadres.filter(position__in=positions)
    if village_classes:
        cadres = cadres.filter(village__village_class__in=village_classes)
    township_ids = [t.pk for t in townships]
    if township_ids:
        cadres = cadres.filter(village__township_id__in=township_ids)
    return cadres


def course_audience_cadres(course):
    """The active cadres a course is meant for (empty audience lists = everyone)."""
    return cadres_matching(
        positions=course.audience_positions,
        village_classes=course.audience_village_classes,
        townships=course.audience_townships.all(),
    )


def enrollments_sync_required(*, course, batch_size=BATCH_SIZE):
    """Enrol every cadre in a live required course's audience who is not yet;
    nobody while the course has no live part.

    Queries: whether it has a live part, the course's townships, the missing
    cadre ids, then per batch of batch_size one insert and one history insert
    — constant in the number of cadres per batch. Returns the number of
    enrolments created.
    """
    if not course.live or course.requirement != Requirement.REQUIRED:
        return 0
    if not course_has_live_part(course):
        return 0
    cadre_ids = list(
        course_audience_cadres(course)
        .exclude(Exists(Enrollment.objects.filter(course=course, cadre=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    created = 0
    for batch in _chunks(cadre_ids, batch_size):
        with transaction.atomic():
            created += len(
                _enrollments_create(
                    [
                        Enrollment(
                            cadre_id=cadre_id,
                            course=course,
                            source=Enrollment.Source.REQUIRED,
                        )
                        for cadre_id in batch
                    ]
                )
            )
    return created


def enrollment_choose(*, cadre, course):
    """A cadre enrols in a course they are in the audience of (an elective; a
    required course is recorded as required). Enrolling twice returns the
    existing enrolment."""
    if not course.live:
        raise ValidationError(
            _("课程“%(course)s”尚未发布，暂不能报名。"),
            code="not_live",
            params={"course": course.title},
        )
    if not cadre.is_active or not course.audience_includes(cadre):
        raise ValidationError(
            _("您不在课程“%(course)s”的学习对象范围内，不能报名。"),
            code="outside_audience",
            params={"course": course.title},
        )
    source = (
        Enrollment.Source.REQUIRED
        if course.requirement == Requirement.REQUIRED
        else Enrollment.Source.CHOSEN
    )
    with transaction.atomic():
        enrollment, created = Enrollment.objects.get_or_create(
            cadre=cadre, course=course, defaults={"source": source}
        )
        if created:
            records_refresh(cadre_ids=[cadre.pk])
    return enrollment
