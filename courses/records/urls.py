"""The records' pages, under the courses namespace (courses:my_archive, …)."""

from django.urls import path

from . import views

urlpatterns = [
    path("archive/", views.my_archive, name="my_archive"),
    path("archive/<int:cadre_id>/", views.cadre_archive_page, name="cadre_archive"),
    # The verification paths first: "verify" is not a code.
    path("certificates/verify/", views.certificate_verify, name="certificate_verify"),
    path(
        "certificates/verify/<str:code>/",
        views.certificate_verify,
        name="certificate_verify",
    ),
    path("certificates/<str:code>/", views.certificate, name="certificate"),
]
