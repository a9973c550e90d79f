"""The editor's endpoints, added to the 视频 viewset's URLs (/admin/videos/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("documents/<int:document_id>/status/", views.status, name="status"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
