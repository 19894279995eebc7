"""Which template a question needs, from its wording and what it links to.

The intent decides the Cypher; the linked entities fill its parameters. A question
no intent fits goes to text-to-Cypher (when an LLM is configured) or to the text ranker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from qa.answer import LinkedEntity
from qa.domain import blank_out


class Intent(StrEnum):
    CLAUSE_TEXT = "clause_text"             # 第N条说了什么
    REFERENCES = "references"               # 第N条引用了什么 / 哪些条文引用了它
    PENALTY = "penalty"                     # 违反…怎么处罚
    MANDATORY = "mandatory"                 # 关于X的强制性条文
    EQUIPMENT_FOR_HAZARD = "equipment_for_hazard"   # 有可燃气体的场所要配置哪些设备
    DOCUMENTS = "documents"                 # 哪些文件提到X
    NUMERIC = "numeric"                     # X的间距/高度/时间是多少
    COUNT = "count"                         # 有多少条提到X
    EQUIPMENT = "equipment"                 # 关于设备X的要求
    HAZARD = "hazard"                       # 关于危险X的规定
    TEXT = "text"                           # nothing linked: rank clause texts


_CUES: list[tuple[Intent, re.Pattern]] = [
    (Intent.PENALTY, re.compile(r"罚|拘留|法律责任|法律后果|追究|吊销|没收|什么后果"
                                # 会怎么处理, 被查到怎么处理: what befalls someone; not 剩下的花圈怎么处理 or 缝隙怎么处理,
                                # how a thing is dealt with, nor 单位应该怎么处理 or 发现隐患又要怎么处理, a duty
                                r"|(?:会|被|能|查[到出]|发现了?)[^，。？?；]{0,6}?(?<![应要该])(?:怎么|如何|怎样)处理"
                                r"|不[^，。？?]{1,12}会(?:怎样|怎么样|如何)"                # 不报告会怎样: a breach
                                r"|违[规反章][^，。？?]{0,6}(?:会|要)?(?:怎样|怎么样|如何|怎么办)")),  # 违规会怎样
    (Intent.REFERENCES, re.compile(r"引用|援引|参照|依据哪|被哪些条|哪些条文提到该条|关联条文|对应")),
    # 几条 counts clauses (有多少条提到灭火器, 有几条规定), not pipes or lanes (至少要几条吸水管)
    (Intent.COUNT, re.compile(r"(?:多少|几)条(?=条文|规定|条款|法条|提到|涉及|关于|有关|相关|[？?]|$)|多少个条文"
                              r"|条文的?(?:总)?(?:数量|数)|条数")),
    # 哪部法规 / 哪个文件 ask for documents; 装在哪些位置, 哪部分 do not
    (Intent.DOCUMENTS, re.compile(r"(?:哪些|哪几部|哪部|哪个)(?:文件|法规|法律|规范|标准|条例|规章|文档)|哪部(?![分位])")),
    (Intent.MANDATORY, re.compile(r"强制性|强制|必须|严禁")),
    (Intent.EQUIPMENT_FOR_HAZARD, re.compile(r"(?:哪些|什么|哪类|哪种)(?:消防)?(?:设备|设施|器材|装置|系统)"
                                             r"|(?:设备|设施|器材|装置)(?:有哪些|是什么|有什么)")),
    (Intent.NUMERIC, re.compile(r"多少|几米|几个|多大|多高|多宽|多长|多久|间距|距离|高度|宽度|面积|时间|压力(?!容器|管道)|流量|容积|不应小于|不应大于|最[大小]")),
]
_CLAUSE_TEXT_CUE = re.compile(r"说了什么|说什么|内容|规定了什么|讲了什么|是什么|怎么规定|原文|写的什么")
# A part of a question that asks whether something is allowed or required (能不能…？违反了怎么罚？).
_RULE_CUE = re.compile(r"能不能|可不可以|可以|能否|是否|允许|准许|禁止|不得|能.{0,15}吗|要求|必须|应当|应该|要不要|需不需要|手续"
                       r"|规定|责任|义务")
_DEFINITION_CUE = re.compile(r"什么是|是什么意思|(?<!法)定义|含义|指什么|是指|指的是|什么叫")
# Who is in charge (哪个部门主管, 谁是第一责任人, 市里和区县各管什么): a document's 总则 assigns it.
_AUTHORITY_CUE = re.compile(r"主管|(?:哪个|哪些|什么)部门|由谁|归谁|谁(?:是|来)?(?:负责|管|领导|牵头)|第一责任人|各管|分工|统一领导")
_PARTS = re.compile(r"[^？?；;。!！]+")
# A clause of one sentence that asks something (有哪些规定，违规会怎样？ asks the rule, then its breach).
_ASKING = re.compile(r"哪些|什么|吗|能不能|可不可以|要不要|是否|能否|怎么|如何|多少|几")


@dataclass(frozen=True)
class Plan:
    intent: Intent
    names: dict[str, list[str]]     # "equipment" / "hazard" -> graph names
    clause_keys: list[str]
    doc_ids: list[str]
    clause_refs: tuple[tuple[str | None, str], ...] = ()   # (document id or None, clause key), as written
    obligation_part: str = ""       # the part of a penalty question that asks what is allowed, if any
    asks_definition: bool = False   # 什么是… / …是怎么定义的
    asks_authority: bool = False    # who is in charge: 哪个部门主管, 谁是第一责任人
    parts: tuple[str, ...] = ()     # the sentences of a question that asks several things (see question_parts)


def plan_question(question: str, entities: list[LinkedEntity]) -> Plan:
    """Choose the intent from the cue words and the kinds of linked entities.

    >>> from qa.answer import LinkedEntity as E
    >>> plan_question("消防法第二十八条说了什么？", [E("消防法", "document", "中华人民共和国消防法"), E("第二十八条", "clause", "28")]).intent.value
    'clause_text'
    >>> plan_question("消火栓被埋压会怎么处罚？", [E("消火栓", "equipment", "消火栓")]).intent.value
    'penalty'
    >>> plan_question("今天天气怎么样", []).intent.value
    'text'
    """
    names = {"equipment": [e.id for e in entities if e.kind == "equipment"],
             "hazard": [e.id for e in entities if e.kind == "hazard"]}
    clause_keys = [e.id for e in entities if e.kind == "clause"]
    doc_ids = list(dict.fromkeys(e.id for e in entities if e.kind == "document"))
    refs = clause_references(entities)
    has_names = bool(names["equipment"] or names["hazard"])
    wording = without_names(question, entities)
    intent = next((intent for intent, cue in _CUES
                   if cue.search(wording) and _fits(intent, has_names, bool(clause_keys), names)), None)
    if intent is None:
        intent = (Intent.CLAUSE_TEXT if clause_keys else Intent.EQUIPMENT if names["equipment"]
                  else Intent.HAZARD if names["hazard"] else Intent.TEXT)
    obligation = obligation_part(question) if intent is Intent.PENALTY else ""
    return Plan(intent, names, clause_keys, doc_ids, refs, obligation, bool(_DEFINITION_CUE.search(question)),
                bool(_AUTHORITY_CUE.search(question)), tuple(question_parts(question)))


def without_names(question: str, entities: list[LinkedEntity]) -> str:
    """The question with its linked equipment and hazards blanked out, so that the cue words are read
    from its wording only: 压力容器 names a thing and does not ask for a pressure.

    >>> from qa.answer import LinkedEntity as E
    >>> without_names("压力容器爆炸后要怎么做？", [E("压力容器", "equipment", "压力容器")])
    '□爆炸后要怎么做？'
    """
    return blank_out(question, {e.text for e in entities if e.kind in ("equipment", "hazard")}, "□")


def clause_references(entities: list[LinkedEntity]) -> tuple[tuple[str | None, str], ...]:
    """Each clause number with the document named before it (or the only document named).

    >>> from qa.answer import LinkedEntity as E
    >>> clause_references([E("北京条例", "document", "北京"), E("消防法", "document", "消防法"),
    ...                    E("第十九条", "clause", "19")])
    (('消防法', '19'),)
    >>> clause_references([E("第5条", "clause", "5"), E("消防法", "document", "消防法")])
    (('消防法', '5'),)
    """
    documents = [e.id for e in entities if e.kind == "document"]
    only = documents[0] if len(set(documents)) == 1 else None
    refs, current = [], None
    for entity in entities:
        if entity.kind == "document":
            current = entity.id
        elif entity.kind == "clause":
            refs.append((current or only, entity.id))
    return tuple(dict.fromkeys(refs))


def question_parts(question: str) -> list[str]:
    """The sentences of a question that asks several things at once.

    >>> question_parts("防火墙的耐火极限要求多少？有哪些规定？")
    ['防火墙的耐火极限要求多少', '有哪些规定']
    """
    return [part.strip() for part in _PARTS.findall(question) if part.strip()]


def obligation_part(question: str) -> str:
    """The part of a two-part penalty question that asks whether something is allowed or required.

    >>> obligation_part("带着鞭炮坐地铁可以吗？被查到怎么处理？")
    '带着鞭炮坐地铁可以吗'
    >>> obligation_part("失火会被拘留吗？拘多久？")
    ''
    >>> obligation_part("出租方要负什么责任？没做到怎么罚？")
    '出租方要负什么责任'
    >>> obligation_part("宾馆要配哪些逃生装备？不配的话会怎么罚？")
    '宾馆要配哪些逃生装备'

    One sentence asks both when a clause of it asks for a rule before the one that asks for the penalty; a
    clause that only says what was done (没按规定做安全评价，会被罚多少？) asks for no rule:

    >>> obligation_part("电动叉车充电有哪些规定，违规会怎样？"), obligation_part("没按规定做安全评价，会被罚多少？")
    ('电动叉车充电有哪些规定', '')
    >>> obligation_part("北京条例里埋压消火栓的罚则，跟消防法的规定一致吗？")
    ''
    """
    penalty = _CUES[0][1]
    parts = question_parts(question)
    if len(parts) == 1:
        clauses = [clause for clause in re.split(r"[，,]", parts[0]) if clause]
        breach = next((index for index, clause in enumerate(clauses) if penalty.search(clause)), 0)
        if any(_RULE_CUE.search(clause) and _ASKING.search(clause) for clause in clauses[:breach]):
            parts = clauses
    if len(parts) < 2:
        return ""
    first = next((index for index, part in enumerate(parts) if penalty.search(part)), None)
    if first is None:
        return ""
    # what comes before the question of its breach is the rule (要配哪些装备？不配的话会怎么罚？); after it, only
    # a part that asks for a rule is one, the others follow the penalty up (拘多久, 如果是个人呢)
    asked = [part for index, part in enumerate(parts)
             if not penalty.search(part) and (index < first or _RULE_CUE.search(part))]
    return "，".join(asked)


def _fits(intent: Intent, has_names: bool, has_clause: bool, names: dict[str, list[str]]) -> bool:
    if intent is Intent.REFERENCES:
        return has_clause
    if intent is Intent.PENALTY:
        return True
    if intent is Intent.EQUIPMENT_FOR_HAZARD:
        return bool(names["hazard"])
    if intent in (Intent.COUNT, Intent.DOCUMENTS, Intent.MANDATORY, Intent.NUMERIC):
        return has_names
    return True


def asks_for_clause_text(question: str) -> bool:
    return bool(_CLAUSE_TEXT_CUE.search(question))
