"""学习进度 in the admin, mounted by courses.teaching.wagtail_hooks under
/admin/courses/ with the namespace course_teaching."""

from django.urls import path

from . import views

app_name = "course_teaching"

urlpatterns = [
    path("<int:course_id>/progress/", views.course_progress, name="progress"),
    path("<int:course_id>/progress/export/", views.export_start, name="export_start"),
    path("progress/exports/<int:export_id>/", views.export_progress, name="export"),
    path(
        "progress/exports/<int:export_id>/status/",
        views.export_status,
        name="export_status",
    ),
    path(
        "progress/exports/<int:export_id>/download/",
        views.export_download,
        name="export_download",
    ),
]
