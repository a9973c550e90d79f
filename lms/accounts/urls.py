"""The second factor's pages, under /accounts/ (namespace "accounts"), and the
admin's 登录锁定 views (mounted under /admin/lockouts/ by wagtail_hooks)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
]

admin_urlpatterns = [
    path("", views.lockout_index, name="index"),
    path("lift/", views.lockout_lift_view, name="lift"),
]
