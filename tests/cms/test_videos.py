"""A trainer uploads a lesson video through the editor's upload endpoint: the
server reads it with PyAV (a real video, its length, a poster frame), makes a
480p H.264 rendition in the background and shows its state in the admin; a
lesson page shows 转码中 until the rendition exists and plays the original if
the conversion failed."""

import av
import pytest
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image as WagtailImage

from cms.videos.codec import phone_size, video_stream_summary
from cms.videos.models import VideoFile
from courses.models import Requirement
from courses.services import enrollment_choose
from tests.courses.factories import make_course, make_lesson, tracks

from .videos import tiny_video, upload


def cadre_client(cadre):
    client = Client()
    client.force_login(cadre.user)
    return client


def nothing_stored():
    return (
        Document.objects.count(),
        VideoFile.objects.count(),
        WagtailImage.objects.count(),
    ) == (0, 0, 0)


def video_lesson(document, **fields):
    course = make_course(tracks()[0], requirement=Requirement.ELECTIVE)
    return make_lesson(
        course,
        body=[("video", {"video": document, "poster": None, "caption": "讲解"})],
        **fields,
    )


# ---- Uploading ---------------------------------------------------------------


def test_trainer_uploads_a_video_and_gets_its_length_poster_and_phone_version(
    trainer_client, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(trainer_client, tiny_video(seconds=2))
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert body["title"] == document.title == "讲解视频"
    assert body["edit_url"] == reverse("wagtaildocs:edit", args=[document.pk])
    assert document.uploaded_by_user == trainer

    video = VideoFile.objects.get(document=document)
    assert video.duration_seconds == 2
    assert (video.width, video.height, video.has_audio) == (320, 240, True)
    assert video.poster is not None
    assert (video.poster.width, video.poster.height) == (320, 240)

    assert video.state == VideoFile.State.READY
    assert video.progress == 100
    codec, width, height = video_stream_summary(video.phone_file.path)
    assert (codec, width, height) == ("h264", 320, 240)
    with av.open(video.phone_file.path) as rendition:
        assert [s.codec_context.name for s in rendition.streams.audio] == ["aac"]
        assert rendition.duration / av.time_base == pytest.approx(2, abs=0.2)
    with open(video.phone_file.path, "rb") as data:
        head = data.read(4096)
    assert head.find(b"moov") < head.find(b"mdat") or b"mdat" not in head  # faststart


def test_a_large_video_is_brought_down_to_480p():
    assert phone_size(1920, 1080) == (852, 480)
    assert phone_size(1080, 1920) == (480, 852)  # a phone held upright
    assert phone_size(320, 240) == (320, 240)  # never made larger


def test_a_webm_without_sound_is_converted_too(
    trainer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            trainer_client,
            tiny_video(seconds=1, size=(960, 540), audio=False, fmt="webm"),
            name="会议.webm",
        )
    assert response.status_code == 201, response.content.decode()
    video = VideoFile.objects.get()
    assert video.state == VideoFile.State.READY
    assert video_stream_summary(video.phone_file.path) == ("h264", 852, 480)
    with av.open(video.phone_file.path) as rendition:
        assert not rendition.streams.audio


def test_a_text_file_named_mp4_is_refused_in_chinese_and_nothing_is_stored(
    trainer_client,
):
    response = upload(trainer_client, "第一课：村务公开\n".encode() * 40, "第一课.mp4")
    assert response.status_code == 400
    assert "无法读取这个文件" in response.json()["error"]
    assert nothing_stored()


def test_a_truncated_video_is_refused(trainer_client):
    content = tiny_video(seconds=2)
    response = upload(trainer_client, content[: len(content) // 2])
    assert response.status_code == 400
    assert "损坏" in response.json()["error"]
    assert nothing_stored()


def test_other_file_types_are_refused(trainer_client):
    response = upload(trainer_client, tiny_video(), name="讲解.avi")
    assert response.status_code == 400
    assert response.json()["error"] == "只能上传 MP4、MOV、M4V 或 WebM 格式的视频。"
    assert nothing_stored()


def test_a_video_over_the_limit_is_refused(trainer_client, settings):
    settings.LMS_VIDEO_MAX_UPLOAD_MB = 0.01  # about 10 KB
    # Content-Length over the limit: refused before the body is read.
    response = upload(trainer_client, b"\0" * 200_000)
    assert response.status_code == 413
    assert "超过 0.01 MB 的上限" in response.json()["error"]
    # A body that says less than it sends is cut off as it is read.
    response = upload(trainer_client, tiny_video(seconds=2))
    assert response.status_code == 413
    assert "请压缩或剪短后再上传" in response.json()["error"]
    assert nothing_stored()


def test_only_users_who_may_upload_documents_can_upload_videos(
    client, cadre, banner_supervisor
):
    tracks()
    for user in (cadre.user, banner_supervisor):
        client.force_login(user)
        response = upload(client, tiny_video(seconds=1))
        assert response.status_code in (302, 403)
    assert nothing_stored()


# ---- The state in the admin ---------------------------------------------------


def test_the_admin_shows_each_videos_state(
    trainer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        document_id = upload(trainer_client, tiny_video(seconds=1)).json()["id"]
    status_url = reverse("cms_videos:status", args=[document_id])
    status = trainer_client.get(status_url).json()
    assert (status["state"], status["label"]) == ("pending", "手机版：等待转码")
    assert status["poster_url"]
    listing = trainer_client.get("/admin/videos/").content.decode()
    assert "讲解视频" in listing and "等待转码" in listing

    for callback in queued:
        callback()
    status = trainer_client.get(status_url).json()
    assert (status["state"], status["finished"]) == ("ready", True)
    assert "手机版 320×240 已生成" in status["detail"]
    listing = trainer_client.get("/admin/videos/").content.decode()
    assert "讲解视频" in listing and "已完成" in listing
    video = VideoFile.objects.get()
    page = trainer_client.get(reverse("cms_videos:inspect", args=[video.pk]))
    assert "手机版：已完成" in page.content.decode()


def test_a_failed_conversion_says_why_and_the_lesson_plays_the_original(
    trainer_client, cadre, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("编码器内存不足")

    monkeypatch.setattr("cms.videos.codec.video_transcode_phone", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document_id = upload(trainer_client, tiny_video(seconds=1)).json()["id"]
    video = VideoFile.objects.get()
    assert video.state == VideoFile.State.FAILED
    assert "编码器内存不足" in video.error

    listing = trainer_client.get("/admin/videos/").content.decode()
    assert "转码失败" in listing
    page = trainer_client.get(reverse("cms_videos:inspect", args=[video.pk]))
    html = page.content.decode()
    assert "手机版：转码失败" in html and "编码器内存不足" in html
    assert "学员将观看原视频" in html and "重新转码" in html
    status = trainer_client.get(reverse("cms_videos:status", args=[document_id]))
    assert "编码器内存不足" in status.json()["detail"]

    lesson = video_lesson(Document.objects.get(pk=document_id))
    html = cadre_client(cadre).get(lesson.url).content.decode()
    assert "转码中" not in html
    assert f'<source src="{video.document.url}" type="video/mp4">' in html
    assert 'preload="none"' in html

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(reverse("cms_videos:retry", args=[video.pk]))
    assert response.status_code == 302
    video.refresh_from_db()
    assert (video.state, video.error) == (VideoFile.State.READY, "")


# ---- The lesson page ------------------------------------------------------------


def test_the_lesson_shows_converting_until_the_phone_version_is_ready(
    trainer_client, cadre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        document_id = upload(trainer_client, tiny_video(seconds=2)).json()["id"]
    document = Document.objects.get(pk=document_id)
    lesson = video_lesson(document)
    enrollment_choose(cadre=cadre, course=lesson.get_parent().specific)
    client = cadre_client(cadre)

    html = client.get(lesson.url).content.decode()
    assert "转码中" in html
    assert "<video" not in html
    assert "等不及？打开原视频" in html

    for callback in queued:
        callback()
    video = VideoFile.objects.get()
    html = client.get(lesson.url).content.decode()
    assert "转码中" not in html
    assert 'preload="none"' in html
    poster = video.poster.get_rendition("width-800").url
    assert f'poster="{poster}"' in html
    phone = video.phone_file.url
    # Phones first (the rendition), wide screens the original, then the
    # rendition again for a browser that cannot play the original.
    first = html.index(
        f'<source src="{phone}" type="video/mp4" media="(max-width: 900px)">'
    )
    second = html.index(f'<source src="{document.url}" type="video/mp4">')
    third = html.index(f'<source src="{phone}" type="video/mp4">', second)
    assert first < second < third
    # The watched-share rule reads the stored length: 80 % of 2 s.
    assert 'data-video-required="2"' in html
