"""Background work for videos (Django's tasks API; see courses/tasks.py)."""

from django_tasks import task

from .transcoding import video_transcode


@task(backend="videos")
def transcode_video(video_id):
    """Make the phone rendition of one uploaded video; returns its end state."""
    return video_transcode(video_id=video_id)
