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

from ..permissions import CoursePagePermissionTester
from ..publishing.forms import CoursePageForm, ValidatedPageForm
from .studying import LessonProgress


def route_to_child(page, model, request, path_components):
    """Wagtail's Page.route, one query per level instead of two when the child
    is of the usual type (model); any other child type is routed as usual."""
    if path_components:
        child = model.objects.child_of(page).filter(slug=path_components[0]).first()
        if child is not None:
            child._cached_parent_obj = page
            return child.route(request, path_components[1:])
    return Page.route(page, request, path_components)


class ContextBuiltOutside:
    """A page whose template context is built outside the models, by
    build_context(page, request, context), which the app's ready() sets
    (courses.page_context, exams.page_context): the selectors and services
    it calls import the models."""

    build_context = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return self.build_context(request, context)


class TrackKind(models.TextChoices):
    THEORY_PRACTICE = "theory_practice", _("理论实践课堂")
    LEAD_GOOSE = "lead_goose", _("“领头雁”课堂")
    ONLINE_EXCHANGE = "online_exchange", _("在线交流课堂")


class TrackPage(ContextBuiltOutside, Page):
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


class Requirement(models.TextChoices):
    REQUIRED = "required", _("必修")
    ELECTIVE = "elective", _("选修")


class CoursePage(ContextBuiltOutside, Page):
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
        return CoursePagePermissionTester(user, self, course_path=self.path)


class CoursePartMixin(ContextBuiltOutside):
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
        return CoursePagePermissionTester(
            user, self, course_path=self.path[: -self.steplen]
        )

    def serve(self, request, *args, **kwargs):
        """The part, or a short page saying why not (403 outside the audience:
        the context's status_code)."""
        response = super().serve(request, *args, **kwargs)
        response.status_code = response.context_data.get(
            "status_code", response.status_code
        )
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
