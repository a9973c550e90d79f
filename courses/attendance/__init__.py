"""Offline training sessions (集中培训): the sessions in the admin, the
projector's rotating QR code and the cadres' check-in, the trainer's register
and sign-in sheet, and the import of a paper register. The models are
courses.models.attendance."""
