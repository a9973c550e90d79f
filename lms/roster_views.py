# Admin views of the roster import (upload, preview, confirm): being written.
from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("", lambda request: HttpResponse("TODO"), name="upload")]
