"""Private files (uploaded imports, report exports): kept outside MEDIA_ROOT
under unguessable names, and served only through views that check who asks
(django-sendfile2: X-Accel-Redirect behind nginx in production)."""
