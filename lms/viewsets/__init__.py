"""Wagtail admin screens for townships, villages and cadres (人员与组织), the
personal data access log, and users' roles.

Scope is enforced on the server: every list, inspect, edit, delete, history and
export queryset comes from lms.selectors for the requesting user, so a township
supervisor gets a 404 for another township's records whatever the URL says.
Permissions (view / add / change / delete) come from Wagtail's model permission
policy: the 督导 group has view_* only, administrators are superusers.

Personal data (PIPL): lists, exports and history only show masked ID and mobile
numbers. Only administrators see them whole, on a cadre's 详情 and edit pages, and
each such view is recorded (lms.services.record_personal_data_access).

Modules: display (labels and formatting), base (scoped generic views), people
(the shared PeopleViewSet), history (django-simple-history change lists), filters,
places (townships, villages), cadres, access_log (the PIPL log), users (roles in
Wagtail's Users admin), group (the 人员与组织 menu).
"""
