"""How a roster import shows values to people: village classes, cadre attributes
(ID and mobile numbers masked) and the Chinese summary of a plan."""

import datetime

from django.utils.translation import gettext as _

from ..models import Position, Sex, VillageClass
from ..personal_data import mask_id_number, mask_mobile

CLASS_NUMERALS = {1: "一", 2: "二", 3: "三"}


def short_class_label(number):
    """一类: a village class as people write it in a roster."""
    return f"{CLASS_NUMERALS[number]}类"


def class_label(number):
    """一类（创先进）, or "" for none."""
    return str(VillageClass(number).label) if number else ""


def display_value(attr, value):
    """A value of a Cadre attribute as shown in previews and reports (masked)."""
    if value is None or value == "":
        return _("（空）")
    if attr == "sex":
        return str(Sex(value).label)
    if attr == "position":
        return str(Position(value).label)
    if attr == "village":
        return " ".join(value)
    if attr == "mobile":
        return mask_mobile(value)
    if attr == "id_number":
        return mask_id_number(value)
    if attr == "is_active":
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def summary_lines(summary):
    """The Chinese summary of a plan's ``summary()``: counts, places, class changes
    (long lists of places are cut short; the preview page has them all)."""
    lines = [
        _("新增 %(created)d 人，更新 %(updated)d 人，未变 %(unchanged)d 人") % summary
    ]
    for message, items, describe in (
        (_("新建苏木乡镇 %(count)d 个：%(names)s"), summary["new_townships"], str),
        (
            _("新建嘎查村 %(count)d 个：%(names)s"),
            summary["new_villages"],
            lambda v: (
                f"{v['township']} {v['village']}（{short_class_label(v['number'])}）"
            ),
        ),
        (
            _("村分类变更 %(count)d 个：%(names)s"),
            summary["village_class_changes"],
            lambda c: f"{c['township']} {c['village']} {c['old']} → {c['new']}",
        ),
    ):
        if items:
            names = _some(map(describe, items))
            lines.append(message % {"count": len(items), "names": names})
    return lines


def _some(items, limit=20):
    items = list(items)
    text = "、".join(items[:limit])
    if len(items) > limit:
        text += _(" 等")
    return text
