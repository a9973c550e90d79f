from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("mine/", views.my_learning, name="my_learning"),
    path("search/", views.search, name="search"),
    path("<int:course_id>/enroll/", views.course_enroll, name="course_enroll"),
    path(
        "lessons/<int:lesson_id>/study/start/",
        views.study_start,
        name="study_start",
    ),
    path("study/heartbeat/", views.study_beat, name="study_heartbeat"),
]
