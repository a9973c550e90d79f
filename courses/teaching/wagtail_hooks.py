"""The trainer's teaching in the admin: 我的课程 on the home page instead of
the site summary ("271 Pages / 0 Images" says nothing to a trainer), the
学习进度 pages under /admin/courses/, and a 学习进度 item in a course's menus
in the page explorer. Imported by courses.wagtail_hooks."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from lms.access import is_trainer, may_see_course_progress

from ..models import CoursePage
from . import urls
from .panels import MyCoursesPanel


@hooks.register("construct_homepage_summary_items", order=100)
def no_site_summary_for_trainers(request, summary_items):
    if is_trainer(request.user):
        summary_items.clear()


@hooks.register("construct_homepage_panels")
def my_courses_panel(request, panels):
    if is_trainer(request.user):
        panels.append(MyCoursesPanel())


@hooks.register("register_admin_urls")
def register_teaching_urls():
    return [path("courses/", include((urls.urlpatterns, urls.app_name)))]


class CourseProgressMenuItem(PageMenuItem):
    label = _("学习进度")
    icon_name = "tasks"

    def is_shown(self, user):
        return may_see_course_progress(user, self.page)

    @property
    def url(self):
        return reverse("course_teaching:progress", args=[self.page.pk])


def _course_progress_item(page, priority):
    if page.specific_class is CoursePage:
        yield CourseProgressMenuItem(page=page, priority=priority)


@hooks.register("register_page_listing_more_buttons")
def course_progress_in_listing(page, user, next_url=None):
    """In the explorer, the ⋯ menu of a course row."""
    yield from _course_progress_item(page, priority=45)


@hooks.register("register_page_header_buttons")
def course_progress_in_header(page, user, view_name, next_url=None):
    """On a course's own explorer and edit pages, the header's menu."""
    yield from _course_progress_item(page, priority=66)
