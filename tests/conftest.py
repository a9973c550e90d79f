"""Fixtures shared by every test: a small Banner (two townships, three villages),
a cadre and a user of each role. Built by the same helpers as seed_demo."""

import pytest

from cms.demo import ensure_home_page
from courses.demo import ensure_track_pages
from courses.services import enrollment_choose
from lms.demo import ensure_township, ensure_village, make_cadre
from lms.models import Role, VillageClass
from lms.services import user_create

PASSWORD = "Pa55-word-for-tests"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The portal's home page and three classrooms, built once per test
    database: most tests put their courses under them and only read them; each
    test's transaction rolls back what it adds. A test that flushes the
    database (the browser tests) builds them again through the same helpers."""
    with django_db_blocker.unblock():
        ensure_track_pages(ensure_home_page())


@pytest.fixture
def township(db):
    return ensure_township("东明镇", sort_order=1)


@pytest.fixture
def other_township(db):
    return ensure_township("八仙筒镇", sort_order=2)


@pytest.fixture
def village(township):
    return ensure_village(township, "东明村", village_class=VillageClass.ADVANCED)


@pytest.fixture
def other_village(other_township):
    return ensure_village(
        other_township, "八仙筒村", village_class=VillageClass.RECTIFYING
    )


@pytest.fixture
def cadre(village):
    return make_cadre(village=village, name="乌力吉", serial=1, password=PASSWORD)


@pytest.fixture
def other_cadre(other_village):
    return make_cadre(village=other_village, name="张玉兰", serial=2, password=PASSWORD)


@pytest.fixture
def trainer(db):
    return user_create(
        username="trainer", name="王讲师", role=Role.TRAINER, password=PASSWORD
    )


@pytest.fixture
def other_trainer(db):
    return user_create(
        username="trainer2", name="李讲师", role=Role.TRAINER, password=PASSWORD
    )


@pytest.fixture
def banner_supervisor(db):
    return user_create(
        username="supervisor", name="旗督导", role=Role.SUPERVISOR, password=PASSWORD
    )


@pytest.fixture
def township_supervisor(township):
    return user_create(
        username="supervisor_dm",
        name="东明镇督导",
        role=Role.SUPERVISOR,
        password=PASSWORD,
        supervised_township=township,
    )


@pytest.fixture
def administrator(db):
    return user_create(
        username="admin", name="管理员", role=Role.ADMIN, password=PASSWORD
    )


@pytest.fixture
def enrolled(cadre, course):
    """The cadre enrolled in the course (a fixture of the test's module)."""
    return enrollment_choose(cadre=cadre, course=course)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Private files (issue 13), served from the same folder.
    settings.LMS_PRIVATE_ROOT = settings.SENDFILE_ROOT = tmp_path / "private"
