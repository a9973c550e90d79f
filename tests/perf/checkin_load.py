"""A burst of QR check-ins to one training session, over HTTP, against the app
served by gunicorn (4 sync workers) on the bench's database (SQLite, or
PostgreSQL with DATABASE_URL).

Part of `make bench` (tests/perf/bench.py calls bench_checkin() after Django is
set up on the bench's fresh database); `python -m tests.perf.bench --only
checkin` runs just these figures.

Setup, in the bench process through the models: a course, 300 cadres enrolled
in it (mobiles 13996000000…), its trainer, all logged in over HTTP before the
timed minute. Then a session of the course with the roster "enrolled" that
began late_after_minutes (10) minus 30 seconds before the minute: the window
is open, cadres checking in during about the first half of the minute are
present, the later ones late.

During the minute the trainer's projector runs as projector.js does: the
projector page once, then its code endpoint every refresh_seconds (15) in a
background thread; the URL it gives is what the QR code holds. Each cadre, at
a random moment of the minute (a pool of 50 threads), scans the URL shown at
that moment, as a phone's browser: GET of that URL, following redirects (the
page may check the code, remember the scan and redirect to itself), which
must show the 确认签到 form; a tap one to three seconds later POSTs that form
with its fields, as it stands (must say 签到成功).

- checkin_burst_300_p95_ms: the POST that records the mark, alone (the scan's
  GET and its redirects record nothing; their median and max are noted on
  stderr, with the age of the codes at the scan and at the POST).
- checkin_burst_300_errors: requests of the minute (cadres' GETs and POSTs,
  projector fetches) that failed: not 2xx/3xx, an exception, or a cadre's
  page that does not show the confirm form or does not say 签到成功; must be 0.
- checkin_burst_300_lost: cadres whose check-in POST was sent (whatever its
  answer) but who have no present or late check-in mark for the session in
  the database afterwards; must be 0.
"""

import datetime as dt
import html
import random
import re
import threading
import time
from urllib.parse import unquote, urljoin

from . import load

CHECKIN_CADRES = 300
CHECKIN_WINDOW_S = 60
CHECKIN_THREADS = 50
ON_TIME_S = 30  # the first half minute or so checks in on time, the rest late
THINK_S = (1.0, 3.0)  # from the confirm page showing to the tap on 确认签到
SERIAL_BASE = 96_000_000  # mobiles 13996000000…, clear of the other benches
SEED = 20_334
NAME = "checkin_burst_300"

CONFIRM_FORM = re.compile(
    r'<form class="checkin-form" method="post" action="([^"]+)">(.*?)</form>', re.S
)
HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
PROJECTOR_URL = re.compile(r'<a id="projector-url" href="([^"]+)"')
RESULT_TEXT = re.compile(r'class="checkin-result-(?:title|text)">([^<]*)<')
TITLE = re.compile(r"<title>\s*([^<]*?)\s*</title>")


class NotCheckedIn(Exception):
    """A check-in page that does not say what it should."""


def page_says(response):
    """The check-in page's result texts, or else its title."""
    texts = RESULT_TEXT.findall(response.text) or TITLE.findall(response.text)
    return " ".join(texts)[:200]


def code_made(url):
    """The moment (time.time()) the signed check-in code in url was made."""
    from django.core import signing

    code = unquote(url.rsplit("code=", 1)[-1])
    return signing.b62_decode(code.split(":")[1])


# --- Setup in the bench process ---------------------------------------------


def checkin_setup():
    """The course, its trainer and CHECKIN_CADRES cadres enrolled in it."""
    from courses.models import Requirement
    from lms.demo import DEMO_PASSWORD
    from lms.models import Role
    from lms.services import user_create
    from tests.courses.factories import make_course, tracks

    started = time.perf_counter()
    trainer = user_create(
        username="bench_checkin_trainer",
        name="性能测试讲师",
        role=Role.TRAINER,
        password=DEMO_PASSWORD,
    )
    course = make_course(
        tracks()[0],
        title="性能测试签到课程",
        slug="bench-checkin-course",
        code="BENCH-C01",
        requirement=Requirement.ELECTIVE,
        trainers=[trainer],
    )
    cadres = load.make_cadres(
        CHECKIN_CADRES,
        serial_base=SERIAL_BASE,
        village_name="性能签到村",
        name_prefix="签到学员",
    )
    load.enrol_chosen(cadres, course)
    load.note(
        f"checkin setup: {len(cadres)} cadres, course, trainer in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return course, trainer, cadres


def session_open_now(course, trainer):
    """A session of course, roster enrolled, that began late_after_minutes
    minus ON_TIME_S seconds ago: check-in is open, on time for ON_TIME_S."""
    from django.utils import timezone

    from courses.models import TrainingSession

    late_after = 10
    starts_at = (
        timezone.now() - dt.timedelta(minutes=late_after, seconds=-ON_TIME_S - 1)
    ).replace(microsecond=0)
    return TrainingSession.objects.create(
        course=course,
        title="性能测试签到场次",
        place="东明镇党群服务中心",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        trainer=trainer,
        roster=TrainingSession.Roster.ENROLLED,
        checkin_opens_minutes=30,
        late_after_minutes=late_after,
    )


# --- The projector --------------------------------------------------------------


class Projector(threading.Thread):
    """The trainer's projector page: shown once, then its code fetched every
    refresh_seconds, as projector.js does; url is what the QR code shows.
    A failed fetch keeps the last URL (and is counted)."""

    def __init__(self, server, browser, session_id):
        super().__init__(daemon=True)
        self.base = server.base
        self.browser = browser
        self.session_id = session_id
        self.stopping = threading.Event()
        self.fetches, self.errors = [], []
        self.refresh = 15
        response = self.browser.get(
            f"{self.base}/courses/sessions/{session_id}/projector/",
            timeout=load.HTTP_TIMEOUT_S,
        )
        load.checked(response, 200)
        self.url = html.unescape(PROJECTOR_URL.search(response.text).group(1))
        self.counts = None

    def fetch(self):
        started = time.perf_counter()
        response = self.browser.get(
            f"{self.base}/courses/sessions/{self.session_id}/projector/code/",
            headers={"Accept": "application/json"},
            timeout=load.HTTP_TIMEOUT_S,
        )
        data = load.checked(response, 200).json()
        self.fetches.append(time.perf_counter() - started)
        self.url = data["url"]
        self.refresh = data["refresh_seconds"] or self.refresh
        self.counts = (data["checked_in"], data["expected"])

    def run(self):
        while not self.stopping.wait(self.refresh):
            try:
                self.fetch()
            except Exception as error:  # noqa: BLE001 - counted and shown
                self.errors.append(f"projector: {type(error).__name__}: {error}")

    def stop(self):
        self.stopping.set()
        self.join()


# --- The cadres' side -------------------------------------------------------------


def check_in(job, projector):
    """Scan the projector's current QR code, open the page, tap 确认签到."""
    browser = job["session"]
    url = projector.url  # the QR code on the screen now
    made = code_made(url)
    job["age_at_scan_s"] = time.time() - made
    started = time.perf_counter()
    response = load.checked(browser.get(url, timeout=load.HTTP_TIMEOUT_S), 200)
    job["get_s"] = time.perf_counter() - started
    form = CONFIRM_FORM.search(response.text)
    if form is None:
        raise NotCheckedIn(f"GET {url}: no confirm form: {page_says(response)!r}")
    action = urljoin(response.url, html.unescape(form.group(1)))
    fields = {
        name: html.unescape(value) for name, value in HIDDEN_INPUT.findall(form[2])
    }
    time.sleep(job["think_s"])
    job["age_at_post_s"] = time.time() - made
    job["sent"] = True
    started = time.perf_counter()
    response = browser.post(
        action, data=fields, allow_redirects=False, timeout=load.HTTP_TIMEOUT_S
    )
    job["post_s"] = time.perf_counter() - started
    load.checked(response, 200)
    if "签到成功" not in response.text:
        raise NotCheckedIn(f"POST {action}: {page_says(response)!r}")


def burst_phase(projector, jobs):
    """Every cadre checks in at a random moment of the minute. Returns the
    errors (one text each)."""
    rng = random.Random(SEED + 1)
    seconds, late, late_max, errors = load.spread_over(
        jobs,
        CHECKIN_WINDOW_S,
        CHECKIN_THREADS,
        rng,
        lambda job: check_in(job, projector),
    )
    load.note(
        f"checkin: {len(jobs)} cadres in {seconds:.1f} s; "
        f"{late} started late (by up to {late_max:.2f} s)"
    )
    return errors


# --- The figures --------------------------------------------------------------


def lost_marks(session, jobs):
    """Cadres who sent their check-in and have no attended check-in mark;
    notes the marks' states and any that disagree with their time."""
    from courses.models import ATTENDED_STATES, AttendanceMark, AttendanceState

    marks = {
        m.cadre_id: m
        for m in AttendanceMark.objects.filter(
            session=session, cadre__in=[job["cadre_id"] for job in jobs]
        )
    }
    lost = [
        job["username"]
        for job in jobs
        if job["sent"]
        and not (
            (mark := marks.get(job["cadre_id"]))
            and mark.state in ATTENDED_STATES
            and mark.source == AttendanceMark.Source.CHECKIN
        )
    ]
    late_from = session.starts_at + dt.timedelta(minutes=session.late_after_minutes)
    wrong_state = [
        m
        for m in marks.values()
        if (m.state == AttendanceState.LATE) != (m.checked_in_at > late_from)
    ]
    unsent = {job["cadre_id"] for job in jobs if not job["sent"]} & set(marks)
    states = sorted(m.state for m in marks.values())
    load.note(
        f"checkin marks: {len(marks)} "
        f"({states.count('present')} present, {states.count('late')} late); "
        f"state not as its time says: {len(wrong_state)}; "
        f"marks of cadres who sent nothing: {len(unsent)}"
    )
    if lost:
        load.note(f"checkin lost: {lost[:10]}")
    return len(lost)


def bench_checkin():
    from django.db import connection

    course, trainer, cadres = checkin_setup()
    rng = random.Random(SEED)
    jobs = [
        {
            "username": cadre.user.username,
            "cadre_id": cadre.pk,
            "think_s": rng.uniform(*THINK_S),
            "sent": False,
        }
        for cadre in cadres
    ]
    trainer_job = {"username": trainer.username}
    connection.close()  # the bench process holds nothing while gunicorn writes

    started = time.perf_counter()
    with load.Gunicorn() as server:
        load.logins_phase(server, [trainer_job, *jobs], "checkin")
        session = session_open_now(course, trainer)
        connection.close()
        projector = Projector(server, trainer_job["session"], session.pk)
        projector.start()
        try:
            errors = burst_phase(projector, jobs)
        finally:
            projector.stop()
        try:
            projector.fetch()  # the counts on the screen after the burst
        except Exception as error:  # noqa: BLE001 - counted and shown
            projector.errors.append(f"projector: {type(error).__name__}: {error}")
    load.note(f"checkin: gunicorn phases took {time.perf_counter() - started:.1f} s")

    errors += projector.errors
    for error in errors[:10]:
        load.note(f"checkin error: {error}")
    load.note(
        f"checkin projector: {len(projector.fetches)} code fetches, "
        f"{len(projector.errors)} failed; shows checked in / expected "
        f"{projector.counts}"
    )
    load.note_latencies("checkin projector code", projector.fetches)
    scans = [job["get_s"] for job in jobs if "get_s" in job]
    load.note_latencies("checkin GET (scan)", scans)
    posts = [job["post_s"] for job in jobs if "post_s" in job]
    load.note_latencies("checkin POST (records)", posts)
    for moment in ("scan", "post"):
        ages = [
            job[f"age_at_{moment}_s"] for job in jobs if f"age_at_{moment}_s" in job
        ]
        if ages:
            load.note(f"checkin code age at {moment}: max {max(ages):.1f} s")
    lost = lost_marks(session, jobs)
    load.report_p95_ms(f"{NAME}_p95_ms", posts)
    load.report(f"{NAME}_errors", len(errors))
    load.report(f"{NAME}_lost", lost)
