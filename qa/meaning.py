"""What a question asks a term to mean, which clauses define which terms, and what a document says it does not cover.

A standard defines its terms one per clause (高架仓库：货架高度大于7m…的货架仓库。) and a law in an article of
definitions (人员密集场所，是指…); a question asks for one in many forms (什么是X, X是指什么, X这个概念怎么界定,
X和Y有什么区别, “X”“Y”分别是怎么界定的). :class:`qa.retriever.ClauseRetriever` cites the defining clauses of the terms a
question asks about; the engine does not count the words for a meaning (:data:`MEANING_WORDS`) as topic words the
evidence must hold once they are cited.
"""
from __future__ import annotations

import re

# A standard's term definition (高架仓库：货架高度大于7m…的货架仓库。): it says what a word means, not what to do,
# so like the 总则 it answers only a question that asks what something is.
_DEFINITION = re.compile(r"^(?!.*(?:应|不得|严禁|必须|宜|禁止|可以))[\u4e00-\u9fff（）()A-Za-z0-9／/、]{2,14}[：:]", re.S)
# A GB/T 1.1 standard's term entry, the term and its English equivalent before the definition (试验烟 test smoke
# 由发烟器释放…的可控气溶胶。): the English names the term whatever words the definition uses (响应时间 holds 应).
_TERM_ENTRY = re.compile(r"^([\u4e00-\u9fff（）()／/]{2,14})\s+[A-Za-z][A-Za-z0-9 ,'()/-]*?\s+(?=[\u4e00-\u9fff])")
# A law's definition (人员密集场所，是指…; 本条例所称燃气，是指…) names its term before 是指.
_DEFINED = re.compile(r"(?:^|[：:\n。；）])\s*(?:（[一二三四五六七八九十]+）)?(?:(?:本(?:法|条例|规定|办法)所(?:称|规定)的?)?"
                      r"([\u4e00-\u9fff、“”（）]{2,20}?)，?(?:是指|系指)|本(?:法|条例|规定|办法|规范)所称的?"
                      r"([\u4e00-\u9fff、“”（）]{2,20}?)，?包括)")
# What a document says it does not cover, to the end of the list that follows (下列场所和经营活动不适用本办法…：
# （一）…；（二）利用机动车改装…的流动餐车；…。, 不适用于下列场所：1. …；2. …。) or of the sentence (本文件不适用于…
# 推车式灭火器和简易式灭火器).
_EXCLUDED = re.compile(r"不适用(?:于|本)[^。；：:\n]{0,40}[：:][^。]*|不适用于[^。；\n]*"
                       # or what comes before 不适用本办法 in its sentence (…医疗机构的太平间以及宠物殡葬和宠物火化场所，
                       # 不适用本办法。)
                       r"|(?:^|(?<=[。；;\n]))[^。；;：:\n]{2,80}?[，,]?(?:均|也)?不适用本(?:办法|规定|条例|规范|标准|文件|细则)"
                       r"(?=[。；;]|$)")
_LIST_NUMBER = re.compile(r"^\d{1,2}[.．、)）]?\s*")     # 1 锂离子电池电芯…, 2. …: a list's item number
# An activity a list's items share (天然气、液化石油气的生产和进口): the text may leave out that activity only, not the
# things, which it covers elsewhere (see excluded_items).
_ACTIVITY = (r"(?:、[^、，,。；;]{1,12}?)*的(?:生产|进口|出口|经营|运输|使用|储存|销售|输送|设计|施工|建设)"
             r"(?=[和及与、，,。；;]|活动|$)")
_NOT_ITEM = re.compile(r"^(?:不适用|下列|其)|依照|按照|执行")   # the lead-in and what the sentence says instead
_PARENTHESISED = re.compile(r"（[^（）]*）|\([^()]*\)")       # 花炮厂房（仓库）, （二）: not items of their own
_ITEM_SEPARATORS = re.compile(r"[。、，,：:；;]|和|及|与|或者?|以及|不适用于")
# A name the text gives the things it lists, and calls them by from then on (档案库房、书库（以下统称库房）), with
# the list before it back to the start of its phrase or to what introduces it (本规范适用于…).
_COLLECTIVE = re.compile(r"([^，,。；;：:\n（）()]{2,60})"
                         r"[（(]以下(?:统称|合称)为?[“\"「]?([\u4e00-\u9fff]{2,12})[”\"」]?[）)]")
_LIST_SEPARATORS = re.compile(r"、|和(?!国)|及|与|或者?|以及")     # not the 和 of 共和国
# what a scope says of the things it lists (新建、改建、扩建和既有酒店), not things of their own
_QUALIFIER = re.compile("新建|改建|扩建|改造|既有|现有|在建")
COLLECTIVE_ITEM_CHARS = 8
_INTRODUCED = re.compile("适用于|包括|是指|从事")
# What asks a term's meaning right after the term (X是什么); unlike intents' looser definition cue, it is only
# read next to a term some clause defines, and 是什么 / 是啥 only where the sentence ends (是什么时候, 是什么材料
# ask something else).
_SENTENCE_END = r"(?=[？?，,。；;！!\s]|$)"
# X是怎么算出来的 / 怎么界定 of a defined term (耐火极限) asks for its definition too
_WORKED_OUT = rf"(?:是)?(?:怎么|如何)(?:算|计算|界定|认定)(?:出来)?的?{_SENTENCE_END}"
# The words for a term's meaning (X的概念是什么, X这个说法是什么意思). No document uses them, so the engine does not
# count them as topic words the evidence must hold once clauses defining the term are kept
# (:attr:`qa.retriever.Retrieved.defined`).
MEANING_WORDS = ("定义", "概念", "界定", "含义", "释义", "意思", "说法", "提法", "术语", "用语", "名词", "词语")
# X这个概念 / 这个词 / 这一术语 between a term and what asks its meaning
_THIS_TERM = r"(?:这个|这一|这种|该)(?:概念|词语?|用语|术语|名词|说法|提法)"
# what a term covers: a law's definition lists it (人员密集场所，是指公众聚集场所，医院的门诊楼…)
_COVERS = rf"(?:都|具体|主要)?(?:包括|包含|涵盖|指)(?:哪些|什么|哪几[类种个天])(?:地方|场所|单位|建筑|设施|东西|天|日子)?{_SENTENCE_END}"
_MEANING_ASKED = (rf"(?:指的是|是指|指什么|的(?:定义|含义|概念|意思)|是怎么定义|怎么定义|{_WORKED_OUT}|{_COVERS}"
                  rf"|(?:是什么|是啥)(?:意思|东西|概念)?{_SENTENCE_END})")
# X和Y有什么区别, X跟Y相比多了什么: the difference of two terms is in their definitions.
# X和Y分别是什么意思, “X”“Y”“Z”分别是怎么界定的: what each of two or more terms means.
_EACH_MEANING = rf"[，,\s]*(?:分别|各自|各|都|到底|究竟|具体)?{_MEANING_ASKED}"
_DIFFERENCE = r"(?:之间)?(?:有什么|有啥|有哪些|的)?(?:区别|不同|差别|差异)"
_COMPARED = rf"[，,\s]*(?:和|与|跟|同)[^，,。？?；;！!]{{1,20}}?(?:{_DIFFERENCE}|相比|比起来|比较)"
# What comes before and after a term in the ways :func:`asks_meaning` reads (什么是X, X是指什么, X和Y有什么区别,
# X和Y分别是什么意思); the text before a term is searched up to it (``endpos``).
_QUOTE_CLOSE = r"[”\"」]?"
_ASKED_BEFORE = re.compile(r"(?:什么是|什么叫|何为|何谓)[“\"「]?\Z")
_CALLED_BEFORE = re.compile(r"(?:说|讲|叫|称|所谓)的\Z")
_NAMED_AFTER = re.compile(_QUOTE_CLOSE + _SENTENCE_END)
_MEANING_AFTER = re.compile(rf"{_QUOTE_CLOSE}[，,\s]*(?:{_THIS_TERM})?[，,\s]*(?:到底|究竟|具体)?{_MEANING_ASKED}")
_COMPARED_AFTER = re.compile(_QUOTE_CLOSE + _COMPARED)
_NOUN_OF_BEFORE = re.compile(r"[\u4e00-\u9fff]的\Z")      # 高层的防火墙和多层的…: one 防火墙 against another
_JOINED_BEFORE = re.compile(r"[和与跟同][“\"「]?\Z")
_DIFFERENCE_AFTER = re.compile(_QUOTE_CLOSE + _DIFFERENCE)
# one term joined to the next: 闪点和爆炸下限, “闪点”和“爆炸下限”, “高架仓库”“半地下室”
_JOIN = r"(?:[”\"」](?:[和与及、][“\"「]?|[“\"「])|[和与及、][“\"「]?)"
_PAIR_AFTER = re.compile(rf"(?:{_JOIN}[\u4e00-\u9fff]{{2,10}})+{_QUOTE_CLOSE}{_EACH_MEANING}")
_LISTED_BEFORE = re.compile(rf"{_JOIN}\Z")
_EACH_AFTER = re.compile(_QUOTE_CLOSE + _EACH_MEANING)


def is_definition(text: str) -> bool:
    """Whether a clause defines a term (a standard's 术语), stating no rule.

    >>> is_definition("高架仓库：货架高度大于7m且采用机械化操作或自动化控制的货架仓库。")
    True
    >>> is_definition("下列建筑应设置消防电梯：建筑高度大于33m的住宅建筑；"), is_definition("员工宿舍严禁设置在仓库内。")
    (False, False)
    >>> is_definition("响应时间 response time 从开始施加试验烟到探测器报警确认灯点亮所经历的时间。")
    True
    """
    return _DEFINITION.match(text) is not None or _TERM_ENTRY.match(text) is not None


def defined_terms(text: str) -> list[str]:
    """The terms a clause defines: a standard's term (高架仓库：…) or a law's (…是指…), each also without a
    parenthesised part (避难层（间） → 避难层).

    >>> defined_terms("避难层（间）：建筑内用于人员暂时躲避火灾及其烟气危害的楼层（房间）。")
    ['避难层（间）', '避难层']
    >>> defined_terms("本法下列用语的含义：（一）消防设施，是指火灾自动报警系统…。（二）人员密集场所，是指公众聚集场所…")
    ['消防设施', '人员密集场所']
    >>> defined_terms("本条例所称燃气，是指作为燃料使用并符合一定要求的气体燃料。"), defined_terms("防火门应具有自闭功能。")
    (['燃气'], [])
    >>> defined_terms("本办法所称城市轨道交通，包括地铁、轻轨和有轨电车。"), defined_terms("消防设施包括灭火器。")
    (['城市轨道交通'], [])

    A term's first sentence defines it though a note after it states a rule (such a clause also states that
    rule, so it is not ranked down as a definition, :func:`is_definition`):

    >>> defined_terms("高层建筑：建筑高度大于27m的住宅建筑。建筑高度的计算应符合本规范附录A的规定。")
    ['高层建筑']

    A GB/T 1.1 standard's entry names its term before the English one:

    >>> defined_terms("检查批 inspection lot 为抽样检查而汇集在一起的一组产品。")
    ['检查批']
    """
    terms = [match[1] or match[2] for match in _DEFINED.finditer(text)]
    if not terms and (entry := _TERM_ENTRY.match(text)):
        terms = [entry[1]]
    elif not terms and is_definition(text.split("。", 1)[0]):
        terms = [re.split(r"[：:]", text, maxsplit=1)[0]]
    terms = [term.strip("“”") for term in terms]
    return list(dict.fromkeys(form for term in terms for form in (term, re.sub(r"（[^）]*）", "", term)) if len(form) >= 2))


def asks_meaning(question: str, term: str) -> bool:
    """Whether the question asks what ``term`` means: 什么是X, X是指什么, “X”到底是指…, X是什么 — but not
    Y的X是什么, which asks for Y's X (防火墙的耐火极限是什么).

    >>> asks_meaning("什么是人员密集场所？", "人员密集场所"), asks_meaning("常说的“充实水柱”，到底是指哪一段水柱？", "充实水柱")
    (True, True)
    >>> asks_meaning("耐火极限是什么？", "耐火极限"), asks_meaning("防火墙的耐火极限是什么？", "耐火极限")
    (True, False)
    >>> asks_meaning("人员密集场所要配什么？", "人员密集场所"), asks_meaning("消防设施是什么时候检查的？", "消防设施")
    (False, False)
    >>> asks_meaning("什么是消防设施维护保养？", "消防设施"), asks_meaning("什么是“消防设施”？", "消防设施")
    (False, True)
    >>> asks_meaning("墙的“耐火极限”是怎么算出来的？", "耐火极限"), asks_meaning("防火分区怎么算面积？", "防火分区")
    (True, False)
    >>> [asks_meaning("封闭楼梯间和防烟楼梯间有什么区别？", term) for term in ("封闭楼梯间", "防烟楼梯间")]
    [True, True]
    >>> asks_meaning("图纸上写的“防烟楼梯间”，跟普通楼梯间相比多了什么？", "防烟楼梯间")
    True
    >>> [asks_meaning("说明书上的“闪点”和“爆炸下限”分别是什么意思？", term) for term in ("闪点", "爆炸下限")]
    [True, True]
    >>> [asks_meaning("“高架仓库”“半地下室”“地下室”分别是怎么界定的？", term) for term in ("高架仓库", "地下室")]
    [True, True]
    >>> asks_meaning("高层建筑这个概念怎么界定？", "高层建筑"), asks_meaning("人员密集场所都包括哪些地方？", "人员密集场所")
    (True, True)
    >>> asks_meaning("防火墙的概念是什么？", "防火墙"), asks_meaning("消防控制室包括哪些设备？", "消防控制室")
    (True, False)
    >>> asks_meaning("平时说的祭扫高峰期，具体是指哪些天？", "祭扫高峰期"), asks_meaning("禁火期指哪几天？", "禁火期")
    (True, True)
    >>> asks_meaning("防火墙和防火门分别有什么要求？", "防火墙"), asks_meaning("外墙的防火墙和防火门是什么", "防火墙")
    (False, False)
    >>> asks_meaning("住宅和防烟楼梯间的要求有什么不同？", "防烟楼梯间"), asks_meaning("高层的防火墙和多层的有什么区别", "防火墙")
    (False, False)
    """
    # each form is a check on the text before the term and a pattern after it, both compiled once: a pattern
    # per term cost a few milliseconds to compile on the first question naming it
    for start in (match.start() for match in re.finditer(re.escape(term), question)):
        before = question[start - 1] if start else ""
        # Y的X asks for Y's X (防火墙的耐火极限), not what X is; 说的X is X as people call it (平时说的祭扫高峰期)
        of = before == "的" and not _CALLED_BEFORE.search(question, 0, start)
        allowed = {                       # whether the text before the term allows each form
            _NAMED_AFTER: bool(_ASKED_BEFORE.search(question, 0, start)),
            _MEANING_AFTER: not of,
            _COMPARED_AFTER: not _NOUN_OF_BEFORE.search(question, 0, start),
            _DIFFERENCE_AFTER: bool(_JOINED_BEFORE.search(question, 0, start)),
            _PAIR_AFTER: not of,
            _EACH_AFTER: bool(_LISTED_BEFORE.search(question, 0, start)),
        }
        if any(ok and after.match(question, start + len(term)) for after, ok in allowed.items()):
            return True
    return False


def excluded_items(text: str, said: str | None = None) -> set[str]:
    """The items a text says it does not cover, each without a parenthesis or a closing 等. A thing named only as
    what a left-out activity is of (天然气 of 天然气、液化石油气的生产和进口) is an item where the document says it
    nowhere else (``said``: its text without what it leaves out; not known, it is no item).

    >>> sorted(excluded_items("本文件适用于手提式灭火器。本文件不适用于推车式灭火器和简易式灭火器等。"))
    ['推车式灭火器', '简易式灭火器']
    >>> sorted(excluded_items("下列场所不适用本办法：（一）花炮厂房（仓库）；（二）流动餐车。"))
    ['流动餐车', '花炮厂房']
    >>> sorted(excluded_items("下列场所不适用本规范：\\n1 锂离子电池电芯、模组生产用的干燥房；\\n2 洁净实验室。"))
    ['模组生产用的干燥房', '洁净实验室', '锂离子电池电芯']
    >>> sorted(excluded_items("殡仪馆的消防安全管理适用本办法。医疗机构的太平间以及宠物殡葬场所，不适用本办法。"))
    ['医疗机构的太平间', '宠物殡葬场所']

    Things named only as what an activity is of are not left out themselves:

    >>> sorted(excluded_items("天然气、液化石油气的生产和进口，沼气的使用，不适用本条例。"))
    ['沼气的使用', '液化石油气的生产', '进口']
    >>> sorted(excluded_items("本规范不适用于锂金属电池、钠离子电池的储存。", said="锂离子电池仓库应…"))
    ['钠离子电池的储存', '锂金属电池']
    """
    spans = _PARENTHESISED.sub("", "。".join(_EXCLUDED.findall(text)))
    items = (_LIST_NUMBER.sub("", item) for item in _listed(spans, _ITEM_SEPARATORS))
    return {item for item in items if item and not _NOT_ITEM.search(item)
            and not (re.search(re.escape(item) + _ACTIVITY, spans) and (said is None or item in said))}


def _listed(text: str, separators: re.Pattern) -> list[str]:
    """The items of a list, each without a closing 等 (推车式灭火器和简易式灭火器等)."""
    return [item.strip().removesuffix("等") for item in separators.split(text)]


def without_exclusions(text: str) -> str:
    """The text without what it says it does not cover.

    >>> without_exclusions("本文件适用于手提式灭火器。本文件不适用于推车式灭火器。")
    '本文件适用于手提式灭火器。本文件。'
    """
    return _EXCLUDED.sub("", text)


def collective_names(text: str) -> dict[str, list[str]]:
    """The names a text gives the things it lists, each with those things: the words a question uses for what
    the text calls by that name. A thing is a name of at most :data:`COLLECTIVE_ITEM_CHARS` characters, not a
    description (从事生产经营活动的单位).

    >>> collective_names("档案库房、书库（以下统称库房）应当单独划分防火分区。")
    {'库房': ['档案库房', '书库']}
    >>> collective_names("本规范适用于新建和既有酒店、宾馆（以下统称酒店）。在境内从事生产经营活动的单位（以下统称生产经营单位）")
    {'酒店': ['既有酒店', '宾馆']}
    """
    found: dict[str, list[str]] = {}
    for match in _COLLECTIVE.finditer(text):
        items = [item for item in _listed(_INTRODUCED.split(match[1])[-1], _LIST_SEPARATORS)
                 if 2 <= len(item) <= COLLECTIVE_ITEM_CHARS and "的" not in item
                 and item != match[2] and not _QUALIFIER.fullmatch(item)]
        if items:
            found.setdefault(match[2], []).extend(items)
    return {name: list(dict.fromkeys(items)) for name, items in found.items()}
