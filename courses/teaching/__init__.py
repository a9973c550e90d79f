"""A trainer's teaching (我的课程): the courses they teach on the admin's home
page, and who studied what in each course (学习进度), exported to Excel in the
background."""
