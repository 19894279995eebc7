"""Does the evidence cover what the question asks about?

Ranking always finds *some* clause that shares words with a fire-safety question, so before
answering, the engine looks at the question's topic words: its words once the linked names,
the places the loaded regulations cover and the question's phrasing (什么, 多少, 几层, 能不能…)
are taken out (谁来管 and 由谁负责 only ask for the party). A question is refused when

- a topic word appears in no loaded document at all (报名费, 理赔, 七氟丙烷) and the evidence
  covers less than :data:`MIN_TOPIC_SHARE` of its topic words, where a word no document uses
  weighs :data:`UNKNOWN_WEIGHT` times as much as one the evidence merely lacks (消防员 + 休假:
  the documents know firefighters, not their leave); or
- an unknown word directly modifies a linked name (细水雾 + 灭火系统): it asks about a kind of
  thing the documents do not describe (an unknown verb there, 加装 + 喷头, is only what is done to
  it: documents say 增设); or
- the attribute the question's quantity word asks for is a word no loaded document uses (工资标准 in
  队员的工资标准是多少) and the evidence states no value of the kind asked for (any quantity; a time for
  多久): the documents know the thing, not that attribute of it. An attribute the documents use
  elsewhere (更换) is left to the share above: its absence from the evidence may be a ranking miss; or
- the question asks how long or how often (多久, 每隔几年…一次) and the evidence states no time at
  all (喷头多少年需要全部更换 answered from a clause on spare sprinklers) — in a question of several parts,
  only when each part asks one; or
- the question asks for a price or pay, a pressure, a speed, a head count, a weight, an age, a number of
  years, a volume, a make (哪个牌子) or a length and the evidence states none (消防电梯能载多少人 answered from a clause on
  where lifts go) — in a question of several parts, only when each part asks for such a value; or
- the evidence covers none of the topic words, and two or more of them come after the linked name
  (灭火器 + 品牌 + 质量 answered with where extinguishers go); words before it set the scene (商场的…); or
- the evidence covers one at most of :data:`SPARSE_WORDS` or more topic words.

A topic word counts as covered when it, the document term for it (:data:`qa.domain.SYNONYMS`,
:data:`qa.domain.COVERED_BY`), or what it names without an everyday suffix (池子 → 池, 酒厂 → 酒, 养老院 → 养老:
:func:`stem`) occurs in the evidence. Locatives and place words (下面, 旁边, 路边, 门口) are not topic words: they
ask where, and documents say 下方, 附近, 道路沿线.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from jieba import posseg

from qa.domain import COVERED_BY, SYNONYMS, blank_out
from qa.intents import question_parts
from qa.meaning import defined_terms
from qa.ranking import RECORDED_KINDS, states_duration, states_quantity, unstated_values

# a number and its measure word before a name (一道防火门, 两台水泵) count the thing; they do not say what kind it is
_COUNTED = re.compile(r"[一二两三四五六七八九十几每某这那该][个只台道扇座栋间处条根把块张套组具部辆名位层]")
MIN_TOPIC_SHARE = 0.4         # at 0.5 the held-out sets refused 24 answerable questions and answered 11 must-refuse ones
ABBREVIATION_GAP = 2          # characters allowed between those of a contraction (设障 ← 设置障碍物)
SPARSE_WORDS = 6              # topic words from which evidence holding only one of them misses the question
UNKNOWN_WEIGHT = 2.0          # a word in no loaded document says more about the topic than one the evidence lacks
# How questions are asked and what kind of answer they want (the intent cues), not what they ask
# about; written by the team.
PHRASING = frozenset("""
什么 怎么 怎样 如何 为什么 是否 能否 可以 可不可以 能不能 会不会 是不是 有没有 应该 应当 需要 必须 允许 要求 规定
有关 相关 合适 一样 一致 分别 具体 主要 一般 大概 至少 请问 一下 帮我 我查 查一下 的话 时候 说法 情况 方面 问题
注意 讲究 打算 什么样 时间 内容 有人 后续 好坏 出面 意思 原文 条文 条款 法规 文件 关于 因为 所以 如果 或者 还是 东西 事情 地方 怎么办 处理 做法 各有 各自
不能 不够 不行 不准 不许 不让 不该
引用 提到 依据 对应 参照 本身 平时 哪些 哪个 哪里 哪条 哪部 多少 多久 多长 多大 多高 多远 多宽 多长时间
处罚 罚款 后果 法律责任 法律后果 追究 强制 强制性 设备 设施 文档
尺寸 长宽 宽窄 高低 大小 幅度 范围 数值 标准值 上限 下限 限制 限定 规矩 满足
任何 所有 其他 各种 一些 有些 某些 每个 开始 程度 大面积
这种 那种 这个 那个 这些 那些 这样 那样 这么 那么 大家 我们 他们 她们 别人 自己 自家 本人 咱们 人家 我家 你家 他家 咱家
出去 出来 进去 进来 起来 下去 下来 上去 上来 过去 过来 回去 回来
按规定 按要求 按照规定 依照规定 根据规定 照规定 百分之 百分比
公斤 千克 公里 千米 平方米 平米 立方米 公升 毫米 厘米 怎么样 其中 一点 一半
一共 总共 自身 用来 拿来 专门 同时 位置 条件
硬性 同一 同一个 双方 不算
""".split())
# 几层, 多高, 装多高, 哪条, 最多罚, 没装, 能堆, 能多放, 想开 (想开一家店), 一栋, 一家, 一场, 每分钟, 每平方米, 开个 (开个小店),
# 那栋, 这种, a number (一百二十, 一个四十 from 一个四十来平方米), the yes-or-no form (需不需要, 用不用, 算不算)
# and segmentation fragments around function characters (期是, 是从, 压会).
_PHRASING = re.compile(r"^(?:好?几.{0,2}|第几.{0,2}|[\u4e00-\u9fff]?多[少久长大高远宽重厚].*|哪.*|最[多少长短大小高低好远近宽窄早晚快慢深厚重轻].*|没(?!收).+"
                       r"|[能要会该想]多?[\u4e00-\u9fff]"
                       r"|[一二两三四五六七八九十百千万每半\d]+几?(?:[个条次层栋台天年月米人元具份件项种座间家位名户辆张部只批扇根套组支块所处起岁片桶瓶罐箱袋包盒壶吨斤周场排圈面道架]"
                       r"|分钟|小时|秒钟?|季度|星期|平方米?|平米|立方米?|公里|千米|厘米|毫米|公斤|千克|公升|升|度)|[\u4e00-\u9fff]个|[零〇一二两三四五六七八九十百千万]+"
                       r"|[这那每各该某][个条次层栋台座间家位名户辆张部只批扇根套组支块所处种样道面]"
                       r"|(?=.*[一二两三四五六七八九十])[零〇一二两三四五六七八九十百千万个来余多几]+"
                       r"|[\u4e00-\u9fff][是会了着过吗呢吧]|[是被把的][\u4e00-\u9fff]|(.)[不没]\1.*|.*谁.*)$")
_GLUE = set("时的地得在和或及与把被对从向于为以之其而则即就都也还又所")
# Segmentation fragments of two characters: a function character glued before a word (或配 from 或配专职),
# or a place, modal or locative character glued after one (楼里, 上能 from 门窗上能装, 开在 from 开在楼里).
_GLUE_BEFORE = _GLUE
# Characters that make a place of the word before them (交界处, 楼梯间里, 商业楼): 交界处 asks about what documents
# call 交界.
_PLACE_SUFFIX = "处里边旁楼"
_NEGATION = "不没未"          # glued before a word by segmentation (不抹面)
_INSIDE = "里内上"            # and after one (车库里)
_COUNT = "一二两三四五六七八九十几每这那"   # a count or a pointer glued before what it counts (一层楼)
_MEASURE_WORD = "个层栋座幢间台辆根块把张位名户家"
_GLUE_AFTER = set("里上下中内外能会要该可得取成在")
_MODAL = set("能会要该可")        # ending three characters jieba made up (完人要 from 焊完人要在现场守多久)
# Adverbs that make a modal with 能/会/要 (才能, 只能, 也会), never a noun.
_MODAL_BEFORE = set("才就都也还只不可便又再")
COMMON_WORD_FREQUENCY = 100
# jieba's adverbs and conjunctions; not its time words, which often name the one event a question asks
# about (去年的消防检查) and no document covers
_CIRCUMSTANCE_TAGS = {"d", "c"}
# A verb with a directional complement (租出去, 搬进来): the verb carries the meaning.
_COMPLEMENT = re.compile(r"^(.+?)(?:出去|出来|进去|进来|起来|下去|下来|上去|上来|过去|过来|回去|回来)$")
# A one-character verb with a result or direction (送到, 开进, 撂下): as with a directional complement, the verb
# carries the meaning.
_RESULT = set("到进出完掉走住回过起下")
# A verb with the aspect particle inside (受了伤, 装了个), or with 不/得 and a result (改不了, 装得下): the segmenter
# glued a verb phrase.
_VERB_PHRASE = re.compile(r"^[\u4e00-\u9fff]+了[\u4e00-\u9fff]+$|^[\u4e00-\u9fff][不得][了下完好动起到住掉]$")
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,}")
_DOTTED_CODE = re.compile(r"[A-Za-z]+\d+(?:\.\d+)+")
# Who is responsible or in charge (谁负责, 由谁来管, 归谁管理): asks for the party a clause names, whatever its verb.
_WHO = re.compile(r"[由归]?谁来?(?:负责|管理|监管|承担|管)?")
# Words that ask for an amount, a count or a time; with 多久…一次 the verb between them (or the words after
# 一次) is what is asked about, otherwise the words right before the cue. 多高, 多远, 多大 ask for the
# dimension itself (the words before them name the thing), 什么时候 often for an event (竣工后).
_VALUE_CUE = re.compile(r"多长时间|多久|(?:几|多少)个?(?:天|年|月|日|小时|分钟|周)|多少|几[次个台层米人元]")
# the cues of _VALUE_CUE that ask for a time (qa.ranking tells a question asking for one by more words)
_TIME_CUE = re.compile(r"多长时间|多久|(?:几|多少)个?(?:天|年|月|日|小时|分钟|周)")
_ONCE = "一次"
_PART = re.compile(r"[^？?，,。；;！!、]+")
_ATTRIBUTE_BOUNDARY = set("|的之和与及或")
# every everyday word with the document terms that cover it (see document_terms), built once
_EVERYDAY_TERMS = (*SYNONYMS.items(), *COVERED_BY.items())
# Everyday suffixes that add nothing to what the word before them names (see stem).
_NOUN_SUFFIX = "子"
_FACTORY = "厂"
_KIND_SUFFIXES = set("院室馆店屋板")
_EVERYWHERE = set("电火水气油")
# Nouns that name a measurement: the word before one says what is measured (报废 + 年限, 喷放 + 时间).
MEASURES = frozenset("""
距离 间距 高度 宽度 长度 深度 厚度 半径 直径 面积 容积 体积 时间 时长 期限 年限 周期 频次 频率 次数 数量 人数
压力 流量 温度 坡度 净高 净宽 金额 数额
""".split())


@dataclass(frozen=True)
class Asked:
    """What a quantity word of the question asks about: the attribute's words and whether it is a time."""

    words: tuple[str, ...]
    time: bool = False

    def unanswered(self, evidence: str, question: str = "") -> tuple[str, ...]:
        """The attribute's words the evidence lacks, when it also states no value of the kind asked for.

        >>> Asked(("更换",), time=True).unanswered("1盘长25m的水带"), Asked(("更换",), time=True).unanswered("每年检查一次")
        (('更换',), ())
        """
        if (states_duration if self.time else states_quantity)(evidence):
            return ()
        return tuple(word for word in self.words if not covers(evidence, word, question))


@dataclass(frozen=True)
class TopicCheck:
    words: tuple[str, ...]        # the question's topic words
    uncovered: tuple[str, ...]    # not in the evidence (nor their document terms)
    unknown: tuple[str, ...]      # in no loaded document
    modifiers: tuple[str, ...]    # unknown words right before a linked name
    unasked: tuple[str, ...] = ()  # the asked attribute, in no document, with no value of its kind in the evidence
    untimed: bool = False         # the question asks how long or how often, and the evidence states no time
    unstated: tuple[str, ...] = ()  # kinds of value asked for (money, pressure, …) the evidence states none of
    setting: tuple[str, ...] = ()  # topic words before the first linked name: where, who or when (商场的, 发现)

    @property
    def share(self) -> float:
        """Covered share of the topic words, unknown words weighted :data:`UNKNOWN_WEIGHT`.

        >>> round(TopicCheck(("消防员", "休假"), ("休假",), ("休假",), ()).share, 3)
        0.333
        """
        if not self.words:
            return 1.0
        extra = (UNKNOWN_WEIGHT - 1) * len(self.unknown)
        return 1 - (len(self.uncovered) + extra) / (len(self.words) + extra)

    def refuses(self, described: bool = False) -> bool:
        """Whether the evidence misses what the question asks. ``described``: the question sets out a case at length
        (an inspector's findings), whose many words of setting the evidence need not hold, so the share of its
        words covered is not a test; the other tests are.

        >>> check = TopicCheck(("供桌", "幔帐", "整改"), ("供桌", "整改"), ("供桌",), ())
        >>> check.refuses(), check.refuses(described=True)
        (True, False)
        """
        return bool(self.modifiers) or bool(self.unasked) or self.untimed or bool(self.unstated) or self.missed or \
            (bool(self.unknown) and self.share < MIN_TOPIC_SHARE and not described)

    @property
    def missed(self) -> bool:
        """The evidence holds none of two or more topic words that come after the linked thing: it is about
        the thing, not what is asked of it (灭火器哪个品牌质量好 answered with where extinguishers go). Words
        before the thing set the scene (商场的疏散通道被货物堵了: documents say 人员密集场所, not 商场), so
        they do not count here. Evidence holding one word at most of :data:`SPARSE_WORDS` or more misses the
        question too (学校化学实验室用酒精灯有没有统一的操作规范, answered from 易燃易爆危险品 for 酒精灯)."""
        asked = [word for word in self.words if word not in self.setting]
        if len(asked) >= 2 and len(self.uncovered) == len(self.words):
            return True
        return len(self.words) >= SPARSE_WORDS and len(self.words) - len(self.uncovered) <= 1


def unstated_in_each_part(question: str, evidence: str) -> tuple[str, ...]:
    """The kinds of value the question asks for that the evidence states none of (see
    :func:`qa.ranking.unstated_values`); a question of several parts lacks them only when each of its parts
    asks for a value the evidence does not state: the others may still be answered (检查人员要不要亮证件？最少来几个人？).

    >>> unstated_in_each_part("检查人员要不要亮证件？最少来几个人？", "检查人员必须出示有效的行政执法证件")
    ()
    >>> unstated_in_each_part("消防电梯能载多少人？", "消防电梯应分别设置在不同防火分区内")
    ('people',)

    A statistic is asked by its part alone: no rule states one (:data:`qa.ranking.RECORDED_KINDS`).

    >>> unstated_in_each_part("去年一共抽查了多少批次？合格率是多少？", "每年制定抽查计划")
    ('incidents',)
    """
    unstated = unstated_values(question, evidence)
    in_each = each_part(question, lambda part: bool(unstated_values(part, evidence)))
    return unstated if in_each else tuple(kind for kind in unstated if kind in RECORDED_KINDS)


def each_part(question: str, test: Callable[[str], bool]) -> bool:
    """Whether each part of a question of several parts passes ``test``, or a question of one part does.

    >>> each_part("要不要亮证件？最少来几个人？", lambda part: "几" in part), each_part("最少来几个人？", lambda part: "几" in part)
    (False, True)
    """
    parts = question_parts(question)
    return all(test(part) for part in parts) if len(parts) > 1 else test(question)


def in_dictionary(word: str, tokenizer=None) -> bool:
    """Whether jieba's dictionary lists the word at all; a two-character token it does not list was made
    up by its HMM from characters it could not place (时用 from 火灾时用的, 隔多 and 远设 from 隔多远设).
    Such tokens are fragments, not topic words; the price is that a real two-character term no
    dictionary lists (双洞) is not one either, and the question's other words decide.

    ``tokenizer``: a jieba tokenizer whose own dictionary (jieba's plus the graph's names) is asked
    instead of jieba's default one.

    >>> in_dictionary("喇叭"), in_dictionary("远设")
    (True, False)
    """
    tokenizer = tokenizer if hasattr(tokenizer, "FREQ") else posseg.dt.tokenizer
    tokenizer.check_initialized()
    return word in tokenizer.FREQ


def is_common_word(word: str) -> bool:
    """Whether jieba's dictionary lists the word as more than a rarity.

    >>> is_common_word("体能"), is_common_word("上能")
    (True, False)
    """
    posseg.dt.tokenizer.check_initialized()
    return (posseg.dt.tokenizer.FREQ.get(word) or 0) >= COMMON_WORD_FREQUENCY


@lru_cache(maxsize=65536)
def word_tag(word: str) -> str:
    """jieba's part-of-speech tag when its tagger reads ``word`` as one word, else "".

    >>> word_tag("加装"), word_tag("随便"), word_tag("下面"), word_tag("细水雾")
    ('v', 'd', 'f', '')
    """
    tagged = list(posseg.cut(word))
    return tagged[0].flag if len(tagged) == 1 else ""


def is_verb(word: str) -> bool:
    """A verb (加装): what is done to a thing, not a kind of it."""
    return word_tag(word).startswith("v")


def is_locative(word: str) -> bool:
    """A locative (下面, 旁边) or a place word (路边, 门口, 楼下): where, not what, is asked.

    >>> is_locative("旁边"), is_locative("路边"), is_locative("消火栓")
    (True, True, False)
    """
    return word_tag(word) in ("f", "s")


def is_phrasing(word: str) -> bool:
    """Whether a word belongs to how the question is asked.

    >>> [is_phrasing(w) for w in ["几层", "最多罚", "没装", "没收", "一栋", "栓口"]]
    [True, True, True, False, True, False]
    """
    return word in PHRASING or bool(_PHRASING.match(word))


def document_terms(word: str, context: str = "", stems: bool = True) -> list[str]:
    """The word and the document terms for the everyday words that overlap it in the question, and (with
    ``stems``) the stem of a word that only adds an everyday suffix to it (:func:`stem`).

    ``context`` is the question; an everyday word that straddles the word's edge counts too
    (把门锁上 is segmented 门锁 + 上, yet 锁上 is 锁闭).

    >>> document_terms("建筑工地")
    ['建筑工地', '施工现场']
    >>> document_terms("门锁", "把门锁上吗")
    ['门锁', '锁闭']
    >>> document_terms("池子"), document_terms("服装厂")
    (['池子', '池'], ['服装厂', '服装'])
    """
    terms = [word]
    if stems and (root := stem(word)):
        terms.append(root)
    start = context.find(word) if context else -1
    for everyday, written in _EVERYDAY_TERMS:
        if everyday in word or word in everyday or (start >= 0 and _overlaps(context, everyday, start, start + len(word))):
            terms += written.split()
    return list(dict.fromkeys(terms))


def stem(word: str) -> str:
    """What an everyday word names without its suffix, or "": a noun with the suffix 子 (池子, 罐子, 管子: documents
    say 池, 储罐, 管道), a factory of something (酒厂, 服装厂: documents say the trade, 白酒生产企业, 服装加工), or a
    room, house or board of something named in two characters or more (养老院, 地下室, 保温板).

    A one-character stem of 厂 that every fire document uses (电厂, 水厂) says nothing, so it is no stem.

    >>> [stem(word) for word in ("罐子", "酒厂", "电厂", "养老院", "医院", "孩子")]
    ['罐', '酒', '', '养老', '', '孩']

    A word that segmentation glued a negation or a place to is what it negates or places (不抹面, 车库里).

    >>> [stem(word) for word in ("不抹面", "车库里", "不合", "室内")]
    ['抹面', '车库', '', '']

    A count glued to what it counts (一层楼 of 刷完油漆的那一层楼, 两栋楼) is the thing counted.

    >>> [stem(word) for word in ("一层楼", "两栋楼", "三个人", "一层")]
    ['楼', '楼', '人', '']
    """
    if len(word) >= 3 and word[0] in _COUNT and word[1] in _MEASURE_WORD:
        return word[2:]
    if len(word) == 2 and word[1] == _NOUN_SUFFIX:
        return word[0]
    if 2 <= len(word) <= 4 and word[-1] == _FACTORY and word[:-1] not in _EVERYWHERE:
        return word[:-1]
    if len(word) >= 3 and word[-1] in _KIND_SUFFIXES:
        return word[:-1]
    if len(word) >= 3 and word[0] in _NEGATION:
        return word[1:]
    if len(word) >= 3 and word[-1] in _INSIDE:
        return word[:-1]
    return ""


def abbreviates(word: str, evidence: str) -> bool:
    """Whether a short word is a contraction of words in the evidence: its characters occur there in
    order, each within :data:`ABBREVIATION_GAP` characters of the one before (设障 ← 设置障碍物, 停气 ← 暂停供气);
    a four-character word is two words, each whole there, the second within the gap of the first
    (木工车间 ← 木工加工车间).

    >>> abbreviates("设障", "不得在消防车通道上设置障碍物"), abbreviates("休假", "队员应当休息，不得弄虚作假")
    (True, False)
    >>> abbreviates("木工车间", "涂装车间与木工加工车间之间"), abbreviates("木工车间", "木材加工车间")
    (True, False)
    """
    if not 2 <= len(word) <= 4 or not all("\u4e00" <= char <= "\u9fff" for char in word):
        return False
    parts = [word[:2], word[2:]] if len(word) == 4 else list(word)
    gap = "".join(f"[^。；]{{0,{ABBREVIATION_GAP}}}{re.escape(part)}" for part in parts[1:])
    return re.search(re.escape(parts[0]) + gap, evidence) is not None


def covers(evidence: str, word: str, question: str = "") -> bool:
    """Whether the evidence holds a word of the question: itself, its document term, or as a contraction.

    >>> covers("不得在消防车通道上设置障碍物", "设障"), covers("水带长25 m", "更换")
    (True, False)
    """
    return any(term in evidence for term in document_terms(word, question)) or abbreviates(word, evidence)


def names_subject(word: str, subjects: Sequence[str], question: str = "") -> bool:
    """Whether a word of the question, or its document term, is one of the ``subjects``, also with one character
    glued on by segmentation, or a contraction of one (加油站 ← 加油加气站) — but not a part of one.

    >>> names_subject("地铁站", ["城市轨道交通", "地铁"]), names_subject("加油站", ["加油加气站"])
    (True, True)
    >>> names_subject("设计", ["建筑设计"]), names_subject("自行车", ["电动自行车充电场所"])
    (False, False)
    """
    return any((subject in term and len(term) - len(subject) <= 1)
               or (term[0] == subject[0] and term[-1] == subject[-1] and abbreviates(term, subject))
               for term in document_terms(word, question) for subject in subjects)


def _before_first(question: str, words: Iterable[str], linked: Iterable[str]) -> tuple[str, ...]:
    """The words that first occur before the first linked surface of the question.

    >>> _before_first("商场的疏散通道被货物堵了", ["商场", "货物"], ["疏散通道"])
    ('商场',)
    """
    starts = [question.find(surface) for surface in linked if surface in question]
    if not starts:
        return ()
    first = min(starts)
    return tuple(word for word in words if 0 <= question.find(word) < first)


def _overlaps(context: str, phrase: str, start: int, end: int) -> bool:
    position = context.find(phrase)
    while position >= 0:
        if position < end and position + len(phrase) > start:
            return True
        position = context.find(phrase, position + 1)
    return False


_KINDS_LISTED = re.compile(r"包括([^。；：\n]+?)(?:等|。|；|$)")
_SENTENCE_END = re.compile(r"[。；\n]")     # a term's definition ends with its sentence (or its item of a list)
_LIST_SEPARATORS = re.compile(r"[、，,]|以及|和|及|与|或者|或")


def document_subjects(clauses: Iterable[dict], lists: dict[int, list[str]] | None = None) -> dict[str, list[str]]:
    """What each document's own subject includes, by its own definitions: the kinds a term of its title
    is defined to include (养老机构：…包括养老院、敬老院、老年公寓、护理院等 in a care-home code). Every clause of
    the document speaks of them, so a question's 养老院 is not a word the evidence misses when a clause of
    that code says only 疏散走道. ``lists``: :func:`subject_lists` of the same clauses, where already read.

    >>> rows = [{"doc_id": "d", "doc_title": "养老机构防火规范", "text": "本规范适用于养老机构。"},
    ...         {"doc_id": "d", "doc_title": "养老机构防火规范", "text": "养老机构：为老年人提供照料的机构，包括养老院、敬老院和护理院等。"},
    ...         {"doc_id": "d", "doc_title": "养老机构防火规范", "text": "厨房：包括操作间等。"}]
    >>> document_subjects(rows)["d"]
    ['养老院', '敬老院', '护理院']
    """
    rows = list(clauses)
    subjects: dict[str, list[str]] = {row["doc_id"]: [] for row in rows}
    for index, kinds in (subject_lists(rows) if lists is None else lists).items():
        subjects[rows[index]["doc_id"]] += kinds
    return {doc: list(dict.fromkeys(kinds)) for doc, kinds in subjects.items()}


def subject_lists(clauses: list[dict]) -> dict[int, list[str]]:
    """The clauses (by index) that define a term of their document's title by what it includes, and the kinds each
    lists (see :func:`document_subjects`); what the definition of another term includes is not the subject's.

    >>> subject_lists([{"doc_title": "施工现场消防安全管理办法", "text": "本办法下列用语的含义：（一）施工现场，是指施工作业区；"
    ...                 "（二）临时用房，包括宿舍、食堂等。"}])
    {}
    """
    found: dict[int, list[str]] = {}
    for index, row in enumerate(clauses):
        for term in (term for term in defined_terms(row["text"]) if term in row["doc_title"]):
            definition = _SENTENCE_END.split(row["text"].split(term, 1)[-1], maxsplit=1)[0]
            if listed := _KINDS_LISTED.search(definition):
                found.setdefault(index, []).extend(kind for kind in _LIST_SEPARATORS.split(listed[1]) if len(kind) >= 2)
    return found


class TopicChecker:
    """Checks questions against the words of the loaded documents (clause texts, headings, titles)."""

    def __init__(self, vocabulary: str, tokenizer) -> None:
        self.vocabulary, self.tokenizer = vocabulary, tokenizer
        list(posseg.cut("消防"))   # load jieba's tagger now (about a second), not on the first question

    def known(self, word: str, context: str = "") -> bool:
        """In some loaded document, itself or as its document term; a known word with a function character
        glued to it by segmentation (时余压 from 送风时余压值), made a place by 处/里/边/旁 (交界处) or negated (不设),
        counts as known."""
        # not by its stem: 镜 of 镜子 or 便利 of 便利店 is somewhere in every large vocabulary; the evidence holding
        # the stem (covers) is the test that tells
        if any(term in self.vocabulary for term in document_terms(word, context, stems=False)):
            return True
        if word[0] in _NEGATION and word[1:] in self.vocabulary:     # 不设 of 不设集中焚烧点: what is not done
            return True
        return len(word) >= 3 and ((word[0] in _GLUE and word[1:] in self.vocabulary)
                                   or ((word[-1] in _GLUE or word[-1] in _PLACE_SUFFIX) and word[:-1] in self.vocabulary))

    def circumstance(self, word: str) -> bool:
        """An adverb or conjunction no document uses (随便, 赶紧; 不管): how or on what condition something
        is done, not what is asked about."""
        return word not in self.vocabulary and word_tag(word) in _CIRCUMSTANCE_TAGS

    def fragment(self, word: str) -> bool:
        """A piece of segmentation rather than a word, when no document uses it: a function character
        glued to a character (上能 from 门窗上能装, 楼里, 或配), a verb with a directional or result complement
        (租出去, 送到, 开进), with 了 inside (受了伤) or with 不/得 and a result (改不了), or three characters
        jieba made up around a locative or modal one (楼里装 from 楼里装了) or ending in a modal one (完人要).

        Words the documents use (功能, 地下, 室外) are never fragments, nor is a common word ending in 能
        that is not a modal (体能, 技能; 上能, 就能 are fragments).
        """
        if len(word) == 2 and not in_dictionary(word, self.tokenizer):
            return True
        if word in self.vocabulary:
            return False
        if len(word) == 2 and word[1] in _RESULT and (is_verb(word) or is_verb(word[0])):   # 开到, untagged
            return True
        if _VERB_PHRASE.match(word):
            return True
        if len(word) == 3 and (word[1] in _GLUE_AFTER or word[2] in _MODAL) and not in_dictionary(word, self.tokenizer):
            return True
        if len(word) == 2:
            glued = word[0] in _GLUE_BEFORE or word[1] in _GLUE_AFTER
            return glued and not (word[1] == "能" and word[0] not in _MODAL_BEFORE and is_common_word(word))
        verb = _COMPLEMENT.match(word)
        return bool(verb) and (len(verb[1]) == 1 or verb[1] in self.vocabulary)

    def check(self, question: str, linked: Iterable[str], evidence: str, places: Iterable[str] = (),
              names: Iterable[str] = (), subjects: Sequence[str] = ()) -> TopicCheck:
        """Topic words of ``question`` without the ``linked`` surfaces and the loaded ``places``;
        ``names`` are the linked equipment and hazard surfaces, checked for unknown modifiers; ``subjects``:
        what the evidence's documents are about (their titles' subject, and the kinds of thing they define it to
        include, :func:`document_subjects`), which cover the question's words that are one of them, also with one
        character glued on by segmentation (地铁站, 坐地铁), but not a part of one (设计 of 建筑设计)."""
        linked = [surface for surface in linked if surface]
        text = blank_out(_WHO.sub("|", question), [*linked, *places])
        tokens = self.tokenizer.lcut(text)
        words = tuple(dict.fromkeys(w for w in tokens if _WORD.fullmatch(w) and not is_phrasing(w)
                                    and not self.fragment(w) and not is_locative(w) and not self.circumstance(w)))
        # a one-character noun no document uses is a topic too (狗 in 家里的狗老是咬电线, 舱 in 高压氧舱)
        words += tuple(dict.fromkeys(w for w in tokens if len(w) == 1 and "\u4e00" <= w <= "\u9fff"
                                     and w not in self.vocabulary and word_tag(w) == "n"))
        # and so is a code with a dotted number no document uses (UN38.3): a test or a rule they do not hold
        words += tuple(dict.fromkeys(w for w in tokens if _DOTTED_CODE.fullmatch(w) and w not in self.vocabulary))
        before = self._before_names(question, [n for n in names if n], linked)
        # an unknown word before a name is a kind of it (细水雾灭火系统) unless a verb: then it is what is done
        # to it (加装喷头), and documents say the same with other verbs (增设)
        modifiers = tuple(word for word in before if not is_verb(word))
        uncovered = tuple(w for w in words if not covers(evidence, w, question) and not names_subject(w, subjects, question))
        unknown = tuple(w for w in uncovered if not self.known(w, question) and w not in before)
        asked = self.attribute(question, [*linked, *places])
        unasked = tuple(word for attribute in asked
                        for word in attribute.unanswered(evidence, question) if not self.known(word, question))
        # as with the kinds of value, a question of several parts is untimed only when each part asks for a time
        untimed = not states_duration(evidence) and each_part(question, lambda part: any(
            attribute.time for attribute in (asked if part == question else self.attribute(part, [*linked, *places]))))
        return TopicCheck(words, uncovered, unknown, modifiers, unasked, untimed, unstated_in_each_part(question, evidence),
                          _before_first(question, words, linked))

    def attribute(self, question: str, linked: Iterable[str] = ()) -> list[Asked]:
        """The word a quantity word of the question asks about, the head of the phrase before it
        (工资标准 in 队员的工资标准是多少, 休假 in 每年休假多少天), or with 多久…一次 the word between them or
        after 一次 (更换 in 多久更换一次, 检测 in 多长时间做一次全面检测). A measure noun keeps the word before it,
        which says what is measured (报废 + 年限). A linked name or a place ends the phrase (消防水带多久 asks
        about no attribute of its own).

        >>> from qa.linking import _jieba_tokenizer
        >>> TopicChecker("", _jieba_tokenizer([])).attribute("消防员每年休假多少天？")
        [Asked(words=('休假',), time=True)]
        >>> TopicChecker("", _jieba_tokenizer([])).attribute("维护保养检测多久做一次？")
        [Asked(words=(), time=True)]
        """
        text = blank_out(question, linked)
        found: list[Asked] = []
        for part in _PART.findall(text):
            cue = _VALUE_CUE.search(part)
            if not cue:
                continue
            tokens = self.tokenizer.lcut(part)
            ends = list(accumulate(len(token) for token in tokens))
            at = next(index for index, end in enumerate(ends) if end > cue.start())
            once = next((index for index, token in enumerate(tokens) if index > at and _ONCE in token), None)
            time = bool(_TIME_CUE.fullmatch(cue.group()))
            if time and once is not None:
                run = self._run(tokens[at + 1:once]) or self._run(tokens[once + 1:])
            else:
                run = self._run(tokens[:at][::-1])[::-1]
            if run or (time and once is not None):       # 多久做一次 asks how often, though no word says of what
                found.append(Asked(tuple(run[-2:] if run and run[-1] in MEASURES else run[-1:]), time))
        return found

    def _run(self, tokens: list[str]) -> list[str]:
        """The first run of topic words in ``tokens``; phrasing before it is skipped, a boundary ends it."""
        run: list[str] = []
        for token in tokens:
            if token in _ATTRIBUTE_BOUNDARY or "|" in token:
                break
            if _WORD.fullmatch(token) and not is_phrasing(token) and not self.fragment(token):
                run.append(token)
            elif run:
                break
        return run

    def _before_names(self, question: str, names: list[str], linked: list[str]) -> tuple[str, ...]:
        """Unknown topic words that end right where a linked name starts (细水雾 or 加装 before a name)."""
        starts = {question.find(name) for name in names} - {-1}
        found, position = [], 0
        for word in self.tokenizer.lcut(question):
            position += len(word)
            if position in starts and word not in linked and _WORD.fullmatch(word) and not is_phrasing(word) \
                    and not self.fragment(word) and not self.circumstance(word) and not self.known(word, question) \
                    and not _COUNTED.fullmatch(word):
                found.append(word)
        return tuple(found)
