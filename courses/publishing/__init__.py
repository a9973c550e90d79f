"""Publishing courses through the Wagtail admin as trainers and reviewers do:
a course goes to review whole (its draft lessons and quizzes with it), the
reviewer confirms what goes live, trainers order a course's parts, and the
course and lesson forms check every required field on save.

workflow (the moderation workflow and the groups' permissions, set up
repeat-safe), forms (the page forms, the approval form), services (what a
submission or an approval covers), menu (the submit step), panels (the
review queue on the admin home, the quiz's running totals), buttons
(添加课时 / 添加测验 / 添加培训场次), wagtail_hooks (imported by courses.wagtail_hooks).
"""
