"""A video lesson's file: the uploaded original (a Wagtail document), its
length, its poster frame and the phone-sized rendition made in the background."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model_string


class VideoFile(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("等待转码")
        TRANSCODING = "transcoding", _("转码中")
        READY = "ready", _("已完成")
        FAILED = "failed", _("转码失败")

    document = models.OneToOneField(
        "wagtaildocs.Document",
        verbose_name=_("原视频"),
        on_delete=models.CASCADE,
        related_name="video_file",
    )
    duration_seconds = models.PositiveIntegerField(_("时长（秒）"))
    width = models.PositiveIntegerField(_("宽度"))
    height = models.PositiveIntegerField(_("高度"))
    has_audio = models.BooleanField(_("有声音"), default=True)
    poster = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("封面帧"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone_file = models.FileField(
        _("手机版视频"), upload_to="videos/phone/", blank=True, max_length=255
    )
    phone_width = models.PositiveIntegerField(_("手机版宽度"), null=True, blank=True)
    phone_height = models.PositiveIntegerField(_("手机版高度"), null=True, blank=True)
    state = models.CharField(
        _("转码状态"), max_length=16, choices=State.choices, default=State.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("转码进度（%）"), default=0)
    error = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    transcode_started_at = models.DateTimeField(_("开始转码"), null=True, blank=True)
    transcode_finished_at = models.DateTimeField(_("结束转码"), null=True, blank=True)

    class Meta:
        verbose_name = _("视频")
        verbose_name_plural = _("视频")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="video_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(state="ready") | ~Q(phone_file=""),
                name="video_ready_has_phone_file",
            ),
            models.CheckConstraint(
                condition=~Q(state="failed") | ~Q(error=""),
                name="video_failed_says_why",
            ),
        ]

    def __str__(self):
        return self.document.title

    @property
    def state_label(self):
        """转码中 42%, 已完成, …: what the admin and the editor show."""
        if self.state == self.State.TRANSCODING:
            return _("转码中 %(progress)s%%") % {"progress": self.progress}
        return self.get_state_display()

    @property
    def is_ready(self):
        return self.state == self.State.READY and bool(self.phone_file)

    @property
    def duration_display(self):
        minutes, seconds = divmod(self.duration_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        if hours:
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return f"{minutes}:{seconds:02d}"
