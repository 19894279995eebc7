"""Abstention by topic words: refuse what no loaded document mentions, answer what the evidence paraphrases."""
from __future__ import annotations

import pytest

from qa.linking import _jieba_tokenizer
from qa.topics import Asked, TopicCheck, TopicChecker, abbreviates, covers, document_terms, is_phrasing

VOCABULARY = ("疏散通道、楼梯间内禁止停放电动自行车或者为电动自行车充电。室内消火栓栓口距地面的高度宜为1.1 m。"
              "气体灭火系统的储存装置应设在专用储瓶间内。公共娱乐场所的应急照明供电时间不得少于二十分钟。"
              "灭火器的数量不得少于2具。高层民用建筑禁止锁闭避难层（间）出入口。"
              "国家综合性消防救援队的消防员应当加强训练。人员密集场所不得在门窗上设置防盗网等障碍物。")


@pytest.fixture(scope="module")
def checker():
    return TopicChecker(VOCABULARY, _jieba_tokenizer(["室内消火栓", "气体灭火系统", "灭火器", "避难层"]))


ANSWERED = [
    # question, linked surfaces, evidence
    ("楼道里能给电瓶车充电吗？", [], "疏散通道、楼梯间内禁止停放电动自行车或者为电动自行车充电。"),
    ("室内消火栓栓口装多高合适？", ["室内消火栓"], "室内消火栓栓口距地面的高度宜为1.1 m。"),
    ("避难层平时能把门锁上吗？", ["避难层"], "高层民用建筑禁止锁闭避难层（间）出入口。"),
    ("KTV的应急照明要能亮多长时间？", [], "公共娱乐场所的应急照明供电时间不得少于二十分钟。"),
    # segmentation fragments (上能 from 门窗上能装) are not unknown topic words
    ("人员密集场所的门窗上能装防盗网吗？", [], "人员密集场所不得在门窗上设置防盗网等障碍物。"),
    # an unknown verb before a linked name is what is done to it (加装 for 增设), a locative is not a topic
    ("楼梯间旁边能加装室内消火栓吗？", ["室内消火栓"], "楼梯间内禁止停放电动自行车。室内消火栓栓口距地面的高度宜为1.1 m。"),
]


@pytest.mark.parametrize(("question", "linked", "evidence"), ANSWERED)
def test_paraphrased_questions_are_answered(checker, question, linked, evidence):
    assert not checker.check(question, linked, evidence, names=linked).refuses()


REFUSED = [
    ("哪个牌子的灭火器质量最好，大概多少钱一具？", ["灭火器"], "灭火器的数量不得少于2具。"),
    ("消防设施操作员考试的报名费是多少？", [], "公共娱乐场所的应急照明供电时间不得少于二十分钟。"),
    ("七氟丙烷气体灭火系统的设计浓度应取多少？", ["气体灭火系统"], "气体灭火系统的储存装置应设在专用储瓶间内。"),
    # half the topic words are covered, but the other half is a word no document uses
    ("消防员每年有多少天休假？", [], "国家综合性消防救援队的消防员应当加强训练。"),
    # a one-character noun no document uses (狗) is a topic word as well
    ("家里的狗老是咬疏散通道里的电动自行车充电线？", [], "楼梯间内禁止停放电动自行车或者为电动自行车充电。"),
]


@pytest.mark.parametrize(("question", "linked", "evidence"), REFUSED)
def test_questions_about_what_no_document_mentions_are_refused(checker, question, linked, evidence):
    assert checker.check(question, linked, evidence, names=linked).refuses()


def test_an_unknown_word_before_a_linked_name_is_a_different_thing(checker):
    check = checker.check("七氟丙烷气体灭火系统怎么设计？", ["气体灭火系统"], "", names=["气体灭火系统"])
    assert check.modifiers == ("丙烷",)


def test_places_the_loaded_regulations_cover_are_not_topic_words(checker):
    assert "北京" not in checker.check("北京的楼道能停电瓶车吗", [], "", places=["北京"]).words


PHRASING = [("几层", True), ("最远", True), ("最晚", True), ("限制", True), ("满足", True), ("任何", True), ("最多罚", True), ("没装", True), ("一栋", True), ("期是", True), ("多长时间", True),
            ("装多高", True), ("尺寸", True), ("好几间", True), ("一家", True), ("两辆", True), ("想开", True),
            ("自家", True), ("由谁来", True), ("找谁", True), ("下来", True), ("下去", True), ("这么", True),
            ("十几岁", True), ("我家", True), ("一桶", True), ("两瓶", True), ("有人", True), ("好坏", True), ("意思", True),
            ("每分钟", True), ("三小时", True), ("开个", True), ("开始", True), ("一百二十", True),
            ("百货", False), ("没收", False), ("栓口", False), ("报名费", False), ("多层", False)]


@pytest.mark.parametrize(("word", "expected"), PHRASING)
def test_phrasing_words(word, expected):
    assert is_phrasing(word) is expected


def test_document_terms_follow_everyday_words_across_segmentation():
    assert "锁闭" in document_terms("门锁", "把门锁上吗")
    assert document_terms("建筑工地") == ["建筑工地", "施工现场"]


# Everyday words and the documents' terms for them, each from a clause that answers in those terms.
EVERYDAY = [
    ("辞退", "不得…解除与其订立的劳动合同"), ("秋收", "在农业收获季节、森林防火期间"), ("过年", "重大节假日期间"),
    ("人多", "人员密集场所"), ("司机", "驾驶人员应当取得从业资格"), ("收钱", "不得收取费用"),
    ("帮忙", "协助扑救火灾"), ("完工", "工程竣工后"), ("治疗", "给予医疗、抚恤"), ("解散", "不得撤销专职消防队"),
    ("禁行", "限制通行的区域由公安机关划定"), ("报警器", "设置可燃气体报警装置"),
    ("投产", "同时投入生产和使用"), ("防空洞", "城镇人民防空地下工程"), ("彩钢", "当确需采用金属夹芯板材时"),
    ("小店", "商店、旅馆"), ("哪些证", "取得危险化学品安全生产许可证"), ("拿到", "取得许可证"),
    ("岗亭", "消防车道两侧不应设置影响消防车通行的设施"),
    ("煤气罐", "瓶装燃气经营者应当"), ("稀料", "易燃易爆危险品"), ("坐牢", "依法追究刑事责任"), ("罚单", "处五百元以下罚款"),
    ("赔钱", "依法承担赔偿责任"), ("业委会", "业主委员会应当督促"), ("开发商", "建设单位应当将消防设计文件报送审查"),
    ("个体户", "有固定经营场所的个体工商户"), ("工人", "从业人员有权拒绝"), ("工伤事故", "因生产安全事故伤亡"),
    ("天台", "屋面板应采用不燃材料"), ("防盗窗", "不得在门窗上设置影响逃生的障碍物"), ("安全门", "安全出口应当保持畅通"),
    ("指示牌", "设置疏散指示标志"), ("年检", "每年至少进行一次全面检测"), ("配电房", "变配电室"),
    ("住人", "不得与居住场所设置在同一建筑物内"), ("寝室", "员工集体宿舍"), ("出租屋", "出租房屋应当符合消防安全要求"),
    ("民房", "居民住宅区"), ("村里", "农村消防工作"), ("上坟", "禁止烧香、烧纸"), ("烧荒", "禁止野外用火"),
    ("逃跑", "组织人员疏散逃生"), ("农贸市场", "集贸市场"), ("寺庙", "宗教活动场所"), ("火车站", "专用车站"),
    ("面粉", "有粉尘爆炸危险的筒仓"), ("渔船", "民用船舶"), ("地下商场", "地下商店"), ("氧气瓶", "气瓶"),
    ("乙炔", "可燃气体"), ("封店", "予以查封"), ("飞线", "电气线路"), ("教室", "教学楼"),
    ("私自", "不得擅自拆除"), ("挪动", "移动燃气设施"), ("警示牌", "安全警示标志"), ("反映", "向燃气管理部门报告"),
    ("燃气公司", "燃气经营者应当"), ("停气", "暂停供气的"), ("把关", "依法加强监督检查"), ("捡到", "公众发现、捡拾的"),
    ("没人要", "无主危险化学品"), ("涂掉", "不得涂改"), ("挡住", "不得遮挡消火栓"), ("被偷", "剧毒化学品被盗、丢失"),
    ("要回来", "责令退还收取的费用"), ("着火", "发现火灾应当立即报警"), ("锁死", "不得锁闭安全出口"),
    ("漏气", "发生燃气泄漏"), ("盖楼", "新建、扩建、改建建设工程"), ("烟头", "不得遗留火种"),
    ("暖气片", "散热器表面平均温度"), ("电暖器", "严禁采用明火和电热散热器供暖"), ("会议室", "会议厅、多功能厅"),
    ("发电机", "自备发电设备应设置自动和手动启动装置"), ("住着", "不得与居住场所设置在同一建筑物内"),
    ("夹心保温", "与两侧墙体构成无空腔复合保温结构体"), ("两边", "在防火阀两侧各2.0m范围内"),
    ("别的", "确需设置在其他民用建筑内时"),
    ("露天", "室外充电场所与民用建筑之间的防火间距"), ("隔开", "应采用防火隔墙与其他部位分隔"),
    ("住宅楼", "设置在住宅建筑首层时"), ("充电桩", "充电设施应具有过充保护功能"), ("地锁", "不得设置障碍物"),
    ("购物中心", "大型商业综合体"), ("看火", "安排专人现场监护"), ("物业费", "欠缴物业服务费用"),
    ("漏电开关", "应设置剩余电流动作保护器"), ("空开", "配电回路应设置断路器"),
    ("燃气报警器", "可燃气体探测器应设置在顶棚"), ("抽油烟机", "排油烟罩应每季度清洗"), ("后厨", "明火厨房与餐厅之间"),
    ("煤气罐", "液化石油气钢瓶严禁在地下室使用"), ("打烊", "每日营业结束后应关闭燃气总阀"), ("货堆", "库房内物品堆垛应当符合下列要求"),
    ("居民楼", "与站外民用建筑的防火间距"), ("柴火垛", "柴草垛应当远离房屋"), ("农家院", "经营农家乐的"),
    ("自来水", "没有给水管网的村庄"), ("储能集装箱", "电池预制舱之间的间距"),
    ("烧香", "焚香区域应当设在室外"), ("纸钱", "不得在殿内烧纸"), ("庙里", "宗教活动场所应当设置"),
    ("小太阳", "禁止使用电暖器、电热毯"), ("插线板", "不得使用移动式插座串接供电"), ("走廊", "疏散走道的净宽"),
    ("晚上", "夜间应每2 h至少巡查1次"), ("氧气罐", "氧气瓶应直立放置"),
    ("大学", "高等学校应当"), ("培训班", "校外培训机构不得"), ("地库", "地下车库内不应设置"),
    ("灯泡", "不得使用六十瓦以上的白炽灯"), ("充满电", "充电完成后应在2h内驶离"),
    ("美食城", "餐饮区应当集中布置"), ("违规", "违反本办法第十四条规定的"), ("冻库", "冷库的库房"),
    ("小孩", "儿童游乐区不得设置在"), ("管理方", "统一管理单位应当"), ("关门", "每日闭店后应当"),
    ("养老院", "养老机构的居室内"), ("老人", "卧床老年人的房间"), ("公司", "仓储单位应当确定"), ("客人", "顾客不得携带"),
    ("喷淋", "应设置自动喷水灭火系统"), ("火警", "接到火灾报警后"), ("药剂", "灭火器的灭火剂充装量"),
    ("修车", "维修车间内任一点至最近安全出口"), ("报备", "应当报消防救援机构备案"), ("装货", "装卸区不得停放"),
    ("马路", "道路两侧不得设置"), ("小吃店", "餐饮店铺应当"), ("铁链", "不得锁闭安全出口"), ("堆满", "楼梯间内不得堆放物品"),
    ("口子", "与地铁车站的连通口"), ("吹风机", "禁止使用电吹风"), ("衣服", "衣物与灯具的距离"), ("教育局", "报教育行政部门备案"),
    ("开张", "未经检查不得开业"),
    ("展馆", "展厅的疏散通道"), ("展商", "参展单位应当"), ("担责", "承担消防安全责任"), ("放宽", "直线距离可增加25%"),
    ("喷药", "灭火剂喷放时间不应小于30s"), ("喷口", "出烟口与探测器之间的距离"), ("巷子", "保持街巷格局"),
    ("进不去", "消防车无法进入的"), ("气枪", "不得用压缩空气吹扫"), ("事先", "应当事前制定方案"), ("选址", "不得设置在桥下"),
    ("船舱", "船舶舱室内动火"), ("刷漆", "不得同时进行涂装作业"), ("接手", "承接项目前应现场查勘"),
    ("压力表", "压力指示器表盘应完整"), ("判断", "应判定为不合格"), ("出厂", "自生产日期起算"), ("第一次", "首次水压试验"),
    ("出风口", "至空调送风口边缘的水平距离"), ("厂家", "同一生产者、同一型号的产品"), ("维修工", "维修人员不少于3名"),
    ("喷烟", "试验烟发生器出烟口"), ("备用", "喷头的备品数量"),
    ("打雷", "遇雷雨天气，停止卸油"), ("防毒面罩", "配备过滤式消防自救呼吸器"), ("烘干机", "洗衣房的烘干设备"),
    ("床单", "烘干后的布草应冷却"), ("高峰期", "交通高峰时段"), ("明令禁止", "库房内禁止下列行为"), ("走线架", "线缆桥架的设置"),
    ("强电", "电力线缆与通信线缆应分设桥架"), ("看护", "监护人员在现场观察"), ("酒精", "乙醇类制品的储存"),
    ("喷雾", "气溶胶制品应存放在金属网笼内"), ("码放", "货物堆垛的间距"), ("托儿所", "托育机构的婴幼儿用房"),
    # a word segmentation glued a negation or a place to (保温板贴上墙以后…不抹面, 放在车库里)
    ("不抹面", "保温板粘贴后应在24h内抹面"), ("车库里", "不得存放在车库内"),
    ("无尘", "洁净生产区内应配置二氧化碳灭火器"), ("饭店", "餐饮经营场所设置独立的气瓶间"), ("坡度", "倾斜角度不大于45度"),
    ("房东", "房屋所有人或者经营者应当遵守下列规定"),
]


@pytest.mark.parametrize(("word", "evidence"), EVERYDAY)
def test_an_everyday_word_is_covered_by_the_documents_term_for_it(word, evidence):
    assert covers(evidence, word) and not covers("消火栓的间距不应大于120m", word)


def test_intentions_and_measure_words_are_phrasing(checker):
    # 打算 says what the asker means to do, 一片 how many; neither is what the documents are asked about
    assert checker.check("打算开一家工厂，老城区有一片老房子怎么办？", [], "").words == ("工厂", "老城区", "老房子")


def test_a_part_of_a_question_that_asks_no_value_can_still_be_answered(checker):
    evidence = "安全生产监督检查人员执行监督检查任务时，必须出示有效的行政执法证件。"
    assert not checker.check("检查人员要不要亮证件？最少来几个人？", [], evidence).refuses()
    assert checker.check("检查时最少来几个人？", [], evidence).unstated == ("people",)


def test_an_unknown_word_weighs_more_than_one_the_evidence_lacks(checker):
    check = checker.check("消防员每年有多少天休假？", [], "国家综合性消防救援队的消防员应当加强训练。")
    assert check.unknown == ("休假",) and check.share < 0.5


@pytest.mark.parametrize("word", ["楼里", "上能", "或配", "值取", "隔成", "租出去", "时用", "隔多", "远设", "工出", "开在",
                                  "完人要"])
def test_segmentation_fragments_are_not_topic_words(checker, word):
    assert checker.fragment(word)


@pytest.mark.parametrize("word", ["休假", "年检", "质保", "室内", "疏散", "喇叭", "饭馆"])
def test_words_are_not_fragments(checker, word):
    assert not checker.fragment(word)


def test_a_place_made_of_a_known_word_is_known(checker):
    # 楼梯间里, 室内边 and 疏散楼 (as 商业楼, 住宅楼) ask about what the documents call 楼梯间, 室内, 疏散
    assert checker.known("楼梯间里") and checker.known("疏散楼") and not checker.known("报名楼")


def test_a_negated_known_word_is_known():
    # 不设 of 公墓不设集中焚烧点: what is not done, though no document writes it so (设 is written everywhere)
    checker = TopicChecker("应当设置集中焚烧点", _jieba_tokenizer([]))
    assert checker.known("不设") and not checker.known("不飞")


def test_a_colloquial_question_is_left_with_its_topic_words(checker):
    assert checker.check("出租屋里能隔成好几间租出去吗？", [], "").words == ("出租",)
    # jieba's HMM glues characters it cannot place into words no dictionary lists (隔多, 远设; also 双洞)
    assert checker.check("双洞隧道之间的人行横通道隔多远设一个？", [], "").words == ("隧道", "人行", "通道")


ABBREVIATIONS = [("设障", "不得在消防车通道上设置障碍物。", True), ("停气", "需要暂停供气的，应当提前公告。", True),
                 ("休假", "队员应当休息，不得弄虚作假。", False), ("年检", "灭火器的数量不得少于2具。", False)]


@pytest.mark.parametrize(("word", "evidence", "expected"), ABBREVIATIONS)
def test_a_contraction_of_evidence_words_counts_as_covered(word, evidence, expected):
    assert abbreviates(word, evidence) is expected


ASKED = [
    # question, linked surfaces, the attribute its quantity word asks for
    ("国家综合性消防救援队员的工资标准是多少？", [], ("工资标准",)),
    ("消防员每年休假多少天？", [], ("休假",)),
    ("消防水带多久更换一次？", ["消防水带"], ("更换",)),
    ("单位多长时间必须做一次全面检测？", [], ("检测",)),
    ("灭火器的报废年限是多少年？", ["灭火器"], ("报废", "年限")),
    # a linked name right before the cue: the question asks about the thing, not an attribute of it
    ("灭火器多少钱？", ["灭火器"], ()),
    # 多高, 多远 ask for the dimension itself; the words before them name the thing
    ("室内消火栓栓口装多高合适？", ["室内消火栓"], ()),
]


@pytest.mark.parametrize(("question", "linked", "expected"), ASKED)
def test_the_attribute_a_quantity_word_asks_for(checker, question, linked, expected):
    assert tuple(word for asked in checker.attribute(question, linked) for word in asked.words) == expected


def test_a_question_whose_asked_attribute_no_document_uses_is_refused(checker):
    # every other topic word is covered well enough (share 0.57); 工资标准 is what is asked, and no document has it
    check = checker.check("国家综合性消防救援队员的工资标准是多少？", [], "国家综合性消防救援队的消防员应当加强训练。")
    assert check.unasked == ("工资标准",) and check.refuses()


def test_an_asked_attribute_is_answered_by_a_value_of_its_kind():
    asked = Asked(("更换",), time=True)
    assert asked.unanswered("1盘长25m的水带") == ("更换",)
    assert asked.unanswered("水带应每年检查一次。") == ()
    assert Asked(("工资标准",)).unanswered("每人每月补助300元") == ()


def test_an_asked_attribute_the_documents_use_elsewhere_is_left_to_the_topic_check():
    # the documents know 更换 (in other clauses): a ranking miss, not proof that they do not cover it
    checker = TopicChecker("消防水带长25 m，每年检查一次。灭火器应定期更换药剂。", _jieba_tokenizer(["消防水带"]))
    check = checker.check("消防水带多久更换一次？", ["消防水带"], "消防水带长25 m，每年检查一次。")
    assert check.unasked == () and not check.refuses()
    # with no time at all in the evidence the question is refused (the next test)
    assert checker.check("消防水带多久更换一次？", ["消防水带"], "消防水带长25 m。").untimed


def test_a_question_asking_how_often_is_refused_when_the_evidence_states_no_time(checker):
    lacking = checker.check("灭火器多久需要更换一次？", ["灭火器"], "灭火器的数量不得少于2具。", names=["灭火器"])
    assert lacking.untimed and lacking.refuses()
    timed = checker.check("灭火器多久需要更换一次？", ["灭火器"], "灭火器每年至少更换一次。", names=["灭火器"])
    assert not timed.untimed and not timed.refuses()
    # 多久做一次 / 多久换一次: a one-character verb names no attribute, and the question still asks how often
    vague = checker.check("灭火器多久换一次？", ["灭火器"], "灭火器的数量不得少于2具。", names=["灭火器"])
    assert vague.untimed and vague.refuses()


def test_evidence_that_covers_none_of_the_topic_words_answers_something_else(checker):
    check = checker.check("灭火器哪个品牌质量最可靠？", ["灭火器"], "灭火器的数量不得少于2具。", names=["灭火器"])
    assert check.missed and check.refuses()
    one = checker.check("灭火器的数量有什么规定？", ["灭火器"], "灭火器的数量不得少于2具。", names=["灭火器"])
    assert not one.missed


def test_evidence_holding_one_word_of_a_long_question_misses_it():
    # 学校化学实验室用酒精灯，有没有统一的操作规范: the evidence (易燃易爆危险品 for 酒精灯) holds one word of seven
    words = ("学校", "化学", "实验室", "酒精灯", "统一", "操作", "规范")
    sparse = TopicCheck(words, uncovered=tuple(w for w in words if w != "酒精灯"), unknown=(), modifiers=())
    assert sparse.missed and sparse.refuses()
    two = TopicCheck(words, uncovered=words[2:3] + words[4:], unknown=(), modifiers=())
    assert not two.missed and not two.refuses()
    # a shorter question of which the evidence holds one word is answered: one of five is not yet a miss
    short = TopicCheck(words[:5], uncovered=words[1:5], unknown=(), modifiers=())
    assert not short.missed and not short.refuses()


def test_words_before_the_linked_name_set_the_scene_and_do_not_make_the_evidence_miss():
    # 商场 says where, not what is asked: the clause on blocked escape routes answers though it says neither
    # 商场 nor 货物; the same two words after the name are what is asked, and the evidence misses them
    checker = TopicChecker(VOCABULARY + "商场的货物堆放", _jieba_tokenizer(["疏散通道"]))
    evidence = "占用、堵塞、封闭疏散通道、安全出口的，处五千元以上五万元以下罚款。"
    scene = checker.check("商场的疏散通道被货物堵了罚多少？", ["疏散通道"], evidence, names=["疏散通道"])
    assert scene.setting == ("商场",) and not scene.missed and not scene.refuses()
    asked = checker.check("疏散通道的商场货物标准是什么？", ["疏散通道"], evidence, names=["疏散通道"])
    assert asked.missed and asked.refuses()


def test_who_is_in_charge_is_phrasing_not_a_topic(checker):
    # 谁来管 is a word no document uses and 负责 one the evidence may lack; both only ask for the party
    for question in ("疏散通道被堵了谁来管？", "疏散通道被堵了由谁负责？", "疏散通道被堵了归谁管理？"):
        check = checker.check(question, ["疏散通道"], "单位应当保障疏散通道畅通。", names=["疏散通道"])
        assert check.words == (), (question, check.words)
    assert is_phrasing("谁来管")


def test_a_conjunction_or_a_negated_modal_before_a_name_is_not_a_kind_of_it(checker):
    # 不管 (jieba's conjunction) right before 灭火器 is not a kind of extinguisher, as 细水雾 before 灭火系统 is;
    # 不够, 不能 judge or ask, they name nothing
    check = checker.check("物业不管灭火器坏了怎么办？", ["灭火器"], "灭火器应定期更换药剂。", names=["灭火器"])
    assert check.modifiers == () and "不管" not in check.words
    assert is_phrasing("不够") and is_phrasing("不能")


def test_a_common_word_ending_in_neng_is_a_topic_word_not_a_fragment(checker):
    assert not checker.fragment("体能") and checker.fragment("上能") and checker.fragment("就能")


def test_pronouns_and_manner_adverbs_are_not_topic_words(checker):
    check = checker.check("这种楼梯间大家可以随便停放电动自行车吗？", [], "楼梯间内禁止停放电动自行车。")
    assert not {"这种", "大家", "随便"} & set(check.words) and not check.refuses()


@pytest.mark.parametrize("word", ["公斤", "平方米", "那栋", "这种", "一个四十", "十几", "怎么样"])
def test_units_demonstratives_and_numbers_are_how_a_question_is_asked(word):
    # 一罐最多装多少公斤 asks a weight the documents write in 千克; 一个四十来平方米 is jieba's cut of a rough area
    assert is_phrasing(word)


@pytest.mark.parametrize("word", ["三合一", "一氧化碳", "七氟丙烷", "摊位"])
def test_names_that_start_with_a_numeral_stay_topic_words(word):
    assert not is_phrasing(word)


def test_yes_or_no_forms_verb_phrases_and_conjunctions_are_not_topic_words(checker):
    # 需不需要 asks yes or no; 送到, 开进, 开到 (which jieba does not tag) are one-character verbs with a result;
    # 受了伤 is a verb phrase glued by the segmenter; 不管 is a conjunction: none says what the question is about,
    # and as words no document uses they once had colloquial questions refused; nor is 楼里装, which jieba made up
    # around 里
    assert is_phrasing("需不需要") and is_phrasing("用不用") and not is_phrasing("不用")
    assert all(checker.fragment(word) for word in ("送到", "开进", "开到", "受了伤"))
    assert checker.fragment("楼里装") and not checker.fragment("细水雾")
    assert checker.fragment("改不了") and checker.fragment("装得下") and not checker.fragment("灭火器")
    assert checker.circumstance("不管") and not checker.circumstance("报警器")
    check = checker.check("水流指示器的信号要送到哪里？需不需要单独设置？", ["水流指示器"],
                          "水流指示器的信号应传送至消防控制室，每个防火分区应单独设置水流指示器。", names=["水流指示器"])
    assert not {"送到", "需不需要"} & set(check.words) and not check.refuses(), check


VALUES = [
    # question, evidence, refused: a kind of value asked for that the evidence does not state
    ("高层住宅的消防电梯能载多少人？", "消防电梯应能每层停靠，且电梯的载重量不应小于800kg。", True),
    ("消防控制室每班至少几个人？", "消防控制室应实行每日24小时专人值班制度，每班不应少于2人。", False),
    ("消防设施检测机构的收费标准是多少？", "消防设施检测机构应当按照国家标准开展检测，出具检测报告。", True),
    ("埋压消火栓罚多少钱？", "埋压、圈占、遮挡消火栓的，处五千元以上五万元以下罚款。", False),
    ("专职消防队员的工资一般是多少？", "专职消防员的劳动报酬、社会保险和福利待遇由组建单位予以保障，每班不少于2人。", True),
    ("报考专职消防员，年龄上限是多少岁？", "专职消防员不少于十五人。", True),
    ("志愿消防队员要年满几岁？", "志愿消防队员应当年满十八周岁。", False),
    ("商场着火后货物损失，保险公司一般怎么赔？", "鼓励保险公司承保火灾公众责任保险。", True),
    ("把邻居家烧了，还得赔人家损失吗？", "造成他人损失的，依法承担赔偿责任。", False),
    ("游泳池要配几名救生员？", "木结构民宿的建筑层数不应超过3层。", True),
    ("微型消防站至少配几名队员？", "微型消防站应当配备不少于三名队员。", False),
    ("一间客房最小要有多少平方米？", "客房房门至最近安全出口的距离不应大于20m。", True),
    ("电缆桥架的防腐涂层要做多厚？", "电缆桥架确需采用难燃材料时，其燃烧性能不应低于B1级。", True),
    ("夜间施工的噪声限值是多少分贝？", "施工单位应当建立施工现场防火巡查制度。", True),
    ("被烟呛到了嗓子疼，要吃什么药？", "电动自行车的销售者应当销售符合强制性国家标准的产品。", True),
    ("装充电桩选哪家厂商的产品比较好？", "充电桩严禁设在爆炸危险区域内。", True),
    ("粮库的火灾保险一年的保费按什么费率收？", "鼓励粮食仓储企业投保火灾公众责任保险。", True),
    ("保险公司承保以后能不能调保费？", "保险机构有权根据被保险人的情况调整保险费率。", False),
    ("本市去年一共有多少家托育机构发生过火灾？", "托育机构发生火灾的，应当立即报警并组织疏散。", True),
    ("熏蒸后磷化氢浓度降到多少人才能进去作业？", "散气后仓内磷化氢浓度低于0.2ml/m³时，作业人员方可进入仓内作业。", False),
    ("这几年一共有多少座博物馆发生过火灾？", "博物馆发生火灾的，应当立即报警。", True),
    ("本市现在一共建了多少个停机坪？", "停机坪应当设置灭火设施。", True),
    ("现在规定一个停机坪最多能停几架直升机？", "每个停机坪同时停放的直升机不应超过1架。", False),
    # a statistic asked beside another question: no rule states one, whatever the other part asks
    ("去年一共抽查了多少批次消防产品？合格率是多少？", "每年应当制定消防产品质量监督抽查计划。", True),
    # years as a standard writes them (9 a) are years stated
    ("探测器用满几年要送检？", "探测器自生产日期起使用满 9 a 的，应送检。", False),
    # a unit of letters no common one is: only evidence that writes it states a value in it
    ("吸气式探测器的报警阈值设成多少%obs/m？", "报警阈值应根据主机房内的环境背景烟雾水平设定。", True),
    ("可燃气体报警值最高设多少%LEL？", "报警设定值不应大于爆炸下限的25%LEL。", False),
]


@pytest.mark.parametrize(("question", "evidence", "refused"), VALUES)
def test_a_value_of_the_kind_asked_for_must_be_in_the_evidence(checker, question, evidence, refused):
    check = checker.check(question, [], evidence)
    assert bool(check.unstated) is refused
    if refused:
        assert check.refuses()


def test_a_graph_name_jieba_does_not_list_is_no_fragment():
    from qa.linking import _jieba_tokenizer
    checker = TopicChecker("", _jieba_tokenizer(["钢构"]))
    assert not checker.fragment("钢构") and TopicChecker("", _jieba_tokenizer([])).fragment("钢构")


def test_a_question_asking_how_far_is_refused_when_the_evidence_states_no_length(checker):
    spare = checker.check("喷头离墙多远？", ["喷头"], "系统应配备备用喷头，其数量不应少于喷头总数的1%。", names=["喷头"])
    assert spare.unstated == ("length",) and spare.refuses()
    spacing = checker.check("喷头离墙多远？", ["喷头"], "喷头与端墙的距离不应大于1.8 m。", names=["喷头"])
    assert spacing.unstated == ()


def test_a_known_word_made_a_place_is_known_and_generic_nouns_are_phrasing():
    checker = TopicChecker("两县交界地区的森林消防工作", _jieba_tokenizer([]))
    assert checker.known("交界处") and not checker.known("交通处")
    assert is_phrasing("做法") and is_phrasing("各有")


@pytest.mark.parametrize(("word", "evidence"), [
    ("池子", "库外应设置容积不小于10m³的事故池"), ("罐子", "储罐的充装量不应大于"), ("管子", "除尘管道的风速"),
    ("酒厂", "白酒生产企业的酒库"), ("服装厂", "服装加工车间"), ("地下室", "设在地下一层时"), ("保温板", "保温材料的燃烧性能"),
])
def test_a_word_that_only_adds_an_everyday_suffix_is_covered_by_its_stem(word, evidence):
    # 池子 is a 池, a 酒厂 a factory of 酒, a 地下室 a room 地下: the documents name the stem
    assert covers(evidence, word) and not covers("消火栓的间距不应大于120m", word)


def test_a_stem_every_document_uses_is_no_stem():
    # 电厂 is a power plant, not whatever a document says about 电
    assert not covers("电气线路应穿管保护", "电厂") and not covers("医用气体", "医院")


@pytest.mark.parametrize("word", ["一共", "自身", "用来", "专门", "同时", "位置", "条件", "一圈", "一面", "那道",
                                  "硬性", "同一个", "双方", "不算", "第几层", "一架"])
def test_totals_frames_and_measure_words_are_how_a_question_is_asked(word):
    # 一共有六七百立方米, 这个阀自身, 用来擦桌子, 装在什么位置, 什么条件下, 一面墙, 那道门槛, 硬性要求, 同一个展厅
    assert is_phrasing(word)
