"""Delete private files past their time (run hourly by the scheduler):
uploads once confirmed or after 23 hours, report exports after 7 days."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.private_files.services import purge_private_files

LABELS = {
    "uploads": gettext_lazy("待确认的导入"),
    "upload_files": gettext_lazy("上传的文件"),
    "export_files": gettext_lazy("导出的文件"),
    "public_leftovers": gettext_lazy("MEDIA_ROOT 中遗留的导入和导出文件"),
}


class Command(BaseCommand):
    help = _("删除过期的上传文件和导出文件（请每小时运行一次）")

    def handle(self, *args, **options):
        counts = purge_private_files()
        for key, count in counts.items():
            label = LABELS.get(key, key)
            self.stdout.write(
                _("已删除%(what)s：%(count)d") % {"what": label, "count": count}
            )
