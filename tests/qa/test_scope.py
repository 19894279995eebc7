"""Jurisdiction scope: which documents may answer a question that names (or does not name) a place."""
from __future__ import annotations

import pytest

from qa.scope import Jurisdictions, Scope, title_place, unknown_places

DOCUMENTS = [
    {"id": "中华人民共和国消防法", "title": "中华人民共和国消防法", "kind": "law"},
    {"id": "北京市消防条例", "title": "北京市消防条例", "kind": "local"},
    {"id": "浙江省森林消防条例", "title": "浙江省森林消防条例", "kind": "local"},
    {"id": "GB 50016-2014", "title": "建筑设计防火规范", "kind": "standard"},
]
LOCAL = {"北京市消防条例", "浙江省森林消防条例"}

TITLE_PLACES = [
    ("北京市消防条例", ("北京", "市", "消防条例")),
    ("浙江省森林消防条例", ("浙江", "省", "森林消防条例")),
    ("汕头经济特区消防条例", ("汕头", "经济特区", "消防条例")),
    ("中华人民共和国消防法", None),
    ("城镇燃气管理条例", None),
]


@pytest.mark.parametrize(("title", "expected"), TITLE_PLACES)
def test_title_place(title, expected):
    assert title_place(title) == expected


@pytest.fixture(scope="module")
def jurisdictions():
    return Jurisdictions(DOCUMENTS)


SCOPES = [
    # question, local documents left in scope, regulations named but not loaded
    ("北京的饭店用天然气没装报警器要罚多少？", {"北京市消防条例"}, []),
    ("云南省森林防火期是从几月到几月？", set(), []),
    ("深圳市消防条例对电动自行车充电有什么规定？", set(), ["深圳市消防条例"]),
    # a city in no list, written with its level, and its own rule
    ("云州市的古建筑消防管理规定对烧香有什么要求？", set(), ["云州市的古建筑消防管理规定"]),
    # a place that is what rules (云南省对…) asks for its own regulation; one that is where (在云南) does not
    ("云南省对高层住宅的电动车有什么规定", set(), ["云南的地方性法规"]),
    ("在云南，高层住宅楼道里能停电动车吗？", set(), []),
    # a province's regulations are in force in its cities
    ("杭州的山林里什么时候不能用火？", {"浙江省森林消防条例"}, []),
    ("杭州市对山林用火有什么规定？", {"浙江省森林消防条例"}, []),
    ("高层住宅楼道里能停电动车吗？", LOCAL, []),
]


@pytest.mark.parametrize(("question", "local_left", "missing"), SCOPES)
def test_a_named_place_keeps_only_its_own_local_regulations(jurisdictions, question, local_left, missing):
    scope = jurisdictions.scope(question, [])
    assert {doc for doc in LOCAL if scope.allows(doc)} == local_left
    assert scope.allows("中华人民共和国消防法") and scope.allows("GB 50016-2014")
    assert scope.missing == missing


def test_a_named_local_regulation_stays_in_scope_whatever_place_is_asked(jurisdictions):
    scope = jurisdictions.scope("云南人问：浙江省森林消防条例的防火期是什么时候？", ["浙江省森林消防条例"])
    assert scope.allows("浙江省森林消防条例") and scope.missing == []


def test_chosen_documents_restrict_the_scope(jurisdictions):
    scope = jurisdictions.scope("防火门有什么要求？", [], chosen=["GB 50016-2014"])
    assert scope.allows("GB 50016-2014") and not scope.allows("中华人民共和国消防法")
    assert Scope().allows("anything")


def test_the_named_places_documents_come_in_the_order_the_places_are_named(jurisdictions):
    assert jurisdictions.scope("浙江和北京、云南对此怎么规定？", []).place_documents == ["浙江省森林消防条例", "北京市消防条例"]
    assert jurisdictions.scope("高层住宅楼道里能停电动车吗？", []).place_documents == []


def test_a_place_without_loaded_regulations_is_told_apart(jurisdictions):
    # the answer says it rests on national rules (engine._place_note); 杭州 has Zhejiang's
    assert jurisdictions.scope("在云南，高层住宅楼道里能停电动车吗？", []).unregulated == ["云南"]
    assert jurisdictions.scope("杭州的山林里什么时候不能用火？", []).unregulated == []


@pytest.mark.parametrize(("question", "places"), [
    ("石门市去年农村一共发生了多少起火灾？", ["石门"]),
    ("按照南江县的规定，秸秆能烧吗", ["南江"]),
    ("城市里的超市能卖烟花吗", []),
    ("本市的商场和两个县交界处的山林", []),
])
def test_a_place_no_list_holds_is_known_by_its_level(question, places):
    assert unknown_places(question) == places
