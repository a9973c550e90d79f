"""The session pages outside the admin: checkin (the projector's rotating QR
code and the cadre's check-in), register (the trainer's register and sign-in
sheet) and imports (the paper register)."""
