"""seed_demo finds each app's demo steps by name (lms/demo_hooks.py): every
app's seed in the apps' order, then, for size S, every app's seed_activity."""

import io

from django.core.management import call_command

from courses import demo as courses_demo
from exams import demo as exams_demo
from lms.demo_hooks import demo_hooks, demo_modules
from lms.management.commands import seed_demo


def test_demo_modules_come_in_the_apps_dependency_order():
    names = [module.__name__ for module in demo_modules()]
    assert names == ["lms.demo", "cms.demo", "courses.demo", "exams.demo"]


def test_a_hook_comes_from_the_apps_that_define_it():
    assert demo_hooks("seed_activity") == [courses_demo.seed_activity]
    assert demo_hooks("activity_after_lessons") == [exams_demo.activity_after_lessons]
    assert demo_hooks("no_such_step") == []


def test_seed_demo_runs_every_seed_then_the_activity(db, monkeypatch, settings):
    calls = []

    def hooks(name):
        def step(app):
            return lambda **kwargs: calls.append((name, app, sorted(kwargs)))

        return [step("lms"), step("exams")]

    monkeypatch.setattr(seed_demo, "demo_hooks", hooks)
    settings.LMS_DEMO_ACTIVITY = True
    call_command("seed_demo", stdout=io.StringIO())
    assert calls == [
        ("seed", "lms", ["size", "stdout"]),
        ("seed", "exams", ["size", "stdout"]),
        ("seed_activity", "lms", ["stdout"]),
        ("seed_activity", "exams", ["stdout"]),
    ]

    calls.clear()
    call_command("seed_demo", size="L", stdout=io.StringIO())
    assert [name for name, _app, _kwargs in calls] == ["seed", "seed"]

    calls.clear()
    settings.LMS_DEMO_ACTIVITY = False
    call_command("seed_demo", stdout=io.StringIO())
    assert [name for name, _app, _kwargs in calls] == ["seed", "seed"]
