"""The reviewer's queue on the admin home."""

from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

from ..models import CoursePage


class ReviewQueuePanel(WorkflowObjectsToModeratePanel):
    """待我审核 (Wagtail's "Awaiting your review"), oldest first: what has
    waited longest comes first. A part awaiting review with its course is
    listed under the course (approving the course covers it)."""

    template_name = "courses/admin/review_queue.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        states = sorted(context["states"], key=lambda s: s["task_state"].started_at)
        courses = {
            state["obj"].path: state
            for state in states
            if isinstance(state["obj"], CoursePage)
        }
        for state in states:
            state["parts"] = []
        rows = []
        for state in states:
            obj = state["obj"]
            course = None
            if getattr(obj, "is_course_part", False):
                course = courses.get(obj.path[: -obj.steplen])
            if course is None:
                rows.append(state)
            else:
                course["parts"].append(state)
        context["states"] = rows
        return context
