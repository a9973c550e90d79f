from django.apps import AppConfig
from django.utils.text import capfirst
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
        label_link_chooser_fields()
        label_site_columns()


def label_link_chooser_fields():
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


# Wagtail's Sites list names three columns after their fields in English
# ("Port", "Site name", "Root page"); the fields' verbose names are translated.
SITE_COLUMNS = ("port", "site_name", "root_page")


def label_site_columns():
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in SITE_COLUMNS:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
