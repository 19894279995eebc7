"""Entity linking of a question: what equipment, hazards, documents and clause numbers it names.

Names come from the graph (built once per engine): jieba segments the question with
the graph's entity names and document short names as its user dictionary; runs of
adjacent words are matched against the names; clause numbers (第二十八条, 28条,
3.3.1) are read with Chinese numerals converted; an optional NER extractor adds
mentions the dictionary lacks; near-misses are matched fuzzily.
"""
from __future__ import annotations

import difflib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kg.corpus.references import document_aliases
from kg.corpus.text import CHINESE_NUMERAL, chinese_to_int, normalize_text
from qa.answer import LinkedEntity
from qa.domain import NAME_VARIANTS, expand_abbreviations
from qa.scope import KINDS, LOCAL_KIND, TITLE_KIND, title_place

logger = logging.getLogger(__name__)
# 第二十八条, 第28条, 28条, also typed with spaces (第 28 条); not 哪一条 / 一条 (a bare Chinese numeral before 条 is a
# count, not a number).
_ARTICLE = re.compile(rf"(?:第\s*({CHINESE_NUMERAL}|\d+)\s*|(?<![\d.第\s])(\d+)\s?)条(?:之({CHINESE_NUMERAL}))?")
# Several articles under one 第…条 (第十六、十七条, 第16和17条) or a run of them (第十六条至第十八条, 第16-18条): each is
# named, written out as its own 第N条 before linking.
_NUMBER = rf"(?:{CHINESE_NUMERAL}|\d+)"
_ARTICLE_LIST = re.compile(rf"第\s*({_NUMBER}(?:\s*[、，,和及与或]\s*第?\s*{_NUMBER})+)\s*条")
_ARTICLE_RUN = re.compile(rf"第\s*({_NUMBER})\s*条?\s*(?:至|到|～|~|—|-)\s*第?\s*({_NUMBER})\s*条")
_CLAUSE_RUN = re.compile(r"(?<![\d.])(\d{1,2}\.\d{1,2})\.(\d{1,3})条?\s*(?:至|到|～|~)\s*第?\1\.(\d{1,3})(?![\d.])")
# A Chinese numeral before 条 right after a document's name is its article number (消防法十六条), though
# elsewhere it counts (三条规定, 哪一条)
_BARE_ARTICLE = re.compile(r"的?([零〇一二三四五六七八九十百千]+)条(?![例文款目])")
MAX_ARTICLE_RUN = 10          # a longer run (第一条至第五十条) asks about a whole part, not each article
_CODE_CLAUSE = re.compile(r"(?<![\d.A-Za-z])((?:\d{1,2}|[A-Z])\.\d{1,2}\.\d{1,3}(?:\.\d{1,3})?[A-Z]?)(?![\d.])"
                          # a standard's two-part number, named as a clause (第4.1条, A.2条): a bare 4.1 is a value
                          r"|(?<=第)((?:\d{1,2}|[A-Z])\.\d{1,2})(?=条)|(?<![\d.A-Za-z])([A-Z]\.\d{1,2})(?=条)")
_TITLE_ENDINGS = ("条例", "规定", "办法", "细则")
_MANAGEMENT_INFIX = re.compile(r"(?:消防安全管理|安全管理|管理)(?=条例$|规定$|办法$)")
FUZZY_CUTOFF = 0.75
DOCUMENT_CUTOFF = 0.7         # a loosely written document name before an article number
MIN_DOCUMENT_CHARS = 4
WHOLE_TITLE_CHARS = 6         # a document name this long is a mention wherever it occurs, across word boundaries
_TITLE_RUN = re.compile(r"[\u4e00-\u9fff《》、]{4,30}$")
_KIND_END = re.compile(rf"(?:{KINDS}|规则)》?$")
FUZZY_MIN_CHARS = 5           # shorter windows with one wrong character are mostly other words (消防设计 / 消防设施)
WHOLE_ENDS = 7                # windows this long may have the wrong character at an end
MAX_WORDS = 5
# A law's short name that runs on into 法规 or 法律 is part of that word (地方消防法规 are local
# regulations, not the 消防法); 消防法规定… is the law and the verb 规定.
_LONGER_WORD = re.compile(r"规(?!定)|律")


@dataclass
class LinkerVocabulary:
    """The names the linker knows, read from the graph."""

    entities: dict[str, str]          # name -> "equipment" | "hazard"
    documents: dict[str, str]         # any name or alias -> document id
    clause_keys: set[str]
    variants: dict[str, str] = field(default_factory=dict)   # another spelling -> the graph's name (自动喷淋系统)


_EMBEDDED_TITLE = re.compile(r"《([^》]+)》")


def short_names(title: str) -> list[str]:
    """Usual short names of a document title: 中华人民共和国消防法 → 消防法; 危险化学品安全管理条例 → 危险化学品条例.

    >>> short_names("危险化学品安全管理条例")
    ['危险化学品安全管理条例', '危险化学品条例']
    """
    names = list(document_aliases(title))
    base = names[-1]
    shorter = _MANAGEMENT_INFIX.sub("", base)
    if shorter != base and len(shorter) >= 4:
        names.append(shorter)
    return list(dict.fromkeys(names))


def local_short_names(title: str) -> list[str]:
    """How people name a local regulation: without 市/省, by place and kind only, or without the place.

    >>> local_short_names("北京市消防条例")
    ['北京消防条例', '北京市条例', '北京条例', '消防条例']
    >>> local_short_names("中华人民共和国消防法")
    []

    A law named inside the title is also written plainly, by its own short name:

    >>> local_short_names("广东省实施《中华人民共和国消防法》办法")[:3]
    ['广东实施《中华人民共和国消防法》办法', '广东实施消防法办法', '广东省实施消防法办法']
    """
    found = title_place(document_aliases(title)[-1])
    if not found:
        return []
    place, level, rest = found
    names = [place + rest]
    plain = _EMBEDDED_TITLE.sub(lambda match: match.group(1).removeprefix("中华人民共和国"), rest)
    if plain != rest:
        names += [place + plain, place + level + plain]
    kind = next((ending for ending in _TITLE_ENDINGS if rest.endswith(ending)), None)
    if kind and rest != kind:
        names += [place + level + kind, place + kind]
    # 文物建筑消防规定第28条, 森林消防条例第十条: named without the place (only unique names are kept)
    names += [name for name in [rest, plain, *short_names(rest)[1:]] if len(name) >= MIN_DOCUMENT_CHARS]
    return list(dict.fromkeys(names))


def document_names(document_rows: Iterable[dict]) -> dict[str, str]:
    """Every name of every document (id, title, short names, aliases, code), mapped to its id.

    A short name that two documents share (河南条例 for two Henan regulations) names neither.
    """
    exact: dict[str, str] = {}
    shared: dict[str, set[str]] = {}
    for row in document_rows:
        exact.setdefault(row["id"], row["id"])
        exact.setdefault(row["title"], row["id"])
        names = [*short_names(row["title"]), *(row.get("aliases") or [])]
        if row.get("kind") == LOCAL_KIND:
            names += local_short_names(row["title"])
        if row.get("code"):
            names += [row["code"], row["code"].split("-")[0]]
        for name in names:
            shared.setdefault(name, set()).add(row["id"])
    unique = {name: next(iter(ids)) for name, ids in shared.items() if len(ids) == 1}
    return {**unique, **exact}


def graph_variants(entities: dict[str, str]) -> dict[str, str]:
    """Spellings of a thing the graph knows by another name (:data:`qa.domain.NAME_VARIANTS`), each to the
    first of its group's names that the graph has.

    >>> graph_variants({"自动喷水灭火系统": "equipment"})["自动喷淋系统"]
    '自动喷水灭火系统'
    >>> graph_variants({"消防车道": "equipment", "消防车通道": "equipment"})
    {}

    A gas named as people say it, without 体 (可燃气 for 可燃气体), is that gas, not the 燃气 inside the word.

    >>> graph_variants({"可燃气体": "hazard", "燃气": "hazard"})
    {'可燃气': '可燃气体'}
    """
    variants = {}
    for group in NAME_VARIANTS:
        known = [name for name in group if name in entities]
        variants.update({name: known[0] for name in group if known and name not in entities})
    variants.update({name[:-1]: name for name in entities
                     if name.endswith("气体") and len(name) >= 4 and name[:-1] not in entities})
    return variants


class EntityLinker:
    """Link a question to graph entities, documents and clause keys."""

    def __init__(self, vocabulary: LinkerVocabulary, extractor=None) -> None:
        self.vocabulary = vocabulary
        self.extractor = extractor
        self._tokenizer = _jieba_tokenizer([*vocabulary.entities, *vocabulary.variants, *vocabulary.documents])
        self.word_tokenizer = self._tokenizer
        self._long_titles = [name for name in vocabulary.documents if len(name) >= WHOLE_TITLE_CHARS]
        self._names_by_length: dict[int, list[str]] = {}
        self._names_with_char: dict[str, set[str]] = {}
        for name in vocabulary.entities:
            self._names_by_length.setdefault(len(name), []).append(name)
            for char in name:
                self._names_with_char.setdefault(char, set()).add(name)

    @classmethod
    def from_rows(cls, entity_rows: Iterable[dict], document_rows: Iterable[dict], clause_keys: Iterable[str],
                  extractor=None) -> "EntityLinker":
        entities = {row["name"]: row["label"].lower() for row in entity_rows}
        return cls(LinkerVocabulary(entities, document_names(document_rows), set(clause_keys),
                                    graph_variants(entities)), extractor)

    def link(self, question: str) -> list[LinkedEntity]:
        """Linked entities in question order, without overlaps (longest name wins)."""
        text = write_out_articles(expand_abbreviations(normalize_text(question)))
        found = self._dictionary_matches(text) + self._whole_titles(text) + self._clause_numbers(text)
        found += _articles_after_titles(text, found)
        found += self._extractor_matches(text, found)
        found += self._fuzzy_matches(text, found)
        found += self._fuzzy_documents(text, found)
        return _without_overlaps(found)

    def _fuzzy_documents(self, text: str, found: list) -> list[tuple[int, int, LinkedEntity]]:
        """A document named loosely right before an article number (新乡住宅区消防条例第31条 for
        新乡市居民住宅区消防安全管理条例): the closest document name to some tail of the words before it,
        when both start alike (河北消防条例 is not 河南消防条例), or the tail of one document's name, with more than
        its kind (轨道交通消防安全管理办法 for 滨海市城市轨道交通消防安全管理办法, but not 消防安全管理办法), or
        words of one document's name in its order that say more than its kind (屋顶光伏规范 and
        屋顶分布式光伏防火示范规范 for 建筑屋顶分布式光伏系统防火示范规范)."""
        extra = []
        for start, _, entity in found:
            run = _TITLE_RUN.search(text[:start]) if entity.kind == "clause" else None
            if not run:
                continue
            best = None
            words = run.group().removesuffix("第").removesuffix("的")
            for offset in range(len(words) - MIN_DOCUMENT_CHARS + 1):
                surface = words[offset:]
                plain = surface.strip("《》")
                in_order = self._in_order_of_one(plain)
                close = difflib.get_close_matches(plain, self.vocabulary.documents, n=3, cutoff=DOCUMENT_CUTOFF)
                for name in dict.fromkeys([*close, *in_order]):
                    # a name whose words are all written out in its order is the better the more of them there are:
                    # 隧道防火示范规范 of 城市道路隧道防火示范规范 before 示范规范, another code's short name
                    ordered = _in_order(plain, name)
                    score = 1 + len(plain) / 100 if ordered else difflib.SequenceMatcher(None, plain, name).ratio()
                    if (name.startswith(plain[:2]) or self._tail_of_one(plain) or name in in_order) and \
                            _same_kind(plain, name) and (best is None or score > best[0]):
                        best = (score, run.start() + offset, LinkedEntity(surface, "document",
                                                                          self.vocabulary.documents[name], round(score, 3)))
            if best:
                extra.append((best[1], start, best[2]))
        return extra

    def _in_order_of_one(self, surface: str) -> list[str]:
        """The names of the one document whose names hold ``surface``'s characters in order, starting with its
        first two together, when ``surface`` says more than a kind (屋顶光伏规范, not 消防安全管理条例); else []."""
        if len(TITLE_KIND.sub("", surface)) < 2:
            return []
        names = [name for name in self.vocabulary.documents if surface[:2] in name and _in_order(surface, name)]
        return names if len({self.vocabulary.documents[name] for name in names}) == 1 else []

    def _tail_of_one(self, surface: str) -> bool:
        """Whether the names that end with ``surface`` all name one document, and it says more than a kind."""
        if len(TITLE_KIND.sub("", surface)) < 2:
            return False
        return len({doc for name, doc in self.vocabulary.documents.items() if name.endswith(surface)}) == 1

    def _dictionary_matches(self, text: str) -> list[tuple[int, int, LinkedEntity]]:
        words = list(self._tokenizer.tokenize(text))
        matches = []
        for first in range(len(words)):
            for last in range(min(len(words), first + MAX_WORDS), first, -1):
                start, end = words[first][1], words[last - 1][2]
                surface = text[start:end]
                entity = self._lookup(surface)
                if entity and entity.kind == "document" and surface.endswith("法") and _LONGER_WORD.match(text, end):
                    continue
                if entity:
                    matches.append((start, end, entity))
                    break
        return matches

    def _whole_titles(self, text: str) -> list[tuple[int, int, LinkedEntity]]:
        """Long document names written out in full, wherever they occur: jieba splits a title at its
        punctuation (机关、团体、企业、事业单位消防安全管理规定, 广东省实施《中华人民共和国消防法》办法) and into more
        words than a run of words is matched over."""
        matches = []
        for name in self._long_titles:
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not (name.endswith("法") and _LONGER_WORD.match(text, end)):
                    matches.append((start, end, LinkedEntity(name, "document", self.vocabulary.documents[name])))
                start = text.find(name, end)
        return matches

    def _lookup(self, surface: str, score: float = 1.0) -> LinkedEntity | None:
        if surface in self.vocabulary.documents:
            return LinkedEntity(surface, "document", self.vocabulary.documents[surface], score)
        if surface in self.vocabulary.entities and len(surface) >= 2:
            return LinkedEntity(surface, self.vocabulary.entities[surface], surface, score)
        if surface in self.vocabulary.variants:
            name = self.vocabulary.variants[surface]
            return LinkedEntity(surface, self.vocabulary.entities[name], name, score)
        return None

    def _clause_numbers(self, text: str) -> list[tuple[int, int, LinkedEntity]]:
        found = []
        for match in _CODE_CLAUSE.finditer(text):
            number = match.group(1) or match.group(2) or match.group(3)
            found.append((match.start(), match.end(), LinkedEntity(match.group(), "clause", number)))
        for match in _ARTICLE.finditer(text):
            key = str(chinese_to_int(match.group(1) or match.group(2)))
            if match.group(3):
                key += f"-{chinese_to_int(match.group(3))}"
            found.append((match.start(), match.end(), LinkedEntity(match.group(), "clause", key)))
        return found

    def _extractor_matches(self, text: str, found: list) -> list[tuple[int, int, LinkedEntity]]:
        """NER mentions the dictionary did not link, mapped to the closest graph name."""
        if self.extractor is None:
            return []
        taken = {position for start, end, _ in found for position in range(start, end)}
        extra = []
        for mention in self.extractor.extract([text])[0]:
            if mention.label == "CLAUSE" or taken & set(range(mention.start, mention.end)):
                continue
            entity = self._lookup(mention.text) or self._fuzzy(mention.text)
            if entity:
                extra.append((mention.start, mention.end, entity))
        return extra

    def _fuzzy(self, surface: str, size: int | None = None) -> LinkedEntity | None:
        names = self._sharing_names(surface, size) if size else self.vocabulary.entities
        candidates = difflib.get_close_matches(surface, names, n=1, cutoff=FUZZY_CUTOFF)
        if not candidates:
            return None
        score = difflib.SequenceMatcher(None, surface, candidates[0]).ratio()
        return LinkedEntity(surface, self.vocabulary.entities[candidates[0]], candidates[0], round(score, 3))

    def _sharing_names(self, surface: str, size: int) -> list[str]:
        """Names of this length that differ from the window in one place only: a near-miss is a name
        with one wrong character (自动喷水灭火系铳), not the name shifted by one (的消防设 / 消防设施), a
        longer name cut short (机械加压送风时余) or a neighbouring word (加压送风的 / 加压送风机). In a
        window shorter than ``WHOLE_ENDS`` the wrong character may not be its first or last one."""
        shared = Counter(name for char in set(surface) for name in self._names_with_char.get(char, ())
                         if len(name) == size)
        return sorted(name for name in shared if _near_miss(surface, name))

    def _fuzzy_matches(self, text: str, found: list) -> list[tuple[int, int, LinkedEntity]]:
        """Near-misses (自动喷水灭火系铳 for …系统): windows of 5–8 unlinked characters one character away
        from a graph name of the same length.

        Shorter windows are not matched: one wrong character in four (消防设计 ~ 消防设施) or three (今天天气 ~
        天然气) is too often a different word.
        """
        taken = {position for start, end, _ in found for position in range(start, end)}
        matches = []
        for size in range(8, FUZZY_MIN_CHARS - 1, -1):
            for start in range(0, len(text) - size + 1):
                span = set(range(start, start + size))
                if taken & span or not all("\u4e00" <= char <= "\u9fff" for char in text[start:start + size]):
                    continue
                entity = self._fuzzy(text[start:start + size], size)
                if entity:
                    matches.append((start, start + size, entity))
                    taken |= span
        return matches


def _in_order(surface: str, name: str) -> bool:
    """Whether every character of ``surface`` is in ``name``, in the same order.

    >>> _in_order("屋顶光伏规范", "建筑屋顶分布式光伏系统防火示范规范"), _in_order("光伏屋顶规范", "建筑屋顶分布式光伏系统防火示范规范")
    (True, False)
    """
    rest = iter(name)
    return all(char in rest for char in surface)


def _same_kind(surface: str, name: str) -> bool:
    """Whether a loosely written document name is of the kind the name it resembles is: a 办法 is not a 法
    (施工现场消防办法 is not 消防法), whatever else they share.

    >>> _same_kind("施工现场消防办法", "消防法"), _same_kind("新乡住宅区消防条例", "新乡市居民住宅区消防安全管理条例")
    (False, True)
    """
    said, named = _KIND_END.search(surface), _KIND_END.search(name)
    return said is None or named is None or said.group() == named.group()


def _near_miss(surface: str, name: str) -> bool:
    """One character of ``surface`` differs from ``name``, away from the ends of a short window.

    >>> _near_miss("自动喷水灭火系铳", "自动喷水灭火系统"), _near_miss("消火拴箱体", "消火栓箱体")
    (True, True)
    >>> _near_miss("加压送风的", "加压送风机"), _near_miss("的消防设施", "消防设施间")
    (False, False)
    """
    wrong = [index for index, (a, b) in enumerate(zip(surface, name)) if a != b]
    if len(surface) != len(name) or len(wrong) != 1:
        return False
    return len(surface) >= WHOLE_ENDS or 0 < wrong[0] < len(surface) - 1


def _articles_after_titles(text: str, found: list) -> list[tuple[int, int, LinkedEntity]]:
    """Article numbers written without 第 right after a document's name (消防法十六条)."""
    extra = []
    for _, end, entity in found:
        if entity.kind == "document" and (bare := _BARE_ARTICLE.match(text, end)):
            surface = text[bare.start(1):bare.end()]
            extra.append((bare.start(1), bare.end(), LinkedEntity(surface, "clause", str(chinese_to_int(bare.group(1))))))
    return extra


def write_out_articles(text: str) -> str:
    """Articles listed or run under one 第…条, each written out as its own.

    >>> write_out_articles("消防法第十六、十七条分别规定了什么"), write_out_articles("第16和17条")
    ('消防法第十六条、第十七条分别规定了什么', '第16条、第17条')
    >>> write_out_articles("消防法第十六条至第十八条"), write_out_articles("第一条至第五十条")
    ('消防法第16条、第17条、第18条', '第一条至第五十条')
    >>> write_out_articles("示范规范第3.6.2条至第3.6.4条")
    '示范规范第3.6.2、3.6.3、3.6.4条'
    """
    def listed(match: re.Match) -> str:
        return "、".join(f"第{number}条" for number in re.findall(_NUMBER, match.group(1)))

    def spelled(match: re.Match, first: int, last: int, write: Callable[[int], str]) -> str:
        if not 0 < last - first <= MAX_ARTICLE_RUN:
            return match.group()
        return "、".join(write(number) for number in range(first, last + 1))

    def run(match: re.Match) -> str:
        return spelled(match, chinese_to_int(match.group(1)), chinese_to_int(match.group(2)), lambda n: f"第{n}条")

    def clauses(match: re.Match) -> str:
        return spelled(match, int(match.group(2)), int(match.group(3)), lambda n: f"{match.group(1)}.{n}")

    return _ARTICLE_LIST.sub(listed, _ARTICLE_RUN.sub(run, _CLAUSE_RUN.sub(clauses, text)))


def _without_overlaps(found: list[tuple[int, int, LinkedEntity]]) -> list[LinkedEntity]:
    chosen: list[tuple[int, int, LinkedEntity]] = []
    for start, end, entity in sorted(found, key=lambda item: (-(item[1] - item[0]), item[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, entity))
    return [entity for _, _, entity in sorted(chosen, key=lambda item: item[0])]


def _jieba_tokenizer(words: Iterable[str]):
    """A private jieba tokenizer (never the global one) with the graph's names as its user dictionary."""
    try:
        import jieba
    except ImportError as error:
        raise ImportError("Question linking needs jieba: pip install jieba") from error
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in words:
        if len(word) >= 2:
            tokenizer.add_word(word, freq=2000)
    return tokenizer
