"""What the load benches over HTTP share (tests/perf/quiz_load.py,
tests/perf/checkin_load.py): bulk cadres with logins, gunicorn serving the
bench's database, the cadres' logins, requests spread over a window, and the
figures' output."""

import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

GUNICORN_WORKERS = 4
LOGIN_THREADS = 8
HTTP_TIMEOUT_S = 120
BASE_DIR = Path(__file__).resolve().parent.parent.parent


def report(name, value):
    print(f"{name}: {value}", flush=True)


def note(text):
    print(f"# {text}", file=sys.stderr, flush=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]  # nearest rank


def note_latencies(label, seconds):
    """Median, max and count of latencies (in s) on stderr, in ms."""
    if seconds:
        note(
            f"{label} ms: median {statistics.median(seconds) * 1000:.0f}, "
            f"max {max(seconds) * 1000:.0f}, n {len(seconds)}"
        )


def report_p95_ms(name, seconds):
    """The nearest-rank 95th percentile of latencies (in s) in ms, or nan."""
    value = f"{percentile(seconds, 0.95) * 1000:.0f}" if seconds else "nan"
    report(name, value)


# --- Setup in the bench process ---------------------------------------------


def make_cadres(count, *, serial_base, village_name, name_prefix):
    """count cadres with logins (password DEMO_PASSWORD), in bulk as seed_demo
    does: one password hash shared by all. Their mobiles (the usernames) are
    make_mobile(serial_base + n); they live in village_name of 东明镇."""
    from django.contrib.auth.hashers import make_password
    from simple_history.utils import bulk_create_with_history

    from lms.demo import DEMO_PASSWORD, ensure_township, ensure_village, make_mobile
    from lms.models import Cadre, Position, Role, Sex, User

    village = ensure_village(ensure_township("东明镇"), village_name)
    password_hash = make_password(DEMO_PASSWORD)
    users, cadres = [], []
    for n in range(count):
        mobile = make_mobile(serial_base + n)
        name = f"{name_prefix}{n + 1}"
        user = User(username=mobile, name=name, role=Role.CADRE, password=password_hash)
        users.append(user)
        cadres.append(
            Cadre(
                user=user,
                name=name,
                sex=Sex.MALE if n % 3 else Sex.FEMALE,
                position=Position.COMMITTEE_MEMBER,
                village=village,
                mobile=mobile,
            )
        )
    users = User.objects.bulk_create(users)
    for user, cadre in zip(users, cadres, strict=True):
        cadre.user = user
    bulk_create_with_history(cadres, Cadre, batch_size=1000)
    return list(
        Cadre.objects.filter(mobile__in=[c.mobile for c in cadres])
        .select_related("user")
        .order_by("mobile")
    )


def enrol_chosen(cadres, course):
    """Enrol cadres in course as having chosen it, in bulk with history."""
    from simple_history.utils import bulk_create_with_history

    from courses.models import Enrollment

    bulk_create_with_history(
        [
            Enrollment(cadre=c, course=course, source=Enrollment.Source.CHOSEN)
            for c in cadres
        ],
        Enrollment,
    )


# --- gunicorn -----------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving lms.settings.bench on the bench's LMS_VAR_DIR (or
    DATABASE_URL), stopped on leaving the with-block whatever happened."""

    def __init__(self, workers=GUNICORN_WORKERS):
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        self.proc = None

    def __enter__(self):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.bench"}
        assert env.get("LMS_VAR_DIR") or env.get("DATABASE_URL"), "no bench database"
        self.log = open(self.log_path, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lms.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended in __exit__
        )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.base}/accounts/login/", timeout=5).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or its workers still loading the app
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn not answering after {timeout} s")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # graceful: the master stops its workers
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def log_tail(self, chars=4000):
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-chars:]

    def __exit__(self, *exc):
        self.stop()
        self.log.close()
        text = self.log_path.read_text(errors="replace")
        if "Traceback" in text or "ERROR" in text:
            note(f"gunicorn log with errors kept at {self.log_path}; its end:")
            print(text[-4000:], file=sys.stderr, flush=True)
        else:
            self.log_path.unlink()
        return False


# --- The users' side ------------------------------------------------------------


class HttpError(Exception):
    pass


def checked(response, *expected):
    if response.status_code not in expected:
        raise HttpError(
            f"{response.request.method} {response.request.path_url} -> "
            f"{response.status_code} {response.text[:300]!r}"
        )
    return response


def login(base, username):
    """A session logged in as username, having opened the login page first."""
    from lms.demo import DEMO_PASSWORD

    session = requests.Session()
    checked(session.get(f"{base}/accounts/login/", timeout=HTTP_TIMEOUT_S), 200)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=HTTP_TIMEOUT_S,
    )
    checked(response, 302)
    assert "sessionid" in session.cookies, "logged in without a session cookie"
    return session


def csrf_headers(session):
    return {"X-CSRFToken": session.cookies["csrftoken"]}


def logins_phase(server, jobs, label, then=None):
    """Log every job's job["username"] in (the session in job["session"]) and
    call then(job) after each, before the timed window; a failure is fatal."""
    started = time.perf_counter()

    def run(job):
        job["session"] = login(server.base, job["username"])
        if then is not None:
            then(job)

    with ThreadPoolExecutor(LOGIN_THREADS) as pool:
        list(pool.map(run, jobs))  # a failure here is fatal: re-raised
    note(f"{label}: {len(jobs)} logins in {time.perf_counter() - started:.1f} s")


def spread_over(jobs, window_s, threads, rng, run):
    """Call run(job) for each job at a random moment (uniform, from rng) of a
    window of window_s seconds starting half a second from now, from a pool
    of threads. Returns the seconds the window took, how many jobs started
    late (a busy pool) and by how much at the most, and the errors: one text
    for each job whose run raised, naming its job["username"]."""
    offsets = sorted(rng.uniform(0, window_s) for _ in jobs)
    lock = threading.Lock()
    late, errors = [], []

    def at_offset(job, offset):
        delay = start + offset - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        else:
            with lock:
                late.append(-delay)
        try:
            run(job)
        except Exception as error:  # noqa: BLE001 - counted and shown
            with lock:
                errors.append(f"{job['username']}: {type(error).__name__}: {error}")

    start = time.perf_counter() + 0.5
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(at_offset, jobs, offsets))
    seconds = time.perf_counter() - start
    return seconds, len(late), max(late, default=0), errors
