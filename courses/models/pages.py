"""The pages: the three classrooms (三大课堂), their courses and lessons."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from lms.models import Role

from ..publishing.forms import CoursePageForm, ValidatedPageForm


def route_to_child(page, model, request, path_components):
    """Wagtail's Page.route, one query per level instead of two when the child
    is of the usual type (model); any other child type is routed as usual."""
    if path_components:
        child = model.objects.child_of(page).filter(slug=path_components[0]).first()
        if child is not None:
            child._cached_parent_obj = page
            return child.route(request, path_components[1:])
    return Page.route(page, request, path_components)


class TrackKind(models.TextChoices):
    THEORY_PRACTICE = "theory_practice", _("理论实践课堂")
    LEAD_GOOSE = "lead_goose", _("“领头雁”课堂")
    ONLINE_EXCHANGE = "online_exchange", _("在线交流课堂")


class TrackPage(Page):
    """课堂: one of the three training tracks of the "333" project."""

    kind = models.CharField(_("课堂类型"), max_length=20, choices=TrackKind.choices)
    summary = models.CharField(_("一句话简介"), max_length=120)
    audience = models.CharField(_("面向对象"), max_length=120, blank=True)
    intro = RichTextField(_("课堂介绍"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("正文"), blank=True)

    is_classroom = True

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("课堂")
        verbose_name_plural = _("课堂")

    def route(self, request, path_components):
        return route_to_child(self, CoursePage, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import track_courses

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = track_courses(self)
        return context


class Requirement(models.TextChoices):
    REQUIRED = "required", _("必修")
    ELECTIVE = "elective", _("选修")


class CoursePage(Page):
    """课程: a unit of study in a classroom, made of lessons (and quizzes)."""

    code = models.CharField(_("课程编号"), max_length=20, unique=True)
    summary = models.TextField(_("课程简介"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credit_hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "学员结业时本课程共计入的学时。每个课时、测验完成时计入它自己的学时，"
            "培训场次结束考勤后计入集中培训学时；结业时再补足课程学时与这些学时"
            "之和的差额（合计超过课程学时时不扣减）。通常课程学时等于各部分学时之和。"
        ),
    )
    requirement = models.CharField(
        _("必修/选修"),
        max_length=10,
        choices=Requirement.choices,
        default=Requirement.REQUIRED,
    )
    year = models.PositiveSmallIntegerField(_("计入年度"))
    trainers = ParentalManyToManyField(
        "lms.User",
        verbose_name=_("授课讲师"),
        blank=True,
        related_name="courses_taught",
        limit_choices_to={"role": Role.TRAINER},
    )
    audience_positions = models.JSONField(_("面向职务"), default=list, blank=True)
    audience_village_classes = models.JSONField(
        _("面向村分类"), default=list, blank=True
    )
    audience_townships = ParentalManyToManyField(
        "lms.Township",
        verbose_name=_("面向苏木乡镇"),
        blank=True,
        related_name="+",
        help_text=_("不选表示全旗"),
    )
    attendance_share = models.PositiveSmallIntegerField(
        _("集中培训出勤率要求（%）"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("课程有培训场次时，出勤（含迟到）场次达到此比例才算完成"),
    )
    # Bumped whenever the course or one of its parts is saved, deleted or
    # moved: the key of the cached lesson list and facts (selectors.course_contents).
    contents_version = models.PositiveIntegerField(default=0, editable=False)

    base_form_class = CoursePageForm
    admin_default_ordering = "ord"  # the explorer lists the parts in course order
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("code"), FieldPanel("year")]),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldRowPanel([FieldPanel("credit_hours"), FieldPanel("requirement")]),
        FieldPanel("attendance_share"),
        FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("audience_positions"),
                FieldPanel("audience_village_classes"),
                FieldPanel("audience_townships", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("学习对象"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("code"),
        index.FilterField("year"),
    ]
    parent_page_types = ["courses.TrackPage"]
    subpage_types = ["courses.LessonPage", "exams.QuizPage"]

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_hours__gte=0),
                name="course_credit_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="course_year_plausible",
            ),
        ]

    def audience_includes(self, cadre, township_ids=None):
        """Whether a cadre is one the course is meant for (empty = everyone).

        township_ids: the course's audience township ids, when already fetched.
        """
        if township_ids is None:
            township_ids = {t.pk for t in self.audience_townships.all()}
        village = cadre.village
        return (
            (not self.audience_positions or cadre.position in self.audience_positions)
            and (
                not self.audience_village_classes
                or village.village_class in self.audience_village_classes
            )
            and (not township_ids or village.township_id in township_ids)
        )

    def route(self, request, path_components):
        return route_to_child(self, LessonPage, request, path_components)

    def permissions_for_user(self, user):
        """Wagtail's page permissions; a trainer edits only the courses they teach."""
        from ..permissions import CoursePagePermissionTester

        return CoursePagePermissionTester(user, self, course_path=self.path)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import (
            FULL,
            CourseProgress,
            course_page_context,
            course_sessions,
            part_done_ids,
        )
        from ..services import enrollment_on_visit

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(request, self))
        cadre = context["viewer_cadre"] if context["access"] == FULL else None
        context["viewer_cadre"] = cadre
        contents = context["contents"]
        context["course_url"] = self.get_url(request)
        context["parts"] = contents.parts if context["access"] == FULL else []
        context["lesson_kind"] = str(LessonPage._meta.verbose_name)
        if cadre is not None:
            enrollment = enrollment_on_visit(cadre=cadre, course=self)
            context["enrollment"] = enrollment
            if enrollment:
                done = part_done_ids(cadre, [row.pk for row in contents.parts])
                context["done_ids"] = done
                context["progress"] = CourseProgress(
                    len(done), len(contents.parts), enrollment.completed_at
                )
        # 集中培训: the sessions, with an enrolled cadre's own state (one query).
        context["sessions"] = (
            course_sessions(self, cadre if context.get("enrollment") else None)
            if contents.session_count
            else []
        )
        return context


class CoursePartMixin:
    """A page that is a required part of a course (a lesson, a quiz): it
    counts toward completion, trainers edit it only on courses they teach,
    and a cadre outside the course's audience gets a 403 with the reason."""

    is_course_part = True

    @classmethod
    def completions_from_events(cls, *, cadre_ids=None):
        """(cadre id, page id, completed at) of every part of this type a cadre
        completed, read from the raw events (for rebuild_records). cadre_ids:
        only these cadres (None: all)."""
        raise NotImplementedError

    @classmethod
    def archive_scores(cls, *, cadre_id, page_ids):
        """{page id: score} for the pages of this type (among page_ids) that
        the cadre's archive (学习档案) lists with a score, the score None while
        there is none yet; pages left out are not listed. Default: none."""
        return {}

    def permissions_for_user(self, user):
        """Wagtail's page permissions, narrowed to the parent course's trainers
        (the course's tree path is the part's less one step)."""
        from ..permissions import CoursePagePermissionTester

        return CoursePagePermissionTester(
            user, self, course_path=self.path[: -self.steplen]
        )

    def serve(self, request, *args, **kwargs):
        """The part, or a short page saying why not (403 outside the audience)."""
        from ..selectors import OUTSIDE_AUDIENCE

        response = super().serve(request, *args, **kwargs)
        if response.context_data.get("access") == OUTSIDE_AUDIENCE:
            response.status_code = 403
        return response


class LessonPage(CoursePartMixin, Page):
    """课时: one piece of a course — text, images, documents, video."""

    body = StreamField(BodyStreamBlock(), verbose_name=_("课时内容"))
    study_minutes = models.PositiveSmallIntegerField(
        _("学习时长（分钟）"), validators=[MinValueValidator(1)]
    )
    credit_hours = models.DecimalField(
        _("学时"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    base_form_class = ValidatedPageForm
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("study_minutes"), FieldPanel("credit_hours")]),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    @classmethod
    def completions_from_events(cls, *, cadre_ids=None):
        from .studying import LessonProgress

        done = LessonProgress.objects.filter(completed_at__isnull=False)
        if cadre_ids is not None:
            done = done.filter(cadre_id__in=cadre_ids)
        return done.values_list("cadre_id", "lesson_id", "completed_at")

    def course_row_meta(self):
        """The line under its title in the course's list: 30 分钟 · 学时 0.5."""
        return _("%(minutes)s 分钟 · 学时 %(hours)s") % {
            "minutes": self.study_minutes,
            "hours": floatformat(self.credit_hours, -1),
        }

    class Meta:
        verbose_name = _("课时")
        verbose_name_plural = _("课时")
        constraints = [
            models.CheckConstraint(
                condition=Q(study_minutes__gte=1), name="lesson_study_minutes_positive"
            ),
            models.CheckConstraint(
                condition=Q(credit_hours__gte=0),
                name="lesson_credit_hours_not_negative",
            ),
        ]

    def get_context(self, request, *args, **kwargs):
        from ..selectors import FULL, course_page_context, part_neighbours
        from ..services import (
            enrollment_on_visit,
            lesson_progress_for,
            lesson_required_seconds,
            lesson_video_required_seconds,
        )

        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific  # cached by routing: no query
        context.update(course_page_context(request, course))
        context["can_study"] = False
        if context["access"] == FULL:
            context["previous"], context["next"] = part_neighbours(
                self, context["contents"]
            )
            context["course_url"] = course.get_url(request)
            cadre = context["viewer_cadre"]
            if cadre is not None and cadre.is_active:
                if enrollment_on_visit(cadre=cadre, course=course):
                    progress = lesson_progress_for(cadre=cadre, lesson=self)
                    context["can_study"] = True
                    context["study_seconds"] = (
                        progress.seconds_studied if progress else 0
                    )
                    context["study_completed"] = bool(
                        progress and progress.completed_at
                    )
                    context["study_required_seconds"] = lesson_required_seconds(self)
                    context["study_video_watched"] = (
                        progress.video_seconds_watched if progress else 0
                    )
                    context["study_video_required"] = lesson_video_required_seconds(
                        self
                    )
        return context
