from django.urls import include, path

from .attendance.urls import urlpatterns as attendance_urls
from .records.urls import urlpatterns as records_urls
from .views import learning

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
    *attendance_urls,
    *records_urls,
    path("reports/", include("courses.reports.urls")),
]
