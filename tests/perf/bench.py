"""`make bench`: speed and scale figures, one `name: value` line each.

Runs against a fresh SQLite database in a temporary folder (or DATABASE_URL),
never against the development database.
"""

import io
import os
import statistics
import sys
import tempfile
import time


def setup_django():
    os.environ.setdefault("LMS_VAR_DIR", tempfile.mkdtemp(prefix="lms-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(func, repeat=1):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(name, value):
    print(f"{name}: {value}", flush=True)


def bench_seed_demo():
    from django.core.management import call_command

    seconds = timed(lambda: call_command("seed_demo", stdout=io.StringIO()))
    report("seed_demo_S_s", f"{seconds:.2f}")


def bench_roster_import():
    """1,200 new cadres from an .xlsx file, then the same file again."""
    from lms.services import roster_import
    from tests.lms.roster_files import make_generated_roster

    data, name = make_generated_roster(1200)
    first = timed(lambda: roster_import(data=data, filename=name, create_places=True))
    again = timed(
        lambda: roster_import(data=data, filename=name, create_places=True), repeat=3
    )
    report("roster_import_1200_s", f"{first:.2f}")
    report("roster_reimport_1200_unchanged_s", f"{again:.2f}")


def main():
    setup_django()
    print(f"# database: {os.environ.get('DATABASE_URL') or 'SQLite'}", file=sys.stderr)
    bench_seed_demo()
    bench_roster_import()


if __name__ == "__main__":
    main()
