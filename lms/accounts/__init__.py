"""Accounts that cannot be guessed: the login lockout (lockout.py, django-axes),
administrators' second factor (otp.py, django-otp), staff sessions that end
when idle (middleware.py), and their pages (views.py, urls.py, wagtail_hooks.py).
"""
