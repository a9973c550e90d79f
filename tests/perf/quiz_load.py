"""Quiz submission under load, over HTTP, against the app served by gunicorn.

Part of `make bench` (tests/perf/bench.py calls bench_quiz() after Django is set
up on the bench's fresh database); `python -m tests.perf.bench --only quiz` runs
just these figures.

- quiz_submit_p95_ms: 300 cadres, each with an open attempt at a 20-question
  quiz, save a few answers (POST .../answer/) and submit the form with all their
  answers (POST .../submit/) at random moments within one minute, from a pool of
  50 threads, against gunicorn (4 sync workers) serving the bench's SQLite file.
  Logging in (one PBKDF2 check each) is done before that minute, as the cadres
  did it before starting the quiz. The latency is the submit POST's alone.
- quiz_submit_errors: requests of that minute (answers, submits, result pages)
  that failed (not 2xx/3xx, or an exception); must be 0.
- quiz_submit_graded: attempts of the quiz graded in the database; must be 300.
- quiz_answers_lost: answers sent but not stored as sent, plus attempts whose
  score is not the score of what was sent; must be 0.
- quiz_double_submit_graded: one more cadre's attempt submitted by 10 requests
  at once (same session, threads released by a barrier): graded attempts of
  that cadre at that quiz; must be 1. quiz_double_submit_history: submissions
  in the attempt's history; must be 1. Half of those forms carry every answer
  right, half every answer wrong: quiz_double_submit_answers_changed counts
  stored answers that are not the ones graded (overwritten by a request that
  lost the race); must be 0.
"""

import math
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import requests

QUIZ_CADRES = 300
QUIZ_QUESTIONS = 20  # 8 single choice, 4 multiple choice, 4 true/false, 4 blanks
QUIZ_WINDOW_S = 60
QUIZ_THREADS = 50
LOGIN_THREADS = 8
GUNICORN_WORKERS = 4
ANSWERS_BEFORE_SUBMIT = 5  # saved one by one, as the page's script does
DOUBLE_SUBMITS = 10
CORRECT_RATE = 0.8
SERIAL_BASE = 97_000_000  # mobiles 13997000000…, clear of demo, roster and bench
SEED = 20_333
HTTP_TIMEOUT_S = 120
BASE_DIR = Path(__file__).resolve().parent.parent.parent


def report(name, value):
    print(f"{name}: {value}", flush=True)


def note(text):
    print(f"# {text}", file=sys.stderr, flush=True)


# --- Setup in the bench process ---------------------------------------------


def make_bank():
    """The quiz's 20 questions, of every kind."""
    from exams.models import QuestionKind
    from tests.exams.factories import category, make_question

    cat = category("性能测试题目")
    kinds = (
        [QuestionKind.SINGLE] * 8
        + [QuestionKind.MULTIPLE] * 4
        + [QuestionKind.TRUE_FALSE] * 4
        + [QuestionKind.FILL_BLANK] * 4
    )
    assert len(kinds) == QUIZ_QUESTIONS
    return [
        make_question(kind, category=cat, stem=f"性能测试第{n}题：村级事务如何决策？")
        for n, kind in enumerate(kinds, start=1)
    ]


def make_cadres(count):
    """count cadres with logins (password DEMO_PASSWORD), in bulk as seed_demo
    does: one password hash shared by all."""
    from django.contrib.auth.hashers import make_password
    from simple_history.utils import bulk_create_with_history

    from lms.demo import DEMO_PASSWORD, ensure_township, ensure_village, make_mobile
    from lms.models import Cadre, Position, Role, Sex, User

    village = ensure_village(ensure_township("东明镇"), "性能测试村")
    password_hash = make_password(DEMO_PASSWORD)
    users, cadres = [], []
    for n in range(count):
        mobile = make_mobile(SERIAL_BASE + n)
        name = f"测验学员{n + 1}"
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


def quiz_setup():
    """A course every bench cadre is enrolled in, its 20-question quiz, and
    QUIZ_CADRES + 1 cadres each with an attempt started through the service
    (the last one is for the double submit). Returns (quiz, questions by pk,
    [(cadre, attempt)])."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from courses.models import Enrollment, Requirement
    from exams.services import attempt_start
    from tests.courses.factories import make_course, tracks
    from tests.exams.factories import make_quiz

    started = time.perf_counter()
    course = make_course(
        tracks()[0],
        title="性能测试测验课程",
        slug="bench-quiz-course",
        code="BENCH-Q01",
        requirement=Requirement.ELECTIVE,
    )
    questions = make_bank()
    quiz = make_quiz(
        course,
        title="性能测试测验",
        slug="bench-quiz",
        questions=questions,
        shuffle_questions=True,
        shuffle_options=True,
    )
    cadres = make_cadres(QUIZ_CADRES + 1)
    bulk_create_with_history(
        [
            Enrollment(cadre=c, course=course, source=Enrollment.Source.CHOSEN)
            for c in cadres
        ],
        Enrollment,
    )
    rng = random.Random(SEED)
    now = timezone.now()
    pairs = [
        (cadre, attempt_start(cadre=cadre, quiz=quiz, now=now, rng=rng))
        for cadre in cadres
    ]
    note(
        f"quiz setup: {len(cadres)} cadres, course, quiz, attempts in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return quiz, {q.pk: q for q in questions}, pairs


def answer_plan(attempt, questions, rng, correct_rate=CORRECT_RATE):
    """What a cadre sends: {question id: [form values]} (about correct_rate
    right), what the server should store for each, and the expected score."""
    from exams.models import OPTION_LETTERS, QuestionKind

    sent, stored = {}, {}
    total = earned = Decimal("0")
    for item in attempt.questions:
        question = questions[item["id"]]
        points = Decimal(item["points"])
        total += points
        right = rng.random() < correct_rate
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            key = sorted(OPTION_LETTERS.index(letter) for letter in question.answer)
            others = [i for i in item["options"] if i not in key]
            picked = key if right else [rng.choice(others)]
            sent[question.pk] = [str(i) for i in picked]
            stored[question.pk] = sorted(picked)
        elif question.kind == QuestionKind.TRUE_FALSE:
            wrong = "错" if question.answer[0] == "对" else "对"
            value = question.answer[0] if right else wrong
            sent[question.pk] = stored[question.pk] = [value]
        else:
            value = rng.choice(question.answer) if right else "不知道"
            sent[question.pk] = stored[question.pk] = [value]
        if right:
            earned += points
    score = (earned * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return sent, stored, score


# --- gunicorn -----------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving lms.settings.bench on the bench's LMS_VAR_DIR, stopped
    on leaving the with-block whatever happened."""

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
            except requests.ConnectionError:
                pass
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


# --- The cadres' side ---------------------------------------------------------


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


def open_attempt(session, base, attempt_id):
    url = f"{base}/exams/attempts/{attempt_id}/"
    checked(session.get(url, timeout=HTTP_TIMEOUT_S), 200)


def save_answer(session, base, attempt_id, question_id, values):
    response = session.post(
        f"{base}/exams/attempts/{attempt_id}/answer/",
        data=[("question", str(question_id))] + [("value", v) for v in values],
        headers=csrf_headers(session),
        timeout=HTTP_TIMEOUT_S,
    )
    checked(response, 200)


def submit_form(session, sent):
    form = [("csrfmiddlewaretoken", session.cookies["csrftoken"])]
    for question_id, values in sent.items():
        form += [(f"q{question_id}", v) for v in values]
    return form


def post_submit(session, base, attempt_id, form):
    """The submit POST alone (its redirect not followed); returns (seconds,
    the result page's URL)."""
    started = time.perf_counter()
    response = session.post(
        f"{base}/exams/attempts/{attempt_id}/submit/",
        data=form,
        allow_redirects=False,
        timeout=HTTP_TIMEOUT_S,
    )
    elapsed = time.perf_counter() - started
    checked(response, 302)
    location = response.headers["Location"]
    if "/result/" not in location:
        raise HttpError(f"submit redirected to {location}")
    return elapsed, requests.compat.urljoin(base, location)


# --- The figures --------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]  # nearest rank


def logins_phase(server, jobs):
    """Log every cadre in and open their attempt page, before the minute."""
    started = time.perf_counter()

    def run(job):
        job["session"] = login(server.base, job["username"])
        open_attempt(job["session"], server.base, job["attempt_id"])

    with ThreadPoolExecutor(LOGIN_THREADS) as pool:
        list(pool.map(run, jobs))  # a failure here is fatal: re-raised
    seconds = time.perf_counter() - started
    note(f"quiz: {len(jobs)} logins and attempt pages in {seconds:.1f} s")


def submit_phase(server, jobs):
    """Each cadre saves ANSWERS_BEFORE_SUBMIT answers then submits, at a random
    moment of the minute. Returns (submit latencies in s, errors, requests)."""
    rng = random.Random(SEED + 1)
    offsets = sorted(rng.uniform(0, QUIZ_WINDOW_S) for _ in jobs)
    lock = threading.Lock()
    latencies, errors, late = [], [], []
    count = [0]

    def run(job, offset):
        delay = start + offset - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        else:
            late.append(-delay)
        session, base, attempt_id = job["session"], server.base, job["attempt_id"]
        requests_done = 0
        try:
            for question_id in list(job["sent"])[:ANSWERS_BEFORE_SUBMIT]:
                requests_done += 1
                values = job["sent"][question_id]
                save_answer(session, base, attempt_id, question_id, values)
            requests_done += 1
            form = submit_form(session, job["sent"])
            elapsed, result_url = post_submit(session, base, attempt_id, form)
            with lock:
                latencies.append(elapsed)
            requests_done += 1
            checked(session.get(result_url, timeout=HTTP_TIMEOUT_S), 200)
        except Exception as error:  # noqa: BLE001 - counted and shown
            with lock:
                errors.append(f"{job['username']}: {type(error).__name__}: {error}")
        with lock:
            count[0] += requests_done

    start = time.perf_counter() + 0.5
    with ThreadPoolExecutor(QUIZ_THREADS) as pool:
        list(pool.map(run, jobs, offsets))
    note(
        f"quiz: {count[0]} requests in {time.perf_counter() - start:.1f} s; "
        f"{len(late)} cadres started late (by up to {max(late, default=0):.2f} s)"
    )
    return latencies, errors


def double_submit(server, cadre, attempt, questions):
    """DOUBLE_SUBMITS submits of one attempt at once, from one session; half
    the forms carry all answers right, half all wrong (a double click, or two
    tabs with different answers). Returns the responses' statuses."""
    rng = random.Random(SEED + 2)
    plans = [answer_plan(attempt, questions, rng, rate)[0] for rate in (1, 0)]
    first = login(server.base, cadre.user.username)
    open_attempt(first, server.base, attempt.pk)
    sessions = []
    for _ in range(DOUBLE_SUBMITS):  # the same Django session, one client each
        session = requests.Session()
        session.cookies.update(first.cookies)
        sessions.append(session)
    forms = [submit_form(first, plans[i % 2]) for i in range(DOUBLE_SUBMITS)]
    barrier = threading.Barrier(DOUBLE_SUBMITS)
    url = f"{server.base}/exams/attempts/{attempt.pk}/submit/"

    def run(session, form):
        barrier.wait()
        try:
            response = session.post(
                url, data=form, allow_redirects=False, timeout=HTTP_TIMEOUT_S
            )
            return response.status_code
        except Exception as error:  # noqa: BLE001 - counted and shown
            return f"{type(error).__name__}: {error}"

    with ThreadPoolExecutor(DOUBLE_SUBMITS) as pool:
        return list(pool.map(run, sessions, forms))


def answers_changed_after_grading(attempt):
    """Stored answers of a graded attempt that are not what was graded (their
    response does not agree with the correct flag grading set)."""
    from exams.models import Question
    from exams.services import response_is_correct

    answers = list(attempt.answers.all())
    questions = Question.objects.in_bulk([a.question_id for a in answers])
    return sum(
        1
        for a in answers
        if response_is_correct(questions[a.question_id], a.response) != a.correct
    )


def check_answers(quiz, jobs):
    """Answers not stored as sent, plus attempts not scored as expected."""
    from exams.models import Attempt, AttemptAnswer

    by_attempt = {job["attempt_id"]: job for job in jobs}
    lost = 0
    stored = {}
    answers = AttemptAnswer.objects.filter(attempt__quiz=quiz, attempt__in=by_attempt)
    for answer in answers:
        stored[(answer.attempt_id, answer.question_id)] = answer.response
    for attempt_id, job in by_attempt.items():
        for question_id, expected in job["stored"].items():
            if stored.get((attempt_id, question_id)) != expected:
                lost += 1
    scores = dict(Attempt.objects.filter(pk__in=by_attempt).values_list("pk", "score"))
    wrong_scores = [
        (pk, scores[pk], job["score"])
        for pk, job in by_attempt.items()
        if scores[pk] != job["score"]
    ]
    if lost or wrong_scores:
        note(f"quiz: {lost} answers not stored as sent; scores off: {wrong_scores}")
    return lost + len(wrong_scores)


def bench_quiz():
    from django.db import connection

    from exams.models import Attempt

    quiz, questions, pairs = quiz_setup()
    (double_cadre, double_attempt), pairs = pairs[-1], pairs[:-1]
    rng = random.Random(SEED + 3)
    jobs = []
    for cadre, attempt in pairs:
        sent, stored, score = answer_plan(attempt, questions, rng)
        jobs.append(
            {
                "username": cadre.user.username,
                "attempt_id": attempt.pk,
                "sent": sent,
                "stored": stored,
                "score": score,
            }
        )
    connection.close()  # the bench process holds nothing while gunicorn writes

    started = time.perf_counter()
    with Gunicorn() as server:
        logins_phase(server, jobs)
        latencies, errors = submit_phase(server, jobs)
        statuses = double_submit(server, double_cadre, double_attempt, questions)
    note(f"quiz: gunicorn phases took {time.perf_counter() - started:.1f} s")

    for error in errors[:10]:
        note(f"quiz error: {error}")
    attempt_ids = [job["attempt_id"] for job in jobs]
    graded = Attempt.objects.filter(
        quiz=quiz, pk__in=attempt_ids, submitted_at__isnull=False
    ).count()
    if latencies:
        note(
            f"quiz submit ms: median {statistics.median(latencies) * 1000:.0f}, "
            f"max {max(latencies) * 1000:.0f}, n {len(latencies)}"
        )
        report("quiz_submit_p95_ms", f"{percentile(latencies, 0.95) * 1000:.0f}")
    else:
        report("quiz_submit_p95_ms", "nan")
    report("quiz_submit_errors", len(errors))
    report("quiz_submit_graded", graded)
    report("quiz_answers_lost", check_answers(quiz, jobs))

    double_attempt.refresh_from_db()
    bad = [s for s in statuses if s != 302]
    if bad:
        note(f"quiz double submit: responses other than 302: {bad}")
    report(
        "quiz_double_submit_graded",
        Attempt.objects.filter(
            quiz=quiz, cadre=double_cadre, submitted_at__isnull=False
        ).count(),
    )
    report(
        "quiz_double_submit_history",
        double_attempt.history.exclude(submitted_at=None).count(),
    )
    report(
        "quiz_double_submit_answers_changed",
        answers_changed_after_grading(double_attempt),
    )
