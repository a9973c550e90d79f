"""The supervisors' dashboard (/courses/reports/, Banner level: one row per
township) against the raw events it summarises.

bench_report() (size S, SQLite or DATABASE_URL):
- report_queries_n10: queries of the page with 10 cadres (enrolled in their
  required courses), before the rest of the demo exists;
- report_queries_n1200: the same page after seed_demo (about 1,300 cadres
  with a year of activity, exams/demo_activity.py);
- report_1200x30_ms: the page as served to the Banner supervisor, median of
  REPORT_REQUESTS requests through Django's test client;
- report_raw_sql_ms: RAW_SQL (tests/perf/report_raw_sql.py), one plain query
  that computes the same per-township figures straight from the raw events
  (enrolments, lesson progress, attempts, attendance marks, sessions, pages),
  median of as many runs interleaved with the page's;
- report_vs_raw_sql: the first over the second;
- report_raw_sql_matches: yes when RAW_SQL's figures equal the dashboard's
  (courses.reports.selectors.report, what the page shows) for every township.

bench_report_large() (size L, PostgreSQL only): seed_demo --size L (100,000
cadres) and a synthetic YearRecord per cadre written in bulk — the Banner
page reads only the kept records, so they need no events behind them — then
report_L_ms, the page's median of REPORT_L_REQUESTS requests. When the
database holds a demo already (bench_report ran first), in a fresh database
made and dropped with Django's test-database machinery.

Run alone: `python -m tests.perf.report_bench [--large]`.
"""

import io
import random
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from tests.perf.bench import setup_django
from tests.perf.load import note, report
from tests.perf.report_raw_sql import (
    one_decimal,
    raw_sql_figures,
    raw_sql_query,
    raw_sql_run,
)

REPORT_URL = "/courses/reports/"
REPORT_WARMUP = 5
REPORT_REQUESTS = 40
REPORT_L_WARMUP = 2
REPORT_L_REQUESTS = 12
SMALL_CADRES = 10
SUPERVISOR = "supervisor"  # the demo's Banner supervisor (lms.demo.demo_logins)


def dashboard_figures(user, now):
    """{township id: (figures…)} as the Banner dashboard computes them."""
    from courses.models import StudyHourTargets
    from courses.reports.selectors import SUMMED_FIGURES, ReportFilters, ReportPlace
    from courses.reports.selectors import report as dashboard_report
    from courses.selectors import study_year

    data = dashboard_report(
        user,
        ReportFilters(year=study_year(now)),
        ReportPlace(),
        StudyHourTargets.load(),
    )
    return {
        row.key: tuple(
            one_decimal(getattr(row, name))
            if name.endswith("hours")
            else getattr(row, name)
            for name in SUMMED_FIGURES
        )
        for row in data.rows
    }


def page_getter(client):
    def get():
        started = time.perf_counter()
        response = client.get(REPORT_URL)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed, response

    return get


def page_queries(get):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        get()
    return len(ctx)


def supervisor_client():
    from django.test import Client

    from lms.models import User

    user = User.objects.get(username=SUPERVISOR)
    assert user.supervised_township_id is None  # a Banner supervisor
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return user, client


def small_banner():
    """The demo's places, staff and courses with SMALL_CADRES cadres, enrolled
    in their required courses (their records kept by the services)."""
    from django.contrib.auth.hashers import make_password

    from cms.demo import ensure_home_page
    from courses import demo as courses_demo
    from courses.services import enrollments_ensure_required
    from exams.demo import ensure_course_quizzes, ensure_question_bank
    from lms.demo import (
        DEMO_PASSWORD,
        ensure_banner_places,
        ensure_demo_cadres,
        ensure_demo_staff,
    )
    from lms.models import Cadre

    password_hash = make_password(DEMO_PASSWORD, salt="naimandemo")
    villages = ensure_banner_places()
    ensure_demo_staff(password_hash)
    ensure_demo_cadres(villages, total=SMALL_CADRES, password_hash=password_hash)
    ensure_home_page()
    courses_demo.seed(size="S", stdout=io.StringIO())
    ensure_question_bank()
    ensure_course_quizzes()
    for cadre in Cadre.objects.select_related("village"):
        enrollments_ensure_required(cadre=cadre)


@contextmanager
def fresh_database():
    """A new empty database for the block when this one holds cadres already
    (other benches ran first): on SQLite a new file (not Django's in-memory
    test database, which would flatter the figures), on PostgreSQL a test
    database made and dropped with Django's machinery."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from lms.models import Cadre

    if not Cadre.objects.exists():
        yield
        return
    cache.clear()
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        old_name = settings["NAME"]
        connection.close()
        folder = Path(tempfile.mkdtemp(prefix="lms-bench-report-"))
        settings["NAME"] = str(folder / "db.sqlite3")
        call_command("migrate", verbosity=0)
        try:
            yield
        finally:
            connection.close()
            settings["NAME"] = old_name
            shutil.rmtree(folder, ignore_errors=True)
    else:
        old_name = settings["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        note(f"report: in a fresh database {settings['NAME']}")
        try:
            yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    cache.clear()


def bench_report():
    with fresh_database():
        _bench_report()


def _bench_report():
    from django.core.management import call_command
    from django.utils import timezone

    from courses.models import Certificate, Enrollment
    from lms.models import Cadre

    small_banner()
    user, client = supervisor_client()
    get = page_getter(client)
    get()
    queries_small = page_queries(get)
    cadres_small = Cadre.objects.filter(is_active=True).count()

    started = time.perf_counter()
    call_command("seed_demo", stdout=io.StringIO())
    note(
        f"seed_demo with a year of activity: {time.perf_counter() - started:.1f} s; "
        f"{Cadre.objects.filter(is_active=True).count()} active cadres, "
        f"{Enrollment.objects.count()} enrolments, "
        f"{Certificate.objects.count()} certificates"
    )
    user, client = supervisor_client()
    get = page_getter(client)
    _elapsed, response = get()
    assert "苏木乡镇" in response.content.decode()
    queries_large = page_queries(get)

    now = timezone.now()
    sql, params = raw_sql_query(now)
    rows = raw_sql_run(sql, params)
    matches = raw_sql_figures(rows) == dashboard_figures(user, now)
    if not matches:
        from courses.reports.selectors import SUMMED_FIGURES

        expected = dashboard_figures(user, now)
        for township_id, figures in raw_sql_figures(rows).items():
            if expected.get(township_id) != figures:
                note(
                    f"township {township_id}: raw SQL {figures}, "
                    f"dashboard {expected.get(township_id)} "
                    f"({', '.join(SUMMED_FIGURES)})"
                )

    for _ in range(REPORT_WARMUP):
        get()
        raw_sql_run(sql, params)
    times = {"page": [], "sql": []}
    for i in range(REPORT_REQUESTS):
        for name in ("page", "sql") if i % 2 == 0 else ("sql", "page"):
            if name == "page":
                times["page"].append(get()[0])
            else:
                started = time.perf_counter()
                raw_sql_run(sql, params)
                times["sql"].append(time.perf_counter() - started)
    page_ms = statistics.median(times["page"]) * 1000
    sql_ms = statistics.median(times["sql"]) * 1000
    note(
        f"{len(rows)} townships; {REPORT_REQUESTS} requests and queries, "
        f"interleaved, after {REPORT_WARMUP} of each"
    )
    report("report_1200x30_ms", f"{page_ms:.2f}")
    report("report_raw_sql_ms", f"{sql_ms:.2f}")
    report("report_vs_raw_sql", f"{page_ms / sql_ms:.3f}")
    report("report_raw_sql_matches", "yes" if matches else "no")
    note(f"report_queries_n10 measured with {cadres_small} cadres")
    report("report_queries_n10", queries_small)
    report("report_queries_n1200", queries_large)


def year_records_synthetic(year):
    """A YearRecord of year for every cadre that has none: synthetic
    summaries (seeded random, at the demo's proportions), written in bulk."""
    from courses.models import YearRecord
    from lms.models import Cadre

    have = set(YearRecord.objects.filter(year=year).values_list("cadre_id", flat=True))
    rng = random.Random(333)
    records = []
    for cadre_id in Cadre.objects.order_by("pk").values_list("pk", flat=True):
        if cadre_id in have:
            continue
        required = rng.randint(10, 22)
        completed = rng.randint(0, required)
        records.append(
            YearRecord(
                cadre_id=cadre_id,
                year=year,
                online_hours=Decimal(rng.randint(0, 900)) / 10,
                centralised_hours=Decimal(rng.randint(0, 1500)) / 10,
                required_courses=required,
                required_completed=completed,
                courses_completed=completed + rng.randint(0, 2),
            )
        )
    YearRecord.objects.bulk_create(records, batch_size=5000)
    return len(records)


def bench_report_large():
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from courses.selectors import study_year
    from lms.models import Cadre

    if connection.vendor != "postgresql":
        report("report_L_ms", "skipped (no PostgreSQL)")
        return
    # seed_demo --size L needs a database without the S demo (lms.demo's ID
    # numbers of the two sizes collide): after other benches, a fresh one.
    with fresh_database():
        started = time.perf_counter()
        call_command("seed_demo", size="L", stdout=io.StringIO())
        note(f"seed_demo --size L: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        added = year_records_synthetic(study_year(timezone.now()))
        note(
            f"synthetic year records: {added} in "
            f"{time.perf_counter() - started:.1f} s; {Cadre.objects.count()} cadres"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        _user, client = supervisor_client()
        get = page_getter(client)
        for _ in range(REPORT_L_WARMUP):
            get()
        times = [get()[0] for _ in range(REPORT_L_REQUESTS)]
        note(f"report_L: {REPORT_L_REQUESTS} requests after {REPORT_L_WARMUP}")
        report("report_L_ms", f"{statistics.median(times) * 1000:.2f}")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    setup_django()
    if "--large" in argv:
        bench_report_large()
    else:
        bench_report()


if __name__ == "__main__":
    main()
