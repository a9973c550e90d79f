"""账号安全 on the portal (any logged-in user changes their own password) and
重置密码 in the admin (a cadre's password reset to a one-time initial
password, shown once)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..access import access_required, forbidden, is_active_user, may_reset_password
from ..models import PasswordReset
from .forms import PasswordChangeForm
from .services import password_change, password_reset

RESET_REFUSED = gettext_lazy("只有管理员和学员所在苏木乡镇的督导可以重置该学员的密码。")


def _safe_next(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else ""


@access_required(is_active_user)
@sensitive_post_parameters()
def change(request):
    """账号安全: the old password and the new one twice."""
    next_url = _safe_next(request)
    form = PasswordChangeForm(
        request.user, request.POST if request.method == "POST" else None
    )
    if form.is_valid():
        password_change(
            user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("密码已修改，下次请用新密码登录。"))
        return redirect(next_url or reverse("passwords:change"))
    response = TemplateResponse(
        request,
        "passwords/change.html",
        {
            "form": form,
            "next": next_url,
            "must_change": request.user.password_must_change,
        },
    )
    add_never_cache_headers(response)
    return response


class PasswordResetView(WagtailAdminTemplateMixin, TemplateView):
    """重置密码 of a cadre's login (registered by lms.viewsets.cadres): GET
    asks to confirm, POST resets and shows the initial password once."""

    template_name = "passwords/reset.html"
    page_title = gettext_lazy("重置密码")
    header_icon = "key"
    queryset_for_user = None  # the cadre viewset's scope (lms.selectors)
    inspect_url_name = None

    def dispatch(self, request, *args, pk, **kwargs):
        self.cadre = get_object_or_404(
            self.queryset_for_user(request.user).select_related(
                "user", "village__township"
            ),
            pk=pk,
        )
        if not may_reset_password(request.user, self.cadre):
            return forbidden(request, RESET_REFUSED)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.cadre.name

    @cached_property
    def inspect_url(self):
        return reverse(self.inspect_url_name, args=[self.cadre.pk])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.inspect_url, "label": self.cadre.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account = self.cadre.user
        context.update(
            cadre=self.cadre,
            account=account,
            inspect_url=self.inspect_url,
            resets=(
                PasswordReset.objects.filter(user=account).select_related("reset_by")[
                    :10
                ]
                if account is not None
                else []
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        account = self.cadre.user
        if account is None:
            return self.get(request, *args, **kwargs)
        password = password_reset(user=account, by=request.user)
        response = self.render_to_response(
            self.get_context_data(initial_password=password)
        )
        add_never_cache_headers(response)
        return response
