"""Linking without a graph: document short names, clause numbers and how a question is planned."""
from __future__ import annotations

import pytest

from qa.answer import LinkedEntity
from qa.intents import clause_references, obligation_part, plan_question
from qa.linking import EntityLinker, LinkerVocabulary, document_names, local_short_names

DOCUMENTS = [
    {"id": "中华人民共和国消防法", "title": "中华人民共和国消防法", "kind": "law", "aliases": ["消防法"]},
    {"id": "北京市消防条例", "title": "北京市消防条例", "kind": "local"},
    {"id": "汕头经济特区消防条例", "title": "汕头经济特区消防条例", "kind": "local"},
    {"id": "河南省消防条例", "title": "河南省消防条例", "kind": "local"},
    {"id": "河南省森林防火条例", "title": "河南省森林防火条例", "kind": "local"},
    {"id": "危险化学品安全管理条例", "title": "危险化学品安全管理条例", "kind": "regulation"},
    {"id": "新乡市居民住宅区消防安全管理条例", "title": "新乡市居民住宅区消防安全管理条例", "kind": "local"},
    {"id": "广东省实施《中华人民共和国消防法》办法", "title": "广东省实施《中华人民共和国消防法》办法", "kind": "local"},
    {"id": "T/FIREKG 001-2026", "title": "消防设施设计示范规范", "kind": "standard", "code": "T/FIREKG 001-2026",
     "aliases": ["示范规范"]},
    {"id": "机关、团体、企业、事业单位消防安全管理规定", "title": "机关、团体、企业、事业单位消防安全管理规定",
     "kind": "regulation", "aliases": ["61号令"]},
]

LOCAL_SHORT_NAMES = [
    ("北京市消防条例", ["北京消防条例", "北京市条例", "北京条例", "消防条例"]),
    ("汕头经济特区消防条例", ["汕头消防条例", "汕头经济特区条例", "汕头条例", "消防条例"]),
    ("上海市消防条例(2020-03-19)", ["上海消防条例", "上海市条例", "上海条例", "消防条例"]),
    ("新乡市居民住宅区消防安全管理条例", ["新乡居民住宅区消防安全管理条例", "新乡市条例", "新乡条例",
                                          "居民住宅区消防安全管理条例", "居民住宅区条例"]),
    ("中华人民共和国消防法", []),
]


@pytest.mark.parametrize(("title", "expected"), LOCAL_SHORT_NAMES)
def test_local_regulations_get_the_short_names_people_use(title, expected):
    assert local_short_names(title) == expected


def test_a_short_name_two_documents_share_names_neither():
    names = document_names(DOCUMENTS)
    assert names["北京条例"] == "北京市消防条例" and names["河南消防条例"] == "河南省消防条例"
    assert "河南条例" not in names and "河南省条例" not in names
    assert names["河南省森林防火条例"] == "河南省森林防火条例"
    # without the place: a name only one loaded regulation has (森林防火条例) names it, 消防条例 none
    assert names["森林防火条例"] == "河南省森林防火条例" and "消防条例" not in names


@pytest.fixture(scope="module")
def linker():
    entities = {"消火栓": "equipment", "室内消火栓": "equipment", "消防车通道": "equipment"}
    return EntityLinker(LinkerVocabulary(entities, document_names(DOCUMENTS), set()))


LINKED = [
    ("北京消防条例第35条禁止了哪些行为？", [("document", "北京市消防条例"), ("clause", "35")]),
    ("危化品条例第二十四条原文", [("document", "危险化学品安全管理条例"), ("clause", "24")]),
    ("违反消防法第28条占用消防车通道，依据消防法哪一条处罚？",
     [("document", "中华人民共和国消防法"), ("clause", "28"), ("equipment", "消防车通道"),
      ("document", "中华人民共和国消防法")]),
    ("示范规范附录A.0.4条的要求", [("document", "T/FIREKG 001-2026"), ("clause", "A.0.4")]),
    ("示范规范第3.2.1A条提到的第3.3.1条", [("document", "T/FIREKG 001-2026"), ("clause", "3.2.1A"),
                                       ("clause", "3.3.1")]),
    ("消防法第十九条之一", [("document", "中华人民共和国消防法"), ("clause", "19-1")]),
    # a standard drafted under GB/T 1.1 numbers clauses at four levels, and at two (第4.1条, A.2条); a bare 1.4 is a value
    ("第5.3.2.1条和第4.1条怎么规定的？", [("clause", "5.3.2.1"), ("clause", "4.1")]),
    ("附录A的A.2条，净宽不小于1.4m吗？", [("clause", "A.2")]),
    ("消防法第 16 条讲什么？", [("document", "中华人民共和国消防法"), ("clause", "16")]),
    # a Chinese numeral before 条 right after a document's name is its article (it had cited 第六十七条); not a count
    ("消防法十六条讲什么", [("document", "中华人民共和国消防法"), ("clause", "16")]),
    ("消防法有几条？", [("document", "中华人民共和国消防法")]),
    # articles listed or run under one 第…条 are each named (第十六、十七条 had cited 第六十七条, which cites both)
    ("消防法第十六、十七条分别规定了什么", [("document", "中华人民共和国消防法"), ("clause", "16"), ("clause", "17")]),
    ("消防法第16至18条", [("document", "中华人民共和国消防法"), ("clause", "16"), ("clause", "17"), ("clause", "18")]),
    ("示范规范第3.6.2条至第3.6.4条", [("document", "T/FIREKG 001-2026"), ("clause", "3.6.2"), ("clause", "3.6.3"),
                               ("clause", "3.6.4")]),
    # a law named inside a local title, and a loosely written title right before an article number
    ("广东实施消防法办法第12条说了什么？", [("document", "广东省实施《中华人民共和国消防法》办法"), ("clause", "12")]),
    ("请问新乡住宅区消防条例第31条", [("document", "新乡市居民住宅区消防安全管理条例"), ("clause", "31")]),
    ("河北消防条例第十条是什么？", [("clause", "10")]),
    # the tail of one document's title (without its place and the first word of its subject), but not its kind alone
    ("住宅区消防安全管理条例第五条讲什么？", [("document", "新乡市居民住宅区消防安全管理条例"), ("clause", "5")]),
    ("消防安全管理条例第五条讲什么？", [("clause", "5")]),
    # a loosely written 办法 is not the 消防法 it resembles, whatever they share
    ("那个施工现场消防办法的第27条讲的是什么？", [("clause", "27")]),
    # a full title that jieba splits at its punctuation, written plainly and in 《》
    ("机关、团体、企业、事业单位消防安全管理规定第二十二条写的是什么？",
     [("document", "机关、团体、企业、事业单位消防安全管理规定"), ("clause", "22")]),
    ("《广东省实施《中华人民共和国消防法》办法》第5条", [("document", "广东省实施《中华人民共和国消防法》办法"), ("clause", "5")]),
    # 消防法规 and 消防法律 are words of their own; 消防法规定 is the law and the verb
    ("北京、汕头的地方消防法规里对消防车通道有哪些规定？", [("equipment", "消防车通道")]),
    ("有关消防法律责任的规定", []),
    ("消防法规定消火栓不得埋压", [("document", "中华人民共和国消防法"), ("equipment", "消火栓")]),
]


@pytest.mark.parametrize(("question", "expected"), LINKED)
def test_linker_reads_short_names_and_clause_numbers_but_not_counts(linker, question, expected):
    assert [(e.kind, e.id) for e in linker.link(question)] == expected


def test_the_end_of_a_codes_title_outranks_another_codes_short_name_inside_it():
    # 示范规范 is the demo code's short name, and 隧道防火示范规范 the end of the tunnel code's title
    documents = [*DOCUMENTS, {"id": "T/FIREKG 013-2026", "title": "城市道路隧道防火示范规范", "kind": "standard",
                              "code": "T/FIREKG 013-2026"}]
    linker = EntityLinker(LinkerVocabulary({}, document_names(documents), {"7.4.1"}))
    assert [(e.kind, e.id) for e in linker.link("隧道防火示范规范7.4.1条规定了什么？")] == [
        ("document", "T/FIREKG 013-2026"), ("clause", "7.4.1")]
    assert [(e.kind, e.id) for e in linker.link("示范规范7.4.1条规定了什么？")] == [
        ("document", "T/FIREKG 001-2026"), ("clause", "7.4.1")]


def test_a_title_with_words_left_out_names_its_code_when_no_other_title_holds_them():
    # 建筑 and 系统 left out of the photovoltaic code's title; 示范规范 alone is still the demo code's short name
    documents = [*DOCUMENTS, {"id": "T/FIREKG 014-2026", "title": "建筑屋顶分布式光伏系统防火示范规范", "kind": "standard",
                              "code": "T/FIREKG 014-2026"}]
    linker = EntityLinker(LinkerVocabulary({}, document_names(documents), {"6.2.1"}))
    for question in ["屋顶分布式光伏防火示范规范第6.2.1条讲什么？", "屋顶光伏规范第6.2.1条讲什么？"]:
        assert [(e.kind, e.id) for e in linker.link(question)] == [("document", "T/FIREKG 014-2026"),
                                                                   ("clause", "6.2.1")], question
    assert [(e.kind, e.id) for e in linker.link("示范规范第6.2.1条讲什么？")] == [
        ("document", "T/FIREKG 001-2026"), ("clause", "6.2.1")]
    # the words of two titles (居民住宅区 of 新乡's and 南阳's rules) name neither
    documents.append({"id": "南阳市居民住宅区消防安全管理条例", "title": "南阳市居民住宅区消防安全管理条例", "kind": "local"})
    linker = EntityLinker(LinkerVocabulary({}, document_names(documents), set()))
    assert [(e.kind, e.id) for e in linker.link("住宅区消防条例第五条讲什么？")] == [("clause", "5")]


def test_a_near_miss_links_but_a_name_shifted_by_one_character_does_not():
    linker = EntityLinker(LinkerVocabulary({"消防设施": "equipment", "自动喷水灭火系统": "equipment",
                                            "加压送风机": "equipment", "机械加压送风系统": "equipment"},
                                           document_names(DOCUMENTS), set()))
    assert [(e.kind, e.id) for e in linker.link("自动喷水灭火系铳有什么要求")] == [("equipment", "自动喷水灭火系统")]
    for question in ["建设工程的消防设计审查归谁管",          # 的消防设 is 消防设施 shifted, 消防设计 another word
                     "楼梯间采用机械加压送风时余压值取多少",  # a longer name cut short
                     "前室加压送风的风量怎么算"]:              # the name's neighbour word
        assert linker.link(question) == [], question


def test_which_article_is_not_read_as_article_one(linker):
    assert not [e for e in linker.link("北京条例里哪一条对应消防法第十九条？") if e.id == "1"]


E = LinkedEntity
CLAUSE_REFERENCES = [
    ([E("北京条例", "document", "北京"), E("消防法", "document", "消防法"), E("第十九条", "clause", "19")],
     (("消防法", "19"),)),
    ([E("第5条", "clause", "5"), E("消防法", "document", "消防法")], (("消防法", "5"),)),
    ([E("第3.6.4条", "clause", "3.6.4")], ((None, "3.6.4"),)),
    ([E("39号令", "document", "a"), E("建规", "document", "b"), E("第13条", "clause", "13")], (("b", "13"),)),
]


@pytest.mark.parametrize(("entities", "expected"), CLAUSE_REFERENCES)
def test_clause_numbers_belong_to_the_document_named_before_them(entities, expected):
    assert clause_references(entities) == expected


OBLIGATION_PARTS = [
    ("带着鞭炮坐地铁可以吗？被查到怎么处理？", "带着鞭炮坐地铁可以吗"),
    ("存放危险品的仓库能不能跟员工宿舍在同一栋楼？违反了怎么罚？", "存放危险品的仓库能不能跟员工宿舍在同一栋楼"),
    ("哪些单位必须建立应急值班制度？不建立的话会受到什么处罚？", "哪些单位必须建立应急值班制度"),
    ("失火会被拘留吗？拘多久？", ""),
    # before the penalty part, any part asks for the rule; after it, only one with a rule cue does
    ("宾馆要配哪些逃生装备？不配的话会怎么罚？", "宾馆要配哪些逃生装备"),
    ("物业不改正一般罚多少钱？如果物业服务人是个人呢？", ""),
    ("消火栓被埋压了，单位会怎么处罚？", ""),
]


@pytest.mark.parametrize(("question", "expected"), OBLIGATION_PARTS)
def test_two_part_penalty_questions_keep_the_part_that_asks_what_is_allowed(question, expected):
    assert obligation_part(question) == expected


INTENT_CUES = [
    ("因为失火引起火灾，会被拘留吗？", "penalty"),
    ("单位不履行消防法第十六条的职责，会有什么法律后果？", "penalty"),
    ("燃放烟花爆竹要遵守哪些规定？", "text"),
    ("北京条例里哪一条对应消防法第十九条？", "references"),
    ("什么是人员密集场所？", "text"),
    ("带着鞭炮坐地铁被查到怎么处理？", "penalty"),
    ("发现安全出口被锁，单位应该怎么处理？", "text"),      # what the unit must do, not what it suffers
    ("告别仪式后剩下的花圈、纸扎怎么处理？", "text"),       # how a thing is dealt with
    ("工人老是不服管，公司能怎么处理他？", "penalty"),
    ("物业发现楼道堆物又要怎么处理？", "text"),             # what the finder must do
    ("事故发生后负责人不立即报告会怎样？", "penalty"),     # the consequence of a breach
    ("哪些法规提到了室内消火栓？", "documents"),
    ("消防车通道是哪部法律规定的？", "documents"),
    ("室内消火栓应该装在哪些位置？", "equipment"),          # a place in the building, not a document
    ("消火栓装在建筑的哪部分？", "equipment"),
    ("有多少条提到室内消火栓？", "count"),
    ("室内消火栓至少要接几条进水管？", "equipment"),       # pipes, not clauses
]


@pytest.mark.parametrize(("question", "intent"), INTENT_CUES)
def test_intent_cues(linker, question, intent):
    assert plan_question(question, linker.link(question)).intent.value == intent


def test_definition_questions_are_marked(linker):
    assert plan_question("什么是人员密集场所？", []).asks_definition
    assert not plan_question("人员密集场所要配什么？", []).asks_definition


@pytest.mark.parametrize(("question", "expected"), [
    ("自动喷淋系统有哪些设置要求？", ("自动喷淋系统", "自动喷水灭火系统")),   # everyday speech, the graph has the code's term
    ("防火卷帘门下面能堆东西吗？", ("防火卷帘门", "防火卷帘")),
    ("消防车道能停车吗？", ("消防车道", "消防车道")),                     # a name the graph has stays itself
])
def test_another_spelling_of_a_graph_name_links_to_the_graphs_name(question, expected):
    entities = {"自动喷水灭火系统": "equipment", "防火卷帘": "equipment", "消防车道": "equipment"}
    linker = EntityLinker.from_rows([{"name": name, "label": label.upper()} for name, label in entities.items()],
                                    DOCUMENTS, [])
    assert [(e.text, e.id) for e in linker.link(question)] == [expected]


def test_a_cue_word_inside_a_name_asks_nothing():
    # 压力容器 names a vessel, not a pressure asked for; a linked name's own 间距 is no numeric cue either
    assert plan_question("压力容器发生爆炸事故后单位要怎么做？",
                         [LinkedEntity("爆炸事故", "hazard", "爆炸事故")]).intent.value == "hazard"
    assert plan_question("防火间距标识有什么要求？",
                         [LinkedEntity("防火间距标识", "equipment", "防火间距标识")]).intent.value == "equipment"
