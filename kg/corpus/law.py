"""Parse laws and regulations written as Markdown or plain text into articles.

The layout (see ``../shared/corpora/laws``): a ``# title`` line, a promulgation
history, an optional ``<!-- INFO END -->`` marker, 编/章/节 headings (with or
without ``#``), and articles that open with ``第N条`` and may continue over
several paragraphs, with （一） items. A number or heading set in bold (``**第一条** 为了…``, ``**第一章 总则**``,
a common web layout) reads as if it were plain. Some texts give a chapter only its name, on a line of its
own before the chapter's first article (消防职责 with no 第二章): such a short line of Han characters
without punctuation, directly followed by an article or a heading, is a chapter heading too, and so
is the name on the line after a bare 第二章.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from kg.corpus.clauses import ARTICLE_NUMBER, ClauseDraft, build_article
from kg.corpus.metadata import describe_document, title_position
from kg.corpus.model import Clause, Document, DocumentKind
from kg.corpus.text import CHINESE_NUMERAL, chinese_to_int, normalize_text
from kg.errors import CorpusFormatError

logger = logging.getLogger(__name__)

INFO_END = "<!-- INFO END -->"
_HEADING = re.compile(rf"^#*\s*(第({CHINESE_NUMERAL}|\d{{1,2}})(编|分编|章|节))(?:\s+(.{{0,40}}))?$")
_BARE_HEADING = re.compile(r"^#*\s*([\u4e00-\u9fff](?:[\u4e00-\u9fff ]{0,14}[\u4e00-\u9fff])?)$")
ARTICLE_START = re.compile(rf"^(第(?:{CHINESE_NUMERAL}|\d+)条(?:之{CHINESE_NUMERAL})?)(?:\s*[：:．.]\s*|\s+|$)(.*)$")
# An article number run into its text (第一条为了…, 第一条【立法目的】…, 第一条（立法目的）…): taken as the next article
# only when it is the next number, and not when the words after it read as a reference (第十条规定的…, 第十条第二款…,
# 第十条（一）项…).
_RUN_ON_ARTICLE = re.compile(rf"^(第(?:{CHINESE_NUMERAL}|\d+)条)(?![规的所中之第款项及和、，。；])"
                             r"(?![（(][一二三四五六七八九十\d]+[）)])(.+)$")
# An article number written as a Markdown heading (### 第一条), its text in the paragraphs below: the markers are dropped
_ARTICLE_HEADING = re.compile(rf"^#{{1,6}}\s*(?=第(?:{CHINESE_NUMERAL}|\d+)条)")
_ARTICLE_TITLE = re.compile(r"^【[^】]{1,20}】$")
# A Markdown list marker before an article number (- 第一条 …, 1. 第一条 …): the marker is dropped
_LIST_MARKER = re.compile(rf"^\s*(?:[-*+]|\d{{1,3}}[.、)）])\s*(?=(?:\*\*|__)?第(?:{CHINESE_NUMERAL}|\d+)条)")
# An ornament a web editor sets before a chapter or article (▌第一章 总则, ◆第八章 附则): dropped
_ORNAMENT = re.compile(rf"^[\s▌▍▎▐█■□▪◆◇◈●○◎★☆✦✧✪❖▶►▷▸➤※•·]+(?=(?:\*\*|__)?第(?:{CHINESE_NUMERAL}|\d+)[编章节条])")
# Markdown emphasis around what opens a line (**第一条** …, __第二章 职责__): the markers are dropped
_LEADING_EMPHASIS = re.compile(r"^(#*\s*)(\*\*|__|\*|_)([^*_]+?)\2(?=\s|$|[\u4e00-\u9fff（(【])")
# What a law database or a web page prints after a text's last article (【法宝引证码】…, 原文链接：https://…, 打印本页,
# a reposting account's （来源：…）, 编辑：…, 长按识别二维码…): not part of the article
_TRAILER = re.compile(r"^(?:【(?:法宝引证码|法宝联想|引证码|相关资料|法规类别|来源|原文链接)】"
                      r"|[（(]?(?:原文链接|原文地址|信息来源|文章来源|稿件来源|来源|网址|转自)\s*[:：]"
                      r"|(?:责任编辑|编辑|审核|校对|撰稿|供稿)\s*[:：]|.*二维码|(?:阅读原文|点赞|在看|分享|收藏)(?:\s|$)"
                      r"|本篇法规共有|(?:打印本页|关闭窗口|【打印】|【关闭】)\s*$|https?://)")
# The heading of an attachment after the last article: 附件1, 附件：, 附件2：易燃物品目录, 附表1
_ATTACHMENT = re.compile(r"^#*\s*(?:\*\*)?附\s*[件表]\s*[\d一二三四五六七八九十]*\s*(?:[:：].{0,40})?(?:\*\*)?$")
_SPACED = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_LEVELS = {"编": 0, "分编": 1, "章": 2, "节": 3}
EXPECTED_LAW = "a law or regulation: a title line, then articles that each start a line with 第N条 (for example '第一条 为了……')."


@dataclass
class _State:
    path: dict[int, str] = field(default_factory=dict)
    drafts: list[ClauseDraft] = field(default_factory=list)
    last_number: int = 0
    unnamed: int | None = None    # level of the heading just read when it had no name (第二章)


def parse_law_text(text: str, source_path: str, sha256: str, kind: DocumentKind | None = None) -> Document:
    """Parse one law/regulation text into a Document, or raise CorpusFormatError.

    >>> document = parse_law_text("# 示例消防办法\\n\\n第一条 为了预防火灾，制定本办法。\\n\\n第二条 单位应当：\\n（一）配置灭火器；\\n（二）保持通道畅通。", "x.md", "0")
    >>> [(clause.number, clause.number_arabic, len(clause.paragraphs[0].items)) for clause in document.clauses]
    [('第一条', 1, 0), ('第二条', 2, 2)]
    """
    lines = [unmarked(normalize_text(line)) for line in text.split("\n")]
    title, header, body = _split_header(lines, source_path)
    state = _State()
    content = _without_attachments(_without_trailer([line for line in body if line and not line.startswith("<!--")]),
                                   source_path)
    for line, following in zip(content, content[1:] + [""]):
        _consume(line, state, following)
    if not state.drafts:
        raise CorpusFormatError(source_path, "no articles (第N条) were found.", EXPECTED_LAW)
    clauses = [_build(draft, source_path) for draft in state.drafts]
    return describe_document(title, header, clauses, source_path, sha256, kind)


def _split_header(lines: list[str], source_path: str) -> tuple[str, list[str], list[str]]:
    """Title, promulgation-history lines and body lines."""
    content = [line for line in lines if line]
    if not content:
        raise CorpusFormatError(source_path, "contains no text.", EXPECTED_LAW)
    first = content[0].lstrip("#").strip()
    if opens_article(first) or _HEADING.match(first):
        raise CorpusFormatError(source_path, "has no title line before its first article.", EXPECTED_LAW)
    rest = lines[lines.index(content[0]):]
    if INFO_END in rest:
        cut, skip = rest.index(INFO_END), 1
    else:
        cut = next((i for i, line in enumerate(rest) if opens_article(line) or _HEADING.match(line)), len(rest))
        skip = 0
    opening = [line for line in rest[:cut] if line]
    at = title_position(opening)
    return opening[at].lstrip("#").strip(), opening[:at] + opening[at + 1:], rest[cut + skip:]


def _without_trailer(lines: list[str]) -> list[str]:
    """The body without the database or web-page lines printed after its last article.

    >>> _without_trailer(["第九条【施行日期】本办法自2026年1月1日起施行。", "【法宝引证码】FBM-1", "原文链接：https://x.example/1"])
    ['第九条【施行日期】本办法自2026年1月1日起施行。']
    >>> _without_trailer(["第九条 本规定自公布之日起施行。", "（来源：某省人民政府网站）", "编辑：甲 审核：乙", "长按识别二维码 关注"])
    ['第九条 本规定自公布之日起施行。']
    """
    end = len(lines)
    while end and _TRAILER.match(lines[end - 1]):
        end -= 1
    return lines[:end]


def _without_attachments(lines: list[str], source_path: str) -> list[str]:
    """The body up to the attachments printed after the last article (附件1 and a form or a list): they are not part
    of an article. A line 附件1 (附件：, 附件2：…目录, 附表1) counts once an article has been read.

    >>> _without_attachments(["第九条 本办法自公布之日起施行。", "附件1", "检查记录表", "灭火器\t是否完好"], "x.txt")
    ['第九条 本办法自公布之日起施行。']
    """
    started = False
    for index, line in enumerate(lines):
        if started and _ATTACHMENT.match(line):
            logger.info("%s: the %d lines from %r on are attachments, not articles; left out.", source_path,
                        len(lines) - index, line)
            return lines[:index]
        started = started or opens_article(line)
    return lines


def _consume(line: str, state: _State, following: str = "") -> None:
    heading = _HEADING.match(line)
    if heading:
        level = _LEVELS[heading.group(3)]
        state.path = {depth: name for depth, name in state.path.items() if depth < level}
        state.path[level] = " ".join(part for part in (heading.group(1), unspaced(heading.group(4) or "")) if part)
        state.unnamed = None if heading.group(4) else level
        return
    unnamed, state.unnamed = state.unnamed, None
    if _is_bare_heading(line, following):
        name = _BARE_HEADING.match(line).group(1).replace(" ", "")
        if unnamed is not None:
            state.path[unnamed] += f" {name}"
        else:
            state.path = {depth: text for depth, text in state.path.items() if depth < _LEVELS["章"]}
            state.path[_LEVELS["章"]] = name
        return
    article = ARTICLE_START.match(line) or _run_on_article(line, state)
    if article and _is_next_article(article.group(1), state):
        state.drafts.append(ClauseDraft(article.group(1), [article.group(2)] if article.group(2) else [],
                                   [state.path[depth] for depth in sorted(state.path)]))
        return
    if not state.drafts:
        return
    lines = state.drafts[-1].lines
    if len(lines) == 1 and _ARTICLE_TITLE.match(lines[0]):
        lines[0] += line.lstrip("#").strip()      # the article's title (### 第二条 【用电】) opens its first 款
    else:
        lines.append(line.lstrip("#").strip())


def _is_bare_heading(line: str, following: str) -> bool:
    """A chapter name on a line of its own: short Han text without punctuation, followed by an article.

    >>> _is_bare_heading("消防职责", "第九条 县级以上人民政府……"), _is_bare_heading("消防职责", "单位应当……")
    (True, False)
    >>> _is_bare_heading("应当配置灭火器。", "第九条 …"), _is_bare_heading("第八条", "第九条 …")
    (False, False)
    >>> _is_bare_heading("第八条单位应当配置灭火器", "第九条 …")    # an article run into its text
    False
    """
    if not _BARE_HEADING.match(line) or opens_article(line) or _HEADING.match(line):
        return False
    return opens_article(following) or bool(_HEADING.match(following))


def _run_on_article(line: str, state: _State) -> re.Match | None:
    """第N条 run into its text, when N is the article after the last one.

    >>> _run_on_article("第一条【立法目的】为了预防火灾，制定本条例。", _State()).group(2)
    '【立法目的】为了预防火灾，制定本条例。'
    >>> _run_on_article("第一条（立法目的）为了预防火灾，制定本条例。", _State()).group(2)
    '（立法目的）为了预防火灾，制定本条例。'
    >>> _run_on_article("第一条规定的单位应当……", _State()), _run_on_article("第九条为了……", _State())
    (None, None)
    >>> _run_on_article("第一条（一）项规定的单位", _State())
    """
    run_on = _RUN_ON_ARTICLE.match(line)
    if run_on and chinese_to_int(ARTICLE_NUMBER.match(run_on.group(1)).group(1)) == state.last_number + 1:
        return run_on
    return None


def unspaced(name: str) -> str:
    """A chapter's name without the spaces that set its characters apart (第六章　法　律　责　任).

    >>> unspaced("法 律 责 任"), unspaced("总　　则"), unspaced("GB 50016 的适用")
    ('法律责任', '总则', 'GB 50016 的适用')
    """
    return _SPACED.sub("", name)


def unmarked(line: str) -> str:
    """The line without the Markdown emphasis around its opening words, spaced from the rest, and without the
    heading markers of an article number written as a heading.

    >>> unmarked("**第一条** 为了预防火灾"), unmarked("## **第一章 总则**"), unmarked("**第二条**单位应当")
    ('第一条 为了预防火灾', '## 第一章 总则', '第二条 单位应当')
    >>> unmarked("应当配置**灭火器**。"), unmarked("### 第一条"), unmarked("### **第二条** 【适用范围】")
    ('应当配置**灭火器**。', '第一条', '第二条 【适用范围】')
    >>> unmarked("- 第一条 为了预防火灾"), unmarked("2. **第二条** 单位应当"), unmarked("1. 配置灭火器")
    ('第一条 为了预防火灾', '第二条 单位应当', '1. 配置灭火器')
    >>> unmarked("▌第一章 总则"), unmarked("◆ 第八章 附则"), unmarked("★本办法自公布之日起施行。")
    ('第一章 总则', '第八章 附则', '★本办法自公布之日起施行。')
    """
    line = _LIST_MARKER.sub("", _ORNAMENT.sub("", line))
    emphasis = _LEADING_EMPHASIS.match(line)
    if emphasis:
        line = f"{emphasis[1]}{emphasis[3].strip()} {line[emphasis.end():].strip()}".strip()
    return _ARTICLE_HEADING.sub("", line)


def opens_article(line: str) -> bool:
    """Whether a line opens an article, spaced (第一条 为了…) or run on (第一条【立法目的】为了…).

    >>> opens_article("第一条 为了预防火灾"), opens_article("第一条【立法目的】为了"), opens_article("第十条规定的")
    (True, True, False)
    """
    return bool(ARTICLE_START.match(line) or _RUN_ON_ARTICLE.match(line))


def _is_next_article(number: str, state: _State) -> bool:
    """A line opening with 第N条 starts an article only when N moves forward.

    This keeps a paragraph such as '第十条规定的……' inside the article it belongs to.
    """
    arabic = chinese_to_int(ARTICLE_NUMBER.match(number).group(1))
    if arabic < state.last_number or (arabic == state.last_number and "之" not in number):
        return False
    state.last_number = arabic
    return True


def _build(draft: ClauseDraft, source_path: str) -> Clause:
    if not draft.lines:
        raise CorpusFormatError(source_path, f"article {draft.number} has no text.", EXPECTED_LAW)
    return build_article(draft.number, draft.lines, draft.path)
