"""The lesson editor's video and embed blocks, through the page edit form as
Wagtail's admin posts it: a trainer saves a lesson with the video they
uploaded; a file that is not a video cannot be saved in the block; a link no
site can embed is refused with a message that says what to do instead."""

import json
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.models import Embed
from wagtail.models import Collection
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from cms.videos.models import VideoFile
from courses.models import LessonPage

from ..courses.factories import make_course, make_lesson, tracks
from ..courses.publishing.helpers import edit_url
from .videos import tiny_video, upload

NO_POSTER = {"image": "", "decorative": "", "alt_text": ""}


@pytest.fixture
def lesson(trainer):
    course = make_course(tracks()[0], title="村级财务管理", trainers=[trainer])
    return make_lesson(course, title="财务公开")


def post_body(client, page, blocks):
    """Post the page's edit form as the admin does, with the body replaced."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key in [k for k in data if k.startswith("body-")]:
        del data[key]
    data.update(nested_form_data({"body": streamfield(blocks)}))
    return client.post(edit_url(page), data)


def shown(text, html):
    """text is on the page, as HTML or inside the StreamField's JSON (where
    the editor's JavaScript shows it)."""
    return text in html or json.dumps(text)[1:-1] in html


def video_block(document, caption="讲解"):
    return ("video", {"video": document.pk, "poster": NO_POSTER, "caption": caption})


def saved_body(page):
    return LessonPage.objects.get(pk=page.pk).get_latest_revision_as_object().body


def test_the_editor_offers_the_upload_in_the_video_block(trainer_client, lesson):
    html = trainer_client.get(edit_url(lesson)).content.decode()
    assert "cms/js/video-upload.js" in html
    assert "cms/css/video-upload.css" in html
    # The block's widget travels as telepath JSON to the page's JavaScript.
    assert "cms-video-upload" in html
    for text in ("上传新视频", "不超过 500 MB", "从文件库选择视频"):
        assert shown(text, html)


def test_trainer_saves_a_lesson_with_the_video_they_uploaded(
    trainer_client, lesson, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document_id = upload(trainer_client, tiny_video(seconds=2)).json()["id"]
    document = Document.objects.get(pk=document_id)
    revisions = lesson.revisions.count()

    response = post_body(trainer_client, lesson, [video_block(document)])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert lesson.revisions.count() == revisions + 1
    [block] = saved_body(lesson)
    assert block.block_type == "video"
    assert block.value["video"] == document
    assert block.value["caption"] == "讲解"
    assert VideoFile.objects.get(document=document).state == VideoFile.State.READY


def test_choosing_an_existing_video_document_checks_it_when_saved(
    trainer_client, lesson, django_capture_on_commit_callbacks
):
    document = Document.objects.create(
        title="旧视频", file=ContentFile(tiny_video(seconds=3), name="old.mp4")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_body(trainer_client, lesson, [video_block(document)])
    assert response.status_code == 302
    video = VideoFile.objects.get(document=document)
    assert video.duration_seconds == 3
    assert video.poster is not None
    assert video.state == VideoFile.State.READY


def test_a_document_that_is_not_a_video_cannot_be_saved_in_the_block(
    trainer_client, lesson
):
    fake = Document.objects.create(
        title="改名的文本", file=ContentFile("不是视频".encode(), name="fake.mp4")
    )
    pdf = Document.objects.create(
        title="讲义", file=ContentFile(b"%PDF-1.4", name="notes.pdf")
    )
    revisions = lesson.revisions.count()
    for document, message in [
        (fake, "无法读取这个文件：它不是完整的视频，可能已损坏，或只是改了扩展名。"),
        (pdf, "只能上传 MP4、MOV、M4V 或 WebM 格式的视频。"),
    ]:
        response = post_body(trainer_client, lesson, [video_block(document)])
        assert response.status_code == 200
        html = response.content.decode()
        assert shown(message, html)
    assert lesson.revisions.count() == revisions
    assert not VideoFile.objects.exists()


def found(url, max_width=None, max_height=None):
    if "youtube.com" not in url:
        raise EmbedNotFoundException
    return Embed.objects.create(
        url=url,
        max_width=max_width,
        type="video",
        html='<iframe src="https://www.youtube.com/embed/abc"></iframe>',
        provider_name="YouTube",
    )


def test_a_link_that_cannot_be_embedded_says_which_sites_work(trainer_client, lesson):
    # No internet here: the embed finder is replaced (YouTube found, the rest not).
    with mock.patch("wagtail.embeds.embeds.get_embed", side_effect=found):
        response = post_body(
            trainer_client,
            lesson,
            [("embed", "https://www.bilibili.com/video/BV1xx411c7mD")],
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert shown("这个链接无法嵌入播放", html)
        for site in ("YouTube", "Vimeo", "哔哩哔哩"):
            assert shown(site, html)
        assert shown("请把视频下载下来，用“视频”块上传", html)
        assert not shown("Cannot find an embed", html)

        response = post_body(
            trainer_client, lesson, [("embed", "https://www.youtube.com/watch?v=abc")]
        )
    assert response.status_code == 302
    [block] = saved_body(lesson)
    assert block.value.url == "https://www.youtube.com/watch?v=abc"


def test_the_document_library_checks_videos_too(trainer_client):
    root = Collection.get_first_root_node()
    add_url = reverse("wagtaildocs:add")
    fake = SimpleUploadedFile("第一课.mp4", "不是视频".encode() * 20)
    response = trainer_client.post(
        add_url, {"title": "第一课", "file": fake, "collection": root.pk}
    )
    assert response.status_code == 200
    assert "无法读取这个文件" in response.content.decode()
    assert not Document.objects.exists()

    real = SimpleUploadedFile("第二课.mp4", tiny_video(seconds=1))
    response = trainer_client.post(
        add_url, {"title": "第二课", "file": real, "collection": root.pk}
    )
    assert response.status_code == 302
    assert Document.objects.get().title == "第二课"
