"""题库导入 in the admin: upload → preview → confirm (once), who sees an upload
and who is refused."""

import io

import pytest
from django.urls import reverse

from exams.models import Difficulty, Question, QuestionCategory, QuestionKind
from lms.models import PendingImport

from .bank import SINGLE, good_rows, questions_xlsx, written
from .factories import category

pytestmark = pytest.mark.usefixtures("media_root")


# --- the admin: upload → preview → confirm --------------------------------------------


def upload_file(client, rows=None, *, data=None, name="题库.xlsx"):
    data = data if data is not None else questions_xlsx(rows)
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("question_import:upload"), {"file": file})


def status_of(pk):
    return PendingImport.objects.get(pk=pk).status


def token_of(response):
    assert response.status_code == 302, response
    return response.url.rstrip("/").split("/")[-1]


def test_a_trainer_uploads_previews_and_confirms(client, bank_trainer):
    client.force_login(bank_trainer)
    page = client.get(reverse("question_import:upload"))
    assert page.status_code == 200
    assert reverse("question_import:template") in page.content.decode()

    existing = Question.objects.create(
        kind=QuestionKind.SINGLE,
        stem=SINGLE["题干"],
        options=["三年", "四年", "五年", "六年"],
        answer=["B"],
        category=category("基层治理"),
    )
    response = upload_file(client, good_rows())
    token = token_of(response)
    assert response.url == reverse("question_import:preview", args=[token])
    assert status_of(token) == PendingImport.Status.PREVIEWED
    assert Question.objects.count() == 1  # nothing imported yet

    content = client.get(response.url).content.decode()
    assert "新增 3 题，更新 1 题，未变 0 题" in content
    assert "新建分类 2 个" in content
    assert "答案：B → C" in content
    assert "A. 决议公开；B. 提议公开；C. 实施结果公开" in content
    assert "石榴籽|石榴子" in content
    assert "确认导入" in content and "w-overflow-x-auto" in content

    response = client.post(
        reverse("question_import:confirm", args=[token]), follow=True
    )
    content = response.content.decode()
    assert "题库导入完成" in content and "已导入" in content
    assert status_of(token) == PendingImport.Status.IMPORTED
    assert Question.objects.count() == 4
    existing.refresh_from_db()
    assert existing.answer == ["C"]
    assert Question.history.filter(history_user=bank_trainer).count() == 4


def test_confirming_twice_imports_once(client, bank_trainer):
    client.force_login(bank_trainer)
    token = token_of(upload_file(client, good_rows()))
    confirm = reverse("question_import:confirm", args=[token])
    client.post(confirm)
    before = written()
    response = client.post(confirm, follow=True)
    assert "不能再次确认" in response.content.decode()
    assert "该文件已经导入" in response.content.decode()
    assert written() == before
    assert status_of(token) == PendingImport.Status.IMPORTED


def test_a_bad_upload_shows_every_error_and_cannot_be_confirmed(client, bank_trainer):
    client.force_login(bank_trainer)
    rows = good_rows()
    rows[1]["答案"] = "A"
    rows[3]["分类"] = ""
    token = token_of(upload_file(client, rows))
    assert status_of(token) == PendingImport.Status.REJECTED
    content = client.get(reverse("question_import:preview", args=[token])).content
    content = content.decode()
    assert "文件有 2 处错误，未导入任何题目" in content
    assert "第 3 行" in content and "多选题的答案应为两个或以上" in content
    assert "第 5 行" in content and "分类未填写" in content
    assert "确认导入" not in content
    client.post(reverse("question_import:confirm", args=[token]))
    assert not Question.objects.exists() and not QuestionCategory.objects.exists()


def test_confirm_checks_the_file_again(client, bank_trainer):
    client.force_login(bank_trainer)
    token = token_of(upload_file(client, [SINGLE]))
    category("基层治理")
    Question.objects.create(
        kind=QuestionKind.SINGLE,
        stem=SINGLE["题干"],
        options=["三年", "四年", "五年", "六年"],
        answer=["C"],
        explanation=SINGLE["解析"],
        category=QuestionCategory.objects.get(),
        difficulty=Difficulty.EASY,
    )
    response = client.post(
        reverse("question_import:confirm", args=[token]), follow=True
    )
    assert "新增 0 题，更新 0 题，未变 1 题" in response.content.decode()
    assert Question.objects.count() == 1


def test_the_upload_form_refuses_other_file_types(client, bank_trainer):
    client.force_login(bank_trainer)
    response = upload_file(client, data=b"%PDF", name="题库.pdf")
    assert response.status_code == 200
    assert "只能上传 .xlsx 或 .csv 文件" in response.content.decode()


def test_an_upload_is_seen_by_its_uploader_and_administrators(
    client, administrator, bank_trainer
):
    from lms.models import Role
    from lms.services import user_create

    client.force_login(bank_trainer)
    token = token_of(upload_file(client, good_rows()))
    preview = reverse("question_import:preview", args=[token])
    other = user_create(
        username="trainer2", name="包讲师", role=Role.TRAINER, password="x"
    )
    client.force_login(other)
    assert client.get(preview).status_code == 404
    assert (
        client.post(reverse("question_import:confirm", args=[token])).status_code == 404
    )
    client.force_login(administrator)
    assert client.get(preview).status_code == 200
    assert (
        client.get(reverse("question_import:preview", args=["0" * 32])).status_code
        == 404
    )
    assert (
        client.get(reverse("question_import:preview", args=["x.json"])).status_code
        == 404
    )


@pytest.mark.parametrize("role_user", ["banner_supervisor", "township_supervisor"])
def test_supervisors_are_refused(client, bank_trainer, request, role_user):
    client.force_login(bank_trainer)
    token = token_of(upload_file(client, good_rows()))
    client.force_login(request.getfixturevalue(role_user))
    for method, name, args in [
        ("get", "question_import:upload", []),
        ("get", "question_import:template", []),
        ("get", "question_import:preview", [token]),
        ("post", "question_import:confirm", [token]),
    ]:
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 403, name
        assert "只有讲师和管理员可以导入题目" in response.content.decode()
    assert upload_file(client, good_rows()).status_code == 403
    assert status_of(token) == PendingImport.Status.PREVIEWED
    assert not Question.objects.exists()


def test_a_trainer_without_the_bank_permissions_is_refused(client, trainer):
    client.force_login(trainer)
    trainer.groups.get().permissions.remove(
        *trainer.groups.get().permissions.filter(content_type__app_label="exams")
    )
    assert client.get(reverse("question_import:upload")).status_code == 403


def test_cadres_and_visitors_never_reach_the_import(client, cadre):
    """They have no access to the Wagtail admin: Wagtail sends them to its login
    before any import view runs."""
    for user in (None, cadre.user):
        if user:
            client.force_login(user)
        response = upload_file(client, good_rows())
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert reverse("wagtailadmin_login") in response.url
        assert client.get(reverse("question_import:template")).status_code in (302, 403)
    assert not Question.objects.exists()
