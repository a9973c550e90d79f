"""学员: cadres' profiles. Whole ID and mobile numbers for administrators only,
each view recorded; writes go through lms.services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton

from ..access import may_reset_password, may_see_whole_personal_data
from ..forms import CadreCreateForm, CadreForm
from ..models import Cadre, PasswordReset
from ..passwords.views import PasswordResetView
from ..selectors import cadres_visible_to
from ..services import record_personal_data_access
from .base import ScopedEditView, ScopedIndexView, ScopedInspectView
from .display import NOWRAP, YesNoColumn, local_minute, masked_username, yes_no
from .filters import CadreFilterSet, cadre_search
from .people import PeopleViewSet

PURPOSE_INSPECT = "查看详情"
PURPOSE_EDIT = "编辑"
PURPOSE_MOBILE_SEARCH = "按手机号搜索"


class CadreIndexView(ScopedIndexView):
    custom_field_preprocess = {
        "is_active": {"csv": yes_no, "xlsx": yes_no},
    }

    def search_queryset(self, queryset):
        """Names by any part; a mobile number only whole, each cadre it finds
        recorded in 个人信息查看记录 (lms.viewsets.filters.cadre_search)."""
        if not self.is_searching:
            return queryset
        queryset, mobile = cadre_search(queryset, self.search_query)
        if mobile:
            for cadre in queryset:
                record_personal_data_access(
                    viewer=self.request.user,
                    cadre=cadre,
                    purpose=PURPOSE_MOBILE_SEARCH,
                )
        return queryset

    @cached_property
    def columns(self):
        title_column_class = self._get_title_column_class(TitleColumn)
        return [
            title_column_class(
                "name",
                label=gettext_lazy("姓名"),
                sort_key="name",
                classname=NOWRAP,
                get_url=lambda cadre: (
                    self.get_inspect_url(cadre) or self.get_edit_url(cadre)
                ),
            ),
            Column(
                "township",
                classname=NOWRAP,
                label=gettext_lazy("苏木乡镇"),
                accessor="village.township.name",
                sort_key="village__township__sort_order",
            ),
            Column(
                "village",
                classname=NOWRAP,
                label=gettext_lazy("嘎查村"),
                accessor="village.name",
                sort_key="village__name",
            ),
            Column(
                "village_class",
                classname=NOWRAP,
                label=gettext_lazy("村分类"),
                accessor="village.get_village_class_display",
                sort_key="village__village_class",
            ),
            Column(
                "position",
                label=gettext_lazy("职务"),
                accessor="get_position_display",
                sort_key="position",
            ),
            Column("sex", label=gettext_lazy("性别"), accessor="get_sex_display"),
            Column("masked_mobile", label=gettext_lazy("手机号"), classname=NOWRAP),
            Column(
                "masked_id_number", label=gettext_lazy("身份证号"), classname=NOWRAP
            ),
            YesNoColumn("is_active", label=gettext_lazy("在职"), sort_key="is_active"),
        ]


class CadreInspectView(ScopedInspectView):
    """详情: administrators see whole numbers (each view recorded); others masked."""

    @cached_property
    def shows_whole(self):
        return may_see_whole_personal_data(self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.shows_whole:
            record_personal_data_access(
                viewer=request.user, cadre=self.object, purpose=PURPOSE_INSPECT
            )
        return response

    def get_mobile_display_value(self):
        return self.object.mobile if self.shows_whole else self.object.masked_mobile

    def get_id_number_display_value(self):
        if self.shows_whole:
            return self.object.id_number or "—"
        return self.object.masked_id_number or "—"

    def get_user_display_value(self):
        user = self.object.user
        if user is None:
            return _("未开通")
        return user.username if self.shows_whole else masked_username(user)

    def get_is_active_display_value(self):
        return yes_no(self.object.is_active)

    def get_birth_date_display_value(self):
        value = self.object.birth_date
        return value.strftime("%Y-%m-%d") if value else "—"

    def get_created_at_display_value(self):
        return local_minute(self.object.created_at)

    def get_updated_at_display_value(self):
        return local_minute(self.object.updated_at)

    # 重置密码 (lms.passwords): the button, and who reset the password when.
    reset_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.object.user_id and may_reset_password(self.request.user, self.object):
            buttons.append(
                HeaderButton(
                    _("重置密码"),
                    url=reverse(self.reset_url_name, args=[self.object.pk]),
                    icon_name="key",
                )
            )
        return buttons

    def get_fields(self):
        return [*super().get_fields(), "password_resets"]

    def get_field_label(self, field_name, field):
        if field_name == "password_resets":
            return _("密码重置记录")
        return super().get_field_label(field_name, field)

    def get_password_resets_display_value(self):
        resets = PasswordReset.objects.filter(
            user_id=self.object.user_id
        ).select_related("reset_by")[:5]
        return "；".join(
            _("%(at)s 由 %(by)s 重置")
            % {"at": local_minute(reset.at), "by": reset.reset_by}
            for reset in resets
        ) or _("无")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["personal_data_notice"] = (
            _("您看到的是完整的身份证号和手机号，本次查看已记入“个人信息查看记录”。")
            if self.shows_whole
            else _("身份证号和手机号已部分隐藏。")
        )
        return context


class ServiceErrorsMixin:
    """A ValidationError from lms.services (a login's username already in use)
    goes back on the form instead of an error page; the transaction is rolled
    back."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class CadreEditView(ServiceErrorsMixin, ScopedEditView):
    """The edit form holds the whole numbers: administrators only, each view
    recorded. Saving goes through lms.services.cadre_update."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_whole_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_personal_data_access(
            viewer=request.user, cadre=self.object, purpose=PURPOSE_EDIT
        )
        return response


class CadreCreateView(ServiceErrorsMixin, generic.CreateView):
    """Saving goes through lms.services.cadre_create."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_whole_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CadreViewSet(PeopleViewSet):
    model = Cadre
    name = "lms_cadres"
    url_prefix = "people/cadres"
    icon = "user"
    menu_label = gettext_lazy("学员")
    menu_name = "cadres"
    search_fields = ["name"]  # and whole mobile numbers: CadreIndexView
    filterset_class = CadreFilterSet
    index_view_class = CadreIndexView
    inspect_view_class = CadreInspectView
    edit_view_class = CadreEditView
    add_view_class = CadreCreateView
    simple_history = True
    list_per_page = 50
    inspect_view_fields = [*Cadre.PROFILE_FIELDS, "user", "created_at", "updated_at"]
    list_export = [
        "name",
        "get_sex_display",
        "ethnicity",
        "birth_year",
        "village.township.name",
        "village.name",
        "village.get_village_class_display",
        "get_position_display",
        "masked_mobile",
        "masked_id_number",
        "is_active",
    ]
    export_headings = {
        "name": gettext_lazy("姓名"),
        "get_sex_display": gettext_lazy("性别"),
        "ethnicity": gettext_lazy("民族"),
        "birth_year": gettext_lazy("出生年份"),
        "village.township.name": gettext_lazy("苏木乡镇"),
        "village.name": gettext_lazy("嘎查村"),
        "village.get_village_class_display": gettext_lazy("村分类"),
        "get_position_display": gettext_lazy("职务"),
        "masked_mobile": gettext_lazy("手机号（已隐藏部分）"),
        "masked_id_number": gettext_lazy("身份证号（已隐藏部分）"),
        "is_active": gettext_lazy("在职"),
    }
    export_filename = "cadres"

    def queryset_for_user(self, user):
        return cadres_visible_to(user).select_related("village__township", "user")

    # 重置密码 (lms.passwords)
    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            reset_url_name=self.get_url_name("reset_password"), **kwargs
        )

    def get_urlpatterns(self):
        reset = PasswordResetView.as_view(
            queryset_for_user=self.queryset_for_user,
            inspect_url_name=self.get_url_name("inspect"),
        )
        return [
            *super().get_urlpatterns(),
            path("reset-password/<int:pk>/", reset, name="reset_password"),
        ]

    def get_form_class(self, for_update=False):
        return CadreForm if for_update else CadreCreateForm
