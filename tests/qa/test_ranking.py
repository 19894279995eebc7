"""Scoring and keeping candidate clauses, and quoting them without an LLM."""
from __future__ import annotations

import pytest

from qa.ranking import (KEEP_BROAD, KEEP_SPECIFIC, Candidate, asked_kinds, asks_value, best_per_document, heading_of,
                        is_broad, keep_best, states_kind, states_quantity,
                        stating_asked_values)
from qa.retriever import is_penalty, is_pointer
from qa.summarize import quote


def ranked(*scores: float) -> list[Candidate]:
    return [Candidate({"clause_id": f"d#{i}", "doc_id": "d"}, text=score) for i, score in enumerate(scores)]


def test_a_value_question_keeps_one_clause_unless_another_is_as_good():
    assert [c.clause_id for c in keep_best(ranked(0.60, 0.45), broad=False)] == ["d#0"]
    close = KEEP_SPECIFIC[0] * 0.60 + 0.01
    assert [c.clause_id for c in keep_best(ranked(0.60, close, close), broad=False)] == ["d#0", "d#1"]


def test_a_list_question_keeps_every_close_clause_up_to_its_limit():
    kept = keep_best(ranked(*[0.6] * 8), broad=True)
    assert len(kept) == KEEP_BROAD[1]
    assert keep_best(ranked(0.6, 0.1), broad=True) == keep_best(ranked(0.6), broad=True)


def test_nothing_is_kept_from_nothing():
    assert keep_best([], broad=True) == [] and keep_best(ranked(0.0), broad=False) == []


def test_each_named_document_gets_its_best_clause():
    candidates = [Candidate({"clause_id": "a#1", "doc_id": "a"}, 0.2), Candidate({"clause_id": "a#2", "doc_id": "a"}, 0.5),
                  Candidate({"clause_id": "b#1", "doc_id": "b"}, 0.1)]
    assert [c.clause_id for c in best_per_document(candidates, ["a", "b", "c"])] == ["a#2", "b#1"]


SHAPES = [
    ("防火卷帘有哪些设置要求？", True, False),
    ("燃放烟花爆竹要遵守哪些规定？", True, False),
    ("消防水泵多久要启动？", False, True),
    ("机关单位的防火检查频次有什么要求？", False, True),
    ("哪些地方不允许使用液化石油气？", False, False),
    ("灯光疏散指示标志应该装在哪、间距多大？", False, True),
    # a list asked with words between 有什么 and what kind of provision it wants
    ("易燃易爆危险品的场所有什么禁止行为？", True, False),
    ("剧毒化学品的储存有什么特别要求？", True, False),
    # two questions in one: a value and a list of provisions is a list; a value and a yes/no is not
    ("商场营业厅的防火分区最大能做多大？有哪些规定？", True, True),
    ("失火会被拘留吗？拘多久？", False, True),
    # what else someone has to do is a list of duties, after a yes/no part
    ("公共交通工具上要配灭火器吗？运营单位还要做什么？", True, False),
]


@pytest.mark.parametrize(("question", "broad", "value"), SHAPES)
def test_question_shapes(question, broad, value):
    assert (is_broad(question), asks_value(question)) == (broad, value)


QUANTITIES = [("至少每季度进行一次防火检查", True), ("照明供电时间不得少于二十分钟", True),
              ("间距不应大于30 m", True), ("每2小时进行一次巡查", True), ("疏散通道应当保持畅通", False)]


@pytest.mark.parametrize(("text", "expected"), QUANTITIES)
def test_clauses_stating_a_quantity(text, expected):
    assert states_quantity(text) is expected


KINDS = [("最多能延迟多少秒？", ("time",)), ("多久要测一次？", ("time",)), ("电池要能撑几个小时？", ("time",)),
         ("两个点之间最远隔多远？", ("length",)), ("压力至少多少兆帕？", ("pressure",)), ("每层放几个？", ()),
         ("有哪些要求？", ()), ("要连续喷多长时间？压力至少多少兆帕？", ()),
         ("哪些地方不允许使用液化石油气？", ("forbidden",)), ("楼道里能不能停电动车？", ()),
         ("楼道里不准干什么？最多罚多少钱？", ("forbidden",))]


@pytest.mark.parametrize(("question", "kinds"), KINDS)
def test_the_kinds_of_value_a_question_asks_for(question, kinds):
    assert asked_kinds(question) == kinds


def test_a_clause_states_a_kind_of_value_only_in_its_units():
    assert states_kind(("time",), "应每月测试1次") and states_kind(("time",), "继续观察不少于三十分钟后方可离开")
    assert not states_kind(("time",), "设置间距不应大于3m") and states_kind(("length",), "设置间距不应大于3m")
    assert not states_kind(("pressure",), "持续喷雾时间不应小于30min")


def test_a_clause_forbids_when_it_says_what_must_not_be_done_not_what_a_value_must_not_be_below():
    assert states_kind(("forbidden",), "地下建筑内严禁使用液化石油气") and states_kind(("forbidden",), "不应设置在地下")
    assert not states_kind(("forbidden",), "疏散通道的净宽度不应小于1.4m")


def test_a_part_asking_another_kind_of_value_keeps_the_clause_that_states_it():
    distance = Candidate({"clause_id": "a", "text": "车棚与自建房外墙的距离不小于3米"}, text=0.5)
    time = Candidate({"clause_id": "b", "text": "充电设施单次充电时间不超过6小时"}, text=0.45)
    question = "充电棚离房子外墙至少多远？在那儿充电一次最长能充多久？"
    assert stating_asked_values([distance, time], [distance], question) == [time]
    assert stating_asked_values([distance, time], [distance], "充电棚离房子外墙至少多远？") == []


HEADINGS = [
    ({"path": ["3 消火栓系统", "3.6 室内消火栓"], "text": "各层均应设置室内消火栓。"}, "3 消火栓系统 3.6 室内消火栓"),
    ({"path": [], "text": "防火门的设置应符合下列规定：防火门关闭后应具有防烟性能。"}, "防火门的设置应符合下列规定"),
    ({"path": [], "text": "消防电梯应分别设置在不同防火分区内。"}, ""),
]


@pytest.mark.parametrize(("row", "heading"), HEADINGS)
def test_heading_is_the_section_path_or_the_list_lead_in(row, heading):
    assert heading_of(row) == heading


POINTERS = [
    ("防火分隔部位设置防火卷帘时，应符合下列规定：其他要求，应符合现行国家标准《防火卷帘》GB 14102的规定。", True),
    ("甲、乙、丙级防火门应符合现行国家标准《防火门》GB 12955的规定。", True),
    ("防火卷帘应具有火灾时靠自重自动关闭功能。", False),
    ("自动喷水灭火系统的设计应符合现行国家标准《自动喷水灭火系统设计规范》GB 50084的规定，但火灾延续时间不应小于"
     "该防火卷帘的耐火极限。", False),
]


@pytest.mark.parametrize(("text", "expected"), POINTERS)
def test_clauses_that_only_point_at_another_standard(text, expected):
    assert is_pointer(text) is expected


PENALTIES = [
    ({"path": ["第六章 法律责任"], "text": "违反本法规定的，责令改正。"}, True),
    ({"path": [], "text": "在禁止燃放的地点燃放的，处100元以上500元以下的罚款。"}, True),
    ({"path": ["第二章 火灾预防"], "text": "禁止在具有火灾、爆炸危险的场所吸烟。"}, False),
]


@pytest.mark.parametrize(("row", "expected"), PENALTIES)
def test_penalty_articles(row, expected):
    assert is_penalty(row) is expected


LIST_CLAUSE = ("单位违反本法规定，有下列行为之一的，责令改正，处五千元以上五万元以下罚款：\n（一）消防设施不符合标准的；\n"
               "（二）损坏、挪用消防设施的；\n（三）占用、堵塞、封闭疏散通道、安全出口的；\n（四）埋压、圈占、遮挡消火栓的。\n"
               "个人有前款第二项、第三项、第四项行为之一的，处警告或者五百元以下罚款。")


def test_a_short_clause_is_quoted_whole():
    assert quote("什么要求", "防火卷帘应具有防烟性能。") == "防火卷帘应具有防烟性能。"


def test_a_long_clause_is_quoted_by_its_relevant_sentences_with_the_list_lead_in():
    quoted = quote("个人埋压消火栓罚多少？", LIST_CLAUSE, budget=80)
    assert quoted.startswith("单位违反本法规定，有下列行为之一的") and "五百元以下罚款" in quoted
    assert "……" in quoted and len(quoted) < len(LIST_CLAUSE)


def test_a_named_place_puts_its_own_regulation_above_the_national_rule():
    from qa.retriever import ClauseRetriever
    from qa.scope import Jurisdictions
    documents = [{"id": "消防法", "title": "中华人民共和国消防法", "kind": "law"},
                 {"id": "上海市消防条例", "title": "上海市消防条例", "kind": "local"},
                 {"id": "北京市消防条例", "title": "北京市消防条例", "kind": "local"}]
    clauses = [{"clause_id": f"{doc['id']}#1", "doc_id": doc["id"], "doc_title": doc["title"], "path": [],
                "text": "下列人员应当接受消防安全培训。"} for doc in documents]
    retriever = ClauseRetriever(None, clauses, {doc["id"]: doc["kind"] for doc in documents}, None)
    places = Jurisdictions(documents)
    shanghai = places.scope("在上海，哪些人要参加消防安全培训？", [])
    national = places.scope("哪些人要参加消防安全培训？", [])
    assert retriever.prior(1, shanghai) > retriever.prior(0, shanghai) > 0
    assert not shanghai.allows("北京市消防条例")
    assert retriever.prior(0, national) > retriever.prior(1, national)


class StubMeaning:
    """Stands in for qa.semantic.SemanticCheck (the real encoder is exercised in test_semantic.py)."""

    def __init__(self, similarities):
        self.asked, self.values = [], similarities

    def similarities(self, question, clause_ids):
        self.asked.append(question)
        return {clause_id: self.values[clause_id] for clause_id in clause_ids if clause_id in self.values}


def test_candidates_alike_in_words_are_told_apart_by_meaning_and_refusal_is_judged_on_words_alone():
    from qa.intents import Intent, Plan
    from qa.retriever import ClauseRetriever
    from qa.scope import Scope
    from qa.templates import TemplateResult
    from qa.linking import _jieba_tokenizer
    texts = ["消防应急广播应符合下列要求：甲。", "消防应急广播应符合下列要求：乙。", "扬声器应设置在走道和大厅等公共场所。"]
    clauses = [{"clause_id": f"规范#{n}", "doc_id": "规范", "doc_title": "示范规范", "path": ["5.6 消防应急广播"],
                "text": text, "key": str(n)} for n, text in enumerate(texts)]
    stub = StubMeaning({"规范#0": 0.80, "规范#1": 0.90, "规范#2": 0.70})
    retriever = ClauseRetriever(None, clauses, {"规范": "standard"}, _jieba_tokenizer([]), stub)
    plan = Plan(Intent.TEXT, {}, [], [])
    # a list question, and a question for one thing whose words score two clauses alike
    for question in ("消防应急广播有哪些要求？", "消防应急广播应符合什么"):
        retrieved = retriever.retrieve(question, plan, Scope(), TemplateResult())
        assert retrieved.kept[0].clause_id == "规范#1" and retrieved.kept[0].meaning == 1.0
        assert retrieved.lexical[0].clause_id == "规范#0" and retrieved.lexical[0].meaning == 0.0
    # one clause clearly best by its words: e5 is not asked
    retrieved = retriever.retrieve("消防应急广播的扬声器装在哪？", plan, Scope(), TemplateResult())
    assert retrieved.kept == retrieved.lexical and retrieved.kept[0].clause_id == "规范#2"
    assert stub.asked == ["消防应急广播有哪些要求？", "消防应急广播应符合什么"]
    alone = ClauseRetriever(None, clauses, {"规范": "standard"}, _jieba_tokenizer([]))
    retrieved = alone.retrieve("消防应急广播应符合什么", plan, Scope(), TemplateResult())
    assert retrieved.kept == retrieved.lexical and retrieved.kept[0].clause_id == "规范#0"


def retriever_over(texts: list[str], store=None, semantic=None, paths=None):
    """A retriever over a little standard whose clauses are ``texts`` (规范#0, 规范#1, …), under ``paths``."""
    from qa.retriever import ClauseRetriever
    clauses = [{"clause_id": f"规范#{n}", "doc_id": "规范", "doc_title": "示范规范", "path": paths[n] if paths else [],
                "text": text, "key": str(n)} for n, text in enumerate(texts)]
    return ClauseRetriever(store, clauses, {"规范": "standard"}, None, semantic=semantic)


def test_a_term_definition_weighs_less_than_a_rule_unless_the_question_asks_what_the_term_means():
    from qa.intents import plan_question
    from qa.scope import Scope
    retriever = retriever_over(["封闭楼梯间：在楼梯间入口处设置门，以防止火灾的烟和热气进入的楼梯间。",
                                "封闭楼梯间的门应采用乙级防火门，并应向疏散方向开启。",
                                "高架仓库：货架高度大于7m且采用机械化操作或自动化控制的货架仓库。"])
    assert retriever.frame == {0, 2}
    rule, meaning = plan_question("封闭楼梯间有什么要求？", []), plan_question("封闭楼梯间指的是什么？", [])
    assert retriever.prior(0, Scope(), rule) < retriever.prior(1, Scope(), rule)
    assert retriever.prior(0, Scope(), meaning) == retriever.prior(1, Scope(), meaning)


def test_a_general_provision_weighs_as_any_article_when_the_question_asks_who_is_in_charge():
    from qa.intents import plan_question
    from qa.scope import Scope
    retriever = retriever_over(["林业行政主管部门是森林消防工作的主管部门。", "林业行政主管部门应当组织森林消防安全检查。",
                                "本条例自2026年1月1日起施行。"], paths=[["第一章 总则"], ["第二章 预防"], ["第五章 附则"]])
    charge, rule = plan_question("森林防火归哪个部门主管？", []), plan_question("森林防火有什么要求？", [])
    assert charge.asks_authority and not rule.asks_authority
    assert retriever.prior(0, Scope(), charge) == retriever.prior(1, Scope(), charge)
    assert retriever.prior(0, Scope(), rule) < retriever.prior(1, Scope(), rule)
    # a 附则 (dates, forms) still says nothing about who is in charge
    assert retriever.prior(2, Scope(), charge) < retriever.prior(1, Scope(), charge)


def kept_for(texts: list[str], store=None, paths=None):
    """What the retriever keeps for a question over a standard made of ``texts`` (规范#0, 规范#1, …), under ``paths``."""
    from qa.intents import plan_question
    from qa.scope import Scope
    from qa.templates import TemplateResult
    retriever = retriever_over(texts, store, paths=paths)

    def kept(question):
        return [c.clause_id for c in retriever.retrieve(question, plan_question(question, []), Scope(),
                                                         TemplateResult()).kept]
    return kept


def test_a_question_for_what_a_term_means_cites_the_clauses_that_define_it():
    from qa.intents import plan_question
    kept = kept_for(["封闭楼梯间：在楼梯间入口处设置门，以防止火灾的烟和热气进入的楼梯间。",
                     "楼梯间：供人员上下楼层的竖向通道。",
                     "下列建筑的疏散楼梯应采用封闭楼梯间：医疗建筑、旅馆。",
                     "本条例下列用语的含义：（一）人员密集场所，是指公众聚集场所，医院的门诊楼、病房楼等。",
                     "人员密集场所的疏散通道应保持畅通。"])
    # the longest term it contains (封闭楼梯间, not 楼梯间), and a law's 是指 as well as a standard's term
    assert kept("封闭楼梯间指的是什么？") == ["规范#0"]
    assert kept("什么是人员密集场所？") == ["规范#3"] == kept("“人员密集场所”是什么？")
    # a question that also asks something else keeps what answers that too
    both = kept("封闭楼梯间指的是什么样的楼梯间？哪些建筑必须采用封闭楼梯间？")
    assert both[0] == "规范#0" and "规范#2" in both
    # 法定义务 asks for duties, not a definition
    assert not plan_question("市民有哪些法定义务？", []).asks_definition
    assert "规范#3" not in kept("人员密集场所的疏散通道有什么要求？")


def test_a_list_of_terms_cites_each_definition_even_one_inside_another_term_asked():
    kept = kept_for(["高架仓库：货架高度大于7m且采用机械化操作或自动化控制的货架仓库。",
                     "半地下室：房间地面低于室外设计地面的平均高度大于该房间平均净高1/3，且不大于1/2者。",
                     "地下室：房间地面低于室外设计地面的平均高度大于该房间平均净高1/2者。",
                     "地下室的安全出口不应少于2个。"])
    assert kept("“高架仓库”“半地下室”“地下室”分别是怎么界定的？") == ["规范#0", "规范#1", "规范#2"]
    # 地下室 only inside 半地下室: the longer term alone
    assert kept("“半地下室”是怎么界定的？") == ["规范#1"]


def test_a_question_for_the_difference_of_two_terms_cites_both_definitions_once_each():
    kept = kept_for(["封闭楼梯间：在楼梯间入口处设置门，以防止火灾的烟和热气进入的楼梯间。",
                     "防烟楼梯间：在楼梯间入口处设置防烟的前室，且通向前室和楼梯间的门均为防火门的楼梯间。",
                     "本法下列用语的含义：（一）公众聚集场所，是指宾馆、饭店、商场。（二）人员密集场所，是指公众聚集场所，医院的门诊楼等。",
                     "防烟楼梯间的前室应设置防烟设施。"])
    assert kept("封闭楼梯间和防烟楼梯间有什么区别？") == ["规范#0", "规范#1"]
    assert kept("“防烟楼梯间”跟普通楼梯间相比多了什么？") == ["规范#1"]
    # one article defines both: it is cited once
    assert kept("人员密集场所和公众聚集场所有什么不同？") == ["规范#2"]


class _RecordingStore:
    """Answers REFERENCES_FROM with nothing and records each read (a fake: the reads are what is tested)."""

    def __init__(self):
        self.reads = []

    def read(self, query, parameters):
        self.reads.append(parameters["ids"])
        return []


class _Meaning:
    """e5 stand-in that finds the last clause closest in meaning."""

    def similarities(self, question, clause_ids):
        return {clause_id: 0.9 + 0.01 * int(clause_id.split("#")[1]) for clause_id in clause_ids}


def test_when_meaning_ranks_every_graph_read_that_ran_is_listed_once():
    from qa.intents import plan_question
    from qa.scope import Scope
    from qa.templates import TemplateResult
    texts = ["封闭楼梯间的门应采用乙级防火门，并应向疏散方向开启，楼梯间应设置疏散指示。",
             "封闭楼梯间应靠外墙设置，并应能天然采光和自然通风。",
             "封闭楼梯间的门应向疏散方向开启。"]
    store = _RecordingStore()
    retriever = retriever_over(texts, store, _Meaning())
    question = "封闭楼梯间有哪些要求？引用了哪些条文？"
    result = TemplateResult()
    retrieved = retriever.retrieve(question, plan_question(question, []), Scope(), result)
    # words and meaning keep different clauses here, so the references of each were read, and each read is listed
    assert [c.clause_id for c in retrieved.kept] != [c.clause_id for c in retrieved.lexical]
    assert len(store.reads) == 2
    assert [read["parameters"]["ids"] for read in result.cypher] == store.reads
    # a read both selections ran is listed once
    same = _Meaning()
    same.similarities = lambda question, clause_ids: {clause_id: 0.9 for clause_id in clause_ids}
    store.reads.clear()
    result = TemplateResult()
    retriever_over(texts, store, same).retrieve(
        question, plan_question(question, []), Scope(), result)
    assert len(store.reads) == 2 and len(result.cypher) == 1


def test_a_question_of_several_parts_cites_the_items_of_a_kept_list_that_answer_its_other_parts():
    kept = kept_for(["消防电梯应符合下列规定：应能每层停靠；", "消防电梯应符合下列规定：电梯的载重量不应小于800kg；",
                     "消防电梯应符合下列规定：在首层的消防电梯入口处应设置供消防队员专用的操作按钮；",
                     "消防电梯应符合下列规定：电梯轿厢内部应设置专用消防对讲电话。", "防火门应具有自闭功能。"])
    assert kept("消防电梯的载重量至少要多大？") == ["规范#1"]
    assert kept("消防电梯的载重量至少要多大？首层入口和轿厢里面要配什么？") == ["规范#1", "规范#2", "规范#3"]


def test_a_question_that_names_several_things_cites_the_list_items_that_answer_each():
    kept = kept_for(["下列建筑或部位应设置雨淋自动喷水灭火系统：超过1500个座位的剧场的舞台葡萄架下部；",
                     "下列建筑或部位应设置雨淋自动喷水灭火系统：建筑面积不小于400m2的演播室；",
                     "下列建筑或部位应设置雨淋自动喷水灭火系统：火柴厂的氯酸钾压碾厂房；", "防火门应具有自闭功能。"])
    # the 演播室 item ranks far above the 剧场 one; 、 names both as things asked about, while 和 joins
    # much else too (宽度和净空高度) and is not read so
    assert kept("演播室、剧场，建筑面积多大就得装雨淋系统？") == ["规范#1", "规范#0"]
    assert kept("演播室和剧场，建筑面积多大就得装雨淋系统？") == ["规范#1"]


def test_classes_named_together_are_asked_one_by_one():
    lead = "厂房内每个防火分区的安全出口不应少于2个；当符合下列条件时，可设置1个安全出口："
    kept = kept_for([lead + "甲类厂房，每层建筑面积不大于100m2，且同一时间的作业人数不超过5人；",
                     lead + "乙类厂房，每层建筑面积不大于150m2，且同一时间的作业人数不超过10人；",
                     lead + "丁、戊类厂房，每层建筑面积不大于400m2，且同一时间的作业人数不超过30人。",
                     "防火门应具有自闭功能。"])
    # 甲、乙类 is 甲类 and 乙类 to the codes (which write both forms), not one 乙类 and a stray 甲
    assert sorted(kept("甲、乙类厂房每层面积多大、人数多少以内可以只设1个安全出口？")) == ["规范#0", "规范#1"]


def test_a_list_item_answers_another_thing_only_through_a_word_few_of_its_items_hold():
    from qa.ranking import Candidate
    lead = "下列场所应设置自动灭火系统，并宜采用气体灭火系统："
    retriever = retriever_over([lead + "图书馆内的特藏库；", lead + "电子信息系统机房内的磁介质库；", lead + "程控交换机房；",
                                lead + "通信机房；", lead + "微波机房；", lead + "其他特殊重要设备室。"])
    kept = [Candidate(retriever.clauses[0])]
    # 机房 is in four of the six items and names none of them; 磁介质库 names one
    found = retriever._other_items("图书馆的特藏库、机房里的磁介质库，要装什么灭火系统？", kept)
    assert [c.clause_id for c in found] == ["规范#1"]
    assert [c.clause_id for c in retriever._other_items("图书馆的特藏库、通信机房，要装什么？", kept)] == ["规范#3"]


def test_a_penalty_question_also_cites_the_rule_its_first_part_asks_for_unless_a_kept_rule_answers_it():
    kept = kept_for(["确定为消防安全重点单位的宾馆应当设置防烟面罩等辅助人员逃生的装备。",
                     "宾馆未按照规定配置辅助人员逃生装备的，处一千元以上一万元以下罚款。",
                     "执勤的消防车免收车辆通行费；因避让执勤消防车而违反交通管理规定的，不予处罚。",
                     "专职消防队的消防车应当定期执勤训练。"], _RecordingStore(),
                    paths=[["第三章 火灾预防"], ["第六章 法律责任"], ["第四章 灭火救援"], ["第四章 灭火救援"]])
    # the part before the penalty asks for the rule, though it names no 能不能 or 要求
    assert kept("宾馆要配哪些逃生装备？不配的话会怎么罚？") == ["规范#1", "规范#0"]
    assert kept("宾馆不配逃生装备会怎么罚？") == ["规范#1"]
    # a waiver outside the 法律责任 chapter is a rule too: it answers the first part better than any other
    assert kept("执勤的消防车要交车辆通行费吗？给消防车让路闯了红灯会被罚吗？") == ["规范#2"]
