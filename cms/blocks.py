"""StreamField blocks shared by every page body (notices, standard pages, lessons)."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.images.blocks import ImageBlock

from .videos.selectors import video_playback, videos_by_document
from .videos.services import VideoRejected, video_register
from .videos.widgets import VideoChooser

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "hr",
]


class LabelledImageBlock(ImageBlock):
    """Wagtail's ImageBlock, whose inner chooser has no label of its own (the
    editor showed the English "Image")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.child_blocks["image"].label = _("图片")

    def deconstruct(self):
        # The label is presentation only: migrations keep Wagtail's block.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.images.blocks.ImageBlock", args, kwargs


class CaptionedImageBlock(blocks.StructBlock):
    image = LabelledImageBlock(label=_("图片"))
    caption = blocks.CharBlock(label=_("图片说明"), required=False)

    class Meta:
        icon = "image"
        label = _("图片")
        template = "blocks/captioned_image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("文件下载")
        template = "blocks/document_block.html"


class PolicyQuoteBlock(blocks.StructBlock):
    """A quotation from a policy document, with where it comes from."""

    text = blocks.TextBlock(label=_("引文"))
    source = blocks.CharBlock(label=_("出处"), required=False)

    class Meta:
        icon = "openquote"
        label = _("政策原文")
        template = "blocks/policy_quote_block.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("样式"),
        choices=[("info", _("提示")), ("important", _("重要")), ("warning", _("注意"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("标题"), required=False)
    body = blocks.RichTextBlock(label=_("内容"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("提示框")
        template = "blocks/callout_block.html"


class VideoDocumentChooserBlock(DocumentChooserBlock):
    """A document chooser with an upload button, a progress bar and the
    video's 转码 state (cms/videos/widgets.py)."""

    widget = VideoChooser()


class VideoBlock(blocks.StructBlock):
    """An uploaded video (kept as a document, checked with PyAV, with a phone
    rendition made in the background) played in the page."""

    video = VideoDocumentChooserBlock(label=_("视频文件"))
    poster = LabelledImageBlock(
        label=_("封面图"),
        required=False,
        help_text=_("不选则使用从视频中截取的画面。"),
    )
    caption = blocks.CharBlock(label=_("视频说明"), required=False)

    class Meta:
        icon = "media"
        label = _("视频")
        template = "blocks/video_block.html"

    def clean(self, value):
        """A chosen document must be a video PyAV can read: the first time it
        is used its length and poster are read and its rendition queued."""
        value = super().clean(value)
        document = value.get("video")
        if document is not None:
            try:
                video_register(document=document)
            except VideoRejected as error:
                raise StructBlockValidationError(
                    block_errors={"video": ValidationError(str(error))}
                ) from error
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        document = value.get("video")
        video = None
        if document is not None:
            video = videos_by_document([document.pk]).get(document.pk)
        context.update(video_playback(document, video))
        context["poster_image"] = value.get("poster") or (video and video.poster)
        return context


EMBED_UNSUPPORTED = _(
    "这个链接无法嵌入播放。外部视频只支持提供嵌入服务（oEmbed）的网站，如 YouTube、"
    "Vimeo、TED、Dailymotion，哔哩哔哩、腾讯视频、优酷、抖音等国内网站不在其列，"
    "而且学员的网络可能打不开境外网站。请把视频下载下来，用“视频”块上传；"
    "普通网页请在正文里加链接。"
)


class _EmbedTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []  # (tag, attrs)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


_PLAYER_ATTRS = ("src", "width", "height", "title", "allow", "referrerpolicy")


def player_iframes(html):
    """The iframes of an embed's HTML (Wagtail wraps the provider's in a
    <div>), rebuilt with a few plain attributes, when it is only iframes from
    LMS_VIDEO_EMBED_HOSTS (what the Content-Security-Policy's frame-src
    allows); "" for anything else (a script, a blockquote, a player from
    another site)."""
    parser = _EmbedTags()
    parser.feed(str(html or ""))
    parser.close()
    hosts = set(settings.LMS_VIDEO_EMBED_HOSTS)
    frames = []
    for tag, attrs in parser.tags:
        if tag == "div":
            continue
        src = urlsplit(attrs.get("src") or "")
        if tag != "iframe" or src.scheme != "https" or src.hostname not in hosts:
            return ""
        kept = [(name, attrs[name]) for name in _PLAYER_ATTRS if attrs.get(name)]
        frames.append(
            format_html(
                "<iframe{}{}></iframe>",
                format_html_join("", ' {}="{}"', kept),
                mark_safe(" allowfullscreen" if "allowfullscreen" in attrs else ""),
            )
        )
    return mark_safe("".join(frames))


def player_html(value):
    """The player a lesson's embed shows, or "" (see player_iframes)."""
    if not isinstance(value, EmbedValue) or not value.url:
        return ""
    return player_iframes(value.html)


class LessonEmbedBlock(EmbedBlock):
    """外部视频或网页: says which sites embed and what to do instead. Only the
    players of LMS_VIDEO_EMBED_HOSTS are embedded, even from an older embed."""

    def clean(self, value):
        if isinstance(value, EmbedValue) and not player_html(value):
            raise ValidationError(EMBED_UNSUPPORTED)
        return super().clean(value)

    def render_basic(self, value, context=None):
        return player_html(value)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["player_html"] = player_html(value)
        return context


class BodyStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("小标题"), icon="title", template="blocks/heading_block.html"
    )
    paragraph = blocks.RichTextBlock(label=_("正文"), features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    document = DocumentBlock()
    policy_quote = PolicyQuoteBlock()
    callout = CalloutBlock()
    video = VideoBlock()
    embed = LessonEmbedBlock(
        label=_("外部视频或网页"),
        icon="media",
        template="blocks/embed_block.html",
        help_text=_(
            "粘贴 YouTube、Vimeo 等支持嵌入的网站的视频链接；"
            "国内视频网站的链接无法嵌入，请下载后用“视频”块上传。"
        ),
    )
