"""The projector page: its rotating QR code, for the session's trainers and
administrators only."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import (
    AttendanceMark,
)
from lms.models import Role
from lms.services import user_create
from tests.conftest import PASSWORD

# ---- The projector ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("session_trainer", 200),
        ("course_trainer", 200),
        ("administrator", 200),
        ("other_trainer", 403),
        ("banner_supervisor", 403),
        ("cadre", 403),
    ],
)
def test_projector_is_for_the_sessions_trainers_and_administrators(
    client, request, course, session, who, status
):
    if who == "session_trainer":
        user = session.trainer
    elif who in ("course_trainer", "other_trainer"):
        user = user_create(
            username=who, name="李讲师", role=Role.TRAINER, password=PASSWORD
        )
        if who == "course_trainer":
            course.trainers.add(user)
            course.save()
    elif who == "cadre":
        user = request.getfixturevalue("cadre").user
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for name in ("courses:projector", "courses:projector_code"):
        response = client.get(reverse(name, args=[session.pk]))
        assert response.status_code == status, name


def test_projector_sends_the_logged_out_to_log_in(client, session):
    url = reverse("courses:projector", args=[session.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert (
        client.get(reverse("courses:projector_code", args=[session.pk])).status_code
        == 302
    )


def test_projector_shows_the_session_a_qr_code_and_counts(
    client, session, cadre, enrolled
):
    client.force_login(session.trainer)
    response = client.get(reverse("courses:projector", args=[session.pk]))
    page = response.content.decode()
    assert session.title in page and session.place in page
    assert "<svg" in page and 'class="qr-code"' in page
    assert 'width="' not in page.split("<svg", 1)[1].split(">", 1)[0]  # scales
    url = response.context["url"]
    assert url.startswith("http://testserver/courses/sessions/")
    assert url in page
    assert (response.context["checked_in"], response.context["expected"]) == (0, 1)
    assert "courses/js/projector.js" in page


def test_a_closed_sessions_projector_shows_no_code(client, session, trainer):
    session.closed_at = timezone.now()
    session.save()
    client.force_login(session.trainer)
    page = client.get(reverse("courses:projector", args=[session.pk])).content.decode()
    assert "本场培训已结束考勤" in page and "<svg" not in page
    code_url = reverse("courses:projector_code", args=[session.pk])
    data = client.get(code_url).json()
    assert data["closed"] is True and "url" not in data and "qr_svg" not in data


def test_the_code_endpoint_gives_a_fresh_code_that_checks_in(
    client, session, cadre, enrolled, monkeypatch
):
    client.force_login(session.trainer)
    code_url = reverse("courses:projector_code", args=[session.pk])
    now = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now)
    first = client.get(code_url).json()
    monkeypatch.setattr("django.core.signing.time.time", lambda: now + 15)
    data = client.get(code_url).json()
    assert data["url"] != first["url"]
    assert data["refresh_seconds"] == 15
    assert (data["checked_in"], data["expected"]) == (0, 1)
    assert data["qr_svg"].startswith("<svg")

    parts = urlsplit(data["url"])
    code = parse_qs(parts.query)["code"][0]
    client.force_login(cadre.user)
    response = client.post(parts.path, {"code": code})
    assert "签到成功" in response.content.decode()
    assert AttendanceMark.objects.get(session=session, cadre=cadre).state == "present"

    client.force_login(session.trainer)
    assert client.get(code_url).json()["checked_in"] == 1
