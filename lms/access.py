"""Who may do what: every role and scope predicate, and one way for a view to
require one.

Predicates take the user (and, where the rule is about a course or a session,
that object, read by duck typing so that lms imports no other app). All are
False for anonymous and deactivated users.

Roles
- is_administrator(user): superusers and the 管理员 role.
- is_trainer(user): the 讲师 role (not a superuser).
- is_supervisor(user): the 督导 role, Banner or township;
  is_banner_supervisor(user) (no township: the whole Banner) and
  is_township_supervisor(user).
- is_cadre(user): the 学员 role.
- admin_role(user): the Role an admin view acts on (ADMIN for superusers), or
  None for anonymous and deactivated users.
- is_course_staff(user): trainers, supervisors, administrators and Django
  staff read every course whole, whatever its audience.

Scope of people (lms.selectors turns it into querysets)
- people_scope(user): "all", a township id, "self" or None (nothing).
- may_see_whole_personal_data(user): whole ID and mobile numbers
  (administrators; each view is logged).

Actions
- may_see_reports(user): the supervisor dashboard and its exports
  (administrators and supervisors); sees_whole_banner(user) for the Banner
  level (administrators and Banner supervisors).
- may_import_roster(user): 导入学员名册 (administrators).
- may_import_questions(user): 从 Excel 导入题目 (whoever may add and change
  questions: trainers and administrators).
- may_use_question_bank(user): the question list and its chooser (whoever has
  a permission on questions: trainers and administrators).

Courses and sessions (duck-typed)
- course_paths_taught(user): the tree paths of the courses user is one of the
  trainers of (through CoursePage.trainers' related name courses_taught),
  cached on the user object for the request; course_paths_forget(user) drops
  that cache (after user's courses changed).
- is_trainer_of(user, course): course.path is one user teaches.
- may_see_course_progress(user, course): administrators, supervisors (within
  their scope of cadres) and the course's trainers (学习进度).
- sees_every_enrolment(user, course): administrators and the course's
  trainers; a supervisor sees only their scope.
- may_run_session(user, session): the session's trainer, a trainer of its
  course (session.course_id) or an administrator: projector, check-in code,
  register and paper import.

Passwords (lms.passwords)
- may_reset_password(user, cadre_or_user): 重置密码 of a cadre's login, by an
  administrator or the supervisor of the cadre's township; never one's own.

Accounts (lms.accounts)
- may_manage_lockouts(user): the admin's 登录锁定 list and 解除锁定
  (administrators).
- logs_out_when_idle(user): administrators and supervisors, logged out after
  settings.LMS_STAFF_IDLE_SECONDS without a request (cadres are not).

Requiring a predicate
- @access_required(predicate, message=None) on a function view: a logged-out
  user goes to the login page, a user for whom predicate(user) is False gets
  the 403 page (templates/403.html, showing message when given), in the
  portal and in the admin alike.
- AccessRequiredMixin on a class view (Django's or Wagtail's generic admin
  views): set access_predicate = predicate (and access_message); put the mixin
  first among the bases.
- deny_unless(allowed, message=None): for a rule about an object the view
  fetched first, e.g. deny_unless(may_run_session(request.user, session)).
  It raises PermissionDenied: Django's handler renders the same 403 page,
  but under /admin/ Wagtail turns it into a redirect to the admin home
  (as its own generic views refuse), so admin views use the two above.
- forbidden(request, message=None): the 403 page as a response.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from .models import Role

QUESTION_IMPORT_PERMISSIONS = ("exams.add_question", "exams.change_question")
QUESTION_BANK_PERMISSIONS = QUESTION_IMPORT_PERMISSIONS + (
    "exams.delete_question",
    "exams.view_question",
)

_PATHS_CACHE = "_course_paths_taught"


# --- roles -------------------------------------------------------------------


def is_active_user(user):
    return bool(user.is_authenticated and user.is_active)


def is_administrator(user):
    return is_active_user(user) and user.is_administrator


def is_trainer(user):
    return (
        is_active_user(user)
        and not user.is_superuser
        and getattr(user, "role", None) == Role.TRAINER
    )


def is_supervisor(user):
    return (
        is_active_user(user)
        and not user.is_administrator
        and user.role == Role.SUPERVISOR
    )


def is_banner_supervisor(user):
    return is_supervisor(user) and user.supervised_township_id is None


def is_township_supervisor(user):
    return is_supervisor(user) and user.supervised_township_id is not None


def is_cadre(user):
    return (
        is_active_user(user) and not user.is_administrator and user.role == Role.CADRE
    )


def admin_role(user):
    if not is_active_user(user):
        return None
    if user.is_administrator:
        return Role.ADMIN
    return getattr(user, "role", None)


STAFF_ROLES = frozenset({Role.TRAINER, Role.SUPERVISOR, Role.ADMIN})


def is_course_staff(user):
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.is_staff or user.role in STAFF_ROLES)
    )


# --- scope of people ---------------------------------------------------------


def people_scope(user):
    """'all', a township id, 'self' or None (nothing)."""
    if not is_active_user(user):
        return None
    if user.is_administrator:
        return "all"
    if user.role == Role.SUPERVISOR:
        return user.supervised_township_id or "all"
    if user.role == Role.CADRE:
        return "self"
    return None


def may_see_whole_personal_data(user):
    """Only administrators see whole ID and mobile numbers, and each view is logged."""
    return is_administrator(user)


# --- actions -----------------------------------------------------------------


def may_see_reports(user):
    """Administrators and supervisors (Banner or township); nobody else."""
    return is_administrator(user) or is_supervisor(user)


def sees_whole_banner(user):
    return is_administrator(user) or is_banner_supervisor(user)


def may_import_roster(user):
    return is_administrator(user)


def may_import_questions(user):
    """Trainers and administrators: whoever may add and change questions."""
    return bool(user.is_authenticated and user.has_perms(QUESTION_IMPORT_PERMISSIONS))


def may_use_question_bank(user):
    return bool(
        user.is_authenticated
        and any(user.has_perm(name) for name in QUESTION_BANK_PERMISSIONS)
    )


# --- courses and sessions ----------------------------------------------------


def course_paths_taught(user):
    """Tree paths of the courses user is a trainer of (cached on the user object
    for the request, as Wagtail caches page permissions)."""
    if not user.is_authenticated:
        return frozenset()
    paths = getattr(user, _PATHS_CACHE, None)
    if paths is None:
        paths = frozenset(user.courses_taught.values_list("path", flat=True))
        setattr(user, _PATHS_CACHE, paths)
    return paths


def course_paths_forget(user):
    """Drop course_paths_taught's cache on user (its courses changed)."""
    user.__dict__.pop(_PATHS_CACHE, None)


def is_trainer_of(user, course):
    """course: anything with the tree path of a course (a CoursePage)."""
    return is_active_user(user) and course.path in course_paths_taught(user)


def may_see_course_progress(user, course):
    """Administrators and supervisors (within their scope of cadres), and the
    trainers of the course; nobody else."""
    if not is_active_user(user):
        return False
    if user.is_administrator or user.role == Role.SUPERVISOR:
        return True
    return user.role == Role.TRAINER and is_trainer_of(user, course)


def sees_every_enrolment(user, course):
    return is_administrator(user) or is_trainer_of(user, course)


def may_run_session(user, session):
    """session: anything with trainer_id and course_id (a TrainingSession)."""
    if not is_active_user(user):
        return False
    if user.is_administrator or session.trainer_id == user.pk:
        return True
    return user.courses_taught.filter(pk=session.course_id).exists()


# --- requiring a predicate ---------------------------------------------------


def deny_unless(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or "")


def forbidden(request, message=None):
    """The 403 page (templates/403.html), saying why when message is given."""
    return TemplateResponse(
        request, "403.html", {"exception": message or ""}, status=403
    )


def _refusal(request, predicate, message):
    """None when predicate allows the request's user, else the login page's
    redirect (logged out) or the 403 page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not predicate(request.user):
        return forbidden(request, message)
    return None


def access_required(predicate, message=None):
    """A function view's decorator: log in first, then predicate(user) or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refused = _refusal(request, predicate, message)
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        wrapped.access_predicate = predicate
        return wrapped

    return decorator


class AccessRequiredMixin:
    """A class view's mixin: log in first, then access_predicate(user) or 403."""

    access_predicate = staticmethod(is_active_user)
    access_message = None

    def dispatch(self, request, *args, **kwargs):
        refused = _refusal(request, type(self).access_predicate, self.access_message)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)


# --- passwords (lms.passwords) -------------------------------------------------


def may_reset_password(user, cadre_or_user):
    """Administrators reset anyone's password but their own; a township
    supervisor resets the logins of the cadres in their township. Nobody else
    (Banner supervisors, trainers and cadres)."""
    if not is_active_user(user):
        return False
    if hasattr(cadre_or_user, "village_id"):  # a cadre profile
        cadre, account = cadre_or_user, cadre_or_user.user
    else:  # a login
        cadre, account = getattr(cadre_or_user, "cadre", None), cadre_or_user
    if account is not None and account.pk == user.pk:
        return False  # one's own password: 账号安全
    if user.is_administrator:
        return True
    return (
        is_township_supervisor(user)
        and cadre is not None
        and cadre.village.township_id == user.supervised_township_id
        and (account is None or (account.role == Role.CADRE and not account.is_staff))
    )


# --- accounts (lms.accounts) -------------------------------------------------


def may_manage_lockouts(user):
    return is_administrator(user)


def logs_out_when_idle(user):
    return is_administrator(user) or is_supervisor(user)


# --- question bank scope (exams.bank) ------------------------------------------


def may_edit_whole_question_bank(user):
    """Administrators see and edit every question, and change a key that a
    quiz of a course they do not teach uses; a trainer only their share
    (exams.bank.questions_for)."""
    return is_administrator(user)
