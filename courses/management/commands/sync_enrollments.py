from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from courses.models import CoursePage, Requirement
from courses.services import enrollments_sync_required


class Command(BaseCommand):
    help = _("为每门已发布的必修课程，给学习对象中尚未报名的学员补报名。")

    def handle(self, *args, **options):
        courses = list(
            CoursePage.objects.live()
            .filter(requirement=Requirement.REQUIRED)
            .order_by("path")
        )
        total = 0
        for number, course in enumerate(courses, start=1):
            created = enrollments_sync_required(course=course)
            total += created
            self.stdout.write(
                _("[%(n)d/%(count)d] %(course)s：新增报名 %(created)d 人")
                % {
                    "n": number,
                    "count": len(courses),
                    "course": course.title,
                    "created": created,
                }
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("完成：%(count)d 门必修课程，共新增报名 %(total)d 人")
                % {"count": len(courses), "total": total}
            )
        )
