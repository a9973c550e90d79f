from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from courses.records.rebuild import EXAMPLES, records_rebuild

KIND_LABELS = {
    "part_missing": _("缺少的完成环节"),
    "part_extra": _("多余的完成环节"),
    "completion_missing": _("应结业而未记录结业"),
    "ledger_missing": _("缺少的学时记录"),
    "ledger_extra": _("多余的学时记录"),
    "ledger_changed": _("学时或年度不符的学时记录"),
    "course_record": _("课程学习档案不符"),
    "year_record": _("年度学习档案不符"),
    "certificate_missing": _("缺少的结业证书"),
}


class Command(BaseCommand):
    help = _(
        "从原始记录（报名、课时进度、答题、考勤）重新计算学习档案、学时台账和"
        "结业证书，报告与已存记录的差异；加 --fix 写入重新计算的结果。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help=_("把重新计算的结果写入数据库")
        )
        parser.add_argument(
            "--cadre",
            type=int,
            action="append",
            dest="cadre_ids",
            help=_("只检查这些学员（学员编号，可重复）"),
        )

    def handle(self, *args, fix, cadre_ids, **options):
        report = records_rebuild(fix=fix, cadre_ids=cadre_ids, stdout=self.stdout)
        checked = report.checked
        self.stdout.write(
            _(
                "已核对：完成环节 %(parts)d 个，报名 %(enrollments)d 条，"
                "学时记录 %(ledger)d 条，课程档案 %(course_records)d 条，"
                "年度档案 %(year_records)d 条"
            )
            % checked
        )
        if report.kept_completions:
            self.stdout.write(
                _("另有 %(count)d 条结业在课程内容变更前取得，按规定保留。")
                % {"count": report.kept_completions}
            )
        for kind, items in report.differences.items():
            self.stdout.write(
                _("%(label)s：%(count)d")
                % {"label": KIND_LABELS.get(kind, kind), "count": len(items)}
            )
            for item in items[:EXAMPLES]:
                self.stdout.write(f"  {item}")
        if not report.total:
            self.stdout.write(self.style.SUCCESS(_("无差异：已存记录与原始记录一致。")))
        elif fix:
            self.stdout.write(
                self.style.WARNING(
                    _("发现 %(count)d 处差异，已按原始记录更正。")
                    % {"count": report.total}
                )
            )
        else:
            raise CommandError(
                _("发现 %(count)d 处差异；用 --fix 按原始记录更正。")
                % {"count": report.total}
            )
