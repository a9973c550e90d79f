"""The names people write for a cadre's sex, ethnic group and position and for a
village's class, and the lookups from what is typed to the stored value."""

from ..models import Position, Sex
from .display import CLASS_NUMERALS

# The 56 ethnic groups of China (GB/T 3304).
ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族",
    "朝鲜族", "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族",
    "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
    "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族",
    "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族",
    "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip
ETHNICITY_ALIASES = {"蒙": "蒙古族", "蒙族": "蒙古族", "维族": "维吾尔族"}

SEX_ALIASES = {"男": Sex.MALE, "男性": Sex.MALE, "女": Sex.FEMALE, "女性": Sex.FEMALE}

# What people type for each position (after spaces are removed and the separators
# 、,，/／ are unified to 、), the labels first. The stored values are accepted too.
POSITION_ALIASES = {
    Position.PARTY_SECRETARY: (
        "党支部书记", "支部书记", "村党支部书记", "党总支书记", "党总支部书记",
        "村党总支书记", "嘎查党支部书记", "党组织书记", "村党组织书记", "书记",
    ),
    Position.COMMITTEE_DIRECTOR: (
        "村委会主任", "村主任", "村委主任", "嘎查达", "村民委员会主任",
        "嘎查村委会主任", "嘎查委员会主任",
    ),
    Position.SECRETARY_AND_DIRECTOR: (
        "书记兼主任", "党支部书记兼村委会主任", "一肩挑", "书记、主任",
        "党支部书记、村委会主任", "书记主任", "支部书记兼村主任", "书记兼村主任",
        "党支部书记兼嘎查达", "书记兼嘎查达", "党总支书记兼村委会主任",
    ),
    Position.DEPUTY_SECRETARY: (
        "党支部副书记", "副书记", "村党支部副书记", "支部副书记", "党总支副书记",
    ),
    Position.DEPUTY_DIRECTOR: (
        "村委会副主任", "副主任", "村副主任", "村委副主任", "副嘎查达",
    ),
    Position.COMMITTEE_MEMBER: (
        "两委委员", "党支部委员", "村委会委员", "两委成员", "支委", "村委",
        "支部委员", "村委委员", "党总支委员", "村民委员会委员", "委员",
    ),
    Position.SUPERVISION_DIRECTOR: (
        "村务监督委员会主任", "监委会主任", "村监委主任", "监督委员会主任",
        "村务监督主任", "监委主任", "村监委会主任",
    ),
}  # fmt: skip
POSITION_SEPARATORS = str.maketrans({",": "、", "，": "、", "/": "、", "／": "、"})

CLASS_SLOGANS = {1: "创先进", 2: "促提升", 3: "抓调整"}


def position_key(text):
    """What a typed position is looked up by in POSITION_LOOKUP."""
    return text.translate(POSITION_SEPARATORS)


def _position_lookup():
    return {
        position_key(alias): position.value
        for position, aliases in POSITION_ALIASES.items()
        for alias in (*aliases, position.value)
    }


def _village_class_lookup():
    lookup = {}
    for number, numeral in CLASS_NUMERALS.items():
        slogan = CLASS_SLOGANS[number]
        for alias in (
            str(number),
            f"{number}类",
            f"{number}类村",
            f"{numeral}类",
            f"{numeral}类村",
            slogan,
            f"{numeral}类({slogan})",
            f"{numeral}类村({slogan})",
        ):
            lookup[alias] = number
    return lookup


POSITION_LOOKUP = _position_lookup()
VILLAGE_CLASS_LOOKUP = _village_class_lookup()
