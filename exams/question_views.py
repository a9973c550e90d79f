"""Admin views of the question import (题库导入): upload → preview → confirm.

Mounted at /admin/question-bank/import/ (namespace "question_import") by
wagtail_hooks, in the 题库 menu. Trainers and administrators may import (whoever
may add and change questions: lms.access.may_import_questions); everyone else
who reaches the admin gets a 403. An upload is seen only by whoever uploaded
it, and administrators. The flow is lms.imports'; the work is in
exams.questions (reading, checking, writing).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from lms.access import may_import_questions
from lms.imports.views import ImportViews, UploadForm

from .models import Question
from .questions import plan_questions, question_import, summary_lines, template_xlsx

PREVIEW_MAX_ROWS = 300


class QuestionUploadForm(UploadForm):
    file_label = gettext_lazy("题库文件")


class QuestionImportViews(ImportViews):
    kind = "questions"
    namespace = "question_import"
    access_predicate = staticmethod(may_import_questions)
    access_message = gettext_lazy("只有讲师和管理员可以导入题目。")
    form_class = QuestionUploadForm
    upload_template = "exams/question_import_upload.html"
    preview_template = "exams/question_import_preview.html"
    template_name = gettext_lazy("题库导入模板.xlsx")
    template_file = staticmethod(template_xlsx)
    summary_lines = staticmethod(summary_lines)
    done_message = gettext_lazy("题库导入完成：%(summary)s")
    conflict_message = gettext_lazy(
        "导入时与其他人的修改冲突，未导入任何题目，请重新确认。"
    )

    def scope(self, request, **kwargs):
        """Who imports: a trainer's rows must stay within their share of the
        bank (exams.questions.scoping)."""
        return request.user

    def plan(self, data, filename, options, scope):
        return plan_questions(data=data, filename=filename, user=scope)

    def apply(self, data, filename, options, user, scope):
        return question_import(data=data, filename=filename, user=user)

    def uploads(self, request, scope):
        """Its uploader and superusers see an upload."""
        uploads = super().uploads(request, scope)
        if request.user.is_superuser:
            return uploads
        return uploads.filter(uploaded_by=request.user)

    def preview_context(self, request, upload, plan, scope):
        rows = []
        if plan is not None:
            updated = {update.row.row: update for update in plan.updates}
            created = {row.row for row in plan.creates}
            rows = [
                (row, updated.get(row.row), row.row in created)
                for row in plan.rows
                if row.row in created or row.row in updated
            ]
        return {
            "rows": rows[:PREVIEW_MAX_ROWS],
            "rows_left_out": max(0, len(rows) - PREVIEW_MAX_ROWS),
            "questions_url": reverse(Question.snippet_viewset.get_url_name("list")),
        }


urlpatterns = QuestionImportViews().urlpatterns()
