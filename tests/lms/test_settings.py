"""Production settings pass Django's deployment checklist with the documented
environment variables, and refuse to start without them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "peixun.naiman.example.cn",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--settings=lms.settings.production"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warnings_with_documented_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=DOCUMENTED_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={"DJANGO_ALLOWED_HOSTS": "x.example.cn"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def settings_values(*names, env):
    values = ", ".join(f"s.{name}" for name in names)
    code = f"from django.conf import settings as s; print({values})"
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_hsts_preload_and_subdomains_are_off_unless_asked_for():
    """Accounts (issue 13): includeSubDomains and preload are opt-in, and the
    deploy check stays quiet either way."""
    names = ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    assert settings_values(*names, env=DOCUMENTED_ENV) == ["False", "False"]

    opted_in = {
        **DOCUMENTED_ENV,
        "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true",
        "DJANGO_HSTS_PRELOAD": "true",
    }
    assert settings_values(*names, env=opted_in) == ["True", "True"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=opted_in)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_requires_the_second_factor_and_refuses_the_demo():
    names = ("LMS_ADMIN_OTP_REQUIRED", "LMS_PRODUCTION", "LMS_PROXY_COUNT")
    assert settings_values(*names, env=DOCUMENTED_ENV) == ["True", "True", "1"]
    switched_off = {**DOCUMENTED_ENV, "LMS_ADMIN_OTP_REQUIRED": "false"}
    assert settings_values("LMS_ADMIN_OTP_REQUIRED", env=switched_off) == ["False"]

    refused = manage("seed_demo", env=DOCUMENTED_ENV)
    assert refused.returncode != 0
    assert "--force-production" in refused.stderr
