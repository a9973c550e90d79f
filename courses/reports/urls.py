"""Supervisor reports (督导看板): completion by township, village and cadre,
read from the kept records; exports to Excel in the background."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export_start, name="export_start"),
    path("exports/<int:export_id>/", views.export_progress, name="export"),
    path("exports/<int:export_id>/status/", views.export_status, name="export_status"),
    path(
        "exports/<int:export_id>/download/",
        views.export_download,
        name="export_download",
    ),
]
