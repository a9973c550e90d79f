from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Wagtail's rich-text link choosers give these fields no label, so the editor
# showed their English names ("Link text", "Email address", …) untranslated.
LINK_CHOOSER_LABELS = {
    "link_text": _("链接文字"),
    "email_address": _("电子邮箱"),
    "subject": _("邮件主题"),
    "body": _("邮件正文"),
    "phone_number": _("电话号码"),
}


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("门户网站")

    def ready(self):
        from wagtail.admin.forms import choosers

        for form in (
            choosers.ExternalLinkChooserForm,
            choosers.AnchorLinkChooserForm,
            choosers.EmailLinkChooserForm,
            choosers.PhoneLinkChooserForm,
        ):
            for name, field in form.base_fields.items():
                if name in LINK_CHOOSER_LABELS:
                    field.label = LINK_CHOOSER_LABELS[name]
