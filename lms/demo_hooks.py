"""How seed_demo finds each app's demo data: `<app>/demo.py`, in INSTALLED_APPS
order, which is the apps' dependency order (lms, cms, courses, exams).

A demo module offers its steps by name: `seed(*, size, stdout)` builds the
app's people, pages and content; `seed_activity(*, stdout)` runs after every
app's seed (a year of what the cadres did, which needs every app's content).
A lower app may also ask for a named hook that later apps define, without
importing them: courses' year of activity asks for `activity_after_lessons`
(exams' quiz attempts).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

OUR_APPS = ("lms", "cms", "courses", "exams")


def demo_modules():
    """The installed apps' demo modules, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        if app_config.name not in OUR_APPS:
            continue
        module_name = f"{app_config.name}.demo"
        if find_spec(module_name) is not None:
            yield import_module(module_name)


def demo_hooks(name):
    """Every demo module's `name`, in app order (those that define it)."""
    return [getattr(module, name) for module in demo_modules() if hasattr(module, name)]
