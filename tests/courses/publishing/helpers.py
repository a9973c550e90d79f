"""The Wagtail admin as a browser drives it: log in, open and post page forms,
approve a workflow task."""

from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from courses.models import CoursePage, LessonPage


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def add_subpage_url(page):
    return reverse("wagtailadmin_pages:add_subpage", args=[page.pk])


def lesson_of(course):
    return LessonPage.objects.child_of(course).get()


def assert_refused(response):
    """Wagtail's admin refuses with a redirect to the dashboard and a message."""
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def form_data(client, url, form_id, **changes):
    """The admin form at url as the browser would post it, with changes."""
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id=form_id)
    for name, value in changes.items():
        data[name] = value
    return data


def edit(client, page, action=None, **changes):
    data = form_data(client, edit_url(page), "page-edit-form", **changes)
    if action:
        data[f"action-{action}"] = "1"
    return client.post(edit_url(page), data)


def approve(client, page):
    state = page.current_workflow_task_state
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]
        ),
        {"comment": ""},
    )


def fresh(page):
    return CoursePage.objects.get(pk=page.pk)


def post_lesson(client, lesson, action=None, body="<p>草原防火要点。</p>", **changes):
    """The lesson form as the admin posts it (its body is built by the
    editor's JavaScript, so it is given here)."""
    url = edit_url(lesson)
    html = client.get(url).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    for key in [k for k in data if k.startswith("body-")]:
        del data[key]
    for name, value in changes.items():
        data[name] = value
    blocks = [("paragraph", rich_text(body))] if body else []
    data.update(nested_form_data({"body": streamfield(blocks)}))
    if action:
        data[f"action-{action}"] = "1"
    return client.post(url, data)
