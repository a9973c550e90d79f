"""The trainer's attendance register (考勤), sign-in sheet and paper import."""

urlpatterns = []
