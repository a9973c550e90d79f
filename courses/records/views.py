"""The kept records' pages.

- 学习档案 (archive): every year, every course with its status, hours, quiz
  scores and sessions attended, and the year's totals against the targets;
  printable. The cadre sees their own; administrators and supervisors the
  cadres in their scope (lms.selectors.cadres_visible_to).
- 结业证书 (certificate): printable, for its cadre and the users whose scope
  includes them; the public check of its code (证书验证) shows that it is
  genuine and nothing more about the person than a masked name.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..models import StudyHourTargets
from ..qr import qr_svg
from ..selectors import viewer_cadre
from .selectors import (
    CERTIFICATE_ISSUER,
    archive_cadre,
    cadre_archive,
    certificate_code_normalise,
    certificate_for,
    certificate_public,
    certificate_track,
)

# --- 学习档案 ---------------------------------------------------------------------


def _archive_page(request, cadre):
    targets = StudyHourTargets.load(request_or_site=request)
    context = {
        "cadre": cadre,
        "own": cadre.user_id == request.user.pk,
        "years": cadre_archive(cadre, targets),
        "targets": targets,
        "printed_at": timezone.now(),
    }
    return render(request, "courses/archive.html", context)


@login_required
@require_GET
def my_archive(request):
    """我的学习档案: the logged-in cadre's own archive; 403 for other users."""
    own = viewer_cadre(request.user)
    cadre = own and archive_cadre(request.user, own.pk)
    if cadre is None:
        return render(request, "courses/archive.html", {"cadre": None}, status=403)
    return _archive_page(request, cadre)


@login_required
@require_GET
def cadre_archive_page(request, cadre_id):
    """A cadre's archive for a user whose scope includes them (the cadre
    themselves, administrators, supervisors); 404 for anyone else."""
    cadre = archive_cadre(request.user, cadre_id)
    if cadre is None:
        raise Http404
    return _archive_page(request, cadre)


# --- 结业证书 ---------------------------------------------------------------------

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
