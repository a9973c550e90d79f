"""The people core: users and roles, townships, villages and cadre profiles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .personal_data import (
    mask_id_number,
    mask_mobile,
    validate_id_number,
    validate_mobile,
)
from .private_files.storage import TokenPath, private_storage


class Role(models.TextChoices):
    CADRE = "cadre", _("学员")
    TRAINER = "trainer", _("讲师")
    SUPERVISOR = "supervisor", _("督导")
    ADMIN = "admin", _("管理员")


class VillageClass(models.IntegerChoices):
    ADVANCED = 1, _("一类（创先进）")
    IMPROVING = 2, _("二类（促提升）")
    RECTIFYING = 3, _("三类（抓调整）")


class Position(models.TextChoices):
    PARTY_SECRETARY = "party_secretary", _("党支部书记")
    COMMITTEE_DIRECTOR = "committee_director", _("村委会主任")
    SECRETARY_AND_DIRECTOR = "secretary_and_director", _("书记兼主任")
    DEPUTY_SECRETARY = "deputy_secretary", _("党支部副书记")
    DEPUTY_DIRECTOR = "deputy_director", _("村委会副主任")
    COMMITTEE_MEMBER = "committee_member", _("两委委员")
    SUPERVISION_DIRECTOR = "supervision_director", _("村务监督委员会主任")


class Sex(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Township(models.Model):
    """苏木乡镇: a township (sumu, town or xiang) of the Banner."""

    name = models.CharField(_("名称"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("苏木乡镇")
        verbose_name_plural = _("苏木乡镇")

    def __str__(self):
        return self.name


class Village(models.Model):
    """嘎查村: a village; its class decides its training plan and supervision."""

    township = models.ForeignKey(
        Township,
        verbose_name=_("苏木乡镇"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    name = models.CharField(_("名称"), max_length=40)
    village_class = models.PositiveSmallIntegerField(
        _("村分类"), choices=VillageClass.choices
    )
    history = HistoricalRecords(
        verbose_name=_("嘎查村变更记录"), verbose_name_plural=_("嘎查村变更记录")
    )

    class Meta:
        ordering = ["township__sort_order", "township__name", "name"]
        verbose_name = _("嘎查村")
        verbose_name_plural = _("嘎查村")
        constraints = [
            models.UniqueConstraint(
                fields=["township", "name"], name="village_unique_name_in_township"
            ),
            models.CheckConstraint(
                condition=Q(village_class__in=VillageClass.values),
                name="village_class_valid",
            ),
        ]

    def __str__(self):
        return f"{self.township.name} {self.name}"


class User(AbstractUser):
    """Anyone who logs in. Cadres log in with their mobile number as username."""

    name = models.CharField(_("姓名"), max_length=40, blank=True)
    role = models.CharField(
        _("角色"), max_length=16, choices=Role.choices, default=Role.CADRE
    )
    supervised_township = models.ForeignKey(
        Township,
        verbose_name=_("督导范围"),
        help_text=_("仅对督导有效：留空表示全旗，选择苏木乡镇表示只看该苏木乡镇。"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervisors",
    )
    # Passwords (lms.passwords): set by someone else (a reset, the roster, the
    # demo) until the user chooses their own on 账号安全.
    password_must_change = models.BooleanField(
        _("须修改密码"),
        default=False,
        help_text=_("密码由他人设置，用户下次登录后须先设置新密码。"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=Q(supervised_township__isnull=True) | Q(role=Role.SUPERVISOR),
                name="user_only_supervisors_have_township_scope",
            ),
        ]

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username

    @property
    def is_administrator(self):
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def is_banner_supervisor(self):
        return self.role == Role.SUPERVISOR and self.supervised_township_id is None


class Cadre(models.Model):
    """学员: a village cadre's profile, the record the Banner keeps (备案管理)."""

    user = models.OneToOneField(
        User,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cadre",
    )
    name = models.CharField(_("姓名"), max_length=40)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(_("民族"), max_length=16, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    position = models.CharField(_("职务"), max_length=32, choices=Position.choices)
    village = models.ForeignKey(
        Village,
        verbose_name=_("嘎查村"),
        on_delete=models.PROTECT,
        related_name="cadres",
    )
    mobile = models.CharField(
        _("手机号"), max_length=11, unique=True, validators=[validate_mobile]
    )
    id_number = models.CharField(
        _("身份证号"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_id_number],
    )
    is_active = models.BooleanField(_("在职"), default=True)
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(
        verbose_name=_("学员档案变更记录"),
        verbose_name_plural=_("学员档案变更记录"),
        excluded_fields=["updated_at"],
    )

    # The profile as a roster row, the edit form and the admin detail show it.
    PROFILE_FIELDS = (
        "name",
        "sex",
        "ethnicity",
        "birth_year",
        "birth_date",
        "position",
        "village",
        "mobile",
        "id_number",
        "is_active",
    )

    class Meta:
        ordering = ["village__township__sort_order", "village__name", "name"]
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        indexes = [
            models.Index(fields=["name"], name="cadre_name_idx"),
            models.Index(fields=["position"], name="cadre_position_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1920, birth_year__lte=2020),
                name="cadre_birth_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True) | Q(birth_year__isnull=False),
                name="cadre_birth_date_has_year",
            ),
            models.CheckConstraint(
                condition=Q(sex__in=Sex.values), name="cadre_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="cadre_position_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_mobile(self):
        return mask_mobile(self.mobile)

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number or "")

    def matches(self, *, positions, village_classes, township_ids):
        """Whether the cadre is in a group chosen by position, village class
        and township (an empty choice means any): a course's audience, a
        session's roster."""
        village = self.village
        return (
            (not positions or self.position in positions)
            and (not village_classes or village.village_class in village_classes)
            and (not township_ids or village.township_id in township_ids)
        )


class PersonalDataAccess(models.Model):
    """One administrator's view of a cadre's whole ID or mobile number (PIPL)."""

    viewer = models.ForeignKey(
        User, verbose_name=_("查看人"), on_delete=models.PROTECT, related_name="+"
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="personal_data_accesses",
    )
    purpose = models.CharField(_("用途"), max_length=40)
    viewed_at = models.DateTimeField(_("查看时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")

    def __str__(self):
        return f"{self.viewer} → {self.cadre} ({self.viewed_at:%Y-%m-%d %H:%M})"


class PendingImport(models.Model):
    """An uploaded file of an import (名册, 题库, 纸质签到表) and the check of it:
    previewed first, imported only when confirmed, and only once (lms.imports
    claims it by a conditional update of its status)."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("待确认")
        REJECTED = "rejected", _("有错误，未导入")
        IMPORTED = "imported", _("已导入")

    # Each import names its kind ("roster", "questions", "attendance"); lms
    # knows none of the apps that add one.
    kind = models.CharField(_("导入类型"), max_length=32)
    # Private (issue 13): outside MEDIA_ROOT, a random name, served only to
    # the uploader or administrators; deleted once confirmed or after 24 hours.
    file = models.FileField(
        _("文件"), upload_to=TokenPath("imports"), storage=private_storage
    )
    original_name = models.CharField(_("文件名"), max_length=255)
    # What the import needs besides the file, e.g. {"create_places": true}.
    options = models.JSONField(_("导入选项"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PREVIEWED
    )
    summary = models.JSONField(_("结果摘要"), default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("待确认的导入")
        verbose_name_plural = _("待确认的导入")
        indexes = [
            models.Index(
                fields=["kind", "-uploaded_at"], name="pending_import_kind_idx"
            )
        ]

    def __str__(self):
        return self.original_name


# --- passwords (lms.passwords) ------------------------------------------------


class PasswordReset(models.Model):
    """An account's password reset to a one-time initial password: who did it
    and when (the password itself is never stored)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("登录账号"),
        on_delete=models.CASCADE,
        related_name="password_resets",
    )
    reset_by = models.ForeignKey(
        User, verbose_name=_("重置人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("重置时间"), db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("密码重置记录")
        verbose_name_plural = _("密码重置记录")

    def __str__(self):
        return f"{self.user} ← {self.reset_by} ({self.at:%Y-%m-%d %H:%M})"
