"""Tests of the dictionary + rules baseline against the cases of ANNOTATION.md."""
from __future__ import annotations

import pytest

from ner.baseline import GazetteerExtractor, resolve_longest
from ner.gazetteer import load_gazetteer
from ner.labels import LABELS, OUTSIDE, bio_to_spans, spans_to_bio
from ner.mention import Mention

E, H, C = "EQUIPMENT", "HAZARD", "CLAUSE"

EQUIPMENT_TESTS = [
    ("室内消火栓应设置在明显位置", [("室内消火栓", E)]),
    ("室内消火栓箱内应配置消防水带", [("室内消火栓箱", E), ("消防水带", E)]),
    ("消防车道的净宽度不应小于4.0m", [("消防车道", E)]),
    ("不得占用消防车通道", [("消防车通道", E)]),
    ("应采用甲级防火门", [("甲级防火门", E)]),
    ("防火卷帘门应具有防烟性能", [("防火卷帘门", E)]),
    ("闭式喷头的公称动作温度", [("闭式喷头", E)]),
    ("每个湿式报警阀组控制的喷头数", [("湿式报警阀组", E), ("喷头", E)]),
    ("两台消防水泵", [("消防水泵", E)]),
    ("应设置火灾自动报警系统", [("火灾自动报警系统", E)]),
    ("避难层（间）应设置消防专线电话", [("避难层（间）", E)]),
    ("保护消防设施", [("消防设施", E)]),
    ("消防控制室应设置在首层", [("消防控制室", E)]),
]

HAZARD_TESTS = [
    ("为了预防火灾和减少火灾危害", [("火灾", H), ("火灾危害", H)]),
    ("生产、储存、经营易燃易爆危险品的场所", [("易燃易爆危险品", H)]),
    ("严禁使用明火", [("明火", H)]),
    ("危险化学品单位应当", [("危险化学品", H)]),
    ("可燃材料堆场", [("可燃材料", H)]),
    ("厂房的火灾危险性分类", [("火灾危险性", H)]),
    ("消除重大火灾隐患", [("重大火灾隐患", H)]),
    ("剧毒化学品的储存", [("剧毒化学品", H)]),
    ("液化石油气储罐", [("液化石油气", H)]),
]

CLAUSE_TESTS = [
    ("依照第二十八条规定", [("第二十八条", C)]),
    ("违反本法第六十条规定的", [("本法第六十条", C)]),
    ("依照本规定第十条执行", [("本规定第十条", C)]),
    ("违反本条例第四十五条规定", [("本条例第四十五条", C)]),
    ("违反本条例第三十八条第二款规定", [("本条例第三十八条第二款", C)]),
    ("违反本条例第三十三条第三项规定的", [("本条例第三十三条第三项", C)]),
    ("有前款规定情形的", [("前款", C)]),
    ("前两款规定以外的", [("前两款", C)]),
    ("依照第一款的规定", [("第一款", C)]),
    ("依照本条第一款的规定", [("本条第一款", C)]),
    ("应符合本规范第6.5.3条的规定", [("本规范第6.5.3条", C)]),
    ("应符合第5.1.2条的规定", [("第5.1.2条", C)]),
    ("除第3.3.1条第2款规定外", [("第3.3.1条第2款", C)]),
    ("不应小于表4.3.1的规定", [("表4.3.1", C)]),
    ("应符合本规范附录A的规定", [("本规范附录A", C)]),
    ("应符合附录A的规定", [("附录A", C)]),
    ("应符合本规范第4.2节的规定", [("本规范第4.2节", C)]),
    ("依照本法第三章的规定", [("本法第三章", C)]),
    ("根据《中华人民共和国消防法》制定", [("《中华人民共和国消防法》", C)]),
    ("应符合《自动喷水灭火系统设计规范》GB 50084的规定",
     [("《自动喷水灭火系统设计规范》GB 50084", C)]),
    ("符合GB 50016-2014的规定", [("GB 50016-2014", C)]),
    ("执行GB/T 50974", [("GB/T 50974", C)]),
    ("建筑设计防火规范 GB50016-2014", [("GB50016-2014", C)]),
    ("依照《消防法》第十四条规定", [("《消防法》第十四条", C)]),
    ("本条、本节规定", []),
    ("核发《烟花爆竹道路运输许可证》", [("烟花爆竹", H)]),  # a permit is no normative document
]

COORDINATION_TESTS = [
    ("保护消防设施、器材", [("消防设施、器材", E)]),
    ("共用消防设施、器材和消防安全标志", [("消防设施、器材", E), ("消防安全标志", E)]),
    ("应采用乙级防火门、窗", [("乙级防火门、窗", E)]),
    ("甲、乙、丙类液体储罐（区）", [("甲、乙、丙类液体", H)]),
    ("可燃、助燃气体储罐（区）", [("可燃、助燃气体", H)]),
    ("防止火灾、爆炸", [("火灾", H), ("爆炸", H)]),
    ("防火门、防火窗", [("防火门", E), ("防火窗", E)]),
    # Each complete article reference is its own span; borrowed 款 tails stay inside.
    ("除本条例第十六条、第十七条规定情形外", [("本条例第十六条", C), ("第十七条", C)]),
    ("违反本条例第三十八条第一款、第二款规定", [("本条例第三十八条第一款、第二款", C)]),
    ("前款第一项、第二项规定的人员", [("前款第一项、第二项", C)]),
]

HEADING_TESTS = [
    ("第一条 为了预防火灾，制定本法。", [("火灾", H)]),
    ("第二十八条\u3000任何单位不得损坏消防设施", [("消防设施", E)]),
    ("第三章 火灾预防", [("火灾", H)]),
    ("第二十八条规定的情形", [("第二十八条", C)]),
    ("依照第一条 的规定", [("第一条", C)]),
]

OUT_OF_GUIDELINE_TESTS = [
    "甲类厂房",
    "丙类仓库的耐火等级",
    "消防救援机构应当",
    "构成重大危险源的",
    "报告火警",
    "液氧储罐的氧气",
    "建立专职消防队",
    "设置消防站",
    "送风口和泄压设施",
    "制定灭火和应急疏散预案",
    "防火分隔和防火检查",
    "消防车库",
]


@pytest.fixture(scope="module")
def extractor() -> GazetteerExtractor:
    return GazetteerExtractor()


def _found(extractor: GazetteerExtractor, text: str) -> list[tuple[str, str]]:
    return [(mention.text, mention.label) for mention in extractor.extract_one(text)]


@pytest.mark.parametrize("text,expected", EQUIPMENT_TESTS)
def test_gazetteer_tags_equipment_as_full_noun_phrase(extractor, text, expected):
    assert _found(extractor, text) == expected


@pytest.mark.parametrize("text,expected", HAZARD_TESTS)
def test_gazetteer_tags_hazard_inside_larger_nouns(extractor, text, expected):
    assert _found(extractor, text) == expected


@pytest.mark.parametrize("text,expected", CLAUSE_TESTS)
def test_rules_tag_clause_references(extractor, text, expected):
    assert _found(extractor, text) == expected


@pytest.mark.parametrize("text,expected", COORDINATION_TESTS)
def test_coordination_inside_one_noun_phrase_is_one_span(extractor, text, expected):
    assert _found(extractor, text) == expected


@pytest.mark.parametrize("text,expected", HEADING_TESTS)
def test_article_heading_number_is_not_a_reference(extractor, text, expected):
    assert _found(extractor, text) == expected


@pytest.mark.parametrize("text", OUT_OF_GUIDELINE_TESTS)
def test_out_of_guideline_terms_are_not_tagged(extractor, text):
    assert _found(extractor, text) == []


ORIGINAL_OFFSET_TESTS = [
    ("应符合《自动喷水灭火系统设计规范》GB\u200250084的规定", "《自动喷水灭火系统设计规范》GB\u200250084", C),
    ("见GB\u300050016\u2002-\u20022014", "GB\u300050016\u2002-\u20022014", C),
    ("应符合本规范第６．５．３条的规定", "本规范第６．５．３条", C),
    ("ＧＢ５００１６－２０１４", "ＧＢ５００１６－２０１４", C),
    ("违反本法第６０条", "本法第６０条", C),
    ("\u3000\u3000设置室外消火栓", "室外消火栓", E),
    ("可燃、助燃气体储罐（区）", "可燃、助燃气体", H),
]


@pytest.mark.parametrize("text,span_text,label", ORIGINAL_OFFSET_TESTS)
def test_offsets_point_into_the_original_text(extractor, text, span_text, label):
    (mention,) = extractor.extract_one(text)
    assert (mention.text, mention.label) == (span_text, label)
    assert text[mention.start:mention.end] == span_text


def test_empty_text_has_no_mentions(extractor):
    assert extractor.extract_one("") == []
    assert extractor.extract([]) == []
    assert extractor.extract(["", " "]) == [[], []]


def test_control_characters_do_not_shift_offsets(extractor):
    text = "\x00消防\x07水泵\r\n灭火器\t\x1b火灾\u200b"
    mentions = extractor.extract_one(text)
    assert [(m.start, m.end, m.text) for m in mentions] == [(8, 11, "灭火器"), (13, 15, "火灾")]


def test_extract_keeps_text_order_and_never_overlaps(extractor):
    texts = [case[0] for case in EQUIPMENT_TESTS + HAZARD_TESTS + CLAUSE_TESTS + COORDINATION_TESTS]
    for text, mentions in zip(texts, extractor.extract(texts)):
        assert all(text[m.start:m.end] == m.text for m in mentions)
        assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
        assert all(m.label in LABELS and m.extractor == "gazetteer" for m in mentions)


def test_mentions_round_trip_through_bio(extractor):
    text = "违反本法第六十条，损坏室内消火栓、引发火灾的"
    spans = [mention.span for mention in extractor.extract_one(text)]
    assert bio_to_spans(spans_to_bio(len(text), spans)) == spans


def test_spans_to_bio_rejects_overlapping_spans():
    with pytest.raises(ValueError, match="overlaps"):
        spans_to_bio(4, [(0, 3, E), (2, 4, H)])


def test_resolve_longest_prefers_longest_then_leftmost():
    assert resolve_longest([(0, 2, E), (1, 3, H), (3, 4, C)], 4) == [(0, 2, E), (3, 4, C)]


def test_shipped_gazetteer_is_large_and_uses_known_labels():
    gazetteer = load_gazetteer()
    counts = {label: sum(1 for value in gazetteer.values() if value == label) for label in (E, H)}
    assert counts[E] >= 350 and counts[H] >= 150
    assert set(gazetteer.values()) <= set(LABELS) | {OUTSIDE}


def test_custom_gazetteer_directory(tmp_path):
    (tmp_path / "equipment.txt").write_text("# team list\n消防水炮\n", encoding="utf-8")
    (tmp_path / "hazard.txt").write_text("火灾\n", encoding="utf-8")
    (tmp_path / "out.txt").write_text("", encoding="utf-8")
    extractor = GazetteerExtractor.from_directory(tmp_path)
    assert _found(extractor, "火灾时启动消防水炮") == [("火灾", H), ("消防水炮", E)]


def test_mention_to_dict_is_json_ready():
    mention = Mention(2, 5, E, "灭火器", score=0.5, extractor="gazetteer")
    assert mention.to_dict() == {"start": 2, "end": 5, "label": E, "text": "灭火器",
                                 "score": 0.5, "extractor": "gazetteer"}
