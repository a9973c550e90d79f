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

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import ROUND_HALF_UP, Decimal

import requests

from .load import (
    HTTP_TIMEOUT_S,
    Gunicorn,
    HttpError,
    checked,
    csrf_headers,
    enrol_chosen,
    login,
    logins_phase,
    make_cadres,
    note,
    note_latencies,
    report,
    report_p95_ms,
    spread_over,
)

QUIZ_CADRES = 300
QUIZ_QUESTIONS = 20  # 8 single choice, 4 multiple choice, 4 true/false, 4 blanks
QUIZ_WINDOW_S = 60
QUIZ_THREADS = 50
ANSWERS_BEFORE_SUBMIT = 5  # saved one by one, as the page's script does
DOUBLE_SUBMITS = 10
CORRECT_RATE = 0.8
SERIAL_BASE = 97_000_000  # mobiles 13997000000…, clear of demo, roster and bench
SEED = 20_333


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


def quiz_setup():
    """A course every bench cadre is enrolled in, its 20-question quiz, and
    QUIZ_CADRES + 1 cadres each with an attempt started through the service
    (the last one is for the double submit). Returns (quiz, questions by pk,
    [(cadre, attempt)])."""
    from django.utils import timezone

    from courses.models import Requirement
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
    cadres = make_cadres(
        QUIZ_CADRES + 1,
        serial_base=SERIAL_BASE,
        village_name="性能测试村",
        name_prefix="测验学员",
    )
    enrol_chosen(cadres, course)
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


# --- The cadres' side ---------------------------------------------------------


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


def submit_phase(server, jobs):
    """Each cadre saves ANSWERS_BEFORE_SUBMIT answers then submits, at a random
    moment of the minute. Returns (submit latencies in s, errors)."""
    lock = threading.Lock()
    latencies = []
    count = [0]

    def run(job):
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
        finally:
            with lock:
                count[0] += requests_done

    rng = random.Random(SEED + 1)
    seconds, late, late_max, errors = spread_over(
        jobs, QUIZ_WINDOW_S, QUIZ_THREADS, rng, run
    )
    note(
        f"quiz: {count[0]} requests in {seconds:.1f} s; "
        f"{late} cadres started late (by up to {late_max:.2f} s)"
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
        logins_phase(
            server,
            jobs,
            "quiz",
            then=lambda job: open_attempt(
                job["session"], server.base, job["attempt_id"]
            ),
        )
        latencies, errors = submit_phase(server, jobs)
        statuses = double_submit(server, double_cadre, double_attempt, questions)
    note(f"quiz: gunicorn phases took {time.perf_counter() - started:.1f} s")

    for error in errors[:10]:
        note(f"quiz error: {error}")
    attempt_ids = [job["attempt_id"] for job in jobs]
    graded = Attempt.objects.filter(
        quiz=quiz, pk__in=attempt_ids, submitted_at__isnull=False
    ).count()
    note_latencies("quiz submit", latencies)
    report_p95_ms("quiz_submit_p95_ms", latencies)
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
