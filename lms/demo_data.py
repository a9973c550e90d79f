"""The demo Banner's places and names (lms/demo.py builds the people from
them): Naiman's townships, village name stems, surnames and given names, and
the team a village's "两委" holds.

Demo data files are Python modules of plain literals, one beside each app's
demo.py: no parsing step, and the choices enums (Position) are the real ones,
so a typo fails at import rather than half-way through seeding.
"""

from .models import Position

# Naiman Banner's townships (苏木乡镇), with a login slug and a village count
# chosen so that about 300 villages hold 1,200+ cadres (东明镇 about 207).
TOWNSHIPS = [
    ("大沁他拉镇", "dqtl", 27),
    ("八仙筒镇", "bxt", 28),
    ("青龙山镇", "qls", 22),
    ("新镇", "xz", 20),
    ("治安镇", "za", 20),
    ("东明镇", "dm", 48),
    ("沙日浩来镇", "srhl", 18),
    ("义隆永镇", "yly", 22),
    ("土城子乡", "tcz", 16),
    ("苇莲苏乡", "wls", 15),
    ("明仁苏木", "mr", 14),
    ("白音他拉苏木", "bytl", 14),
    ("固日班花苏木", "grbh", 18),
    ("黄花塔拉苏木", "hhtl", 18),
]

VILLAGE_STEMS_MONGOLIAN = [
    "塔拉",
    "敖包",
    "乌兰",
    "宝日",
    "哈日",
    "查干",
    "巴彦",
    "额尔敦",
    "朝鲁",
    "胡日哈",
    "包日浩特",
    "阿拉坦",
    "莫力",
    "温都",
    "好力宝",
    "伊和",
    "巴嘎",
    "昂乃",
    "舍力虎",
    "希勃图",
    "乌兰章古",
    "苏布日干",
    "道老杜",
    "哈沙图",
]

VILLAGE_STEMS_HAN = [
    "兴隆",
    "太平",
    "永安",
    "新发",
    "富贵",
    "双合",
    "三合",
    "保安",
    "平安",
    "长胜",
    "东升",
    "福兴",
    "和平",
    "四家子",
    "五十家子",
    "八家子",
    "大庄",
    "小庄",
    "六家子",
    "向阳",
    "红星",
    "前进",
    "胜利",
    "团结",
    "新立",
    "龙泉",
    "柳条",
    "榆树",
    "沙坨子",
]

VILLAGE_PREFIXES = ["", "东", "西", "南", "北", "前", "后", "新"]

HAN_SURNAMES = "王李张刘赵孙杨陈吴韩于高马郭何朱徐周胡田邢邰宋梁"

HAN_GIVEN = [
    "建国",
    "振华",
    "丽华",
    "玉兰",
    "淑芬",
    "海军",
    "志强",
    "凤英",
    "秀英",
    "春生",
    "文辉",
    "晓东",
    "桂兰",
    "红梅",
    "立新",
    "宏伟",
    "玉梅",
    "金山",
    "学军",
    "永刚",
    "国庆",
    "树林",
    "海燕",
    "艳华",
    "长青",
    "德胜",
    "丽娟",
    "占军",
    "春燕",
    "继红",
]

MONGOLIAN_SURNAMES = ["包", "白", "宝", "鲍", "吴", "韩", "陈", "敖", "那", "乌"]

MONGOLIAN_GIVEN_MALE = [
    "巴特尔",
    "乌力吉",
    "额尔敦",
    "朝鲁",
    "满都拉",
    "阿拉坦",
    "苏和",
    "哈斯",
    "宝音",
    "达来",
    "那顺",
    "孟和",
    "吉日嘎拉",
    "巴图",
    "青格勒",
    "特木尔",
]

MONGOLIAN_GIVEN_FEMALE = [
    "其木格",
    "斯琴",
    "萨仁",
    "格日勒",
    "图雅",
    "乌云",
    "娜仁",
    "托娅",
    "琪琪格",
    "塔娜",
    "高娃",
    "萨日娜",
]

# A plausible village "two committees" plus the supervision committee director.
VILLAGE_TEAMS = [
    [
        Position.SECRETARY_AND_DIRECTOR,
        Position.DEPUTY_SECRETARY,
        Position.COMMITTEE_MEMBER,
        Position.SUPERVISION_DIRECTOR,
    ],
    [
        Position.PARTY_SECRETARY,
        Position.COMMITTEE_DIRECTOR,
        Position.COMMITTEE_MEMBER,
        Position.SUPERVISION_DIRECTOR,
    ],
    [
        Position.SECRETARY_AND_DIRECTOR,
        Position.COMMITTEE_MEMBER,
        Position.COMMITTEE_MEMBER,
        Position.DEPUTY_DIRECTOR,
        Position.SUPERVISION_DIRECTOR,
    ],
]
