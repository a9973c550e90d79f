"""What kind of answer a request expects."""


def wants_json(request):
    """The site's scripts ask for JSON (Accept), post with X-CSRFToken or send
    JSON; a page the browser opens does none of these."""
    headers = request.headers
    return (
        "application/json" in headers.get("Accept", "")
        or "X-CSRFToken" in headers
        or headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.content_type == "application/json"
    )
