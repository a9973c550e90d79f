"""Views of the courses app outside the page tree: learning (我的学习,
search, electives, study time). The session pages are in
courses.attendance.views, the archive and certificates in
courses.records.views."""
