"""Which documents may answer a question: named documents, and the jurisdiction it asks about.

A local regulation binds only its own city or province. A question that names a place
(北京的饭店…, 云南省…) is answered from national documents and the local ones of that place,
its own regulation first (see :data:`qa.retriever.NAMED_PLACE_PRIOR`);
a question that names none is answered from national documents first (local ones stay
candidates at a lower prior, see :data:`LOCAL_PRIOR`). A question that names a local
regulation of a place no loaded document covers (深圳市消防条例) cannot be answered from
another place's regulation: the engine refuses it, as it does for foreign codes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import jieba

# Province-level divisions and the larger cities, as people name them in questions. Written by
# the team; the places of the loaded local regulations are added from their titles.
PLACES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 "
    "贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 "
    "深圳 广州 杭州 南京 武汉 成都 西安 沈阳 大连 青岛 厦门 宁波 哈尔滨 长春 济南 珠海 汕头 苏州 无锡 郑州 长沙 合肥 "
    "福州 南昌 昆明 贵阳 南宁 海口 三亚 石家庄 太原 呼和浩特 兰州 西宁 银川 乌鲁木齐 拉萨 东莞 佛山 温州 洛阳 "
    "南阳 新乡 徐州 常州 烟台 潍坊 唐山 保定"
).split()
# The province of each city above: a province's regulations are in force in its cities too (郑州 → 河南).
PROVINCE_OF = {city: province for province, cities in {
    "广东": "深圳 广州 珠海 汕头 东莞 佛山", "浙江": "杭州 宁波 温州", "江苏": "南京 苏州 无锡 徐州 常州",
    "湖北": "武汉", "四川": "成都", "陕西": "西安", "辽宁": "沈阳 大连", "山东": "青岛 济南 烟台 潍坊",
    "福建": "厦门 福州", "黑龙江": "哈尔滨", "吉林": "长春", "河南": "郑州 洛阳 南阳 新乡", "湖南": "长沙",
    "安徽": "合肥", "江西": "南昌", "云南": "昆明", "贵州": "贵阳", "广西": "南宁", "海南": "海口 三亚",
    "河北": "石家庄 唐山 保定", "山西": "太原", "内蒙古": "呼和浩特", "甘肃": "兰州", "青海": "西宁", "宁夏": "银川",
    "新疆": "乌鲁木齐", "西藏": "拉萨"}.items() for city in cities.split()}
_LEVEL = "省|市|自治区|特别行政区|经济特区"
_TITLE_PLACE = re.compile(rf"^(?P<place>[\u4e00-\u9fff]{{2,7}}?)(?P<level>{_LEVEL})(?P<rest>.+)$")
# 深圳市消防条例, 云南省森林防火规定, 云州市的古建筑消防管理规定: a place, then (within a few characters) a title ending.
_RULE_TITLE = r"的?(?:(?![的对有在和与吗呢么什哪是])[\u4e00-\u9fff]){0,10}?(?:条例|规定|办法|细则)"
_PLACE_TITLE = rf"(?:省|市|自治区)?{_RULE_TITLE}"
_RULE_AFTER_PLACE = re.compile(_RULE_TITLE)   # the title after a place jieba made up with its level (澄川省的…规定)
LOCAL_KIND = "local"
_LEVEL_WORDS = ("省", "市", "县")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_COUNT = re.compile(r"[个两几各每本该全某]")
_ADVERB = re.compile(r"[更最很比还较不也都太挺]")       # before 省 as a verb (更省电), not a place's name
_CLAUSE_MARKS = "，。；、？！：,.;?!: \u3000"
_PLACE_PREPOSITIONS = {"在", "按", "按照", "根据", "依照", "依据", "对于", "据"}
_NOT_PLACES = {"大城市", "小城市", "中小城市", "大中城市", "中等城市", "新城市"}   # words jieba tags as places
_FUNCTION_CHARACTERS = set("在按对从向于本全该各每某外到去来和与及或的了是有这那")
# the kinds of document a title ends with, and what a title says of its kind only, at its end (…消防安全管理规定,
# …防火示范规范, …法)
KINDS = "规定|条例|办法|规范|标准|细则|法"
TITLE_KIND = re.compile(rf"(?:消防安全管理|安全管理|消防管理|管理|消防安全|消防|防火|安全)?(?:示范)?(?:{KINDS})$")


def title_place(title: str) -> tuple[str, str, str] | None:
    """(place, level, rest) of a local regulation's title, or None.

    >>> title_place("北京市消防条例")
    ('北京', '市', '消防条例')
    >>> title_place("汕头经济特区消防条例")
    ('汕头', '经济特区', '消防条例')
    >>> title_place("中华人民共和国消防法") is None
    True
    """
    match = _TITLE_PLACE.match(title)
    return (match["place"], match["level"], match["rest"]) if match else None


@dataclass
class Scope:
    """Documents a question may be answered from."""

    doc_ids: list[str] | None = None              # named (or chosen with --doc) documents; None = all
    excluded: set[str] = field(default_factory=set)  # local regulations of other places
    places: list[str] = field(default_factory=list)   # places the question names
    place_documents: list[str] = field(default_factory=list)  # the loaded local regulations of those places
    missing: list[str] = field(default_factory=list)  # named regulations (or places' rules) that are not loaded
    unregulated: list[str] = field(default_factory=list)  # named places none of whose regulations is loaded

    def allows(self, doc_id: str) -> bool:
        return (self.doc_ids is None or doc_id in self.doc_ids) and doc_id not in self.excluded


class Jurisdictions:
    """Places of the loaded local regulations, and the places a question names."""

    def __init__(self, documents: Iterable[dict]) -> None:
        self.kind = {row["id"]: row.get("kind") for row in documents}
        self.by_place: dict[str, list[str]] = {}
        for row in documents:
            found = title_place(row["title"]) if row.get("kind") == LOCAL_KIND else None
            if found:
                self.by_place.setdefault(found[0], []).append(row["id"])
        names = sorted({*PLACES, *self.by_place}, key=len, reverse=True)
        self._place = re.compile("|".join(map(re.escape, names)))
        self._place_title = re.compile(f"({'|'.join(map(re.escape, names))}){_PLACE_TITLE}")

    def in_force(self, place: str) -> list[str]:
        """The loaded local regulations that answer for a place: its own, or when none is loaded, its
        province's (a city's own regulation is the more specific one where both are loaded: 汕头's, not
        广东's, for 在汕头…罚多少).

        >>> Jurisdictions([{"id": "河南省消防条例", "title": "河南省消防条例", "kind": "local"}]).in_force("郑州")
        ['河南省消防条例']
        """
        return self.by_place.get(place) or self.by_place.get(PROVINCE_OF.get(place, ""), [])

    def named_places(self, question: str) -> list[str]:
        """Places the question names, in order: the known ones, and any other written as a place with its
        level (云州市, 南江县; see :func:`unknown_places`).

        >>> Jurisdictions([{"id": "北京市消防条例", "title": "北京市消防条例", "kind": "local"}]).named_places(
        ...     "北京的饭店和深圳的商场，云州市的仓库")
        ['北京', '深圳', '云州']
        >>> Jurisdictions([{"id": "青岚省办法", "title": "青岚省施工现场消防安全管理办法", "kind": "local"}]).named_places(
        ...     "按青岚省施工现场消防管理办法，多高的在建工程要设消防给水？")
        ['青岚']
        """
        known = self._place.findall(question)
        # a word jieba made up around a known place (按青岚 of 按青岚省施工现场…办法) is that place
        return list(dict.fromkeys([*known, *(place for place in unknown_places(question)
                                             if not any(name in place for name in known))]))

    def scope(self, question: str, named_doc_ids: list[str], chosen: list[str] | None = None) -> Scope:
        """The documents that may answer: chosen (--doc) or named ones, minus other places' local rules."""
        places = self.named_places(question)
        covered = list(dict.fromkeys(doc for place in places for doc in self.in_force(place)))
        named_local = {doc for doc in named_doc_ids if self.kind.get(doc) == LOCAL_KIND}
        excluded = set()
        if places:
            excluded = {doc for doc, kind in self.kind.items() if kind == LOCAL_KIND} - set(covered) - named_local
        unknown = [place for place in places if not self._place.fullmatch(place)]
        titles = [*self._place_title.finditer(question),
                  *(match for place in unknown for match in re.finditer(f"({re.escape(place)}){_PLACE_TITLE}", question))]
        missing = [match.group() for match in titles
                   if match.group(1) not in self.by_place and not _inside_named(match.group(), named_doc_ids)]
        # 四川省对…怎么罚 asks for that place's own rule, which no loaded document is
        missing += [f"{place}的地方性法规" for place in places
                    if not self.in_force(place) and re.search(rf"{re.escape(place)}(?:{_LEVEL})?对", question)]
        doc_ids = list(chosen) if chosen else (list(named_doc_ids) or None)
        unregulated = [place for place in places if not self.in_force(place)]
        return Scope(doc_ids, excluded, places, covered, missing, unregulated)


def unknown_places(question: str) -> list[str]:
    """Places that the question writes with their level: a word of two to four characters that jieba keeps
    apart from the 省, 市 or 县 after it (云州 市), or a dictionary word that ends in it (南江县, not the 电更省 that
    jieba makes up from 电更省电费, unless a rule's title follows it: 澄川省的…规定); 城市, 本市 and 超市 are too short
    to hold a place, and 两个县 is a count.

    >>> unknown_places("云州市的古建筑消防管理规定对烧香有什么要求？"), unknown_places("城市里的超市和两个县")
    (['云州'], [])
    >>> unknown_places("澄川省的高校实验室消防规定里，每间实验室能存多少易燃液体？"), unknown_places("这种灯电更省电费吗")
    (['澄川'], [])

    A word jieba makes up that opens the question or a clause, or follows 在 or 按 (霭川省对…, 在檀沂省…), is a place
    too, unless an adverb shows the 省 is the verb (更省, 最省).

    >>> unknown_places("霭川省对换电站的间距怎么规定？"), unknown_places("用哪种灯最省？")
    (['霭川'], [])
    >>> unknown_places("篁川市的托育机构要几个人值班？"), unknown_places("大城市的高层建筑"), unknown_places("在本市开店")
    (['篁川'], [], [])
    """
    spans = list(jieba.tokenize(question))
    words = [word for word, _, _ in spans]
    places = [word for word, after in zip(words, words[1:]) if after in _LEVEL_WORDS and 2 <= len(word) <= 4]
    # jieba's own word for a place (南江县), or one it makes up when a rule's title follows (澄川省的高校实验室消防规定)
    places += [word[:-1] for (word, start, end), before in zip(spans, ["", *words])
               if word[-1] in _LEVEL_WORDS and 3 <= len(word) <= 5 and word not in _NOT_PLACES
               and (word in jieba.dt.FREQ or _RULE_AFTER_PLACE.match(question, end)
                    or _opens_clause(question, start, before) and not _ADVERB.search(word))]
    # a rare first character jieba leaves alone (篁 / 川市 of 篁川市的…), where a clause opens
    places += [first + word[:-1] for (first, start, _), (word, _, _), before in zip(spans, spans[1:], ["", *words])
               if len(first) == 1 and len(word) == 2 and word[-1] in _LEVEL_WORDS and first not in _FUNCTION_CHARACTERS
               and _opens_clause(question, start, before)]
    return [place for place in places if _CJK.fullmatch(place) and not _COUNT.search(place)]


def _opens_clause(question: str, start: int, before: str) -> bool:
    return start == 0 or question[start - 1] in _CLAUSE_MARKS or before in _PLACE_PREPOSITIONS


def _inside_named(text: str, named: list[str]) -> bool:
    return any(text in doc or doc in text for doc in named)
