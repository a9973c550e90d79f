"""seed_demo refuses production settings (its demo logins, admin / naiman333,
must never appear on the real site) unless --force-production is given."""

import pytest
from django.core.management import CommandError, call_command

from lms.models import Township, User

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_under_production_settings(settings):
    settings.LMS_PRODUCTION = True

    with pytest.raises(CommandError, match="--force-production"):
        call_command("seed_demo")

    assert not Township.objects.exists()
    assert not User.objects.filter(username="admin").exists()


def test_forced_it_runs(settings, township, capsys):
    settings.LMS_PRODUCTION = True

    call_command("seed_demo", "--if-empty", "--force-production")

    assert "演示账号" in capsys.readouterr().out
