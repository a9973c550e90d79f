"""The demo portal's text (cms/demo.py builds the pages from it): the home
page's introduction, the notices and the about page.

Demo data files are Python modules of plain literals, one beside each app's
demo.py: no parsing step, and dates are real dates.
"""

import datetime

HOME_INTRO = (
    "<p>奈曼旗深入实施乡村振兴领头雁“333”工程，以理论实践课堂、“领头雁”课堂、"
    "在线交流课堂三大课堂为抓手，线上线下相结合，全面提升嘎查村“两委”干部"
    "抓党建、促发展、治村务的能力。</p>"
)

NOTICES = [
    (
        datetime.date(2026, 11, 20),
        "关于开展2026年度嘎查村干部冬季集中轮训的通知",
        "各苏木乡镇党委：按照旗委组织部年度培训计划，定于12月上旬分三批开展"
        "嘎查村“两委”干部冬季集中轮训，请各地按名额组织参训。",
    ),
    (
        datetime.date(2026, 11, 5),
        "11月份“比武争星”考核评分结果公布",
        "11月份各嘎查村党组织“比武争星”考核已完成，现将五面红旗评选情况予以公布，"
        "请各嘎查村对照查找差距。",
    ),
    (
        datetime.date(2026, 10, 18),
        "“领头雁”课堂赴先进村现场教学安排",
        "组织一类村党组织书记赴先进嘎查村开展现场教学，学习壮大村集体经济、"
        "发展特色产业的经验做法。",
    ),
    (
        datetime.date(2026, 9, 1),
        "民族团结进步政策宣传月学习安排",
        "9月为全旗民族团结政策宣传月，各嘎查村干部须完成在线交流课堂相关专题学习。",
    ),
    (
        datetime.date(2026, 7, 10),
        "关于做好村务监督委员会主任培训备案工作的通知",
        "请各苏木乡镇于7月底前完成村务监督委员会主任培训档案的整理备案。",
    ),
]

ABOUT_BODY = (
    "三大课堂：理论实践课堂、“领头雁”课堂、在线交流课堂。"
    "分类管理：一类村创先进、二类村促提升、三类村抓调整。"
    "三项机制：考核问效、备案管理、激励保障。"
)
