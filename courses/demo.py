"""Demo classrooms: the three tracks of the "333" project under the home page,
with their courses and lessons. Repeat-safe and deterministic."""

import random
from decimal import Decimal

from django.utils.translation import gettext as _

from cms.models import HomePage
from lms.models import Position, Township, User, VillageClass

from .models import CoursePage, LessonPage, Requirement, TrackKind, TrackPage

TRAINERS = ["trainer", "trainer2"]

TRACKS = [
    (
        TrackKind.THEORY_PRACTICE,
        "theory-practice",
        "政策理论宣讲与现场实践教学相结合",
        "全体嘎查村“两委”成员、村务监督委员会主任",
        "<p>围绕党的创新理论、乡村振兴政策、基层治理法规开展专题讲授，"
        "组织到示范嘎查村现场观摩、田间地头实训，做到学用结合。</p>",
    ),
    (
        TrackKind.LEAD_GOOSE,
        "lead-goose",
        "为嘎查村党组织书记、村委会主任量身打造的能力提升课堂",
        "嘎查村党组织书记、村委会主任（含书记兼主任）",
        "<p>聚焦抓班子带队伍、发展壮大村集体经济、产业发展和项目管理，"
        "通过先进村经验交流、“比武争星”述职点评，培养乡村振兴带头人。</p>",
    ),
    (
        TrackKind.ONLINE_EXCHANGE,
        "online-exchange",
        "随时随地在线学习，与讲师、同行交流经验",
        "全体学员",
        "<p>提供政策解读、典型案例、民族团结进步教育等在线课程，"
        "学员可在线提问、讨论、分享本村经验，讲师及时答疑。</p>",
    ),
]


def ensure_track_pages(home):
    """The three classrooms, first in the home page's menu, in the project's order."""
    pages, created = [], False
    for kind, slug, summary, audience, intro in TRACKS:
        page = TrackPage.objects.child_of(home).filter(kind=kind).first()
        if page is None:
            page = home.add_child(
                instance=TrackPage(
                    title=kind.label,
                    slug=slug,
                    kind=kind,
                    summary=summary,
                    audience=audience,
                    intro=intro,
                    show_in_menus=True,
                )
            )
            created = True
        pages.append(page)
    if created:
        for page in reversed(pages):
            page.refresh_from_db()
            page.move(home, pos="first-child")
    return pages


# --- Courses (课程) and lessons (课时) -------------------------------------------
#
# Built from compact data: each course is (title, theme, flags, summary, lessons);
# lesson text comes from a few paragraph templates filled with the course's topic.
# Flags: "elective" 选修, "2025" counted in 2025, "class3" only 三类（抓调整）
# villages, "townships" only the two sandland townships, "trainer2" taught by
# trainer2 (others by trainer). “领头雁”课堂 courses are for village leaders only.

TRACK_CODE_PREFIX = {
    TrackKind.THEORY_PRACTICE: "LL",
    TrackKind.LEAD_GOOSE: "LTY",
    TrackKind.ONLINE_EXCHANGE: "ZX",
}
LEADER_POSITIONS = [
    Position.PARTY_SECRETARY.value,
    Position.COMMITTEE_DIRECTOR.value,
    Position.SECRETARY_AND_DIRECTOR.value,
]
SANDLAND_TOWNSHIPS = ["白音他拉苏木", "黄花塔拉苏木"]

# theme: (topic, focus sentence, [(policy quote, source), ...])
THEMES = {
    "party": (
        "党建引领",
        "要坚持以党建引领基层治理和乡村振兴，把党支部建设成为坚强战斗堡垒。",
        [
            (
                "乡镇党委和村党组织全面领导乡镇、村的各类组织和各项工作。",
                "《中国共产党农村基层组织工作条例》",
            ),
            (
                "党支部是党的基础组织，是党在社会基层组织中的战斗堡垒，"
                "是党的全部工作和战斗力的基础。",
                "《中国共产党支部工作条例（试行）》",
            ),
            (
                "党支部应当组织党员按期参加党员大会、党小组会和上党课，"
                "定期召开党支部委员会会议。",
                "《中国共产党支部工作条例（试行）》",
            ),
        ],
    ),
    "flags": (
        "比武争星",
        "要对照党建示范、脱贫致富、产业发展、社会治理、乡风文明“五面红旗”标准，"
        "比出干劲、争出实效。",
        [
            (
                "坚持大抓基层的鲜明导向，抓党建促乡村振兴。",
                "党的二十大报告",
            ),
            (
                "村党组织书记应当注重从本村致富能手、外出务工经商返乡人员、"
                "本乡本土大学毕业生、退役军人中的党员培养选拔。",
                "《中国共产党农村基层组织工作条例》",
            ),
        ],
    ),
    "economy": (
        "村集体经济",
        "要立足奈曼旗肉牛、玉米、荞麦等资源禀赋，因村施策发展壮大村级集体经济。",
        [
            (
                "发展新型农村集体经济，发展新型农业经营主体和社会化服务，"
                "发展农业适度规模经营。",
                "党的二十大报告",
            ),
            (
                "国家采取措施支持农村集体经济组织发展，"
                "为本集体成员提供生产生活服务，保障成员从集体经营收入中获得收益分配的权利。",
                "《中华人民共和国乡村振兴促进法》",
            ),
        ],
    ),
    "coop": (
        "合作社规范发展",
        "要引导合作社规范运行、民主管理，让农牧民在合作中增收。",
        [
            (
                "农民专业合作社应当遵循下列原则：成员以农民为主体；"
                "以服务成员为宗旨，谋求全体成员的共同利益；入社自愿、退社自由；"
                "成员地位平等，实行民主管理。",
                "《中华人民共和国农民专业合作社法》",
            ),
        ],
    ),
    "unity": (
        "民族团结进步",
        "要以铸牢中华民族共同体意识为主线，促进各民族交往交流交融。",
        [
            (
                "以铸牢中华民族共同体意识为主线，坚定不移走中国特色解决民族问题的正确道路。",
                "党的二十大报告",
            ),
            (
                "加强和改进党的民族工作，全面推进民族团结进步事业。",
                "党的二十大报告",
            ),
        ],
    ),
    "governance": (
        "村务治理",
        "要落实“四议两公开”，健全村务公开和村务监督制度，让权力在阳光下运行。",
        [
            (
                "村民委员会实行村务公开制度。",
                "《中华人民共和国村民委员会组织法》",
            ),
            (
                "村应当建立村务监督委员会或者其他形式的村务监督机构，"
                "负责村民民主理财，监督村务公开等制度的落实。",
                "《中华人民共和国村民委员会组织法》",
            ),
            (
                "全面落实“四议两公开”，健全村级重要事项、重大问题由村党组织研究讨论机制。",
                "《关于加强和改进乡村治理的指导意见》",
            ),
        ],
    ),
    "mediation": (
        "矛盾纠纷调解",
        "要坚持和发展新时代“枫桥经验”，做到小事不出村、大事不出乡镇、矛盾不上交。",
        [
            (
                "人民调解委员会调解民间纠纷，应当在当事人自愿、平等的基础上进行调解，"
                "不违背法律、法规和国家政策，尊重当事人的权利。",
                "《中华人民共和国人民调解法》",
            ),
            (
                "在社会基层坚持和发展新时代“枫桥经验”，完善正确处理新形势下人民内部矛盾机制。",
                "党的二十大报告",
            ),
        ],
    ),
    "revival": (
        "乡村振兴",
        "要坚持农业农村优先发展，巩固拓展脱贫攻坚成果，全面推进乡村振兴。",
        [
            (
                "坚持农业农村优先发展，坚持城乡融合发展，畅通城乡要素流动。",
                "党的二十大报告",
            ),
            (
                "全面实施乡村振兴战略，应当坚持中国共产党的领导，"
                "走中国特色社会主义乡村振兴道路，促进共同富裕。",
                "《中华人民共和国乡村振兴促进法》",
            ),
        ],
    ),
    "sand": (
        "科尔沁沙地治理",
        "要践行“绿水青山就是金山银山”理念，打好科尔沁沙地歼灭战，"
        "把治沙和致富结合起来。",
        [
            (
                "防沙治沙工作应当遵循统一规划，因地制宜，分步实施，"
                "坚持区域防治与重点防治相结合；预防为主，防治结合，综合治理的原则。",
                "《中华人民共和国防沙治沙法》",
            ),
            (
                "推动绿色发展，促进人与自然和谐共生。",
                "党的二十大报告",
            ),
        ],
    ),
    "civility": (
        "乡风文明",
        "要培育文明乡风、良好家风、淳朴民风，推进移风易俗。",
        [
            (
                "深入开展移风易俗，推进农村婚丧嫁娶等习俗改革，"
                "治理高价彩礼、人情攀比、厚葬薄养、铺张浪费等不良风气。",
                "《关于加强和改进乡村治理的指导意见》",
            ),
        ],
    ),
}

COURSES = {
    TrackKind.THEORY_PRACTICE: [
        (
            "党建引领乡村振兴专题",
            "party",
            "",
            "系统学习党建引领乡村振兴的理论与实践，掌握把组织优势转化为发展优势的方法。",
            [
                "党建引领乡村振兴的时代要求",
                "把党的组织优势转化为发展优势",
                "村党组织全面领导的制度安排",
                "党员先锋岗与党员联系户",
                "党建联建：村村联建与村企共建",
                "示范嘎查村现场教学",
                "党建引领乡村振兴案例研讨",
            ],
        ),
        (
            "党支部标准化规范化建设",
            "party",
            "",
            "对照标准化规范化建设要求，逐项学习组织设置、组织生活、阵地建设和档案管理。",
            [
                "标准化规范化建设总体要求",
                "组织设置与班子建设",
                "党员发展与教育管理",
                "党员活动室阵地建设",
                "党建工作台账与档案管理",
                "党费收缴使用与管理",
                "标准化建设自查自评",
                "标准化示范点观摩",
            ],
        ),
        (
            "“三会一课”制度规范落实",
            "party",
            "trainer2",
            "讲清“三会一课”的程序和要求，提高组织生活质量，防止走过场。",
            [
                "“三会一课”的由来与意义",
                "支部党员大会的召开程序",
                "支部委员会会议议事规则",
                "党小组会的组织与记录",
                "书记讲党课的备课与讲授",
                "主题党日活动设计",
            ],
        ),
        (
            "铸牢中华民族共同体意识",
            "unity",
            "trainer2",
            "学习党的民族理论和政策，把铸牢中华民族共同体意识贯穿嘎查村各项工作。",
            [
                "中华民族共同体意识的深刻内涵",
                "党的民族理论和民族政策",
                "各民族交往交流交融的历史",
                "推广国家通用语言文字",
                "民族团结进步创建进嘎查村",
                "奈曼旗民族团结典型事迹",
                "民族政策宣讲实务",
            ],
        ),
        (
            "民族团结进步创建实务",
            "unity",
            "elective trainer2",
            "以嘎查村为单元开展民族团结进步创建，学习创建标准和工作方法。",
            [
                "民族团结进步示范嘎查村标准",
                "创建活动的组织与载体",
                "各族群众共居共学共建共享",
                "守望相助：结对帮扶做法",
                "创建资料整理与迎检",
                "创建工作经验交流",
            ],
        ),
        (
            "乡村振兴政策解读",
            "revival",
            "",
            "解读乡村振兴促进法和中央一号文件精神，掌握与嘎查村相关的主要政策。",
            [
                "乡村振兴战略总要求",
                "《乡村振兴促进法》要点",
                "中央一号文件解读",
                "巩固拓展脱贫攻坚成果",
                "农村土地承包与流转政策",
                "强农惠农富农补贴政策",
                "乡村建设行动与人居环境整治",
                "政策落地的村级抓手",
            ],
        ),
        (
            "科尔沁沙地综合治理与生态保护",
            "sand",
            "townships trainer2",
            "结合奈曼旗北部沙区实际，学习防沙治沙政策、技术和“治沙+产业”模式。",
            [
                "科尔沁沙地的形成与现状",
                "防沙治沙法律法规",
                "草方格与灌木固沙技术",
                "禁牧休牧与草畜平衡",
                "林沙产业与生态增收",
                "生态护林员管理",
                "治沙示范区现场教学",
            ],
        ),
        (
            "村务公开与村务监督实务",
            "governance",
            "",
            "学习村务公开的内容、形式和时限，发挥村务监督委员会作用。",
            [
                "村务公开的内容与时限",
                "村务公开栏与线上公开",
                "村务监督委员会的职责",
                "民主理财与财务审核",
                "村级小微权力清单",
                "群众监督意见的处理",
            ],
        ),
        (
            "示范嘎查村现场观摩教学",
            "flags",
            "",
            "走进“五面红旗”示范嘎查村，现场学习先进村的经验做法。",
            [
                "观摩前准备与学习任务",
                "党建示范村：组织建设看点",
                "产业发展村：产业项目看点",
                "社会治理村：网格化治理看点",
                "观摩心得交流与转化",
                "观摩成果转化为本村工作计划",
            ],
        ),
        (
            "高标准农田与农业社会化服务",
            "economy",
            "elective 2025",
            "了解高标准农田建设和农业社会化服务政策，推动玉米生产节本增效。",
            [
                "高标准农田建设政策",
                "浅埋滴灌水肥一体化技术",
                "农业生产托管服务",
                "农机合作与代耕代收",
                "黑土地保护与秸秆还田",
                "村集体参与社会化服务",
            ],
        ),
    ],
    TrackKind.LEAD_GOOSE: [
        (
            "抓班子带队伍：村党组织书记履职能力提升",
            "party",
            "",
            "聚焦村党组织书记的职责任务，提升抓班子、带队伍、促发展的能力。",
            [
                "村党组织书记的职责定位",
                "团结带领“两委”班子",
                "后备力量培养与储备",
                "开好村“两委”联席会议",
                "工作计划与年度述职",
                "书记抓党建责任清单",
                "个人廉洁自律要求",
                "优秀书记谈履职",
            ],
        ),
        (
            "发展壮大村集体经济路径",
            "economy",
            "",
            "梳理村集体经济发展的主要路径，学习资源发包、资产经营、服务创收等做法。",
            [
                "村集体经济的内涵与意义",
                "农村集体产权制度改革成果运用",
                "资源发包与合同管理",
                "资产盘活与租赁经营",
                "服务创收：村集体领办服务组织",
                "入股分红与风险防范",
                "庭院经济与村集体带动",
                "村集体收益分配",
                "集体经济“空壳村”清零经验",
            ],
        ),
        (
            "肉牛产业：从养殖到品牌",
            "economy",
            "trainer2",
            "围绕奈曼旗肉牛产业，学习规模养殖、品种改良、疫病防控和品牌营销。",
            [
                "奈曼旗肉牛产业发展现状",
                "基础母牛扩群与品种改良",
                "青贮饲料制作与科学饲喂",
                "牛舍建设与粪污资源化利用",
                "疫病防控与检疫",
                "活畜抵押贷款与保险",
                "肉牛品牌打造与销售",
            ],
        ),
        (
            "玉米全产业链与订单农业",
            "economy",
            "",
            "学习玉米种植提质增效、订单农业和粮食产后服务，延长产业链。",
            [
                "玉米良种与密植技术",
                "订单农业的合同与风险",
                "粮食烘干与仓储",
                "玉米深加工与就地转化",
                "种养结合：粮改饲",
                "玉米产业村经验交流",
            ],
        ),
        (
            "荞麦等特色杂粮产业",
            "economy",
            "elective",
            "介绍荞麦、谷子等特色杂粮种植与加工，帮助旱作区拓宽增收渠道。",
            [
                "奈曼荞麦的品质与市场",
                "旱作杂粮种植技术",
                "杂粮加工与包装",
                "地理标志与品牌营销",
                "电商销售杂粮实务",
                "杂粮产业村经验交流",
            ],
        ),
        (
            "农民专业合作社规范运营",
            "coop",
            "trainer2",
            "学习合作社设立、民主管理、财务管理和盈余分配，治理“空壳社”。",
            [
                "合作社的设立与登记",
                "章程制定与成员大会",
                "财务管理与会计核算",
                "盈余分配与成员账户",
                "村党组织领办合作社",
                "“空壳社”清理与规范提升",
                "合作社联合社发展",
            ],
        ),
        (
            "“比武争星”述职与五面红旗争创",
            "flags",
            "",
            "讲清“比武争星”的评分办法和述职要求，帮助书记争创五面红旗。",
            [
                "“比武争星”活动的由来与规则",
                "党建示范红旗争创要点",
                "脱贫致富红旗争创要点",
                "产业发展红旗争创要点",
                "社会治理红旗争创要点",
                "乡风文明红旗争创要点",
                "述职演讲的准备与表达",
            ],
        ),
        (
            "整顿软弱涣散党组织",
            "party",
            "class3",
            "面向三类（抓调整）嘎查村，学习软弱涣散党组织整顿的方法和步骤。",
            [
                "软弱涣散的表现与成因",
                "“一村一策”整顿方案",
                "配强班子与选派第一书记",
                "理顺村级组织关系",
                "整顿成效的评估验收",
                "三类村转化提升案例",
                "整顿期间的群众工作",
            ],
        ),
        (
            "村级项目管理与财务规范",
            "governance",
            "2025",
            "学习村级项目申报、实施、验收和村级财务管理规范。",
            [
                "村级项目申报与论证",
                "项目招投标与实施监管",
                "项目验收与资产移交",
                "村级财务收支审批",
                "村账镇管与财务公开",
                "审计发现问题整改",
            ],
        ),
        (
            "先进村经验交流",
            "flags",
            "elective trainer2",
            "邀请“五面红旗”获得村的书记讲述发展历程，交流可复制的经验。",
            [
                "从后进村到先进村",
                "一名老书记的三十年",
                "返乡创业党员带富路",
                "蒙汉群众同心致富",
                "集体经济破零的故事",
                "女书记的治村之道",
            ],
        ),
    ],
    TrackKind.ONLINE_EXCHANGE: [
        (
            "“四议两公开”工作法",
            "governance",
            "",
            "在线学习“四议两公开”工作法的程序、要求和常见问题。",
            [
                "“四议两公开”是什么",
                "党支部提议",
                "“两委”会商议",
                "党员大会审议",
                "村民会议或村民代表会议决议",
                "决议公开与实施结果公开",
                "常见问题在线答疑",
            ],
        ),
        (
            "矛盾纠纷排查调解",
            "mediation",
            "trainer2",
            "学习常见矛盾纠纷的排查、调解方法，提高依法化解矛盾的能力。",
            [
                "矛盾纠纷排查机制",
                "人民调解的原则与程序",
                "土地草牧场纠纷调解",
                "婚姻家庭与邻里纠纷调解",
                "调解协议的制作与效力",
                "信访事项的接待与转办",
                "调解案例在线研讨",
            ],
        ),
        (
            "乡风文明与移风易俗",
            "civility",
            "",
            "围绕乡风文明红旗，学习村规民约、红白理事会和文明实践活动。",
            [
                "乡风文明的内涵",
                "村规民约的修订与执行",
                "红白理事会运行规范",
                "治理高价彩礼与人情攀比",
                "新时代文明实践站活动",
                "“十星级文明户”评选",
                "最美家庭与好婆媳评选",
            ],
        ),
        (
            "庭院经济增收实务",
            "economy",
            "",
            "利用房前屋后发展庭院种植、养殖和加工，增加农牧民收入。",
            [
                "庭院经济的政策支持",
                "庭院种植：果蔬与中药材",
                "庭院养殖：肉羊与家禽",
                "庭院小作坊与手工艺",
                "村集体带动庭院经济",
                "庭院经济产品网上销售",
            ],
        ),
        (
            "民族团结政策宣传月专题",
            "unity",
            "2025",
            "配合民族团结政策宣传月，在线学习民族政策并交流宣讲经验。",
            [
                "宣传月活动安排",
                "民族区域自治制度",
                "民族团结法规要点",
                "讲好民族团结故事",
                "宣讲活动的组织方法",
                "宣传月学习交流",
            ],
        ),
        (
            "三类村问题整改攻坚",
            "governance",
            "class3",
            "面向三类（抓调整）嘎查村，在线交流问题整改的思路和办法。",
            [
                "问题清单的梳理",
                "整改方案的制定",
                "集体“三资”清理",
                "历史遗留问题化解",
                "整改销号与群众评议",
                "整改经验在线交流",
                "长效机制与防止反弹",
            ],
        ),
        (
            "基层干部法治素养",
            "mediation",
            "elective",
            "学习与嘎查村工作密切相关的法律法规，提高依法办事能力。",
            [
                "宪法与基层群众自治",
                "民法典与农村生活",
                "土地管理法与草原法",
                "村干部职务违法风险",
                "依法处理村务的案例",
                "法律明白人培养",
            ],
        ),
        (
            "数字乡村与手机应用",
            "revival",
            "elective trainer2",
            "学会用手机办事、学习和开展村务工作，建设数字乡村。",
            [
                "数字乡村建设概述",
                "手机学习平台使用指南",
                "网上办事与政务服务",
                "村务群的管理与信息发布",
                "网络安全与防范电信诈骗",
                "直播带货入门",
            ],
        ),
        (
            "防返贫动态监测与帮扶",
            "revival",
            "",
            "学习防止返贫动态监测和帮扶机制，守住不发生规模性返贫底线。",
            [
                "防返贫监测对象的识别",
                "监测信息的采集与核实",
                "帮扶措施的精准落实",
                "产业和就业帮扶",
                "消除风险与退出程序",
                "防返贫工作在线答疑",
            ],
        ),
        (
            "三类村党员教育管理",
            "party",
            "class3",
            "面向三类（抓调整）嘎查村，加强党员经常性教育管理。",
            [
                "党员教育的主要内容",
                "流动党员管理",
                "党员积分制管理",
                "不合格党员的处置",
                "党员教育管理在线交流",
                "党员志愿服务与设岗定责",
            ],
        ),
    ],
}

EXAMPLE_VILLAGES = [
    "东明镇哈沙图嘎查",
    "八仙筒镇兴隆村",
    "大沁他拉镇太平村",
    "白音他拉苏木巴彦塔拉嘎查",
    "青龙山镇东升村",
    "义隆永镇永安村",
]
INTRO_TEMPLATES = [
    "本课时围绕“{lesson}”展开，是《{course}》课程的重要内容。{focus}"
    "学习中要结合本嘎查村实际，把上级要求转化为具体工作。",
    "“{lesson}”是嘎查村干部在{topic}工作中经常遇到的课题。"
    "近年来，奈曼旗坚持党建引领，各苏木乡镇在这方面积累了不少好做法。{focus}",
    "做好{topic}工作，关键在嘎查村“两委”班子。本课时从“{lesson}”入手，"
    "帮助大家理清思路、找准抓手。{focus}",
]
BODY_TEMPLATES = [
    "从实际工作看，{topic}要把握三点：一是吃透政策，原原本本学习上级文件精神；"
    "二是摸清底数，对本村人口、土地、产业和党员情况做到心中有数；"
    "三是建立台账，明确责任人和完成时限，做到件件有着落。",
    "以{village}为例，村“两委”在推进“{lesson}”相关工作时，先召开党员大会统一思想，"
    "再逐户走访听取群众意见，最后把议定事项张榜公布、接受监督。"
    "这一做法程序规范、群众认可，值得借鉴。",
    "在{topic}工作中，一些嘎查村还存在“重安排、轻落实”“重材料、轻实效”的问题。"
    "对照“比武争星”月度评分要求，要把功夫下在平时，用群众的获得感检验工作成效。",
    "嘎查村干部要学会算“三本账”：集体收入账、群众增收账、长远发展账。"
    "{topic}每推进一步，都要让群众看得见、摸得着、得实惠。",
    "按照乡村振兴领头雁“333”工程要求，村党组织书记要带头学、带头干，"
    "把{topic}纳入村“两委”年度工作计划，每季度至少专题研究一次，年底向党员群众述职。",
]
CLOSING_TEMPLATES = [
    "学完本课时，请对照本村实际，梳理{topic}方面存在的一至两个突出问题，"
    "提出整改措施，在下次“两委”会议上交流。",
    "课后请在“在线交流课堂”讨论区分享本村在{topic}方面的做法或困惑，讲师将集中答疑。",
    "本课时内容将纳入课程测验，建议结合课程其他课时复习巩固。",
]
CALLOUTS = [
    (
        "important",
        "工作要求",
        "{topic}工作要做到有计划、有记录、有结果，相关材料及时归入村级档案。",
    ),
    (
        "info",
        "学习提示",
        "本课时建议学习 {minutes} 分钟，可分次完成，手机学习时建议连接无线网络。",
    ),
    (
        "warning",
        "注意",
        "涉及集体资产、资金和资源的事项，必须履行“四议两公开”程序，不得个人说了算。",
    ),
]
SECTION_HEADINGS = ["政策要点", "工作方法", "典型做法", "课后思考"]


def lesson_plan(code, number, lesson, course, theme):
    """(study_minutes, credit_hours, body) of one lesson, the same on every run."""
    rng = random.Random(f"{code}/{number}")
    topic, focus, quotes = THEMES[theme]
    minutes = rng.randint(10, 40)
    credit = Decimal("1.0") if minutes >= 25 else Decimal("0.5")
    fill = {
        "lesson": lesson,
        "course": course,
        "topic": topic,
        "focus": focus,
        "minutes": minutes,
        "village": rng.choice(EXAMPLE_VILLAGES),
    }

    def paragraph(template):
        return {"type": "paragraph", "value": f"<p>{template.format(**fill)}</p>"}

    bodies = rng.sample(BODY_TEMPLATES, rng.randint(1, 2))
    body = [paragraph(rng.choice(INTRO_TEMPLATES))]
    body.append({"type": "heading", "value": SECTION_HEADINGS[0]})
    text, source = quotes[number % len(quotes)]
    body.append({"type": "policy_quote", "value": {"text": text, "source": source}})
    body.append({"type": "heading", "value": SECTION_HEADINGS[1]})
    body.extend(paragraph(t) for t in bodies)
    if rng.random() < 0.5:
        body.append({"type": "heading", "value": SECTION_HEADINGS[3]})
        body.append(paragraph(rng.choice(CLOSING_TEMPLATES)))
    tone, title, callout = CALLOUTS[(number + len(code)) % len(CALLOUTS)]
    body.append(
        {
            "type": "callout",
            "value": {
                "tone": tone,
                "title": title,
                "body": f"<p>{callout.format(**fill)}</p>",
            },
        }
    )
    return minutes, credit, body


def course_plans():
    """(track kind, code, fields, lessons) for every demo course, in order."""
    for kind, courses in COURSES.items():
        prefix = TRACK_CODE_PREFIX[kind]
        for number, (title, theme, flags, summary, lessons) in enumerate(courses, 1):
            flags = flags.split()
            year = 2025 if "2025" in flags else 2026
            code = f"{prefix}-{year}-{number:02d}"
            fields = {
                "title": title,
                "slug": code.lower(),
                "code": code,
                "summary": summary,
                "requirement": Requirement.ELECTIVE
                if "elective" in flags
                else Requirement.REQUIRED,
                "year": year,
                "audience_positions": LEADER_POSITIONS
                if kind == TrackKind.LEAD_GOOSE
                else [],
                "audience_village_classes": [VillageClass.RECTIFYING.value]
                if "class3" in flags
                else [],
            }
            plans = [
                (f"lesson-{n}", lesson, *lesson_plan(code, n, lesson, title, theme))
                for n, lesson in enumerate(lessons, 1)
            ]
            yield kind, fields, flags, plans


def ensure_courses(tracks):
    """The demo courses and their lessons; adds only what is missing."""
    track_by_kind = {track.kind: track for track in tracks}
    trainers = {u.username: u for u in User.objects.filter(username__in=TRAINERS)}
    sandland = list(Township.objects.filter(name__in=SANDLAND_TOWNSHIPS))
    existing = {c.code: c for c in CoursePage.objects.all()}
    added_courses = added_lessons = 0
    for kind, fields, flags, plans in course_plans():
        total = sum((credit for _s, _t, _m, credit, _b in plans), Decimal("0"))
        course = existing.get(fields["code"])
        if course is None:
            course = CoursePage(credit_hours=total, **fields)
            trainer = trainers.get("trainer2" if "trainer2" in flags else "trainer")
            course.trainers = [trainer] if trainer else []
            course.audience_townships = sandland if "townships" in flags else []
            track_by_kind[kind].add_child(instance=course)
            added_courses += 1
        have = set(course.get_children().values_list("slug", flat=True))
        for slug, title, minutes, credit, body in plans:
            if slug in have:
                continue
            course.add_child(
                instance=LessonPage(
                    title=title,
                    slug=slug,
                    study_minutes=minutes,
                    credit_hours=credit,
                    body=body,
                )
            )
            added_lessons += 1
    return added_courses, added_lessons


def seed(*, size, stdout):
    home = HomePage.objects.get()
    pages = ensure_track_pages(home)
    stdout.write(_("课堂：%(count)d 个") % {"count": len(pages)})
    added_courses, added_lessons = ensure_courses(pages)
    stdout.write(
        _(
            "课程：%(courses)d 门，课时：%(lessons)d 个"
            "（本次新增课程 %(added_courses)d 门、课时 %(added_lessons)d 个）"
        )
        % {
            "courses": CoursePage.objects.count(),
            "lessons": LessonPage.objects.count(),
            "added_courses": added_courses,
            "added_lessons": added_lessons,
        }
    )
