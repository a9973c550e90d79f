"""python manage.py import_questions FILE [--dry-run] [--user NAME]"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exams.questions import (
    QuestionsInvalid,
    plan_questions,
    question_import,
    summary_lines,
)
from lms.management.file_import import FileImportCommand


class Command(FileImportCommand):
    help = gettext_lazy(
        "导入题库（.xlsx 或 .csv，UTF-8 或 GBK）：全部正确才导入，"
        "有错误则一道题也不导入；题型和题干相同的题目更新而不重复添加。"
    )
    file_help = gettext_lazy("题库文件（.xlsx 或 .csv）")
    invalid = QuestionsInvalid
    update_label = "stem"

    @property
    def done_message(self):
        return _("题库导入完成")

    def plan_file(self, **kwargs):
        return plan_questions(**kwargs)

    def import_file(self, **kwargs):
        return question_import(**kwargs)

    def summary_lines(self, summary):
        return summary_lines(summary)
