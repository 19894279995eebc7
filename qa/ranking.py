"""Scoring candidate clauses for a question, and deciding how many of them answer it.

Candidates come from the Cypher templates (clauses that mention the linked equipment or
hazards, clauses named by number, penalty articles that reference an obligation) and from
BM25 over all clause texts in scope. Each gets a text score (BM25 divided by the best score
the query could reach, so scores of different questions compare), a share of the linked
names it mentions, a flag when the graph reaches it through REFERENCES, and the prior of its
document (national law first, see the engine). The kept clauses are the ones close to the
best; a question that asks for a list (有哪些要求) keeps more than one that asks for a value (whose
second clause must match words of the question the first does not). When the engine has a
semantic check, a list question's candidates, which often match its words alike (the clauses of
one section), are also ranked by their e5 similarity to the question, and so are another
question's when its best two score alike (:func:`close_call`); whether to answer at all is
judged on the ranking by words alone (see :class:`qa.retriever.Retrieved`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qa.intents import question_parts

ENTITY_WEIGHT = 0.10        # added for a clause that mentions every linked name (or an IS_A child)
HEADING_WEIGHT = 0.15       # times the heading's text score: the clause sits in a section about the question
REFERENCE_WEIGHT = 0.10     # added for a clause the graph reaches through REFERENCES
VALUE_WEIGHT = 0.05         # added for a clause stating a quantity, when the question asks for one
KIND_WEIGHT = 0.15          # added for a clause stating the kind of value asked (a time for 多久, a length for 多远)
MEANING_WEIGHT = 0.20       # times the clause's e5 similarity to the question, scaled over its candidates
# A question for one thing is ranked by meaning too only when its words leave the choice open: its
# runner-up scores at least this share of its best. (Asking e5 costs about 25 ms a question on two
# CPU cores; asked of every question, the template path's p95 rose from about 75 to 110 ms.)
CLOSE_CALL = 0.85
# (share of the best score a further clause needs, most clauses kept) per question shape.
KEEP_SPECIFIC = (0.85, 2)
KEEP_BROAD = (0.75, 5)
_BROAD = re.compile(r"哪些(?!地方|单位|人|建筑|场所)|有什么.{0,4}?(?:要求|规定|限制|讲究|行为|措施|义务|职责)"
                    r"|什么(?:要求|规定)|怎么设置|如何设置"
                    r"|(?:怎么|如何)[\u4e00-\u9fff]{1,3}、(?:怎么|如何)"    # 怎么选、怎么配、怎么放 asks several things
                    r"|注意什么|遵守|责任(?!人)|措施|手续|分别(?!.{0,4}(?:哪个|谁))"
                    r"|(?:要|还要|应当|应该|需要|得)[^，,。？?；;！!]{0,4}?[做干](?:什么|些什么|啥)(?![\u4e00-\u9fff])")
_ASKS_VALUE = re.compile(r"多少|多久|多长|多大|多高|多远|多宽|多厚|几|频次|频率|周期|期限|时限|间距|距离")
_ASKS_TIME = re.compile(r"多久|多长时间|多少(?:秒|分钟|小时|天|日|周|个月|年)|几(?:秒|分钟|个?小时|天|周|个?月)(?![\u4e00-\u9fff]*[米层人])"
                        r"|(?:时间|时限|期限|周期|频次|频率)(?:是|为|有|要)?(?:多少|多长)")
_NUMERAL = r"[\d零〇一二两三四五六七八九十百千万]+(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?:至少)?每(?:日|天|周|月|季度|半年|年|{_NUMERAL}\s*(?:小时|h|天|日|年|个月))"
    rf"|{_NUMERAL}\s*(?:m²|m³|m2|m3|mm|km|m|h|min|s|L/s|MPa|kPa|Pa|℃|%|个工作日|个|只|具|层|米|小时|分钟|秒|工作日|日|天|个月|年|平方米"
    rf"|立方米|人|元|倍|次|千克|kg|公斤|吨|升|L(?![A-Za-z/])|kW|kV|lx|dB|瓶|台|辆|座|套|盏|根|支|名)")
_DURATION = re.compile(rf"每(?:日|天|周|月|季度|半年|年)|{_NUMERAL}\s*(?:h|min|s(?![A-Za-z])|小时|分钟|秒|个?工作日|日|天|周|个月|年)"
                       r"|立即|立刻|及时|随时|当日|当天|即时")
# Kinds of value a question can ask for, and how a clause states one: a question that asks for a
# price or pay, a pressure, a speed, a head count, a weight, an age, a number of years (every year counts:
# 每年 answers 几年…一次), a volume, a make or a length is answered only by a clause stating one.
_VALUE_KINDS = {
    "money": (re.compile(r"多少钱|费用|收费|价格|多少元|保费|费率|(?:拿|挣|赚|领)(?:多少|几)|多少(?:工资|薪水|薪资|收入|补贴|报酬)"
                         r"|费[^，。？?]{0,6}?(?:怎么|如何|怎样)收"
                         r"|(?:年薪|月薪|薪水|薪资|工资|收入|补贴)[^，。？?多]{0,4}?(?:多少|多高)"),
              re.compile(rf"\d\s*元|[零一二三四五六七八九十百千万]元|费用|经费|收费|费率")),
    "pressure": (re.compile(r"多少(?:兆帕|千帕|帕|MPa)|压力(?:是|为|要|应|有)?(?:多少|多大)"),
                 re.compile(r"MPa|kPa|\dPa|兆帕|千帕")),
    "speed": (re.compile(r"多快|速度(?:是|为|有)?多少|时速|限速|多少(?:公里|千米|米)(?:每|/)小?时|多少km/h"),
              re.compile(r"km/h|m/s|公里|千米/小时|米/秒|速度|车速|限速")),
    # not a level reached before people may act (浓度降到多少人才能进去: 降到多少 | 人才能进去)
    "people": (re.compile(r"(?<![到于至])多少个?人|多少个?人(?![才就])|几个人|几人|(?:多少|几)名"), re.compile(r"[\d一二两三四五六七八九十百千]\s*(?:人|名)")),
    "weight": (re.compile(r"多少(?:吨|公斤|千克)|多重"), re.compile(r"\d\s*(?:t\b|kg|吨|千克|公斤)")),
    "age": (re.compile(r"多少岁|(?<![十二三四五六七八九])几岁|年龄"), re.compile(r"[\d一二三四五六七八九十]\s*周?岁")),
    "volume": (re.compile(r"多少(?:升|毫升|立方)|几升|几立方"),
               re.compile(r"\d\s*(?:L(?![A-Za-z/])|升|毫升|m³|m3|立方米)|[一二两三四五六七八九十百千]+(?:升|立方米)")),
    "years": (re.compile(r"(?<![这近前头])几年(?!级)|多少年"),
              # a standard writes years as a (使用满 9 a; a table's column 报废年限/a), not a list's item a)
              re.compile(r"[\d一二两三四五六七八九十百半]\s*个?周?年(?![级龄])|每年|年度|逐年|\d\s*a(?![A-Za-z)）])|/a(?![A-Za-z])")),
    # which make to buy: documents that regulate name none (a clause that does, 不得指定品牌, is checked as usual)
    "brand": (re.compile(r"(?:哪个|哪种|哪款|哪家|什么)的?(?:牌子|品牌|厂商|厂家)|(?:牌子|品牌|厂商|厂家)[^，。？?]{0,6}(?:好|靠谱|最)"),
              re.compile(r"品牌|牌子|商标|生产厂家")),
    # what an insurer or the one at fault pays (保险公司怎么赔, 损失谁来赔): only a clause on compensation answers it,
    # not one that merely names insurance (鼓励…投保火灾公众责任保险)
    "compensation": (re.compile(r"赔"), re.compile(r"赔偿|赔付|理赔|补偿")),
    "area": (re.compile(r"(?:多少|几)平(?:方米?)?|面积(?:是|为|有|要|应)?(?:多少|多大)"), re.compile(r"m²|m2|㎡|平方米|平方公里|公顷|亩")),
    "sound": (re.compile(r"分贝|噪声|噪音"), re.compile(r"dB|分贝|噪声")),
    "slope": (re.compile(r"坡度"), re.compile(r"坡度|坡比|‰|倾斜角|倾角")),
    # medical advice (嗓子疼吃什么药): no fire document gives it
    "medicine": (re.compile(r"(?:吃|用|服|涂|抹)(?:什么|啥|哪种)?药"), re.compile(r"(?<![火炸])药")),
    # how many fires there were, or anything counted over a past year (去年一共有多少家…发生过火灾): statistics
    # or how many there are now (现在一共建了多少个…)
    "incidents": (re.compile(r"(?:多少|几)起|(?:去年|今年|前年|近几年|这几年|这些年|近年来|历年)[^，。？?]{0,12}?(?:多少|几)"
                             r"|(?:现在|目前)(?:一共|总共|全市|全省)?(?:有|建了|建成了?|发生了?)[^，。？?]{0,10}?(?:多少|几)"), re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)\s*起(?:火灾|事故|案件)")),
    "length": (re.compile(r"多远|多宽|多深|多厚|多长(?!时间)|几米|多少米|(?:距离|间距|宽度|高度|深度|厚度)(?:是|为|有|要|应)?(?:多少|多大)"),
               re.compile(r"\d\s*(?:km|mm|cm|m(?![²³23A-Za-z/])|米|厘米|毫米)|[一二两三四五六七八九十百千]+(?:米|厘米|毫米)"
                          r"|(?:直径|高度|宽度)的|间距不限")),
}
# A value asked for in a unit of letters (设成多少%obs/m): one that is not among the common units, which documents may
# write in Chinese (米, 小时, 兆帕), is stated only by evidence that writes that unit.
_ASKED_UNIT = re.compile(r"(?:多少|几)\s*(%?[A-Za-z][A-Za-z/%·]*)")
_COMMON_UNITS = frozenset("m mm cm km m2 h min s d a l ml kg g t pa kpa mpa kw w v kv ma hz lx db k m/s l/s km/h "
                          "l/min l/(s·m2) kg/m3 mg/m3 %lel lel ppm".split())
# Kinds stated by a word rather than a number: a yes/no question about one (保险公司会赔吗) is not answered by
# evidence that never says it either.
WORDED_KINDS = ("brand", "compensation", "medicine")
# Kinds no rule states in any part of a question: a count of past fires or inspections is a statistic, so a question
# that asks one with something else (去年抽查了多少批次？合格率是多少？) asks what the documents cannot say.
RECORDED_KINDS = ("incidents",)
# A question that asks what is not allowed (哪些地方不允许使用液化石油气) is answered by a clause that forbids it
# (严禁使用液化石油气) before one that only names the thing (液化石油气储罐应设置水冷却设施); 不能 is not among the words
# that ask it, as questions also say what follows (到几级就不能烧了).
_ASKS_FORBIDDEN = re.compile(r"不允许|不准|不许|不让|禁止|严禁|不得|不可以")
_FORBIDS = re.compile(r"禁止|严禁|不得|不准|不许|不允许|只允许|不应(?!小于|大于|低于|高于|少于|多于|超过)")
_SPECIFIC = re.compile(r"多少|多久|多长|多大|多高|多远|多宽|几|频次|频率|周期|能不能|可以吗|能否|是否|吗[？?]?$")


@dataclass
class Candidate:
    row: dict
    text: float = 0.0        # BM25 score / the query's best possible score
    entity: float = 0.0      # share of the linked names the clause mentions
    graph: float = 0.0       # 1.0 when reached through REFERENCES from a named or kept clause
    heading: float = 0.0     # text score of its chapter/section headings (or a list's lead-in)
    value: float = 0.0       # 1.0 when it states a quantity and the question asks for one
    kind: float = 0.0        # 1.0 when it states a value of the kind the question asks for (see asked_kinds)
    meaning: float = 0.0     # e5 similarity to the question, 0 (least among candidates) to 1 (see close_call)
    prior: float = 1.0       # authority and jurisdiction of its document
    named: bool = False      # named by number in the question

    @property
    def clause_id(self) -> str:
        return self.row["clause_id"]

    @property
    def score(self) -> float:
        return (self.text + ENTITY_WEIGHT * self.entity + REFERENCE_WEIGHT * self.graph
                + HEADING_WEIGHT * self.heading + VALUE_WEIGHT * self.value + KIND_WEIGHT * self.kind
                + MEANING_WEIGHT * self.meaning) * self.prior


def heading_of(row: dict) -> str:
    """The headings a clause sits under, or the lead-in of the list it belongs to.

    >>> heading_of({"path": ["3 消火栓系统", "3.6 室内消火栓"], "text": "…"})
    '3 消火栓系统 3.6 室内消火栓'
    >>> heading_of({"path": [], "text": "防火门的设置应符合下列规定：防火门关闭后应具有防烟性能。"})
    '防火门的设置应符合下列规定'
    """
    if row.get("path"):
        return " ".join(row["path"])
    lead = list_lead(row)
    return lead if len(lead) <= 40 else ""


def list_lead(row: dict) -> str:
    """The lead-in of the list a clause of a sentence-per-item standard is an item of ("" for other clauses).

    >>> list_lead({"path": [], "text": "下列建筑或场所应设置火灾自动报警系统：歌舞娱乐放映游艺场所；"})
    '下列建筑或场所应设置火灾自动报警系统'
    >>> list_lead({"path": ["第二章"], "text": "下列单位应当…：（一）…"}), list_lead({"path": [], "text": "应保持畅通。"})
    ('', '')
    """
    lead, colon, _ = row["text"].partition("：")
    return lead if colon and not row.get("path") else ""


def asks_value(question: str) -> bool:
    """Whether the question asks for a quantity: a distance, a time, a frequency, an amount.

    >>> asks_value("防火检查的频次有什么要求？"), asks_value("防火卷帘有哪些设置要求？")
    (True, False)
    """
    return bool(_ASKS_VALUE.search(question))


def asked_kinds(question: str) -> tuple[str, ...]:
    """The kind of value a question that asks for one value wants: a time (多久, 多少秒, 几个小时), or one of
    the kinds :func:`unstated_values` knows (a length, a pressure, an amount of money …). A question asking
    for two values of different kinds (容积至少多少，补水时间最长多久), or a value and more, gets none: preferring
    the clause stating the one value would drop the clauses answering the rest. Parts that all ask the same kind
    (多久要测一次？坏了多长时间之内得修好？) ask that kind.

    >>> asked_kinds("喷放前最多能延迟多少秒？"), asked_kinds("有效容积至少多少，补水时间最长多久？"), asked_kinds("有哪些要求？")
    (('time',), (), ())
    >>> asked_kinds("报警器多久要测一次？坏了多长时间之内得修好？"), asked_kinds("能不能用？要隔多远？")
    (('time',), ())

    A question that asks what is not allowed wants a clause that forbids (see :func:`states_kind`):

    >>> asked_kinds("哪些地方不允许使用液化石油气？"), asked_kinds("楼道里能不能停电动车？")
    (('forbidden',), ())
    """
    forbidden = ("forbidden",) if _ASKS_FORBIDDEN.search(question) else ()
    parts = question_parts(question)
    if len(parts) > 1:
        asked = {_value_kinds(part) for part in parts}
        return forbidden + (asked.pop() if len(asked) == 1 else ())
    return forbidden + _value_kinds(question)


def _value_kinds(question: str) -> tuple[str, ...]:
    if len(_ASKS_VALUE.findall(question)) != 1:
        return ()
    kinds = ("time",) if _ASKS_TIME.search(question) else ()
    return kinds + tuple(kind for kind, (asked, _) in _VALUE_KINDS.items() if kind != "brand" and asked.search(question))


def states_kind(kinds: tuple[str, ...], text: str) -> bool:
    """Whether a clause states a value of one of the ``kinds`` (see :func:`asked_kinds`).

    >>> states_kind(("time",), "延迟喷放时间不应大于30s"), states_kind(("time",), "设置间距不应大于3m")
    (True, False)
    >>> states_kind(("forbidden",), "严禁使用液化石油气"), states_kind(("forbidden",), "净宽度不应小于1.8m")
    (True, False)
    """
    return any(states_duration(text) if kind == "time" else _FORBIDS.search(text) if kind == "forbidden"
               else _VALUE_KINDS[kind][1].search(text) for kind in kinds)


def states_quantity(text: str) -> bool:
    """Whether a clause states a quantity (values with units, frequencies, amounts).

    >>> states_quantity("至少每季度进行一次防火检查"), states_quantity("照明供电时间不得少于二十分钟"), states_quantity("应保持畅通")
    (True, True, False)

    Counts and weights are quantities too (气瓶…不得超过3瓶, 4千克以上干粉灭火器):

    >>> states_quantity("存放的气瓶不得超过3瓶"), states_quantity("配备4千克以上干粉灭火器")
    (True, True)
    """
    return bool(_QUANTITY.search(text))


def states_duration(text: str) -> bool:
    """Whether a clause states a time: a duration, a period, a frequency or immediacy (立即, 及时).

    >>> states_duration("至少每季度进行一次防火检查"), states_duration("应在30 s内启动"), states_duration("间距不应大于120 m")
    (True, True, False)
    >>> states_duration("应当自受理申请之日起十个工作日内作出决定")
    True
    """
    return bool(_DURATION.search(text))


def unstated_values(question: str, evidence: str) -> tuple[str, ...]:
    """The kinds of value the question asks for (money, pressure, speed, people, weight, age, years, volume,
    a make, a number of incidents, length) that the evidence states none of.

    >>> unstated_values("应急照明灯的电池能用几年？", "持续供电时间不应少于0.5h"), unstated_values("几年检查一次？", "每年至少检查一次")
    (('years',), ())
    >>> unstated_values("用满几年报废？", "表1 报废年限/a"), unstated_values("几年？", "使用满 9 a 的"), unstated_values("几年？", "见6.5.1 a)")
    ((), (), ('years',))

    >>> unstated_values("检测机构的收费标准是多少？", "检测机构应当出具检测报告。")
    ('money',)
    >>> unstated_values("入廊费和日常维护费怎么收？", "管廊运营单位应当建立维护制度。")
    ('money',)
    >>> unstated_values("消防工程师的年薪一般是多少？", "配备专职安全生产管理人员不少于2人")
    ('money',)
    >>> unstated_values("报名年龄上限几岁？", "年满十八周岁"), unstated_values("能叫十几岁的学徒去灭火吗？", "组织灭火")
    ((), ())
    >>> unstated_values("消防控制室每班几个人？", "每班不应少于2人"), unstated_values("防火门有什么要求？", "")
    ((), ())
    >>> unstated_values("喷头离墙多远？", "备用喷头不应少于总数的1%"), unstated_values("间距多大？", "不应大于30 m")
    (('length',), ())
    >>> unstated_values("两个储罐要隔多远？", "储罐之间的防火间距不应小于相邻较大罐直径的1／2。")
    ()
    >>> unstated_values("家里能存多少升酒精？", "储存易燃易爆危险品，必须执行消防技术标准。"), unstated_values("几升？", "不超过5L")
    (('volume',), ())
    >>> unstated_values("队员一个月能拿多少工资？", "志愿消防队员…所在单位不得降低其工资和福利待遇")
    ('money',)
    >>> unstated_values("队员一个月工资一般多少？", "队员不得少于六人"), unstated_values("工资一般是多高？", "")
    (('money',), ('money',))
    >>> unstated_values("去年一共发生了多少起火灾？", "发生火灾的单位应当…"), unstated_values("几起？", "发生3起火灾事故")
    (('incidents',), ())
    >>> unstated_values("燃气报警器买哪个牌子比较好？", "可燃气体探测器应设置在顶棚。")
    ('brand',)
    >>> unstated_values("保险公司会赔吗？", "鼓励保险公司承保火灾公众责任保险"), unstated_values("要赔吗？", "依法承担赔偿责任")
    (('compensation',), ())
    >>> unstated_values("隧道里小汽车限速一般是多少公里每小时？", "隧道入口前不小于500m处应设置检查站"), unstated_values("隧道长多少公里？", "")
    (('speed',), ())
    >>> unstated_values("报警阈值设成多少%obs/m？", "报警阈值应根据背景烟雾水平设定"), unstated_values("多少MPa？", "0.10兆帕")
    (('unit',), ())
    """
    kinds = tuple(kind for kind, (asked, stated) in _VALUE_KINDS.items()
                  if asked.search(question) and not stated.search(evidence))
    unit = _ASKED_UNIT.search(question)
    if unit and unit[1].lower() not in _COMMON_UNITS and unit[1].lower() not in evidence.lower():
        kinds += ("unit",)
    return kinds


def is_broad(question: str) -> bool:
    """Whether the question, or one of its parts, asks for a list of provisions rather than one value
    or yes/no: 商场营业厅的防火分区最大能做多大？有哪些规定？ asks for the value and the list.

    >>> is_broad("防火卷帘有哪些设置要求？"), is_broad("消防水泵多久要启动？")
    (True, False)
    >>> is_broad("营业厅的防火分区最大能做多大？有哪些规定？"), is_broad("哪些部位要设？每层设几个？")
    (True, True)
    >>> is_broad("物业还要做什么？"), is_broad("交界处要做什么分隔？")
    (True, False)
    >>> is_broad("对单位和工人分别是怎么要求的？"), is_broad("两种许可证分别由哪个部门定？")
    (True, False)
    >>> is_broad("灭火器该怎么选、怎么配、怎么放？"), is_broad("灭火器该怎么选？")
    (True, False)
    >>> is_broad("报警后要联动干些什么？"), is_broad("报警后要联动干啥？")
    (True, True)
    """
    return any(bool(_BROAD.search(part)) and not _SPECIFIC.search(part) for part in [question, *question_parts(question)])


def close_call(candidates) -> bool:
    """Whether the best two candidates not named by number score alike (the runner-up at least
    :data:`CLOSE_CALL` of the best), so that their words alone do not decide between them.

    >>> close_call([Candidate({"clause_id": "a"}, 0.50), Candidate({"clause_id": "b"}, 0.45)])
    True
    >>> close_call([Candidate({"clause_id": "a"}, 0.50), Candidate({"clause_id": "b"}, 0.30)]), close_call([])
    (False, False)
    """
    top = sorted((c.score for c in candidates if not c.named), reverse=True)[:2]
    return len(top) == 2 and top[0] > 0 and top[1] >= CLOSE_CALL * top[0]


def keep_best(candidates: list[Candidate], broad: bool) -> list[Candidate]:
    """The best candidates: those within the keep ratio of the best one, up to the shape's limit.

    >>> ranked = [Candidate({"clause_id": c}, text=t) for c, t in [("a", 0.5), ("b", 0.45), ("c", 0.2)]]
    >>> [c.clause_id for c in keep_best(ranked, broad=False)]
    ['a', 'b']
    """
    ratio, limit = KEEP_BROAD if broad else KEEP_SPECIFIC
    ranked = sorted(candidates, key=lambda c: -c.score)
    if not ranked or ranked[0].score <= 0:
        return []
    best = ranked[0].score
    return [c for c in ranked[:limit] if c.score >= ratio * best]


def complementary(kept: list[Candidate], asked: set[str], words) -> list[Candidate]:
    """The best candidate, and each further one that matches a word of the question that the ones
    before it do not: a question asking for one value or a yes/no cites a second clause only when it
    answers another part of the question (宽度和净空高度), not when it restates the same words.
    ``words(candidate)`` gives a candidate's words, ``asked`` the question's.

    >>> rows = [Candidate({"clause_id": c}) for c in ("a", "b", "c")]
    >>> text = {"a": {"消防车道", "宽度"}, "b": {"消防车道", "宽度", "转弯"}, "c": {"消防车道", "净空高度"}}
    >>> [c.clause_id for c in complementary(rows, {"消防车道", "宽度", "净空高度"}, lambda c: text[c.clause_id])]
    ['a', 'c']
    """
    chosen, covered = [], set()
    for candidate in kept:
        matched = asked & words(candidate)
        if not chosen or matched - covered:
            chosen.append(candidate)
            covered |= matched
    return chosen


def stating_asked_values(kept: list[Candidate], chosen: list[Candidate], question: str) -> list[Candidate]:
    """Of the ``kept`` candidates that :func:`complementary` left out, each first one that states the kind of value
    a part of the question asks for (a length, a time …) when no chosen one states it: 离外墙至少多远？充电一次最长能充多久？
    is answered by a clause stating the distance and another stating the time, though the second repeats the first's
    words.

    >>> rows = [Candidate({"clause_id": c, "text": t}) for c, t in [("a", "车棚与外墙的距离不小于3米"), ("b", "单次充电时间不超过6小时")]]
    >>> [c.clause_id for c in stating_asked_values(rows, rows[:1], "离外墙至少多远？充电最长能充多久？")]
    ['b']
    >>> stating_asked_values(rows, rows[:1], "离外墙至少多远？")
    []
    """
    parts = question_parts(question)
    found: list[Candidate] = []
    if len(parts) < 2:
        return found
    for part in parts:
        kinds = _value_kinds(part)
        if not kinds or any(states_kind(kinds, c.row["text"]) for c in chosen + found):
            continue
        found += [c for c in kept if c not in chosen and c not in found and states_kind(kinds, c.row["text"])][:1]
    return found


def scaled(similarities: dict[str, float]) -> dict[str, float]:
    """Similarities stretched over their own range: 0 for the least, 1 for the most similar.

    >>> scaled({"a": 0.90, "b": 0.85, "c": 0.80})
    {'a': 1.0, 'b': 0.5, 'c': 0.0}
    """
    low, high = min(similarities.values(), default=0.0), max(similarities.values(), default=0.0)
    if high <= low:
        return {key: 0.0 for key in similarities}
    return {key: round((value - low) / (high - low), 6) for key, value in similarities.items()}


def best_per_document(candidates: list[Candidate], doc_ids: list[str]) -> list[Candidate]:
    """The best candidate of each named document (39号令和建规分别怎么说).

    >>> rows = [Candidate({"clause_id": "a#1", "doc_id": "a"}, 0.3), Candidate({"clause_id": "b#1", "doc_id": "b"}, 0.2)]
    >>> [c.clause_id for c in best_per_document(rows, ["a", "b"])]
    ['a#1', 'b#1']
    """
    chosen = []
    for doc_id in doc_ids:
        own = [c for c in candidates if c.row["doc_id"] == doc_id and c.score > 0]
        if own:
            chosen.append(max(own, key=lambda c: c.score))
    return chosen
