"""Certificates (结业证书): the printable certificate for its cadre and the
users whose scope includes them, and the public check of its code, which
shows that it is genuine and nothing more about the person than a masked
name."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..records_selectors import (
    CERTIFICATE_ISSUER,
    certificate_code_normalise,
    certificate_for,
    certificate_public,
    certificate_track,
)
from .checkin import qr_svg

CODE_MAX_LENGTH = 40  # longer entries are not looked up


@login_required
@require_GET
def certificate(request, code):
    """结业证书, printable on A4: 404 unless the user may see its cadre."""
    found = certificate_for(request.user, code[:CODE_MAX_LENGTH])
    if found is None:
        raise Http404
    verify_url = request.build_absolute_uri(
        reverse("courses:certificate_verify", args=[found.code])
    )
    if found.cadre.user_id == request.user.pk:
        archive_url = reverse("courses:my_archive")
    else:
        archive_url = reverse("courses:cadre_archive", args=[found.cadre_id])
    context = {
        "certificate": found,
        "cadre": found.cadre,
        "course": found.course,
        "track": certificate_track(found),
        "issuer": CERTIFICATE_ISSUER,
        "verify_url": verify_url,
        "qr_svg": qr_svg(verify_url, _("证书验证二维码")),
        "archive_url": archive_url,
    }
    return render(request, "courses/certificate.html", context)


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def certificate_verify(request, code=None):
    """证书验证 (public): a form for the code; with a code, whether it is
    genuine, with the masked name, course, completion date and hours only."""
    if code is None:
        typed = certificate_code_normalise(request.GET.get("code", ""))
        if typed:
            return redirect("courses:certificate_verify", typed[:CODE_MAX_LENGTH])
        return _noindex(render(request, "courses/certificate_verify.html", {}))
    found = certificate_public(code[:CODE_MAX_LENGTH])
    context = {"code": code[:CODE_MAX_LENGTH], "found": found, "checked": True}
    response = render(
        request,
        "courses/certificate_verify.html",
        context,
        status=200 if found else 404,
    )
    return _noindex(response)


urlpatterns = [
    # The verification paths first: "verify" is not a code.
    path("certificates/verify/", certificate_verify, name="certificate_verify"),
    path(
        "certificates/verify/<str:code>/",
        certificate_verify,
        name="certificate_verify",
    ),
    path("certificates/<str:code>/", certificate, name="certificate"),
]
