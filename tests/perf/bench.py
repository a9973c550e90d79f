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

from tests.perf.load import report


def setup_django():
    os.environ.setdefault("LMS_VAR_DIR", tempfile.mkdtemp(prefix="lms-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.bench"
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
    held = roster_write_transaction_seconds(data, name)
    report("roster_reimport_1200_write_transaction_s", f"{held:.2f}")


def roster_write_transaction_seconds(data, name):
    """How long the import holds its write transaction (SQLite's write lock:
    every login waits meanwhile): the file is read and checked before it."""
    import contextlib
    import types

    from django.db import transaction

    from lms import services

    held = []

    @contextlib.contextmanager
    def timed_atomic(*args, **kwargs):
        started = time.perf_counter()
        with transaction.atomic(*args, **kwargs):
            yield
        held.append(time.perf_counter() - started)

    services.transaction = types.SimpleNamespace(atomic=timed_atomic)
    try:
        services.roster_import(data=data, filename=name, create_places=True)
    finally:
        services.transaction = transaction
    return sum(held)


PAGE_LESSONS = 20
PAGE_WARMUP = 20
PAGE_REQUESTS = 200
BENCH_SERIAL = 98_765_432  # the bench cadre's mobile, clear of demo and roster


def complete_lesson(cadre, lesson, now):
    """Study lesson to completion through the real services (session and
    heartbeats a minute apart, as the page sends them). Returns the new now."""
    from datetime import timedelta

    from courses.services import study_heartbeat, study_session_start

    session = study_session_start(cadre=cadre, lesson=lesson, now=now)
    sequence = 0
    while True:
        sequence += 1
        now += timedelta(seconds=60)
        result = study_heartbeat(
            cadre=cadre, token=session.token, sequence=sequence, now=now
        )
        if result.completed:
            return now


def page_bench_setup():
    """A required course of PAGE_LESSONS lessons, a cadre enrolled in it with
    half the lessons completed, and a bare page (title only) on the same site."""
    from django.utils import timezone

    from cms.demo import ensure_home_page
    from courses.models import LessonProgress, Requirement
    from courses.services import enrollments_ensure_required
    from lms.demo import ensure_township, ensure_village, make_cadre
    from tests.bench_pages.models import BarePage
    from tests.courses.factories import make_course, make_lesson, tracks

    home = ensure_home_page()
    bare = home.add_child(instance=BarePage(title="性能对照空白页", slug="bench-bare"))
    course = make_course(
        tracks()[0],
        title="性能测试课程",
        slug="bench-course",
        code="BENCH-001",
        requirement=Requirement.REQUIRED,
    )
    lessons = [make_lesson(course) for _ in range(PAGE_LESSONS)]
    village = ensure_village(ensure_township("东明镇"), "东明村")
    cadre = make_cadre(village=village, name="性能测试学员", serial=BENCH_SERIAL)
    enrollments_ensure_required(cadre=cadre)
    now = timezone.now()
    for lesson in lessons[: PAGE_LESSONS // 2]:
        now = complete_lesson(cadre, lesson, now)
    done = LessonProgress.objects.filter(
        cadre=cadre, lesson__in=lessons, completed_at__isnull=False
    ).count()
    assert done == PAGE_LESSONS // 2, done
    return cadre, course, bare


def bench_course_page():
    """Median time to serve the course page (20 lessons, half completed) to its
    enrolled cadre, over that of a bare page, both through the full middleware
    stack, interleaved in the same run."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cadre, course, bare = page_bench_setup()
    client = Client(HTTP_HOST="localhost")
    client.force_login(cadre.user)
    urls = {"course": course.url, "bare": bare.url}
    expected = {
        "course": f"已完成 {PAGE_LESSONS // 2}/{PAGE_LESSONS} ",  # 个课时 or 项
        "bare": bare.title,
    }

    def get(name):
        started = time.perf_counter()
        response = client.get(urls[name])
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (name, response.status_code)
        return elapsed, response

    for name in urls:
        _elapsed, response = get(name)
        assert expected[name] in response.content.decode(), name
    for _ in range(PAGE_WARMUP):
        get("course")
        get("bare")
    times = {"course": [], "bare": []}
    for i in range(PAGE_REQUESTS):
        order = ("course", "bare") if i % 2 == 0 else ("bare", "course")
        for name in order:
            times[name].append(get(name)[0])
    queries = {}
    for name in urls:
        with CaptureQueriesContext(connection) as ctx:
            get(name)
        queries[name] = len(ctx)
    course_ms = statistics.median(times["course"]) * 1000
    bare_ms = statistics.median(times["bare"]) * 1000
    report("course_page_vs_bare_page", f"{course_ms / bare_ms:.2f}")
    report("course_page_ms", f"{course_ms:.2f}")
    report("bare_page_ms", f"{bare_ms:.2f}")
    report("course_page_queries", queries["course"])
    report("bare_page_queries", queries["bare"])


def bench_quiz():
    """Quiz submission under load, over HTTP to gunicorn (tests/perf/quiz_load.py)."""
    from tests.perf.quiz_load import bench_quiz as run

    run()


def bench_checkin():
    """300 check-ins to one session within a minute, over HTTP to gunicorn
    (tests/perf/checkin_load.py)."""
    from tests.perf.checkin_load import bench_checkin as run

    run()


def bench_report():
    """The supervisors' dashboard at size S against one raw SQL query
    computing the same figures (tests/perf/report_bench.py)."""
    from tests.perf.report_bench import bench_report as run

    run()


def bench_report_large():
    """The dashboard over 100,000 cadres, on PostgreSQL only."""
    from tests.perf.report_bench import bench_report_large as run

    run()


def bench_import_limits():
    """Hostile spreadsheets refused (tests/perf/import_limits.py)."""
    from tests.perf.import_limits import bench_import_limits as run

    run()


BENCHES = {
    "seed": bench_seed_demo,
    "roster": bench_roster_import,
    "limits": bench_import_limits,
    "pages": bench_course_page,
    "quiz": bench_quiz,
    "checkin": bench_checkin,
    "report": bench_report,
    "report_l": bench_report_large,
}


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        action="append",
        choices=list(BENCHES),
        help="run only these figures (repeatable); default: all",
    )
    args = parser.parse_args(argv)
    setup_django()
    print(f"# database: {os.environ.get('DATABASE_URL') or 'SQLite'}", file=sys.stderr)
    for name, bench in BENCHES.items():
        if not args.only or name in args.only:
            bench()


if __name__ == "__main__":
    main()
