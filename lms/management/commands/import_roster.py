"""python manage.py import_roster FILE [--create-places] [--dry-run] [--user NAME]"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.management.file_import import FileImportCommand
from lms.roster import RosterInvalid, plan_roster, summary_lines
from lms.services import roster_import


class Command(FileImportCommand):
    help = gettext_lazy(
        "导入学员名册（.xlsx 或 .csv，UTF-8 或 GBK）："
        "全部正确才导入，有错误则一行也不导入。"
    )
    file_help = gettext_lazy("名册文件（.xlsx 或 .csv）")
    invalid = RosterInvalid

    @property
    def done_message(self):
        return _("名册导入完成")

    def add_options(self, parser):
        parser.add_argument(
            "--create-places",
            action="store_true",
            help=gettext_lazy("新建名册中列表里没有的苏木乡镇和嘎查村（须填村分类）"),
        )

    def import_options(self, options):
        return {"create_places": options["create_places"]}

    def plan_file(self, **kwargs):
        return plan_roster(**kwargs)

    def import_file(self, **kwargs):
        return roster_import(**kwargs)

    def summary_lines(self, summary):
        return summary_lines(summary)
