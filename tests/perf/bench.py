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


def main():
    setup_django()
    print(f"# database: {os.environ.get('DATABASE_URL') or 'SQLite'}", file=sys.stderr)
    bench_seed_demo()


if __name__ == "__main__":
    main()
