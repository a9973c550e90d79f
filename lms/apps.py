from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_role_groups(sender, **kwargs):
    from django.contrib.auth.management import create_permissions

    from .services import role_groups_ensure

    # auth's own post_migrate handler runs after this one for our app.
    create_permissions(sender, verbosity=0, using=kwargs.get("using", "default"))
    role_groups_ensure()


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("人员与组织")

    def ready(self):
        # Permissions exist only after migrate, so the role groups follow it.
        post_migrate.connect(_ensure_role_groups, sender=self)
