"""Views of the courses app outside the page tree, one module per subject:
learning (我的学习, search, electives, study time), checkin (the projector's
rotating QR code and the cadre's check-in) and register (the trainer's
attendance register, sign-in sheet and paper import)."""
