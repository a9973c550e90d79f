from django.urls import include, path

from .views import archive, checkin, learning, register, register_import

app_name = "courses"

urlpatterns = [
    path("mine/", learning.my_learning, name="my_learning"),
    path("search/", learning.search, name="search"),
    path("<int:course_id>/enroll/", learning.course_enroll, name="course_enroll"),
    path(
        "lessons/<int:lesson_id>/study/start/",
        learning.study_start,
        name="study_start",
    ),
    path("study/heartbeat/", learning.study_beat, name="study_heartbeat"),
    *checkin.urlpatterns,
    *register.urlpatterns,
    *register_import.urlpatterns,
    *archive.urlpatterns,
    path("reports/", include("courses.reports.urls")),
]
