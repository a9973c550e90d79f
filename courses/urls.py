from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("<int:course_id>/enroll/", views.course_enroll, name="course_enroll"),
]
