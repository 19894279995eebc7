"""From a planned question and its template rows to the clauses that answer it.

:class:`ClauseRetriever` holds the clause texts and their BM25 indexes (built once per engine),
turns template rows and BM25 hits into scored :class:`~qa.ranking.Candidate` s, and selects:

- clauses named by number are always kept; another named document without a number gets its
  clause closest to the named one (北京条例里哪一条对应消防法第十九条);
- a penalty question ranks only penalty articles, and keeps the best obligation too when a
  part of the question asks what is allowed (能不能…？违反了怎么罚？), preferring the one the best kept penalty cites;
- a question that names several documents keeps the best clause of each (39号令和建规分别…), and so
  do one that names several places (北京、重庆的条例里…: their local regulations) and one that asks which
  documents mention a thing (哪些文件提到防火门), for the documents listed;
  a question for the equipment that goes with a hazard cites one clause per equipment listed;
- a question of several parts, or that names several things, also cites the items of a kept clause's list
  that answer its other parts or things, and a part the kept clauses leave unanswered gets the clause that
  answers it alone, when that clause is still close to the question as a whole;
- a question that asks what a clause cites follows its REFERENCES edges in the graph;
- a question that asks what a term means (什么是…, …指的是什么) cites the clauses that define it (a
  standard's 术语, a law's …是指…), and only those when it asks nothing else.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

import jieba

from kg.schema import Label
from kg.store.base import GraphStore
from qa import queries
from qa.domain import blank_out, expand_abbreviations, with_synonyms
from qa.intents import Intent, Plan
from qa.meaning import (asks_meaning, collective_names, defined_terms, excluded_items, is_definition,
                        without_exclusions)
from qa.ranking import (KEEP_BROAD, Candidate, asked_kinds, asks_value, best_per_document, close_call, complementary,
                        heading_of, is_broad, keep_best, list_lead, scaled, states_kind, states_quantity,
                        stating_asked_values)
from qa.retrieval import BM25Index, tokens
from qa.scope import LOCAL_KIND, TITLE_KIND, Scope, title_place
from qa.templates import TemplateResult
from qa.topics import document_subjects, is_phrasing, is_verb, subject_lists

POOL = 40                     # BM25 candidates added to the template's rows
OBLIGATIONS = 3               # best non-penalty clauses whose citing penalty articles a penalty question considers
# A small preference for the higher authority when clauses score alike: national law, then
# regulations and codes; local rules rank lower unless the question names their place. (Questions that name
# no place are often answered by a local rule alone, as a code does not cover what it says: 0.8 rather than 0.7
# found more of them on the tuning, held-out and unseen sets for about a citation each, corpora/qa/README.md.)
KIND_PRIOR = {"law": 1.15, "regulation": 1.05}
LOCAL_PRIOR = 0.8
# A question that names a place (在上海，哪些人…) asks for that place's rule: its local regulation
# is the more specific one and ranks above the national rule it restates.
NAMED_PLACE_PRIOR = 1.5
# General provisions (总则: purpose, scope, principles) and supplementary ones (附则: dates, licence
# forms, definitions) rarely hold the rule a question asks for, except that a 总则 says who is in charge
# (哪个部门主管, 谁是第一责任人); penalty articles restate an
# obligation only to fine its breach, so they answer penalty questions, not what the rule is.
FRAME_PRIOR = 0.8
PENALTY_PRIOR = 0.75
# the obligation of a penalty question that the best kept penalty article cites as the duty broken: 书库里隔出一间小屋给保安值夜班，
# 会被怎么处罚 cites the article its penalty (在库房内设置…值班场所的) says was broken, over one that says 值班 more
PUNISHED_PRIOR = 1.5
SAME_DOCUMENT_PRIOR = 1.2     # the obligation of a penalty question, from the penalty's own document
# A clause whose only content is "comply with standard X" (其他要求，应符合现行国家标准《防火卷帘》的规定)
# names where the requirement is, not what it is.
POINTER_PRIOR = 0.8
SUBJECT_LIST_PRIOR = 0.5      # a clause listing what a document's subject includes, unless a meaning is asked
# A question that names what a document is about as a whole (文物建筑 of 滨江市文物建筑消防安全管理规定, 养老机构 or a
# kind its definition lists) is asked of that document before others that share its words. A local rule so named
# is the more specific rule, not the lesser authority (LOCAL_PRIOR): 养老院晚上多久要转一圈查火 is asked of the
# elderly-care rule before 61号令's patrols (23 unseen sets beside the shared corpora: 7 more gold, 8 fewer citations).
SUBJECT_PRIOR = 1.25
SUBJECT_TAIL_SHARE = 1 / 3    # of a document's clauses that say a tail of its title's subject for it (管廊)
_TITLE_FRAME = re.compile(rf"^(?:中华人民共和国)|{TITLE_KIND.pattern}")
_JOINED = re.compile("[、和及与]")             # between the subjects a title joins (档案馆和图书馆)
_HAN_WORD = re.compile("[\u4e00-\u9fff]{2,}")
_POINTER = re.compile(r"^[^。；]{0,24}应(?:当)?符合(?:现行)?(?:国家|行业)?(?:标准)?《[^》]+》[^。；]{0,24}的(?:有关)?规定。?$")
_FRAME_CHAPTER = re.compile(r"总则|附则|术语")
_SCOPE_CHAPTER = re.compile(r"总则|范围")
_PENALTY_TEXT = re.compile(r"罚款|拘留|吊销|没收违法所得|处分|追究刑事责任|[免不]予(?:行政)?处罚|免于处罚")
# outside a 法律责任 chapter a penalty word makes a penalty article only where the article names a breach
# (违反…) or puts the penalty after the act it punishes (…的，处…罚款); not 燃气管理部门…吊销燃气经营许可的,
# one of the events on which a department must act
_PUNISHES = re.compile(rf"违反|的[，,][^。；]*?(?:{_PENALTY_TEXT.pattern})")
_PENALTY_CHAPTER = re.compile(r"法律责任|罚则")
# Things named one after another (剧场舞台、电视台演播室、电影摄影棚): the question asks about each, as one of
# several parts does, and a list's items may each answer one of them.
_ENUMERATION = re.compile(r"[\u4e00-\u9fff]{2}、[\u4e00-\u9fff]{2}")
_FOLLOW_REFERENCES = re.compile(r"引用|援引|依据哪|提到的|参照|对应")
# A rule that hands its case to another article (确需进行的，应当依照本规定第二十六条第一款第三项的规定办理): what to do is
# written there, so a question answered by the one is answered by both; so does a code's clause that takes
# another's value (储气瓶组与充电设备的距离，应按本规范第4.1.2条中充电设备与加油加气设施的距离执行).
_DEFERS = re.compile(r"(?:依照|按照|依据|参照|按)本(?:规定|条例|办法|规范|标准|法)第[^。；]{1,20}?[条款项]"
                     r"(?:的?(?:有关)?规定|中[^。；]{1,30}?)?(?:办理|执行)"
                     # and one whose case is what another article's requirements are not met (展出场所不符合本办法第三十二条
                     # 第一款规定的，不得出借): what is required is written there
                     r"|不符合本(?:规定|条例|办法|规范|标准|法)第[^。；]{1,20}?[条款项]")
# A clause whose value is another clause's, changed or applied (可按本规范第3.2.4条规定的数值增加1.0倍,
# 按本规范第3.4.1条的规定确定, 可按表3.2.1的规定值增加1倍): a question for that value needs both, whichever is
# found. A code numbers a table after the clause that holds it, and references resolve it so. The value may be
# named at length between them (表4.2.1中喷漆室和调漆间的最大存放量可按表列数值的2倍确定).
_CITED_CLAUSE = r"第[\d.]+条(?:第\d+款)?(?:第\d+项)?"
_RELATIVE_VALUE = re.compile(rf"(?:{_CITED_CLAUSE}|表[\d.]+)[^。；，,]{{0,24}}?(?:增加|增大|减少|减小|提高|降低|放宽|折减|确定|计算|倍)")
# A clause that uses a value another states (低于本规范第4.2.3条规定的报警浓度, 第3.2.1条第1款规定的距离): a question
# for the value needs the other too, but a question answered by the other does not need every clause that uses its
# value.
_VALUE_ELSEWHERE = re.compile(rf"{_CITED_CLAUSE}规定的?[\u4e00-\u9fff]{{0,4}}?(?:值|浓度|距离|间距|时间|高度|宽度|长度|面积|温度|压力|流量)")
# A question that asks which buildings or places (哪些建筑…必须设置消防水泵接合器) is answered by a whole
# list of subjects, which a sentence-per-item standard (GB 50016) splits into one clause per item under the
# same lead-in (下列建筑…应设置…：超过5层的公共建筑；/ 其他高层建筑；…); a list of requirements (应符合下列规定：)
# is not a list of subjects, and its items are ranked one by one.
_ASKS_WHICH = re.compile(r"(?:哪些|哪几类|哪类|什么样?的?)(?:建筑|场所|仓库|厂房|部位|地方|房间|区域|车间|工程|设施)")
_SUBJECT_LIST = re.compile(r"下列(?!规定|要求|条件|情形|事项|内容|措施|职责|行为)")
# A word of the question the lead-in of a list answering which places must hold is not every clause's word (消防,
# 应当): its BM25 idf is at least this (排烟 3.6, 使用 1.9, 消防 0.7 over the shared corpora)
WHICH_WORD_IDF = 2.0
# the words that ask which (哪些地方, 什么样的建筑) and those of any list's lead-in (下列部位应设置)
_WHICH_WORDS = frozenset("哪些 哪几类 哪类 什么 什么样 地方 部位 场所 建筑 仓库 厂房 房间 区域 车间 工程 设施 下列 设置 应当 需要".split())
# An item of a list answers another part of a question through a word that sets it apart from the other items:
# a word that a third or more of them hold (机房 in GB 50016's list of rooms that need a gas system) does not.
SHARED_SHARE = 1 / 3
LIST_ITEMS = 15               # most items of one such list cited (GB 50016 has lists of 13)
# A part of a question of several parts that the kept clauses leave unanswered (火化炉的烟道多久清一次灰？燃油管路多久检测一次？,
# answered by the clause on testing pipes alone) gets its own best clause, when that clause scores at least PART_SCORE
# on the part alone, PART_GAIN times what the kept clauses score on it, and PART_RELEVANCE of the best candidate's
# score on the whole question (a follow-up, 保护半径呢, says too little to be ranked alone). Over the tuning, held-out
# and unseen sets it found about one gold clause in two citations it added (corpora/qa/README.md, thirty-fifth round).
PART_SCORE = 0.4
PART_GAIN = 2.0
PART_RELEVANCE = 0.5
_RANKED_INTENTS = {Intent.EQUIPMENT, Intent.HAZARD, Intent.NUMERIC, Intent.MANDATORY, Intent.TEXT, Intent.PENALTY}


@dataclass(frozen=True)
class Retrieved:
    """The clauses kept for a question: ``kept`` ranked by words, meaning and the kind of value asked, the ones
    an answer cites; ``lexical`` ranked by words alone, the ones whether to answer at all is judged on. e5 ranks
    a clause about the question's subject high even where it does not answer it, which tells apart the clauses
    of a question the documents answer, but would let a near-domain question the documents do not answer
    (锂电池储能电站的防火间距) pass the topic check on a clause chosen for its subject; and a clause chosen for
    stating a time would pass the check that the evidence states the time asked (消防水池的水多久换一次)."""

    kept: list[Candidate]
    lexical: list[Candidate]
    defined: bool = False         # the question asks what a term means, and clauses defining it are kept


@dataclass(frozen=True)
class QueryScores:
    """BM25 scores of one question over clause texts and over headings, each over its best possible score."""

    text: dict[int, float]
    heading: dict[int, float]
    asks_value: bool = False
    subjects: frozenset[str] = frozenset()   # documents whose subject the question names (SUBJECT_PRIOR)
    kinds: tuple[str, ...] = ()              # the kinds of value it asks for (asked_kinds)


class ClauseRetriever:
    def __init__(self, store: GraphStore, clauses: list[dict], kinds: dict[str, str], tokenizer,
                 semantic=None) -> None:
        self.store, self.clauses, self.kinds, self.semantic = store, clauses, kinds, semantic
        self.position = {row["clause_id"]: index for index, row in enumerate(clauses)}
        self.penalty = {index for index, row in enumerate(clauses) if is_penalty(row)}
        # chapter names read without spaces: codes and some laws set short ones letter-spaced (第一章 总 则, 2 术 语)
        chapters = [chapter_of(row).replace(" ", "") for row in clauses]
        self.frame = {index for index, row in enumerate(clauses)
                      if _FRAME_CHAPTER.search(chapters[index]) or is_definition(row["text"])}
        self.general = {index for index, chapter in enumerate(chapters) if "总则" in chapter}
        # what each document's 总则 or 范围 says it does not cover (本办法不适用于…; 本文件不适用于…)
        self.exclusions: dict[str, set[str]] = {}
        # (read with what the document says elsewhere, see excluded_items), and the thing a description there names
        # (太平间 of 医疗机构的太平间), where the document names it nowhere else and it is not a kind of the document's own
        # subject (洁净车间 of 生物医药…生产用的洁净车间, in a code for 洁净厂房)
        texts: dict[str, list[str]] = {}
        for row in clauses:
            texts.setdefault(row["doc_id"], []).append(row["text"])
        # each document's text without what it leaves out, also read by subjects_apart
        self.said = said = {doc: without_exclusions("".join(parts)) for doc, parts in texts.items()}
        for index, chapter in enumerate(chapters):
            doc = clauses[index]["doc_id"]
            if _SCOPE_CHAPTER.search(chapter) and (items := excluded_items(clauses[index]["text"], said[doc])):
                title = clauses[index]["doc_title"]
                items |= {head for item in items if len(head := item.rsplit("的", 1)[-1]) >= 2 and head != item
                          and head not in said[doc] and not any(head[i:i + 2] in title for i in range(len(head) - 1))}
                self.exclusions.setdefault(doc, set()).update(items)
        # what each document calls by one name (档案库房、书库（以下统称库房）): a question says the items
        self.collectives: dict[str, dict[str, list[str]]] = {}
        for row in clauses:
            for name, items in collective_names(row["text"]).items():
                named = self.collectives.setdefault(row["doc_id"], {}).setdefault(name, [])
                named += [item for item in items if item not in named and not is_verb(item)]
        self.definitions = [(term, index) for index, row in enumerate(clauses) for term in defined_terms(row["text"])]
        self.pointer = {index for index, row in enumerate(clauses) if is_pointer(row["text"])}
        self.quantity = {index for index, row in enumerate(clauses) if states_quantity(row["text"])}
        # the clauses whose value is another's, changed (可按本规范第5.1.1条的规定值增加1.0倍), by the clause they cite:
        # read once here, not for every question that asks a value
        relative = [row["clause_id"] for row in clauses if _RELATIVE_VALUE.search(row["text"])]
        self.changed_by: dict[str, list[str]] = {}
        if store is not None and relative:
            for row in store.read(queries.REFERENCES_FROM, {"ids": relative, "limit": 20 * len(relative)}):
                if row["target_label"] == Label.CLAUSE and row["source"] in self.position:
                    self.changed_by.setdefault(row["target"], []).append(row["source"])
        self.index = BM25Index([indexed_text(row) for row in clauses], tokenizer)
        self.lists: dict[tuple[str, str], list[int]] = {}       # the items under each lead-in
        for index, row in enumerate(clauses):
            if lead := list_lead(row):
                self.lists.setdefault((row["doc_id"], lead), []).append(index)
        self.list_items = {key: items for key, items in self.lists.items() if _SUBJECT_LIST.search(key[1])}
        self.headings = BM25Index([heading_of(row) for row in clauses], tokenizer)
        # the kinds each document defines its subject to include (the topic check reads them too), and a law is
        # about its whole field (安全生产), which questions name in passing
        lists = subject_lists(clauses)
        self.subject_kinds = document_subjects(clauses, lists)
        # the clauses listing them: a question that names 酒店 asks what the rule says of hotels, not that a 旅馆饭店
        # includes 酒店, which only that clause says in those words
        self.subject_lists = set(lists)
        self.subjects = {doc: words for doc, words in title_subjects(clauses, self.subject_kinds).items()
                         if kinds.get(doc) != "law"}
        # what names a local rule's subject in the documents' terms for a question's everyday words: its subject words,
        # their heads (瓶装燃气 of 瓶装燃气供应, 餐饮 of 餐饮用户) and the words its clauses say for it (景区 of 风景名胜区和森林公园)
        every = [row["text"] for row in clauses]
        titles = {row["doc_id"]: row["doc_title"] for row in clauses}
        self.local_subjects = {doc: list(dict.fromkeys([*words, *subject_heads(titles[doc], texts[doc], every),
                                                        *subject_terms(titles[doc], texts[doc], every)]))
                               for doc, words in self.subjects.items() if kinds.get(doc) == LOCAL_KIND}
        # the words that name each document: a local rule's local_subjects, any other document's subjects
        self.naming = {**self.subjects, **self.local_subjects}

    def retrieve(self, question: str, plan: Plan, scope: Scope, result: TemplateResult) -> Retrieved:
        """The kept candidates for a question and its template result, ranked with and without their
        meaning (asked of e5 for a list question, and for a question for one thing whose words score two
        candidates alike) and the kind of value they state (for a question asking one: asked_kinds); the
        selection without either decides whether to answer. Graph reads are logged in ``result.cypher``.
        A question that asks only what a term means gets the clauses defining it, and nothing is ranked."""
        asked = with_synonyms(question)
        defining = self._defining(asked, plan, scope)
        if defining and len(plan.parts) < 2:
            return Retrieved(defining, defining, defined=True)
        scores = self.score(question)
        candidates = self.candidates(scores, plan, scope, result)
        # whether the documents answer is judged on the words alone (Retrieved.lexical): that a clause states the
        # kind of value asked only chooses among what is cited, else it would pass the check that one is stated
        plain = {clause_id: replace(c, kind=0.0) for clause_id, c in candidates.items()} if scores.kinds else candidates
        lexical = distinct(defining + self.select(asked, plan, scope, plain, result.cypher, scores.text))
        meant = self.semantic is not None and len(candidates) > 1 and (is_broad(question)
                                                                       or close_call(candidates.values()))
        if not meant and not scores.kinds:
            return Retrieved(lexical, lexical, defined=bool(defining))
        ranked = candidates
        if meant:
            meaning = scaled(self.semantic.similarities(question, list(candidates)))
            ranked = {clause_id: replace(c, meaning=meaning.get(clause_id, 0.0)) for clause_id, c in candidates.items()}
        reads: list[dict] = []
        kept = distinct(defining + self.select(asked, plan, scope, ranked, reads, scores.text))
        # both selections may read what the kept clauses cite: each read that ran is listed, once
        result.cypher += [read for read in reads if read not in result.cypher]
        return Retrieved(kept, lexical, defined=bool(defining))

    def score(self, question: str) -> QueryScores:
        """BM25 of the question with its synonyms over the best score the question itself could reach,
        for clause texts (a clause matching the synonyms too may pass 1: it answers in the documents'
        terms as well); headings are scored over the best the question with its synonyms could reach,
        at most 1 — short and in the documents' own terms, they can match the synonyms alone (楼道 →
        疏散通道), and over the question's own few heading words such a match once scored 12.6 and cited
        GB 50016's tunnel passages for 电动自行车能不能在楼道充电."""
        plain = expand_abbreviations(question)
        named = self._named_in(plain)
        # a document's subject named in the question is meant as that document means it
        expanded = with_synonyms(question, {word for doc in named for word in self.subjects[doc] if word in plain})
        # a local rule whose subject everyday words name (煤气罐 for 瓶装燃气, 饭店 for 餐饮) is asked as if named: it is
        # the one loaded rule about them, where a national document, asked of any place, needs its subject said
        named |= self._named_in(expanded, among=self.local_subjects)
        expanded = " ".join([expanded, *self.collective_words(plain)])
        return QueryScores(_normalised(self.index, expanded, plain), _normalised(self.headings, expanded, cap=1.0),
                           asks_value(question), named, asked_kinds(question))

    def collective_words(self, question: str) -> list[str]:
        """The names documents give what the question says (库房 for 书库, where a rule says 档案库房、书库（以下统称库房）)."""
        return list(dict.fromkeys(name for names in self.collectives.values() for name, items in names.items()
                                  if name not in question and any(item in question for item in items)))

    def members(self, documents: Iterable[str], evidence: str) -> list[str]:
        """What the ``documents`` call by a name the ``evidence`` says: the evidence speaks of them too."""
        return [item for doc in documents for name, items in self.collectives.get(doc, {}).items()
                if name in evidence for item in items]

    def named_subjects(self, question: str, every: bool = False) -> frozenset[str]:
        """The documents whose subject the question names: not every document's, which tells none apart as the
        one a question is about, unless ``every`` (a question asking what each says may name them all)."""
        return self._named_in(expand_abbreviations(question), every)

    def subjects_apart(self, question: str) -> frozenset[str]:
        """The documents a question asking what each says (A和B分别…) names by their subject: by a word that names one
        (:attr:`naming`: a local rule's also the words its clauses say for it), or by a word of it that is part of one
        document's subject alone (油库 of 小型石油库, 垃圾焚烧 of 生活垃圾焚烧发电厂) and that no more than half the documents
        (or two) say: 单位 of 机关、团体、企业、事业单位 names no document."""
        plain = expand_abbreviations(question)
        named = set(self._named_in(plain, every=True, among=self.naming))
        for word in dict.fromkeys(jieba.lcut(plain)):
            if not _HAN_WORD.fullmatch(word) or is_phrasing(word) \
                    or sum(word in text for text in self.said.values()) > max(2, len(self.said) / 2):
                continue
            owners = {doc for doc, words in self.subjects.items() if any(word in subject for subject in words)}
            if len(owners) == 1:
                named |= owners
        return frozenset(named)

    def _named_in(self, plain: str, every: bool = False, among: dict[str, list[str]] | None = None) -> frozenset[str]:
        """The documents whose subject words (``among``, by default :attr:`subjects`) ``plain`` says."""
        among = self.subjects if among is None else among
        named = frozenset(doc for doc, words in among.items() if any(word in plain for word in words))
        return named if every or len(named) < len(self.subjects) else frozenset()

    def part_scores(self, part: str) -> dict[int, float]:
        """The clause-text scores of :meth:`score` for one part of a question."""
        return _normalised(self.index, with_synonyms(part), expand_abbreviations(part))

    def candidates(self, scores: QueryScores, plan: Plan, scope: Scope, result: TemplateResult) -> dict[str, Candidate]:
        """Template rows, plus (for ranked intents) the best BM25 hits in scope, scored."""
        found: dict[str, Candidate] = {}
        for row in result.rows:
            if scope.allows(row["doc_id"]) or row.get("via") == "key":
                self._add(found, row, scores, scope, plan)
        if plan.intent in _RANKED_INTENTS:
            for index in self._top(scores.text, scope, penalty_only=plan.intent is Intent.PENALTY):
                self._add(found, self.clauses[index], scores, scope, plan)
        if plan.intent is Intent.PENALTY:
            self._penalties_citing_obligations(found, scores, scope, plan, result)
        if result.names and found:
            self._mark_mentions(found, result)
        return found

    def _penalties_citing_obligations(self, found, scores: QueryScores, scope: Scope, plan: Plan,
                                      result: TemplateResult) -> None:
        """Penalty articles that cite the obligations the question describes (违反本条例第五条规定…)."""
        obligations = [self.clauses[index]["clause_id"] for index in self._top(scores.text, scope, k=POOL)
                       if index not in self.penalty][:OBLIGATIONS]
        if not obligations:
            return
        parameters = {"ids": obligations, "limit": POOL}
        result.cypher.append({"query": queries.PENALTIES_REFERENCING, "parameters": parameters})
        for row in self.store.read(queries.PENALTIES_REFERENCING, parameters):
            if scope.allows(row["doc_id"]):
                self._add(found, {**row, "via": "references"}, scores, scope, plan).graph = 1.0

    def _mark_mentions(self, found: dict[str, Candidate], result: TemplateResult) -> None:
        """Share of the linked names (or their IS_A children) each candidate mentions, from MENTIONS edges."""
        parameters = {"ids": list(found), "names": [n for group in result.names.values() for n in group],
                      "limit": len(found)}
        result.cypher.append({"query": queries.mentions_among(), "parameters": parameters})
        for row in self.store.read(queries.mentions_among(), parameters):
            matched = set(row["matched"])
            covered = sum(1 for group in result.names.values() if matched & set(group))
            found[row["clause_id"]].entity = covered / len(result.names)

    def select(self, question: str, plan: Plan, scope: Scope, candidates: dict[str, Candidate],
               cypher: list[dict], text_scores: dict[int, float]) -> list[Candidate]:
        named = [c for c in candidates.values() if c.named]
        others = [c for c in candidates.values() if not c.named]
        if plan.intent is Intent.DOCUMENTS and not named:
            return best_per_document(others, list(dict.fromkeys(c.row["doc_id"] for c in others)))
        if plan.intent is Intent.EQUIPMENT_FOR_HAZARD and not named:
            return [c for c in others if c.row.get("via") == "listed"]
        if plan.intent not in _RANKED_INTENTS:
            kept = named + (self._keep(question, others, is_broad(question)) if not named else
                            [c for c in others if c.row.get("via") == "references"])
            return kept + self._corresponding(question, plan, kept)
        penalty = plan.intent is Intent.PENALTY
        pool = [c for c in others if not penalty or self._is_penalty(c)]
        documents = self.documents_apart(plan, scope)
        if documents and not named:
            kept = best_per_document(pool, documents)
        elif penalty and named and all(self._is_penalty(c) for c in named):
            kept = list(named)       # 第四十八条规定了哪些处罚: the named penalty article is the answer
        else:
            kept = named + self._keep(question, pool, is_broad(question) and not penalty)
            if not named and not penalty and _ASKS_WHICH.search(question) \
                    and (leads := which_lists(pool, self._rare_words(question))):
                # 哪些地方要设排烟 is answered by 下列部位应设置排烟设施：…, not by how much smoke a corridor's fan moves
                kept = leads + (kept if len(plan.parts) > 1 else [])
            if not named and not penalty and len(plan.parts) > 1:
                kept += self._part_answers(plan.parts, pool, kept)
        if plan.obligation_part:
            kept += self._obligation(plan.obligation_part, scope, kept, cypher)
        follows = bool(_FOLLOW_REFERENCES.search(question))
        if follows:
            kept += self._referenced(kept, cypher)
        elif asks_value(question) and (relative := [c for c in kept if _RELATIVE_VALUE.search(c.row["text"])
                                                    or _VALUE_ELSEWHERE.search(c.row["text"])]):
            kept += self._referenced(relative, cypher)
        elif asks_value(question) and kept:
            kept += self._modifying(kept[0])
        if not penalty and not follows and (deferring := [c for c in kept if _DEFERS.search(c.row["text"])]):
            kept += self._referenced(deferring, cypher)
        if _ASKS_WHICH.search(question) and kept:
            kept += self._list_items(kept, candidates, plan, scope, text_scores)
        if len(plan.parts) > 1 or _ENUMERATION.search(question):
            kept += self._other_items(question, distinct(kept))
        return distinct(kept)

    def _part_answers(self, parts: tuple[str, ...], pool: list[Candidate], kept: list[Candidate]) -> list[Candidate]:
        """For each part of a question of several parts, the candidate that answers it alone when the clauses kept
        do not (:data:`PART_SCORE`, :data:`PART_GAIN`, :data:`PART_RELEVANCE`)."""
        found: list[Candidate] = []
        top = max((c.score for c in pool), default=0.0)
        for part in parts:
            scores = self.part_scores(part)

            def on_part(candidate: Candidate) -> float:
                return scores.get(self.position.get(candidate.clause_id, -1), 0.0) * candidate.prior

            best = max(pool, key=on_part, default=None)
            chosen = {c.clause_id: on_part(c) for c in kept + found}
            if best is None or best.clause_id in chosen:
                continue
            if on_part(best) >= max(PART_SCORE, PART_GAIN * max(chosen.values(), default=0.0)) \
                    and best.score >= PART_RELEVANCE * top:
                found.append(best)
        return found

    def _rare_words(self, question: str) -> list[str]:
        """The question's words, with its synonyms, that are not every clause's word (:data:`WHICH_WORD_IDF`)."""
        return [word for word in tokens(with_synonyms(question), self.index.tokenizer)
                if self.index.idf.get(word, 0.0) >= WHICH_WORD_IDF]

    def documents_apart(self, plan: Plan, scope: Scope) -> list[str]:
        """The documents whose best clauses are each cited, when a question asks about several: those it
        names (39号令和建规分别…), or the local regulations of the places it names (北京、重庆的…); else []."""
        if len(plan.doc_ids) > 1:
            return plan.doc_ids
        if len(scope.places) < 2:
            return []
        local = [doc for doc in scope.place_documents if scope.allows(doc)]
        return local if len(local) > 1 else []

    def _keep(self, question: str, candidates: list[Candidate], broad: bool) -> list[Candidate]:
        """The best candidates; for a question that is not a list, only those that each match more of it."""
        kept = keep_best(candidates, broad)
        if broad or len(kept) < 2:
            return kept
        asked = {token for token in tokens(question, self.index.tokenizer) if token in self.index.idf}
        chosen = complementary(kept, asked, lambda c: set(tokens(indexed_text(c.row), self.index.tokenizer)))
        return chosen + stating_asked_values(kept, chosen, question)

    def _add(self, found: dict[str, Candidate], row: dict, scores: QueryScores, scope: Scope, plan: Plan) -> Candidate:
        if row["clause_id"] not in found:
            index = self.position.get(row["clause_id"], -1)
            named = any(row.get("key") == key and doc in (None, row["doc_id"]) for doc, key in plan.clause_refs)
            found[row["clause_id"]] = Candidate(row, scores.text.get(index, 0.0),
                                                graph=1.0 if row.get("via") == "references" else 0.0,
                                                heading=scores.heading.get(index, 0.0),
                                                value=float(scores.asks_value and index in self.quantity),
                                                kind=float(states_kind(scores.kinds, row["text"])),
                                                prior=self.prior(index, scope, plan, row["doc_id"] in scores.subjects),
                                                named=named)
        return found[row["clause_id"]]

    def _top(self, scores: dict[int, float], scope: Scope, penalty_only: bool = False, k: int = POOL) -> list[int]:
        allowed = [(index, score) for index, score in scores.items()
                   if scope.allows(self.clauses[index]["doc_id"]) and (not penalty_only or index in self.penalty)]
        return [index for index, _ in sorted(allowed, key=lambda item: -item[1])[:k]]

    def prior(self, index: int, scope: Scope, plan: Plan | None = None, subject: bool = False) -> float:
        """Authority and jurisdiction of the clause's document, times the kind of chapter it sits in, and
        :data:`SUBJECT_PRIOR` where the question names the document's ``subject``."""
        doc_id = self.clauses[index]["doc_id"] if index >= 0 else ""
        kind = self.kinds.get(doc_id)
        if kind == LOCAL_KIND:
            if scope.places and doc_id not in scope.excluded:
                prior = NAMED_PLACE_PRIOR
            else:
                prior = 1.0 if subject or scope.doc_ids and doc_id in scope.doc_ids else LOCAL_PRIOR
        else:
            prior = KIND_PRIOR.get(kind, 1.0)
        if subject:
            prior *= SUBJECT_PRIOR
        if index in self.frame and not (plan and (plan.asks_definition or plan.asks_authority and index in self.general)):
            prior *= FRAME_PRIOR
        if index in self.subject_lists and not (plan and plan.asks_definition):
            prior *= SUBJECT_LIST_PRIOR
        if index in self.penalty and plan is not None and plan.intent is not Intent.PENALTY:
            prior *= PENALTY_PRIOR
        if index in self.pointer:
            prior *= POINTER_PRIOR
        return prior

    def _is_penalty(self, candidate: Candidate) -> bool:
        return self.position.get(candidate.clause_id) in self.penalty or candidate.row.get("via") == "references"

    def _obligation(self, part: str, scope: Scope, kept: list[Candidate], cypher: list[dict]) -> list[Candidate]:
        """The best non-penalty clause for the part of the question that asks what is allowed, unless a kept
        article outside a 法律责任 chapter, a rule itself, matches that part as well (广东#34 both exempts fire
        engines from tolls and waives the penalty for making way for them). A clause whose breach the best kept penalty
        article punishes ranks first among those close to the best (:data:`PUNISHED_PRIOR`)."""
        scores = self.part_scores(part)
        documents = {c.row["doc_id"] for c in kept}
        punished = self._punished(kept, cypher)
        ranked = [Candidate(self.clauses[index], scores[index], prior=self.prior(index, scope)
                            * (SAME_DOCUMENT_PRIOR if self.clauses[index]["doc_id"] in documents else 1.0)
                            * (PUNISHED_PRIOR if self.clauses[index]["clause_id"] in punished else 1.0))
                  for index in self._top(scores, scope) if index not in self.penalty]
        rules = [c for c in kept if not in_penalty_chapter(c.row)]
        answered = max((scores.get(self.position.get(c.clause_id, -1), 0.0) for c in rules), default=0.0)
        return [c for c in keep_best(ranked, broad=False)[:1] if c.text > answered]

    def _punished(self, kept: list[Candidate], cypher: list[dict]) -> set[str]:
        """The clauses the best kept penalty article cites as the duty broken (违反本办法第十九条第一款规定…)."""
        penalties = [c.clause_id for c in kept if self._is_penalty(c)]
        if not penalties:
            return set()
        parameters = {"ids": penalties[:1], "limit": 30}
        cypher.append({"query": queries.REFERENCES_FROM, "parameters": parameters})
        return {row["target"] for row in self.store.read(queries.REFERENCES_FROM, parameters)
                if row["target_label"] == Label.CLAUSE}

    def _list_items(self, kept: list[Candidate], candidates: dict[str, Candidate], plan: Plan, scope: Scope,
                    text_scores: dict[int, float]) -> list[Candidate]:
        """The items of each list of subjects a kept clause is an item of (下列建筑…：其他高层建筑；); when no
        kept clause is one, those of the list whose lead-in names every linked name (什么样的建筑必须设消防电梯 →
        下列建筑应设置消防电梯：…) and whose best item matches the question best. In a question of several parts,
        a list is cited only when an item of it is among the best for the part that asks which (its best item
        within the keep ratio of a list question, :data:`qa.ranking.KEEP_BROAD`): a list item kept for another
        part (要不要设火灾自动报警系统？高层住宅哪些部位要设？) does not answer which parts of a home need one."""
        lists = [key for c in kept if (key := (c.row["doc_id"], list_lead(c.row))) in self.list_items]
        names = [name for group in plan.names.values() for name in group]
        if not lists and names:
            naming = [(max(text_scores.get(index, 0.0) for index in items), key)
                      for key, items in self.list_items.items()
                      if scope.allows(key[0]) and all(name in key[1] for name in names)]
            best = max(naming, default=(0.0, None))
            lists = [best[1]] if best[0] > 0 else []
        asking = [part for part in plan.parts if _ASKS_WHICH.search(part)]
        if len(plan.parts) > 1 and asking and lists:
            scores = self.part_scores(asking[0])
            top = max((scores[index] for index in self._top(scores, scope, k=1)), default=0.0)
            lists = [key for key in lists
                     if max(scores.get(index, 0.0) for index in self.list_items[key]) >= KEEP_BROAD[0] * top]
        return [candidates.get(self.clauses[index]["clause_id"]) or Candidate(self.clauses[index])
                for key in dict.fromkeys(lists) for index in self.list_items[key][:LIST_ITEMS]]

    def _other_items(self, question: str, kept: list[Candidate]) -> list[Candidate]:
        """For a question of several parts or things: the other items of a list a kept clause is an item of (消防电梯应符合
        下列规定：…) that hold a word of the question which neither a kept clause nor the lead-in holds, and which
        few of the list's items hold (:data:`SHARED_SHARE`) — they answer another part of it (载重量多大？首层入口和轿厢里面要配什么？)."""
        tokenizer = self.index.tokenizer
        asked = {token for token in tokens(question, tokenizer) if len(token) >= 2 and token in self.index.idf}
        # a kept clause's own words are covered, so no kept item is found again
        open_words = asked - set().union(*(tokens(indexed_text(c.row), tokenizer) for c in kept))
        lists = [key for c in kept if (key := (c.row["doc_id"], list_lead(c.row))) in self.lists]
        found = []
        for key in dict.fromkeys(lists):
            wanted = open_words - set(tokens(key[1], tokenizer))
            held = {index: wanted & set(tokens(self.clauses[index]["text"], tokenizer)) for index in self.lists[key]}
            holders = Counter(word for words in held.values() for word in words)
            limit = max(1, int(len(held) * SHARED_SHARE))
            found += [Candidate(self.clauses[index]) for index, words in held.items()
                      if any(holders[word] <= limit for word in words)]
        return found

    def _defining(self, question: str, plan: Plan, scope: Scope) -> list[Candidate]:
        """For a question that asks what a term means (:func:`asks_meaning`) and names no clause: the
        clauses in scope that define the longest such terms (封闭楼梯间, not 楼梯间, unless the question also names
        楼梯间 on its own: “半地下室”“地下室”)."""
        if plan.clause_refs:
            return []
        found = [(term, index) for term, index in self.definitions
                 if term in question and asks_meaning(question, term) and scope.allows(self.clauses[index]["doc_id"])]
        terms = {term for term, _ in found}
        indexes = [index for term, index in found
                   if term in blank_out(question, [other for other in terms if term != other and term in other])]
        # one article may define both terms asked about (消防法#73: 人员密集场所 and 公众聚集场所)
        return [Candidate(self.clauses[index], 1.0, prior=self.prior(index, scope, plan))
                for index in dict.fromkeys(indexes)]

    def _referenced(self, kept: list[Candidate], cypher: list[dict]) -> list[Candidate]:
        """Clauses that the kept ones cite (附录A 引用 3.4.5): the question asks for the reference."""
        if not kept:
            return []
        parameters = {"ids": [c.clause_id for c in kept], "limit": 30}
        cypher.append({"query": queries.REFERENCES_FROM, "parameters": parameters})
        rows = self.store.read(queries.REFERENCES_FROM, parameters)
        targets = [self.clauses[self.position[row["target"]]] for row in rows
                   if row["target_label"] == Label.CLAUSE and row["target"] in self.position]
        return [Candidate(row, graph=1.0) for row in targets[:2]]

    def _modifying(self, best: Candidate) -> list[Candidate]:
        """The clause that states its value relative to the best one's (可按本规范第5.1.1条的规定值增加1.0倍): the
        value asked for may be that one."""
        sources = self.changed_by.get(best.clause_id, [])
        return [Candidate(self.clauses[self.position[source]], graph=1.0) for source in sources[:1]]

    def _corresponding(self, question: str, plan: Plan, kept: list[Candidate]) -> list[Candidate]:
        """For a named clause and another named document without a number: that document's closest clause."""
        named_docs = {c.row["doc_id"] for c in kept}
        others = [doc for doc in plan.doc_ids if doc not in named_docs]
        if not kept or not others:
            return []
        scores = _normalised(self.index, question + " " + " ".join(c.row["text"] for c in kept))
        return [Candidate(self.clauses[index], scores[index])
                for doc in others for index in self._top(scores, Scope([doc]), k=1)]


def which_lists(candidates: list[Candidate], words: Iterable[str]) -> list[Candidate]:
    """For a question asking which places or things (哪些地方要设排烟): the clauses listing them (酒店的下列部位应设置排烟
    设施：…) whose lead-in holds one of the question's ``words`` (other than the words for asking which) and that
    score as well as the best candidate does, within the keep ratio of a list question (:data:`qa.ranking.KEEP_BROAD`);
    none when none does. A list whose lead-in holds none (下列建筑应设置雨淋系统：…液化石油气储配站) lists what the
    question names for another reason.

    >>> ranked = [Candidate({"clause_id": "a", "text": "走道的排烟量不应小于15000m³/h。"}, text=0.34),
    ...           Candidate({"clause_id": "b", "text": "下列部位应设置排烟设施：1 中庭；2 宴会厅。"}, text=0.30),
    ...           Candidate({"clause_id": "c", "text": "下列部位应设置雨淋系统：1 排烟机房。"}, text=0.33)]
    >>> [c.clause_id for c in which_lists(ranked, ["哪些", "地方", "设", "排烟"])]
    ['b']
    """
    asked = [word for word in words if len(word) >= 2 and word not in _WHICH_WORDS]
    best = max((c.score for c in candidates), default=0.0)
    leads = [c for c in candidates if _SUBJECT_LIST.search(lead := c.row["text"].split("：", 1)[0])
             and any(word in lead for word in asked)]
    return [c for c in keep_best(leads, broad=True) if c.score >= KEEP_BROAD[0] * best] if best > 0 else []


def distinct(candidates: list[Candidate]) -> list[Candidate]:
    """Each clause once, where it first comes."""
    return list({c.clause_id: c for c in candidates}.values())


def title_subjects(clauses: list[dict], kinds: dict[str, list[str]]) -> dict[str, list[str]]:
    """What each document is about, as its title says once place and kind are taken off (滨江市文物建筑消防安全管理规定
    → 文物建筑), with the ``kinds`` its definitions list (:func:`qa.topics.document_subjects`) and the tails of that
    subject its clauses say for it (:func:`_subject_tails`); a title that says nothing more (北京市消防条例,
    中华人民共和国消防法) gives nothing.

    >>> title_subjects([{"doc_id": "d", "doc_title": "滨江市文物建筑消防安全管理规定", "text": "…"},
    ...                 {"doc_id": "e", "doc_title": "北京市消防条例", "text": "…"}], {"d": ["古建筑"]})
    {'d': ['文物建筑', '古建筑'], 'e': []}
    """
    texts: dict[str, list[str]] = {}
    cores: dict[str, str] = {}
    for row in clauses:
        texts.setdefault(row["doc_id"], []).append(row["text"])
        if row["doc_id"] not in cores:
            cores[row["doc_id"]] = _title_core(row["doc_title"])
    every = [row["text"] for row in clauses]
    return {doc: [word for word in [core, *_own_parts(core, texts[doc], every), *kinds.get(doc, []),
                                    *(tail for part in _parts(core)
                                      for tail in _subject_tails(part, texts[doc], every))]
                  if len(word) >= 2]
            for doc, core in cores.items()}


def _title_core(title: str) -> str:
    """A title without its place and kind words (滨江市文物建筑消防安全管理规定 → 文物建筑)."""
    found = title_place(title)
    return _TITLE_FRAME.sub("", found[2] if found else title)


def _parts(core: str) -> list[str]:
    """A subject that joins several (档案馆和图书馆, 机关、团体、企业、事业单位) split into them; one part is itself.

    >>> _parts("档案馆和图书馆"), _parts("高层民用建筑"), _parts("实施《中华人民共和国消防法》")
    (['档案馆', '图书馆'], ['高层民用建筑'], ['实施《中华人民共和国消防法》'])
    """
    parts = _JOINED.split(core)
    return parts if len(parts) > 1 and all(_HAN_WORD.fullmatch(part) for part in parts) else [core]


def _own_parts(core: str, own: list[str], every: list[str]) -> list[str]:
    """The parts of a joined subject (:func:`_parts`) that its document's clauses say more often than all other
    loaded documents together do: 图书馆 names the libraries rule, 企业 is every document's word.

    >>> own = ["图书馆应当每日巡查。", "档案馆、图书馆应当建立制度。", "企业应当落实责任。"]
    >>> _own_parts("档案馆和图书馆", own, [*own, "企业应当配备灭火器。", "企业应当培训员工。"])
    ['档案馆', '图书馆']
    """
    parts = _parts(core)
    if len(parts) == 1:
        return []
    return [part for part in parts
            if (mine := sum(part in text for text in own)) > sum(part in text for text in every) - mine]


def _subject_tails(core: str, own: list[str], every: list[str]) -> list[str]:
    """The tails of a title's subject (管廊 of 城市综合管廊, 施工现场 of 建设工程施工现场) that its document's clauses
    (``own``, among ``every`` loaded clause) say for it: at least SUBJECT_TAIL_SHARE of them use the tail, and
    fewer clauses of all other documents together do (民用建筑 of 高层民用建筑 is GB 50016's word too, not the name
    of that rule's subject).

    >>> own = ["管廊内严禁存放可燃物。", "管廊应设置逃生口。", "天然气舱应独立设置。"]
    >>> _subject_tails("城市综合管廊", own, [*own, "建筑应设置消火栓。"])
    ['管廊']
    """
    words = jieba.lcut(core)
    tails = ("".join(words[start:]) for start in range(len(words) - 1, 0, -1))
    return [tail for tail in tails if _says_for_subject(tail, own, every)]


def subject_heads(title: str, own: list[str], every: list[str]) -> list[str]:
    """The heads of the subject in a document's ``title`` (:func:`_subject_heads`), over its clauses' texts (``own``)
    among ``every`` loaded clause's."""
    return [head for part in _parts(_title_core(title)) for head in _subject_heads(part, own, every)]


def _subject_heads(core: str, own: list[str], every: list[str]) -> list[str]:
    """The heads of a title's subject (瓶装燃气 of 瓶装燃气供应, 餐饮 of 餐饮用户) that its document's clauses say for it,
    as :func:`_subject_tails` tells tails.

    >>> own = ["餐饮用户应当安装报警装置。", "餐饮场所不得存放空瓶。", "气瓶应当定期检验。"]
    >>> _subject_heads("餐饮用户", own, [*own, "燃气用户应当安全用气。"])
    ['餐饮']

    A single character (多 of 多产权建筑) names nothing:

    >>> own = ["多产权建筑的产权人应当确定统一管理单位。", "多产权建筑的共有部分由全体产权人负责。"]
    >>> _subject_heads("多产权建筑", own, [*own, "公共建筑应当设置报警。"])
    ['多产权']
    """
    words = jieba.lcut(core)
    heads = ("".join(words[:end]) for end in range(len(words) - 1, 0, -1))
    return [head for head in heads if len(head) > 1 and _says_for_subject(head, own, every)]


def subject_terms(title: str, own: list[str], every: list[str]) -> list[str]:
    """The words a document's clauses (``own``, among ``every`` loaded clause's) say for its subject where its title
    names it otherwise (景区 of 风景名胜区和森林公园, 分拣 of 快递物流分拣中心): words of its clauses that share a character
    with the title's subject and that it says as :func:`_says_for_subject` tells.

    >>> own = ["景区管理机构应当每日巡查。", "景区内禁止燃放烟花爆竹。", "游客应当遵守规定。"]
    >>> subject_terms("某省风景名胜区和森林公园消防安全管理规定", own, [*own, "单位应当每日巡查。"])
    ['景区']

    Nor does a word of how duties are said, though it shares a character (应当 of 供应):

    >>> own = ["供应站应当查验气瓶。", "餐饮用户应当安装报警装置。"]
    >>> "应当" in subject_terms("某市瓶装燃气供应和餐饮用户消防安全管理办法", own, [*own, "建筑应设置报警。"])
    False
    """
    core = set(_title_core(title))
    words = dict.fromkeys(word for text in own for word in jieba.lcut(text)
                          if _HAN_WORD.fullmatch(word) and core & set(word) and not is_phrasing(word))
    return [word for word in words if _says_for_subject(word, own, every)]


def _says_for_subject(word: str, own: list[str], every: list[str]) -> bool:
    """Whether a document's clauses (``own``, among ``every`` loaded clause) say ``word`` for its subject: at least
    SUBJECT_TAIL_SHARE of them use it, and fewer clauses of all other documents together do."""
    mine = sum(word in text for text in own)
    return mine >= SUBJECT_TAIL_SHARE * len(own) and sum(word in text for text in every) - mine < mine


def chapter_of(row: dict) -> str:
    """The top heading a clause sits under ("" for a standard loaded one sentence per line)."""
    return (row.get("path") or [""])[0]


def indexed_text(row: dict) -> str:
    """What BM25 sees of a clause: its document's title, its chapter/section headings and its text."""
    return f"{row['doc_title']} {' '.join(row.get('path') or [])} {row['text']}"


def is_penalty(row: dict) -> bool:
    """A 法律责任 / 罚则 article, or any article that imposes a fine, detention or the like, or waives one
    (a question whether something is punished is answered by 不予处罚 too).

    >>> is_penalty({"path": ["第二章 火灾预防"], "text": "违反本条例的，处五百元以下罚款。"})
    True
    >>> is_penalty({"path": [], "text": "因避让执勤消防车而违反交通管理法律法规规定的，不予处罚。"})
    True
    >>> is_penalty({"path": [], "text": "擅自停用消防设施的，处五千元以上罚款。"})
    True
    >>> is_penalty({"path": [], "text": "有下列情况之一的，管理部门应当采取措施：（一）未恢复供气的；（二）依法吊销经营许可的。"})
    False
    """
    return in_penalty_chapter(row) or bool(_PENALTY_TEXT.search(row["text"]) and _PUNISHES.search(row["text"]))


def in_penalty_chapter(row: dict) -> bool:
    """Under a 法律责任 / 罚则 heading."""
    return any(_PENALTY_CHAPTER.search(part) for part in row.get("path") or [])


def is_pointer(text: str) -> bool:
    """Whether a clause only sends the reader to another standard (after a list's lead-in).

    >>> is_pointer("防火门的设置应符合下列规定：甲、乙、丙级防火门应符合现行国家标准《防火门》GB 12955的规定。")
    True
    >>> is_pointer("防火卷帘应具有防烟性能。")
    False
    """
    body = text.split("：", 1)[-1].strip()
    return bool(_POINTER.match(body))


def _normalised(index: BM25Index, question: str, plain: str | None = None, cap: float | None = None) -> dict[int, float]:
    """Scores of ``question`` over the best score ``plain`` (the question without synonyms, by default
    the question itself) could reach, at most ``cap`` when given.

    >>> index = BM25Index(["疏散通道应保持畅通", "楼梯间内不得停放杂物", "消防车通道"])
    >>> _normalised(index, "楼道 疏散通道", "楼道")[0] > 1, _normalised(index, "楼道 疏散通道", cap=1.0)[0] <= 1
    (True, True)
    """
    weight = index.query_weight(plain or question) or 1.0
    scores = {position: score / weight for position, score in index.scores(question).items()}
    return scores if cap is None else {position: min(cap, score) for position, score in scores.items()}
