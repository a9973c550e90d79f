"""StreamField blocks shared by every page body (notices, standard pages, lessons)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

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


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("图片"))
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


class VideoBlock(blocks.StructBlock):
    """An uploaded video file (kept as a document) played in the page."""

    video = DocumentChooserBlock(label=_("视频文件（MP4）"))
    poster = ImageBlock(label=_("封面图"), required=False)
    caption = blocks.CharBlock(label=_("视频说明"), required=False)

    class Meta:
        icon = "media"
        label = _("视频")
        template = "blocks/video_block.html"


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
    embed = EmbedBlock(
        label=_("外部视频或网页"), icon="media", template="blocks/embed_block.html"
    )
