"""The three classrooms (三大课堂); courses and lessons join them in the next issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock


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
    subpage_types = []

    class Meta:
        verbose_name = _("课堂")
        verbose_name_plural = _("课堂")
