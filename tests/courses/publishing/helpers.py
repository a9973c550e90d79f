"""The Wagtail admin as a browser drives it: log in, open and post page forms,
approve a workflow task."""

from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

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
