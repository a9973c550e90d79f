"""The portal shell: home page, standard pages, notices and site settings."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyStreamBlock
from .videos.models import VideoFile  # noqa: F401 (Django finds the model here)

NOTICES_ON_HOME_PAGE = 5
NOTICES_PER_PAGE = 20


class HomePage(Page):
    """The Banner's training portal: the three classrooms and the latest notices."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    body = StreamField(BodyStreamBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.TrackPage", "cms.NoticeIndexPage", "cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("门户首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().specific()
        # Track pages live in courses, which cms must not import: they say
        # is_classroom = True instead.
        context["classrooms"] = [
            p for p in children if getattr(p, "is_classroom", False)
        ]
        context["notices"] = (
            NoticePage.objects.live()
            .descendant_of(self)
            .order_by("-date", "-pk")[:NOTICES_ON_HOME_PAGE]
        )
        return context


class StandardPage(Page):
    intro = models.TextField(_("摘要"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("普通页面")


class NoticeIndexPage(Page):
    """通知公告: the list of notices, newest first."""

    intro = models.TextField(_("说明"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NoticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("通知公告栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notices = NoticePage.objects.live().child_of(self).order_by("-date", "-pk")
        context["notices"] = Paginator(notices, NOTICES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        return context


class NoticePage(Page):
    date = models.DateField(_("发布日期"), default=timezone.localdate)
    issuer = models.CharField(_("发布单位"), max_length=60, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("正文"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("issuer"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("通知公告")


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    organiser = models.CharField(
        _("主办单位"), max_length=60, default="中共奈曼旗委组织部"
    )
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    footer_note = models.CharField(_("页脚说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("门户设置")
