"""Question → entities → safe Cypher → subgraph → summary with citations.

``QAEngine(store, summarizer, extractor=None, text2cypher=None, semantic=None)`` is built once (it
reads the graph's names and clause texts for linking and ranking) and answers many questions. A
refusal by the lexical checks is put to ``semantic`` (:class:`qa.semantic.SemanticCheck`) when given:
a question very close in meaning to its best kept clause is answered after all. The same check ranks
the clauses a list question cites, or a question whose words score two clauses alike, by meaning as
well as words; the refusal is judged on the clauses kept by words alone.
"""
from __future__ import annotations

import atexit
import gc
import logging
import re
import time
from collections.abc import Collection, Sequence
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum

from opencc import OpenCC

from kg.schema import ENTITY_LABELS, Edge, Label, Node, Subgraph
from kg.store.base import GraphStore
from qa import queries
from qa.answer import Answer, Citation, LinkedEntity
from qa.domain import DomainWords, blank_out, expand_abbreviations, in_capitals, unloaded_documents, with_synonyms
from qa.intents import Intent, Plan, plan_question, question_parts
from qa.linking import EntityLinker
from qa.meaning import MEANING_WORDS, asks_meaning, excluded_items, without_exclusions
from qa.ranking import WORDED_KINDS, Candidate, asks_value, is_broad
from qa.retriever import ClauseRetriever
from qa.scope import LOCAL_KIND, Jurisdictions, Scope, title_place
from qa.summarize import (ABSTAIN_TEXT, Evidence, ExtractiveSummarizer, attributed, check_citations, is_refusal,
                           with_each_source, with_rest_of_list, with_source, with_value_note)
from qa.templates import TemplateResult, run_template
from qa.text2cypher import QueryValues
from qa.topics import TopicChecker, is_phrasing

logger = logging.getLogger(__name__)
_YES_NO = re.compile(r"吗[？?]?$|能不能|可不可以|是否|能否|要不要|会不会|有没有")
_APART = re.compile(r"分别|各自|各有|各是|各要|各需")
# A question whether a document covers something (烟花爆竹的安全管理适用危险化学品安全管理条例吗) is answered by the very
# clause that leaves it out, so what a scope leaves out refuses no such question.
_ASKS_SCOPE = re.compile(r"适用|适不适用")
MAX_CLAUSES = 100_000
MIN_OUTSIDE_SHARE = 0.5       # covered share of its topic words a question without any domain word needs
# A question this long that runs over several sentences sets out a case (我在检查…发现…，应当怎么整改？): see
# TopicCheck.refuses. (None of the tuning and read unseen sets' 55 questions this long is one to refuse.)
DESCRIBED_CASE_CHARS = 50
_TO_SIMPLIFIED = OpenCC("t2s")   # traditional → simplified characters, word by word (pure Python, offline)
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
QUERY_KEYWORDS = 3            # the question's words a generated query may search clause texts for
QUERY_DOCUMENTS = 3           # documents it may restrict to


class Verdict(Enum):
    """Whether the retrieved evidence answers a question (see QAEngine._verdict)."""

    ANSWER = "answer"
    REFUSE = "refuse"
    DOUBT = "doubt"           # refused by its words; a question close in meaning to the evidence is answered


# The shape of an answer's evidence (see QAEngine._compose).
LIST = "list"
APART = "apart"


class QAEngine:
    def __init__(self, store: GraphStore, summarizer=None, extractor=None, text2cypher=None,
                 semantic=None) -> None:
        self.store = store
        self.summarizer = summarizer or ExtractiveSummarizer()
        self.text2cypher = text2cypher
        self.semantic = semantic      # a qa.semantic.SemanticCheck built on self.clauses, or None
        documents = store.read(queries.DOCUMENT_NAMES)
        self.kinds = {row["id"]: row["kind"] for row in documents}
        self.jurisdictions = Jurisdictions(documents)
        self.clauses = read_clauses(store)
        self.linker = EntityLinker.from_rows(store.read(queries.ENTITY_NAMES), documents,
                                             (row["key"] for row in self.clauses), extractor)
        self.position = {row["clause_id"]: index for index, row in enumerate(self.clauses)}
        self.titles = {row["id"]: row["title"] for row in documents}
        self.keys: dict[str, set[str]] = {}               # clause keys of each document
        for row in self.clauses:
            self.keys.setdefault(row["doc_id"], set()).add(row["key"])
        if semantic is not None:
            semantic.attach(self.clauses)
        self.retriever = ClauseRetriever(store, self.clauses, self.kinds, self.linker.word_tokenizer, semantic)
        vocabulary = "\n".join([*(row["title"] for row in documents),
                                 *(f"{' '.join(row.get('path') or [])} {row['text']}" for row in self.clauses)])
        self.topics = TopicChecker(vocabulary, self.linker.word_tokenizer)
        self.domain = DomainWords.from_postings(self.retriever.index.postings, len(self.clauses),
                                                self.linker.word_tokenizer)
        settle()

    def ask(self, question: str, doc_ids: Sequence[str] | None = None) -> Answer:
        """The answer to ``question``, asked of ``doc_ids`` only when given. A question in traditional characters
        (消防法第十六條講什麼) is read in simplified ones, as the documents are written; the answer repeats it as asked."""
        answer = self._answer(in_capitals(simplified(question)), doc_ids)
        return replace(answer, question=question)

    def _answer(self, question: str, doc_ids: Sequence[str] | None) -> Answer:
        timings: dict[str, float] = {}
        if self.semantic is not None and is_broad(question):
            self.semantic.embed_ahead(question)
        with _timed(timings, "linking"):
            entities = self._by_subject(question, self.linker.link(question))
            plan = self._subjects_apart(question, plan_question(question, entities))
            scope = self.jurisdictions.scope(question, plan.doc_ids, list(doc_ids) if doc_ids else None)
            plan = self._placed(plan, scope)
            missing = unloaded_documents(question, [e.text for e in entities if e.kind == "document"]) + scope.missing
        if missing:
            return self._compose(question, entities, plan, TemplateResult(), "template", [], Subgraph([], []), timings,
                                 note=f"所问的{'、'.join(dict.fromkeys(missing))}不在已载入的文件中。")
        with _timed(timings, "cypher"):
            result = run_template(self.store, plan, scope.doc_ids) if plan.intent is not Intent.TEXT else TemplateResult()
            if plan.intent is Intent.EQUIPMENT_FOR_HAZARD and not result.rows:
                # no equipment the graph relates to the hazard: what the documents require where it is (粉尘爆炸危险区域里的
                # 电气设备有什么要求) is then read as a question about the hazard, ranked
                plan = replace(plan, intent=Intent.HAZARD)
                result = run_template(self.store, plan, scope.doc_ids)
            mode = "template" if plan.intent is not Intent.TEXT else "text"
            if not result.rows and self.text2cypher is not None and plan.intent is Intent.TEXT:
                result, mode = self.text2cypher.answer(question, self._query_values(question, entities, scope)), \
                    "text2cypher"
        with _timed(timings, "retrieval"):
            retrieved = self.retriever.retrieve(question, plan, scope, result)
            kept, judged = retrieved.kept, retrieved.lexical
            asked = blank_out(question, MEANING_WORDS) if retrieved.defined else question
            verdict = self._verdict(expand_abbreviations(asked), entities, scope, judged)
        refused = verdict is not Verdict.ANSWER
        if verdict is Verdict.DOUBT and self.semantic is not None:
            with _timed(timings, "semantic"):
                refused = not self.semantic.close_in_meaning(question, [c.clause_id for c in judged])
        with _timed(timings, "retrieval"):
            if refused:
                kept = []
            evidence = [Evidence(_citation(c.row), c.score) for c in kept]
            subgraph = self._subgraph([item.citation.clause_id for item in evidence], result.cypher)
        named = [c.row for c in kept if c.named]
        return self._compose(question, entities, plan, result, mode, evidence, subgraph, timings,
                             note=_place_note(scope) + self._local_note(scope, kept) + self._clause_note(plan, named)
                             + _undefined_note(question, entities, retrieved.defined)
                             if kept else self._no_such_clauses(plan),
                             shape=APART if self.retriever.documents_apart(plan, scope) else LIST if is_broad(question) else "",
                             named={row["clause_id"] for row in named})

    def _by_subject(self, question: str, entities: list) -> list:
        """A document named by a short name that other loaded titles end with too (示范规范, of the demo code and of
        every …示范规范 loaded beside it) is the one of them whose subject the question names (按示范规范, 舞台的防火幕…:
        the theatre code), when that is one other document."""
        if not any(entity.kind == "document" for entity in entities):
            return entities
        subjects = self.retriever.named_subjects(question)
        resolved = []
        for entity in entities:
            sharing = {doc for doc, title in self.titles.items() if title.endswith(entity.text)} \
                if entity.kind == "document" else set()
            meant = subjects & sharing if len(sharing) > 1 else set()
            if len(meant) == 1 and entity.id not in meant:
                entity = replace(entity, id=next(iter(meant)))
            resolved.append(entity)
        return resolved

    def _subjects_apart(self, question: str, plan: Plan) -> Plan:
        """A question that asks what each of several documents says, naming each by its subject (地铁车站和民宿的应急照明
        分别…, of a metro rule and a guest-house code), names those documents; an inspector's findings (这几处分别违反了
        什么) ask what each finding breaks, wherever it is, and name documents only by their subjects' own words."""
        if plan.doc_ids or not _APART.search(question):
            return plan
        named = sorted(self.retriever.named_subjects(question, every=True) if describes_case(question)
                       else self.retriever.subjects_apart(question))
        return replace(plan, doc_ids=named) if len(named) > 1 else plan

    def _placed(self, plan: Plan, scope: Scope) -> Plan:
        """An article asked by number without a document, in a question that names a place (滨江那个古建筑防火的规定，
        第33条): the article of that place's own regulation, where it has one."""
        if scope.doc_ids is not None or not scope.place_documents:
            return plan
        refs = []
        for doc, key in plan.clause_refs:
            own = [place_doc for place_doc in scope.place_documents if key in self.keys.get(place_doc, ())]
            refs += [(place_doc, key) for place_doc in own] if doc is None and own else [(doc, key)]
        return replace(plan, clause_refs=tuple(dict.fromkeys(refs)))

    def _local_note(self, scope: Scope, kept: list) -> str:
        """What an answer says first when a question that names no place, document or clause number rests on
        local regulations (森林防火期内能野外用火吗 → 浙江省森林消防条例): they bind only their own place."""
        if scope.places or scope.doc_ids is not None or any(c.named for c in kept):
            return ""
        documents = list(dict.fromkeys(c.row["doc_id"] for c in kept))
        local = [doc for doc in documents if self.kinds.get(doc) == LOCAL_KIND]
        return local_note([self.titles.get(doc, doc) for doc in local], only=len(local) == len(documents))

    def _clause_note(self, plan: Plan, named: list[dict]) -> str:
        """What an answer says first when a clause number asked without a document is in several (第三条);
        ``named``: the kept clauses the question names by number."""
        unplaced = [key for doc, key in plan.clause_refs if doc is None]
        documents = {row["doc_id"] for row in named}
        if not unplaced or len(documents) < 2:
            return ""
        # as the documents write it (第三条), not as it is keyed (3)
        numbers = [next((_citation(row).article() for row in named if row["key"] == key), f"第{key}条")
                   for key in unplaced]
        return (f"问题没有指明文件，{len(documents)} 个已载入的文件都有{'、'.join(numbers)}，以下逐一列出；"
                f"写明文件名（如“消防法{numbers[0]}”）或用 --doc 选定文件可只看其中一个。\n")

    def _no_such_clauses(self, plan: Plan) -> str:
        """What to tell someone who asked for clause numbers no loaded document has (消防法第999条, or
        建规5.5.17条 where the code is loaded sentence by sentence): 《…》中没有第999条。"""
        missing = []
        for doc, key in plan.clause_refs:
            if doc is None and not any(key in keys for keys in self.keys.values()):
                missing.append(f"已载入的文件中没有第{key}条")
            elif doc is not None and key not in self.keys.get(doc, ()):
                missing.append(f"《{self.titles.get(doc, doc)}》中没有第{key}条")
        return "；".join(dict.fromkeys(missing)) + "。" if missing else ""

    def _query_values(self, question: str, entities, scope: Scope) -> QueryValues:
        """What a generated query may use: the documents in scope (named, chosen or the named place's),
        the linked equipment and hazards, and the question's rarest words that clause texts contain."""
        documents = scope.doc_ids or scope.place_documents or [e.id for e in entities if e.kind == "document"]
        linked = [e.text for e in entities]
        words = [word for word in dict.fromkeys(self.linker.word_tokenizer.lcut(with_synonyms(question)))
                 if len(word) >= 2 and word in self.retriever.index.idf and not is_phrasing(word)
                 and not any(word in surface for surface in [*linked, *scope.places])]
        keywords = sorted(words, key=lambda word: -self.retriever.index.idf[word])[:QUERY_KEYWORDS]
        return QueryValues(tuple(documents[:QUERY_DOCUMENTS]),
                           tuple(dict.fromkeys(e.id for e in entities if e.kind == "equipment")),
                           tuple(dict.fromkeys(e.id for e in entities if e.kind == "hazard")), tuple(keywords))

    def _verdict(self, question: str, entities, scope: Scope, kept: list[Candidate]) -> Verdict:
        """Whether to refuse: questions outside the loaded documents' field (unless the evidence covers
        most of what they ask) and questions whose topic the evidence misses; such a refusal is a
        :attr:`Verdict.DOUBT` that e5 may reconsider, unless the question states a number no document does
        (a year, a model or a standard's number, which e5 does not tell apart — 2025年新修订的高层规定).

        How well the best clause's words match is not a test: a paraphrase matches as weakly as an
        off-topic question, and only the topic check tells them apart.
        """
        if not kept or any(c.named for c in kept):
            return Verdict.REFUSE if not kept else Verdict.ANSWER
        linked = [e for e in entities if e.kind in ("equipment", "hazard", "document")]
        places = [place for place in scope.places if place not in scope.unregulated]
        evidence = "".join(c.row["text"] for c in kept)
        names = [e.text for e in entities if e.kind in ("equipment", "hazard")]
        documents = list(dict.fromkeys(c.row["doc_id"] for c in kept))
        evidence += "。" + "。".join(kind for doc in documents for kind in self.retriever.subject_kinds.get(doc, []))
        evidence += "。" + "。".join(self.retriever.members(documents, evidence))
        # a kept document's subject words cover the question's (a local rule's: also the words that name it, 分拣)
        subjects = [word for doc in documents for word in self.retriever.naming.get(doc, [])]
        check = self.topics.check(question, [e.text for e in entities], evidence, places, names, subjects)
        scopes = set().union(*(self.retriever.exclusions.get(doc, ()) for doc in documents))
        if not _ASKS_SCOPE.search(question) and excluded_only(names, evidence, scopes, question):
            return Verdict.REFUSE
        # no fire word and no word of the documents' own field: off-topic, unless the evidence covers
        # most of what it asks (出租车载客进加油站加油 is a 重庆条例 offence without a fire word)
        outside = not linked and not self.domain.holds(question)
        off_topic = outside and (not check.words or check.share < MIN_OUTSIDE_SHARE)
        if not off_topic and not check.refuses(described=describes_case(question)):
            return Verdict.ANSWER
        states_number = any(char.isdigit() for word in check.unknown for char in word)
        # a make, a price or another kind of value asked for (not a yes or no: 要收费吗, unless the kind is a word such
        # as compensation: 保险公司会赔吗) that the evidence does not state is not a matter of wording
        worded = any(kind in WORDED_KINDS for kind in check.unstated)
        unstated = worded or bool(check.unstated) and not _YES_NO.search(question)
        return Verdict.REFUSE if states_number or unstated else Verdict.DOUBT

    def _compose(self, question, entities, plan: Plan, result: TemplateResult, mode, evidence, subgraph, timings,
                 note: str = "", shape: str = "", named: Collection[str] = ()):
        """The answer from the summariser, its citations checked. ``shape``: :data:`LIST` when the evidence
        is a list (有哪些要求), whose every clause an LLM answer names (and quotes the first of, when the
        question also asks for a value); :data:`APART` when it is one clause per named document or place
        (39号令和建规分别…), each of which an LLM answer quotes; else the answer to a value or a yes/no, which
        ends with the words of a clause the question does not name (``named``: clause ids) unless it
        repeats them all."""
        abstained = not evidence and not result.facts
        with _timed(timings, "summarizing"):
            if abstained:
                text, cited, removed = note + ABSTAIN_TEXT, [], 0
            else:
                raw = self.summarizer.summarize(question, evidence, result.facts)
                allowed = [item.citation for item in evidence]
                text, cited, removed = check_citations(raw, allowed)
                if self.summarizer.name == "extractive":
                    cited = allowed
                else:
                    cited += [c for c in attributed(text, question, allowed) if c not in cited]
                    abstained = not cited and is_refusal(text)
                    if not cited and not abstained:
                        # a short answer that neither cites nor repeats a clause (不能停放。) still rests on the
                        # clauses it was given: cite those rather than leave it unsupported
                        cited = list(allowed)
                    if abstained:
                        subgraph = Subgraph([], [])
                    elif shape == APART:
                        text, cited = with_each_source(text, question, cited, allowed)
                    elif shape == LIST:
                        if asks_value(question):
                            text, cited = with_source(text, question, cited, allowed, named)
                        text, cited = with_rest_of_list(text, cited, allowed)
                    else:
                        text, cited = with_source(text, question, cited, allowed, named)
                    if not abstained:
                        text = with_value_note(text, question, allowed, result.facts)
                text = note + text
        return Answer(question=question, answer=text, citations=cited, entities=entities, cypher=result.cypher,
                      subgraph=subgraph, mode=mode, summarizer=self.summarizer.name, abstained=abstained,
                      timings_ms=timings, intent=plan.intent.value, removed_citations=removed)

    def _subgraph(self, clause_ids: list[str], cypher: list[dict]) -> Subgraph:
        """The cited clauses with what they mention and cite; the query is shown with the others."""
        if not clause_ids:
            return Subgraph([], [])
        parameters = {"ids": clause_ids, "limit": 200}
        cypher.append({"query": queries.SUBGRAPH_EDGES, "parameters": parameters})
        rows = self.store.read(queries.SUBGRAPH_EDGES, parameters)
        nodes = {cid: Node(cid, str(Label.CLAUSE), {"number": self.clauses[self.position[cid]]["number"],
                                             "doc": self.clauses[self.position[cid]]["doc_title"]})
                 for cid in clause_ids if cid in self.position}
        edges = []
        for row in rows:
            label = ENTITY_LABELS.get(row["label"], row["label"])
            nodes.setdefault(row["target"], Node(row["target"], str(label), {"name": row["name"]}))
            edges.append(Edge(row["source"], row["target"], row["type"], {}))
        return Subgraph(list(nodes.values()), edges)


def simplified(question: str) -> str:
    """The question in simplified characters; a question already in them is left as it is.

    >>> simplified("高層住宅樓道裡能停電動車嗎？"), simplified("乾隆年间的古建筑着火了")
    ('高层住宅楼道里能停电动车吗？', '乾隆年间的古建筑着火了')
    """
    return _TO_SIMPLIFIED.convert(question)


def describes_case(question: str) -> bool:
    """Whether a question sets out a case before asking about it: long, and over more than one sentence.

    >>> describes_case("巡检管廊电力舱时发现：一道防火门被木楔子顶着一直开着，隔墙上穿电缆的孔洞也没封堵。这几处各违反了什么要求？")
    True
    >>> describes_case("防火门有什么要求？"), describes_case("按GB 50067汽车库防火规范，地下车库电动汽车充电车位的防火单元最多能有多少个车位？")
    (False, False)
    """
    return len(question) >= DESCRIBED_CASE_CHARS and len(question_parts(question)) > 1


def excluded_only(names: Sequence[str], evidence: str, scopes: Collection[str] = (), question: str = "") -> bool:
    """Whether the evidence, or the scope of a document it comes from (``scopes``: the items each says it does not
    cover, :func:`qa.meaning.excluded_items`), names one of the question's linked things, or an item the
    ``question`` writes word for word (:func:`asked_items`), only as what it does not cover: a standard that leaves
    out 推车式灭火器 does not say how to inspect one. A name counts there as a whole item, not as the end of
    another's (吸气式感烟火灾探测器 leaves out no other 感烟火灾探测器) nor as what another item is of
    (人民防空地下室的战时防护设计 leaves out a design, not the basement).

    >>> scope = "本文件适用于手提式灭火器。本文件不适用于推车式灭火器和吸气式感烟火灾探测器。"
    >>> [excluded_only([name], scope) for name in ("推车式灭火器", "手提式灭火器", "感烟火灾探测器")]
    [True, False, False]
    >>> excluded_only(["推车式灭火器"], scope + "推车式灭火器的车轮应转动灵活。")
    False
    >>> excluded_only(["人民防空地下室", "厂房"], "",
    ...               excluded_items("不适用于人民防空地下室的战时防护设计，也不适用于花炮厂房（仓库）。"))
    False
    >>> excluded_only([], "充电区每10个车位配备2具灭火器。", {"电动汽车换电站"}, "电动汽车换电站要配几具灭火器？")
    True
    """
    covered = without_exclusions(evidence)
    items = excluded_items(evidence) | set(scopes)
    return any(name not in covered and any(item.endswith(name) and not _NAME_CHAR.search(item[:-len(name)][-1:])
                                           for item in items) for name in [*names, *asked_items(question, items)])


def asked_items(question: str, items: Collection[str]) -> list[str]:
    """The items a document says it does not cover that the question names word for word, though nothing links them
    (服务区里的电动汽车换电站 of a rule leaving out 电动汽车换电站): names of three characters or more, not a
    description (尚未通车运营路段上的服务区).

    >>> asked_items("服务区里的电动汽车换电站要配几具灭火器？", {"电动汽车换电站", "船舶", "尚未通车的服务区"})
    ['电动汽车换电站']
    """
    return sorted(item for item in items if len(item) >= 3 and "的" not in item and item in question)


def _place_note(scope: Scope) -> str:
    """What an answer says first when it names a place whose own regulations are not loaded (在云南，…): it
    rests on the rules that apply everywhere.

    >>> _place_note(Scope(places=["云南"], unregulated=["云南"]))
    '已载入的文件中没有云南的地方性法规，以下依据全国适用的规定作答。\\n'
    """
    if not scope.unregulated or scope.doc_ids is not None or scope.place_documents:
        return ""
    return f"已载入的文件中没有{'、'.join(scope.unregulated)}的地方性法规，以下依据全国适用的规定作答。\n"


def _undefined_note(question: str, entities, defined: bool) -> str:
    """What an answer says first when the question asks what a linked name means (消防车是什么意思) and no
    loaded document defines it: the clauses cited use the word, they do not define it.

    >>> _undefined_note("消防车是什么意思？", [LinkedEntity("消防车", "equipment", "消防车")], defined=False)
    '已载入的文件中没有“消防车”的定义，以下是提到它的条文。\\n'
    >>> _undefined_note("消防车道有什么要求？", [LinkedEntity("消防车", "equipment", "消防车")], defined=False)
    ''
    """
    if defined:
        return ""
    asked = [e.text for e in entities if e.kind in ("equipment", "hazard") and asks_meaning(question, e.text)]
    if not asked:
        return ""
    terms = "、".join(f"“{term}”" for term in dict.fromkeys(asked))
    return f"已载入的文件中没有{terms}的定义，以下是提到{'它' if len(asked) == 1 else '它们'}的条文。\n"


def local_note(titles: list[str], only: bool = True) -> str:
    """The note for local regulations cited for a question that names no place; ``only``: the answer rests on
    them alone.

    >>> local_note(["浙江省森林消防条例"])
    '问题没有指明地区；以下所依据的《浙江省森林消防条例》是地方性法规，只在浙江适用，其他地区以当地的规定为准。\\n'
    >>> local_note(["北京市消防条例", "上海市消防条例"], only=False)[:49]
    '问题没有指明地区；以下依据中的《北京市消防条例》《上海市消防条例》是地方性法规，只在北京、上海适用'
    >>> local_note([])
    ''
    """
    if not titles:
        return ""
    places = [found[0] for title in titles if (found := title_place(title))]
    where = "、".join(dict.fromkeys(places)) or "当地"
    named = "".join(f"《{title}》" for title in titles)
    basis = "以下所依据的" if only else "以下依据中的"
    return f"问题没有指明地区；{basis}{named}是地方性法规，只在{where}适用，其他地区以当地的规定为准。\n"


def read_clauses(store: GraphStore) -> list[dict]:
    """Every clause row the engine ranks (and the semantic check embeds), in the store's order."""
    return store.read(queries.ALL_CLAUSES, {"doc_ids": None, "limit": MAX_CLAUSES})


def settle() -> None:
    """Move what exists now (the engine's indexes, a loaded encoder) out of Python's cyclic garbage
    collector: they live as long as the process, and a full collection walking their several hundred
    thousand objects stalled about one answer in twenty by ~250 ms (bench/qa.py). Objects are still
    freed by reference counting; only cycles among them would now be kept, until the process ends (they
    are handed back to the collector at exit, so extension modules are torn down cleanly)."""
    global _SETTLED
    if not _SETTLED:
        atexit.register(gc.unfreeze)
        _SETTLED = True
    gc.freeze()


_SETTLED = False


def _citation(row: dict) -> Citation:
    return Citation(row["doc_title"], row["number"], row.get("number_arabic"), row["clause_id"], row["text"])


@contextmanager
def _timed(timings: dict[str, float], stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + (time.perf_counter() - start) * 1000
