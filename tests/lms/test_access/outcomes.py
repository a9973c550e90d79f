"""What one request answered, in the table's words.

- "login": a redirect to the portal's login page (/accounts/login/?next=…);
- "alogin": a redirect to the admin's login page (/admin/login/?next=…);
- "home": Wagtail's refusal, a redirect to the admin home with 抱歉，
  您无权访问这个区域 (its generic views and the admin's own permission check);
- "redirect": any other redirect (an allowed request that goes on elsewhere);
- a status code otherwise (200, 400, 403, 404, 405).
"""

from urllib.parse import urlsplit

from django.db import transaction
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

OUR_APPS = ("lms", "courses", "exams", "cms")


def _view_module(pattern):
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    return (view_class or callback).__module__


def _walk(patterns, namespace=None, kwargs=()):
    for pattern in patterns:
        names = kwargs + tuple(getattr(pattern.pattern, "converters", {}))
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from _walk(pattern.url_patterns, inner, names)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace, pattern, names


def our_url_names():
    """{namespaced URL name: its keyword arguments} of every URL whose view is in
    one of our apps, and every URL of a namespace (an admin viewset) that has
    one: a viewset of ours serves some of its URLs with Wagtail's own views."""
    found = list(_walk(get_resolver().url_patterns))
    ours = {
        namespace
        for namespace, pattern, _kwargs in found
        if _view_module(pattern).split(".")[0] in OUR_APPS
    }
    names = {}
    for namespace, pattern, kwargs in found:
        module_is_ours = _view_module(pattern).split(".")[0] in OUR_APPS
        if module_is_ours or (namespace in ours and namespace is not None):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            names.setdefault(name, kwargs)
    return names


def outcome(response):
    if response.status_code in (301, 302):
        target = urlsplit(response.url).path
        if target == reverse("login"):
            return "login"
        if target == reverse("wagtailadmin_login"):
            return "alogin"
        if target == reverse("wagtailadmin_home"):
            return "home"
        return "redirect"
    return response.status_code


def answer(client, method, url):
    """The outcome of one request, whatever it wrote rolled back."""
    with transaction.atomic():
        response = getattr(client, method.lower())(url)
        transaction.set_rollback(True)
    return outcome(response)
