"""培训场次 in the Wagtail admin: trainers keep the sessions of their courses,
supervisors only look, administrators do everything."""

import pytest
from django.urls import reverse

from courses.models import TrainingSession
from courses.services import enrollment_choose
from lms.models import Position
from tests.clock import SHANGHAI

from ..factories import make_course, make_session, tracks


@pytest.fixture
def own_course(trainer):
    return make_course(tracks()[0], title="我的课程", trainers=[trainer])


@pytest.fixture
def other_course(db):
    return make_course(tracks()[0], title="别人的课程")


@pytest.fixture
def own(own_course, trainer):
    return make_session(own_course, trainer, title="本人课程场次")


@pytest.fixture
def others(other_course, trainer):
    return make_session(other_course, trainer, title="他人课程场次")


def index():
    return reverse("training_sessions:index")


def edit(session):
    return reverse("training_sessions:edit", args=[session.pk])


def test_a_trainer_lists_only_the_sessions_of_their_courses(
    client, trainer, own, others
):
    client.force_login(trainer)
    page = client.get(index()).content.decode()
    assert "本人课程场次" in page
    assert "他人课程场次" not in page
    assert reverse("courses:register", args=[own.pk]) in page
    assert f"/courses/sessions/{own.pk}/projector/" in page


def test_a_trainer_edits_their_session_but_not_anothers(client, trainer, own, others):
    client.force_login(trainer)
    assert client.get(edit(own)).status_code == 200
    assert client.get(edit(others)).status_code == 404
    history = reverse("training_sessions:history", args=[own.pk])
    assert client.get(history).status_code == 200


def test_a_trainer_picks_only_their_courses(client, trainer, own_course, other_course):
    client.force_login(trainer)
    response = client.get(reverse("training_sessions:add"))
    assert response.status_code == 200
    choices = response.context["form"].fields["course"].queryset
    assert set(choices.values_list("pk", flat=True)) == {own_course.pk}
    data = {
        "course": other_course.pk,
        "title": "越权场次",
        "place": "某地",
        "starts_at": "2026-06-02 09:00",
        "ends_at": "2026-06-02 12:00",
        "credit_hours": "3",
        "trainer": trainer.pk,
        "roster": "enrolled",
        "checkin_opens_minutes": "30",
        "late_after_minutes": "10",
    }
    client.post(reverse("training_sessions:add"), data)
    assert not TrainingSession.objects.filter(title="越权场次").exists()
    data["course"] = own_course.pk
    data["title"] = "新场次"
    response = client.post(reverse("training_sessions:add"), data)
    assert response.status_code == 302
    assert TrainingSession.objects.get(title="新场次").course_id == own_course.pk


def test_administrators_see_and_edit_everything(client, administrator, own, others):
    client.force_login(administrator)
    page = client.get(index()).content.decode()
    assert "本人课程场次" in page and "他人课程场次" in page
    assert client.get(edit(others)).status_code == 200


def test_supervisors_only_look(client, banner_supervisor, own, others):
    client.force_login(banner_supervisor)
    page = client.get(index()).content.decode()
    assert "本人课程场次" in page and "他人课程场次" in page
    assert client.get(edit(own)).status_code in (302, 403)
    assert client.get(reverse("training_sessions:add")).status_code in (302, 403)
    assert "考勤登记" not in page  # the register is the trainers' (403 for them)


def test_the_details_show_local_times_and_dashes(client, administrator, own):
    client.force_login(administrator)
    url = reverse("training_sessions:inspect", args=[own.pk])
    page = client.get(url).content.decode()
    start = own.starts_at.astimezone(SHANGHAI)
    assert start.strftime("%Y-%m-%d %H:%M") in page
    assert ">None<" not in page


def test_cadres_do_not_reach_the_list(client, cadre, own):
    client.force_login(cadre.user)
    assert client.get(index()).status_code in (302, 403)


# ---- The roster: who is expected, and why nobody ---------------------------------


def form_data(course, trainer, **fields):
    """What the admin's session form posts."""
    data = {
        "course": course.pk,
        "title": "新场次",
        "place": "东明镇党群服务中心",
        "starts_at": "2026-06-02 09:00",
        "ends_at": "2026-06-02 12:00",
        "credit_hours": "3",
        "trainer": trainer.pk,
        "roster": "enrolled",
        "checkin_opens_minutes": "30",
        "late_after_minutes": "10",
    }
    data.update(fields)
    return data


def test_the_roster_filters_are_kept_only_for_a_chosen_roster(
    client, trainer, own_course, township
):
    client.force_login(trainer)
    chosen = {
        "roster_positions": [Position.PARTY_SECRETARY],
        "roster_village_classes": ["3"],
        "roster_townships": [township.pk],
    }
    client.post(
        reverse("training_sessions:add"),
        form_data(own_course, trainer, title="全部学员场次", **chosen),
    )
    session = TrainingSession.objects.get(title="全部学员场次")
    assert session.roster == TrainingSession.Roster.ENROLLED
    assert session.roster_positions == [] and session.roster_village_classes == []
    assert not session.roster_townships.exists()

    client.post(
        reverse("training_sessions:add"),
        form_data(own_course, trainer, title="选定学员场次", roster="chosen", **chosen),
    )
    session = TrainingSession.objects.get(title="选定学员场次")
    assert session.roster_positions == [Position.PARTY_SECRETARY]
    assert session.roster_village_classes == [3]
    assert list(session.roster_townships.all()) == [township]


def test_the_form_shows_the_filters_only_for_a_chosen_roster(client, trainer, own):
    client.force_login(trainer)
    response = client.get(edit(own))
    page = response.content.decode()
    assert 'data-controller="roster-filters"' in page
    assert page.count('data-roster-filters-target="filter"') == 3
    assert "courses/js/roster-filters.js" in page
    # Without JavaScript the filters stay, and say when they apply.
    assert "只在选“按条件选定的学员”时使用" in page
    assert 'type="radio" name="roster"' in page


@pytest.fixture
def draft_course(trainer):
    return make_course(tracks()[0], title="草稿课程", trainers=[trainer], live=False)


def test_an_empty_roster_of_a_draft_course_says_why(
    client, trainer, draft_course, cadre
):
    session = make_session(draft_course, trainer, title="草稿课程场次")
    client.force_login(trainer)
    reason = "课程尚未发布，报名学员为空：课程发布后，名单按课程的学员生成"
    page = client.get(edit(session)).content.decode()
    assert "应到 0 人" in page and reason in page
    inspect = reverse("training_sessions:inspect", args=[session.pk])
    page = client.get(inspect).content.decode()
    assert "应到 0 人" in page and reason in page


def test_a_chosen_roster_matching_nobody_says_which_conditions(
    client, trainer, own_course, township, cadre, other_cadre
):
    session = make_session(own_course, trainer, title="选定学员场次")
    session.roster = TrainingSession.Roster.CHOSEN
    session.roster_village_classes = [3]  # other_cadre's village, not cadre's
    session.roster_townships.set([township])  # cadre's township
    session.save()
    client.force_login(trainer)
    page = client.get(edit(session)).content.decode()
    assert "各自都有学员，但没有同时符合全部条件的学员" in page
    assert "村分类：三类（抓调整）" in page and "苏木乡镇：东明镇" in page

    session.roster_positions = [Position.PARTY_SECRETARY]  # nobody's
    session.save()
    inspect = reverse("training_sessions:inspect", args=[session.pk])
    page = client.get(inspect).content.decode()
    assert "课程的面向对象中没有所选职务（党支部书记）的学员" in page


def test_a_roster_with_cadres_says_how_many(client, trainer, own, cadre):
    enrollment_choose(cadre=cadre, course=own.course)
    client.force_login(trainer)
    assert "应到 1 人" in client.get(edit(own)).content.decode()


def test_adding_a_session_from_a_course_opens_the_form_with_it_chosen(
    client, trainer, own_course, other_course
):
    """添加培训场次 on a course opens the form with that course selected, chosen
    on the server; a course the trainer may not choose is not offered."""
    client.force_login(trainer)
    url = reverse("training_sessions:add")
    html = client.get(f"{url}?course={own_course.pk}").content.decode()
    assert f'<option value="{own_course.pk}" selected>' in html

    html = client.get(f"{url}?course={other_course.pk}").content.decode()
    assert f'value="{other_course.pk}"' not in html
    assert " selected>" not in html.split('name="course"')[1].split("</select>")[0]


def test_a_session_added_from_a_course_goes_back_to_the_courses_explorer(
    client, trainer, own_course
):
    """Saved from 添加培训场次 on a course, the trainer is back on the course's
    listing in the explorer; saved from the session list, on the list."""
    client.force_login(trainer)
    url = f"{reverse('training_sessions:add')}?course={own_course.pk}"
    form = client.get(url).content.decode()
    assert f'action="{url}"' in form
    response = client.post(url, form_data(own_course, trainer, title="从课程添加"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[own_course.pk])
    assert TrainingSession.objects.filter(title="从课程添加").exists()

    response = client.post(
        reverse("training_sessions:add"),
        form_data(own_course, trainer, title="从列表添加"),
    )
    assert response["Location"] == index()
