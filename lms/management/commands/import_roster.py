"""python manage.py import_roster FILE [--create-places] [--dry-run] [--user NAME]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.models import User
from lms.roster import RosterInvalid, plan_roster, summary_lines
from lms.services import roster_import


class Command(BaseCommand):
    help = gettext_lazy(
        "导入学员名册（.xlsx 或 .csv，UTF-8 或 GBK）："
        "全部正确才导入，有错误则一行也不导入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=gettext_lazy("名册文件（.xlsx 或 .csv）"))
        parser.add_argument(
            "--create-places",
            action="store_true",
            help=gettext_lazy("新建名册中列表里没有的苏木乡镇和嘎查村（须填村分类）"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("只检查并显示将要进行的变更，不写入"),
        )
        parser.add_argument(
            "--user",
            help=gettext_lazy("记入变更历史的操作人（用户名）"),
        )

    def handle(self, *args, file, create_places, dry_run, user, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("无法打开文件 %(file)s：%(reason)s")
                % {"file": file, "reason": exc.strerror or exc}
            ) from None
        operator = None
        if user:
            operator = User.objects.filter(username=user).first()
            if operator is None:
                raise CommandError(_("用户 %(user)s 不存在") % {"user": user})

        if dry_run:
            plan = plan_roster(
                data=data, filename=path.name, create_places=create_places
            )
            if plan.errors:
                self._fail(RosterInvalid(plan))
        else:
            try:
                plan = roster_import(
                    data=data,
                    filename=path.name,
                    create_places=create_places,
                    user=operator,
                )
            except RosterInvalid as exc:
                self._fail(exc)
            except IntegrityError as exc:
                raise CommandError(
                    _("导入时与数据库中的记录冲突，未导入任何数据，请重试")
                ) from exc

        summary = plan.summary()
        if options["verbosity"] >= 2:
            for update in summary["updates"]:
                changes = "；".join(
                    f"{c['field']} {c['old']} → {c['new']}" for c in update["changes"]
                )
                self.stdout.write(
                    _("第 %(row)d 行 %(name)s：%(changes)s")
                    % {"row": update["row"], "name": update["name"], "changes": changes}
                )
        for line in summary_lines(summary):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("（试运行，未写入任何数据）"))
        else:
            self.stdout.write(self.style.SUCCESS(_("名册导入完成")))

    def _fail(self, exc):
        for error in exc.plan.errors:
            self.stderr.write(str(error))
        raise CommandError(str(exc))
