"""结业证书: the printable certificate for those who may see its cadre, and
the public verification page, which shows nothing more than it should."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Certificate
from courses.records.selectors import CERTIFICATE_ISSUER, certificate_code_normalise
from tests.clock import T0

from ..factories import make_course, make_lesson, tracks
from .factories import completed_course, studying_course

VERIFY = reverse("courses:certificate_verify")


@pytest.fixture
def done(cadre):
    """A course the cadre completed, with its certificate."""
    return completed_course(cadre, tracks()[0], title="村集体经济发展")


@pytest.fixture
def certificate(cadre, done):
    return Certificate.objects.get(cadre=cadre, course=done)


def certificate_url(certificate):
    return reverse("courses:certificate", args=[certificate.code])


def verify_url(code):
    return reverse("courses:certificate_verify", args=[code])


# ---- The certificate ------------------------------------------------------------


def test_the_code_is_made_of_the_alphabet(certificate):
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{10}", certificate.code)


def test_the_cadre_sees_their_certificate(client, cadre, done, certificate):
    client.force_login(cadre.user)
    response = client.get(certificate_url(certificate))
    assert response.status_code == 200
    html = response.content.decode()
    assert "结业证书" in html
    assert cadre.name in html
    assert done.title in html
    assert tracks()[0].title in html
    assert certificate.completed_at.strftime("%Y年%-m月%-d日") in html
    assert "共计 2 学时" in html
    assert str(CERTIFICATE_ISSUER) in html
    assert certificate.code in html
    absolute = f"http://testserver{verify_url(certificate.code)}"
    assert absolute in html
    assert '<svg class="qr-code"' in html
    assert "certificate.css" in html and "data-print" in html
    assert reverse("courses:my_archive") in html
    assert cadre.mobile not in html


def test_the_certificate_prints_on_a4():
    css = open(finders.find("courses/css/certificate.css"), encoding="utf-8").read()
    assert re.search(r"@page\s*{\s*size:\s*A4", css)
    assert "@media print" in css


def test_codes_are_matched_whatever_their_case_and_separators(
    client, cadre, certificate
):
    client.force_login(cadre.user)
    code = certificate.code
    typed = f"{code[:5].lower()}-{code[5:]}"
    assert client.get(reverse("courses:certificate", args=[typed])).status_code == 200
    assert certificate_code_normalise(f" {code[:3]} {code[3:6]}－{code[6:]} ") == code


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("administrator", 200),
        ("banner_supervisor", 200),
        ("township_supervisor", 200),  # the cadre is in 东明镇
        ("trainer", 404),
        ("other_cadre", 404),
    ],
)
def test_who_sees_a_certificate(client, request, certificate, role, status):
    viewer = request.getfixturevalue(role)
    client.force_login(getattr(viewer, "user", viewer))
    response = client.get(certificate_url(certificate))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert reverse("courses:cadre_archive", args=[certificate.cadre_id]) in html


def test_a_township_supervisor_elsewhere_gets_a_404(
    client, other_cadre, township_supervisor
):
    """The supervisor of 东明镇 tampering with the code of a cadre of 八仙筒镇."""
    course = completed_course(other_cadre, tracks()[1], title="乡村治理实务")
    theirs = Certificate.objects.get(cadre=other_cadre, course=course)
    client.force_login(township_supervisor)
    assert client.get(certificate_url(theirs)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, certificate):
    response = client.get(certificate_url(certificate))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_unknown_code_is_not_found(client, cadre, certificate):
    client.force_login(cadre.user)
    for code in ["ZZZZZZZZZZ", "verify-x", "x" * 100, certificate.code[:-1]]:
        url = reverse("courses:certificate", args=[code])
        assert client.get(url).status_code == 404, code


# ---- Public verification -----------------------------------------------------------


def test_a_genuine_code_shows_only_the_public_facts(
    client, cadre, trainer, done, certificate
):
    studying_course(cadre, tracks()[2], trainer, title="电商直播带货")
    cadre.id_number = "150525198803150017"
    cadre.save()
    response = client.get(verify_url(certificate.code))  # anonymous
    assert response.status_code == 200
    html = response.content.decode()
    assert "证书真实有效" in html
    assert "乌*吉" in html  # mask_name
    assert done.title in html
    assert certificate.completed_at.strftime("%Y-%m-%d") in html
    assert certificate.code in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"].startswith("noindex")
    # Nothing else about the cadre.
    for private in [
        cadre.name,
        cadre.village.name,
        cadre.village.township.name,
        cadre.get_position_display(),
        cadre.mobile,
        cadre.mobile[-4:],
        cadre.id_number,
        "电商直播带货",  # another course
        "村集体经济发展测验",  # a quiz and its score
        "100 分",
        reverse("courses:cadre_archive", args=[cadre.pk]),
    ]:
        assert private not in html, private


def test_a_two_character_name_is_masked(client, other_cadre):
    other_cadre.name = "张兰"
    other_cadre.save()
    course = make_course(tracks()[1], title="民族团结政策")
    make_lesson(course)
    certificate = Certificate.objects.create(
        cadre=other_cadre,
        course=course,
        code="ABCDEFGH23",
        completed_at=T0,
        hours=2,
    )
    html = client.get(verify_url(certificate.code)).content.decode()
    assert "张*" in html and "张兰" not in html


def test_the_verification_matches_typed_codes(client, certificate):
    code = certificate.code
    typed = f"{code[:5].lower()}-{code[5:]}"
    response = client.get(verify_url(typed))
    assert response.status_code == 200
    assert "证书真实有效" in response.content.decode()
    # The form sends ?code=…: redirected to the page the QR code opens.
    response = client.get(VERIFY, {"code": f" {code[:5]} - {code[5:].lower()} "})
    assert response.status_code == 302
    assert response["Location"] == verify_url(code)


def test_an_unknown_code_says_so_with_a_404(client, certificate):
    response = client.get(verify_url("ZZZZ-ZZZZ-ZZ"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "未找到该证书" in html
    assert "证书真实有效" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_form_page(client, db):
    response = client.get(VERIFY)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' in html and "证书真实有效" not in html
    assert client.get(VERIFY, {"code": " - "}).status_code == 200


def test_verification_costs_the_same_few_queries(client, certificate):
    url = verify_url(certificate.code)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    # The certificate, then the page's frame (site, view restrictions,
    # navigation, portal settings).
    assert len(ctx) == 5, "\n".join(q["sql"] for q in ctx.captured_queries)
