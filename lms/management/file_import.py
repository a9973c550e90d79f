"""FileImportCommand: what every "import a file, all rows or none" command shares
(import_roster, and exams' import_questions): the FILE argument, --dry-run and
--user, every error printed by row and column with a non-zero exit, and the
Chinese summary of what was done."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.models import User


class FileImportCommand(BaseCommand):
    """Subclasses set file_help, invalid (the exception a file with errors raises,
    carrying its plan), done_message and update_label (the key naming a row in a
    plan summary's updates), and define plan_file(), import_file() and
    summary_lines(); add_options() and import_options() pass options of their own.
    """

    file_help = ""
    invalid = Exception
    done_message = ""
    update_label = "name"

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        self.add_options(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("只检查并显示将要进行的变更，不写入"),
        )
        parser.add_argument(
            "--user", help=gettext_lazy("记入变更历史的操作人（用户名）")
        )

    def add_options(self, parser):
        pass

    def import_options(self, options):
        """Keyword arguments of plan_file() and import_file() from the options."""
        return {}

    def plan_file(self, *, data, filename, **options):
        raise NotImplementedError

    def import_file(self, *, data, filename, user, **options):
        raise NotImplementedError

    def summary_lines(self, summary):
        raise NotImplementedError

    def handle(self, *args, file, dry_run, user, **options):
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

        kwargs = {"data": data, "filename": path.name, **self.import_options(options)}
        if dry_run:
            plan = self.plan_file(**kwargs)
            if plan.errors:
                self._fail(self.invalid(plan))
        else:
            try:
                plan = self.import_file(user=operator, **kwargs)
            except self.invalid as exc:
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
                    % {
                        "row": update["row"],
                        "name": update[self.update_label],
                        "changes": changes,
                    }
                )
        for line in self.summary_lines(summary):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("（试运行，未写入任何数据）"))
        else:
            self.stdout.write(self.style.SUCCESS(self.done_message))

    def _fail(self, exc):
        for error in exc.plan.errors:
            self.stderr.write(str(error))
        raise CommandError(str(exc))
