"""A certificate code that collides with another certificate's is drawn again:
the cadre still gets a certificate, and a generator that keeps colliding is
an error, never a certificate silently left out."""

from unittest import mock

import pytest

from courses.models import Certificate
from courses.records import services
from courses.records.services import CertificateCodeExhausted

from ..factories import tracks
from .factories import completed_course

TAKEN = "ABCDEFGHJK"
DRAW = "courses.records.services.certificate_code_new"


@pytest.fixture
def taken(other_cadre):
    """Another cadre's certificate, holding code TAKEN."""
    other = other_cadre
    with mock.patch(DRAW, return_value=TAKEN):
        completed_course(other, tracks()[0], title="乡村振兴政策")
    return Certificate.objects.get(code=TAKEN)


def test_a_colliding_code_is_drawn_again(cadre, taken):
    fresh = iter([TAKEN, "MNPQRSTUVW"])
    with mock.patch(DRAW, side_effect=lambda: next(fresh)):
        course = completed_course(cadre, tracks()[0], title="村集体经济发展")
    certificate = Certificate.objects.get(cadre=cadre, course=course)
    assert certificate.code == "MNPQRSTUVW"
    assert Certificate.objects.get(code=TAKEN) == taken


def test_a_generator_that_keeps_colliding_is_an_error(cadre, taken):
    with (
        mock.patch(DRAW, return_value=TAKEN) as draw,
        pytest.raises(CertificateCodeExhausted),
    ):
        completed_course(cadre, tracks()[0], title="村集体经济发展")
    assert draw.call_count == services.CERTIFICATE_CODE_TRIES
    assert not Certificate.objects.filter(cadre=cadre).exists()
