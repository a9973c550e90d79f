from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A Chinese page for an expired form instead of Django's English one."""
    return render(request, "403_csrf.html", status=403)
