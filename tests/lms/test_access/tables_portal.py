"""The role × action table: the portal's views, the course pages and the
attendance pages (method, then what each role gets)."""

# ruff: noqa: E501 (a table reads best one row a line)
# Columns: anonymous, cadre, trainer, course_trainer, township_supervisor,
# other_township_supervisor, banner_supervisor, administrator (world.ROLES);
# cells as in outcomes.py.

LEARNING = {
    "courses:cadre_archive": "GET login 200 404 404 200 404 200 200",
    "courses:certificate": "GET login 200 404 404 200 404 200 200",
    "courses:certificate_verify": "GET 200 200 200 200 200 200 200 200",
    "courses:course_enroll": "POST login redirect 403 403 403 403 403 403",
    "courses:my_archive": "GET login 200 403 403 403 403 403 403",
    "courses:my_learning": "GET login 200 200 200 200 200 200 200",
    "courses:search": "GET 200 200 200 200 200 200 200 200",
    "courses:study_heartbeat": "POST 401 400 403 403 403 403 403 403",
    "courses:study_start": "POST 401 200 403 403 403 403 403 403",
    "exams:answer": "POST 401 400 403 403 403 403 403 403",
    "exams:attempt": "GET login 200 403 403 403 403 403 403",
    "exams:quiz_start": "POST login redirect 403 403 403 403 403 403",
    "exams:result": "GET login redirect 403 403 403 403 403 403",
    "exams:submit": "POST login redirect 403 403 403 403 403 403",
    "page:course": "GET 200 200 200 200 200 200 200 200",
    "page:lesson": "GET 200 200 200 200 200 200 200 200",
    "page:quiz": "GET 200 200 200 200 200 200 200 200",
    # 账号安全 (lms.passwords)
    "passwords:change": "GET login 200 200 200 200 200 200 200",
    # administrators' second factor (lms.accounts; LMS_ADMIN_OTP_REQUIRED off here)
    "accounts:otp_setup": "GET login 403 403 403 403 403 403 200",
    "accounts:otp_verify": "GET login 403 403 403 403 403 403 redirect",
}

ATTENDANCE = {
    "courses:checkin": "GET login 200 200 200 200 200 200 200",
    "courses:checkout": "POST login 200 200 200 200 200 200 200",
    "courses:projector": "GET login 403 403 200 403 403 403 200",
    "courses:projector_code": "GET login 403 403 200 403 403 403 200",
    "courses:register": "GET login 403 403 200 403 403 403 200",
    "courses:register_all_present": "POST login 403 403 redirect 403 403 403 redirect",
    "courses:register_close": "POST login 403 403 redirect 403 403 403 redirect",
    "courses:register_history": "GET login 403 403 200 403 403 403 200",
    "courses:register_import": "POST login 403 403 400 403 403 403 400",
    "courses:register_import_confirm": "POST login 403 403 404 403 403 403 404",
    "courses:register_import_preview": "GET login 403 403 404 403 403 403 404",
    "courses:register_import_template": "GET login 403 403 200 403 403 403 200",
    "courses:register_mark": "POST login 403 403 redirect 403 403 403 redirect",
    "courses:register_state": "GET login 403 403 200 403 403 403 200",
    "courses:sheet": "GET login 403 403 200 403 403 403 200",
}
