import pytest

from .world import build_world


@pytest.fixture
def world(
    cadre,
    other_cadre,
    trainer,
    township_supervisor,
    banner_supervisor,
    administrator,
    other_township,
):
    return build_world(
        cadre=cadre,
        other_cadre=other_cadre,
        trainer=trainer,
        township_supervisor=township_supervisor,
        banner_supervisor=banner_supervisor,
        administrator=administrator,
        other_township=other_township,
    )
