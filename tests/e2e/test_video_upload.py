"""A trainer uploads a video in the lesson editor's video block, watches the
progress bar reach the end, sees the phone version made, and saves the lesson."""

from cms.videos.models import VideoFile
from courses.models import LessonPage
from tests.cms.videos import tiny_video
from tests.courses.factories import make_course, make_lesson, tracks

from .logins import admin_log_in


def test_trainer_uploads_a_video_in_the_lesson_editor(
    browser, live_server, trainer, tmp_path
):
    course = make_course(tracks()[0], title="村级财务管理", trainers=[trainer])
    lesson = make_lesson(course, title="财务公开")
    video_path = tmp_path / "财务公开讲解.mp4"
    video_path.write_bytes(tiny_video(seconds=2))

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        admin_log_in(page, live_server.url, trainer)
        page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")

        # A video block added to the page now: the controller connects to it.
        page.locator("button.c-sf-add-button").last.click()
        page.get_by_role("option", name="视频", exact=True).click()
        field = page.locator(".video-upload").last
        field.get_by_role("button", name="上传新视频").wait_for()
        field.locator("input[type=file]").set_input_files(str(video_path))

        progress = field.locator("progress")
        field.get_by_text("上传完成 ✓").wait_for()
        assert progress.get_attribute("value") == "100"
        field.get_by_text("手机版：已完成").wait_for()
        assert "时长 0:02" in field.inner_text()
        poster = field.locator("img.video-upload__poster")  # (no /media/ served here)
        assert poster.get_attribute("hidden") is None
        assert "/media/images/" in poster.get_attribute("src")
        # The chooser now holds the uploaded video.
        assert field.locator(".chooser__title").inner_text() == "财务公开讲解"

        with page.expect_navigation():
            page.get_by_role("button", name="保存草稿").click()
        page.locator(".messages .success").wait_for()
    finally:
        context.close()

    video = VideoFile.objects.get()
    assert video.state == VideoFile.State.READY
    body = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object().body
    assert [b.value["video"] for b in body if b.block_type == "video"] == [
        video.document
    ]
