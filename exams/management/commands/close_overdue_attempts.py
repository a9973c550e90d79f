from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from exams.services import attempts_close_overdue


class Command(BaseCommand):
    help = _("为超过截止时间仍未交卷的答题记录按截止时间交卷并评分")

    def handle(self, *args, **options):
        closed = attempts_close_overdue(now=timezone.now())
        if options["verbosity"]:
            self.stdout.write(_("已自动交卷 %(n)s 份。") % {"n": closed})
