"""我的课程 on the admin's home page (a Wagtail dashboard panel) for trainers."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from .selectors import teaching_overview


class MyCoursesPanel(Component):
    """Each course the trainer teaches: its review state (with the reviewer's
    comment when sent back), enrolled / completed / completion rate, its next
    session with the projector and the register, and its 学习进度 page."""

    name = "my_courses"
    template_name = "courses/teaching/home_panel.html"
    order = 50  # before Wagtail's own panels (moderation from 210)

    class Media:
        css = {"all": ["courses/css/teaching.css"]}

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "courses": teaching_overview(request.user, now=timezone.now()),
            "request": request,
        }
