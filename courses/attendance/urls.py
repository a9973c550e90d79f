"""The session pages, under the courses namespace (courses:register, …)."""

from django.urls import path

from .views import checkin, imports, register

urlpatterns = [
    path("sessions/<int:session_id>/projector/", checkin.projector, name="projector"),
    path(
        "sessions/<int:session_id>/projector/code/",
        checkin.projector_code,
        name="projector_code",
    ),
    path("sessions/<int:session_id>/checkin/", checkin.session_checkin, name="checkin"),
    path(
        "sessions/<int:session_id>/checkout/",
        checkin.session_checkout,
        name="checkout",
    ),
    path("sessions/<int:session_id>/register/", register.register, name="register"),
    path(
        "sessions/<int:session_id>/register/state/",
        register.register_state,
        name="register_state",
    ),
    path(
        "sessions/<int:session_id>/register/all-present/",
        register.register_all_present,
        name="register_all_present",
    ),
    path(
        "sessions/<int:session_id>/register/mark/",
        register.register_mark,
        name="register_mark",
    ),
    path(
        "sessions/<int:session_id>/register/close/",
        register.register_close,
        name="register_close",
    ),
    path(
        "sessions/<int:session_id>/register/history/",
        register.register_history,
        name="register_history",
    ),
    path("sessions/<int:session_id>/sheet/", register.sheet, name="sheet"),
    *imports.urlpatterns,
]
