"""The cadre's training archive (学习档案): every year, every course with its
status, hours, quiz scores and sessions attended, and the year's totals
against the targets; printable. The cadre sees their own; administrators and
supervisors the cadres in their scope (lms.selectors.cadres_visible_to)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..models import StudyHourTargets
from ..records_selectors import archive_cadre, cadre_archive
from ..selectors import viewer_cadre
from . import certificates


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


urlpatterns = [
    path("archive/", my_archive, name="my_archive"),
    path("archive/<int:cadre_id>/", cadre_archive_page, name="cadre_archive"),
    *certificates.urlpatterns,
]
