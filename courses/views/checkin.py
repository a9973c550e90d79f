"""The projector page's rotating QR code and the cadre's check-in (签到)."""

urlpatterns = []
