"""Build the demo Banner: people, portal, classrooms (and what later apps add).

Each app that has demo data offers `<app>/demo.py` (found by lms.demo_hooks,
so lms never imports the apps built on it): every app's `seed` in app order,
then, for size S, every app's `seed_activity` (a year of what the cadres did).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.demo import SIZES, demo_logins
from lms.demo_hooks import demo_hooks
from lms.models import Township


class Command(BaseCommand):
    help = _("生成演示数据（可重复运行，结果确定）并打印演示账号")

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=sorted(SIZES),
            default="S",
            help=_("S：约1,200名学员；L：100,000名学员（用于规模测试）"),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("数据库已有数据时不再生成，只打印演示账号"),
        )
        parser.add_argument(
            "--force-production",
            action="store_true",
            help=_(
                "在生产环境设置下也生成演示数据（会创建演示账号，切勿用于正式系统）"
            ),
        )

    def handle(self, *args, size, if_empty, force_production, **options):
        # The demo logins (admin / naiman333 …) must never appear on the real site.
        if settings.LMS_PRODUCTION and not force_production:
            raise CommandError(
                _(
                    "当前是生产环境设置（%(module)s）：seed_demo 会创建密码公开的"
                    "演示账号（如 admin / naiman333），已拒绝运行。"
                    "确需在此生成演示数据，请加 --force-production。"
                )
                % {"module": settings.SETTINGS_MODULE}
            )
        if if_empty and Township.objects.exists():
            self.stdout.write(_("数据库已有数据，跳过演示数据生成。"))
        else:
            started = time.monotonic()
            for seed in demo_hooks("seed"):
                with transaction.atomic():
                    seed(size=size, stdout=self.stdout)
            if size == "S" and settings.LMS_DEMO_ACTIVITY:
                for seed_activity in demo_hooks("seed_activity"):
                    with transaction.atomic():
                        seed_activity(stdout=self.stdout)
            self.stdout.write(
                _("演示数据已就绪（%(seconds).1f 秒）。")
                % {"seconds": time.monotonic() - started}
            )
        self.print_logins()

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(_("演示账号（密码相同）："))
        for role, username, password, note in demo_logins():
            self.stdout.write(f"  {role:<8} {username:<14} {password:<12} {note}")
        if settings.LMS_DEMO_PASSWORD_MUST_CHANGE:
            self.stdout.write(_("首次登录后须先在“账号安全”页面设置新密码。"))
