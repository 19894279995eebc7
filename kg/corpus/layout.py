"""Lines as a page or a fixed width laid them out, turned back into the document's lines.

A PDF's text runs are set on lines by their position (:func:`page_lines`), page numbers, running headers
and a table of contents are dropped (:func:`strip_page_furniture`, :func:`is_contents_line`; a text copied out of a
PDF viewer is cut into its pages first, :func:`text_pages`), and lines that
a page's width or a hard-wrapped text cut inside a paragraph are joined again (:func:`rejoin_wrapped_lines`,
:func:`is_hard_wrapped`). Pure functions of text and positions; :mod:`kg.corpus.readers` opens the files.
"""
from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from kg.corpus.text import CODE_NUMBER

_ARTICLE = r"第[零〇一二三四五六七八九十百千\d]+条"     # an article's number, as a line of one opens
_MIN_WRAPPED_LINES = 12     # fewer lines than this tell nothing about a fixed width
_MIN_CUT_SHARE = 0.1        # lines cut mid-sentence at full width in a hard-wrapped text (none in one written by paragraph)
# a rule flattened into one line (see unflattened)
_FLAT_LINE_CHARS = 500
_FLAT_ARTICLES = 3
_NUMERAL = "[零〇一二两三四五六七八九十百千0-9]+"
_FLAT_ARTICLE = re.compile(rf"(?:^|\s)第{_NUMERAL}条")
_FLAT_OPENING = re.compile(rf"(?:^|\s+)(?=第{_NUMERAL}[章节条](?:之[一二三四五六七八九十]+)?[\s\u3000]|[（(][一二三四五六七八九十]+[)）])")
_FLAT_PARAGRAPH = re.compile(r"([。；！？])\s+(?=\S)")
_MAX_SPANNING_SHARE = 0.2  # a page's column gutter is crossed by at most this share of its lines (header, title)
_MIN_COLUMN_LINES = 6      # and each column holds at least this many full lines
_MIN_GUTTER = 1.5          # and the gap between the columns is at least this many characters wide (most lines')
_EDGE_GAP = 1.5            # a page's first or last line this many line spacings from the next is its header or foot
_INDENT = 2                # a paragraph's first line is set in by two characters
_OPENS_PARAGRAPH = re.compile(rf"^(?:\s|[（(][一二三四五六七八九十]+[)）]|{_ARTICLE})")
_SET_IN = 1.5              # a line starting this many characters right of its block's left edge is set in
# a number set apart from the Chinese text around it (小于 15 次/h): the spaces on either side, which extraction reads
# from the typesetter's gap between scripts
_PROSE = re.compile(r"[，。；：]")
_NUMBER_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u00a0]+(\d[\d.]*[A-Za-z%℃°²³/·]*)(?:[ \u00a0]+(?=[\u4e00-\u9fff]))?"
                         r"|(?<=[\u4e00-\u9fff])(\d[\d.]*[A-Za-z%℃°²³/·]*)[ \u00a0]+(?=[\u4e00-\u9fff])")
_CHARACTER_GAP = 0.5       # between two one-character runs, a gap this share of a character wide is a space
_COMMON_WIDTH_SHARE = 0.3   # the share of the longer lines that one width must have to be the block's full width
_MIN_COMMON_LINES = 6       # and the fewest lines of that width
_WRAP_SLACK = 2             # a wrapped PDF line may fall this many characters short of the block's width
_ENDS_PARAGRAPH = re.compile(r"[。；：！？.;:!?]\s*$")
_CONTINUES = re.compile(r"^\s*[，。、；：！？）》”’,.;:)]")
# cells of a table row set apart by runs of spaces or a tab (病区储瓶柜    2    —): a row continues nothing, nor is it continued
_COLUMN_GAP = re.compile(r"\S(?: {2,}|\u3000{2,}|\t)\S")
# a line that opens a clause (3.1.4　…) or an article (第十二条　…, 第十二条【…】) starts anew, whatever the line before
_OPENS_UNIT = re.compile(rf"^\s*(?:\d{{1,2}}\.\d{{1,2}}\.\d{{1,3}}[ \u3000]|{_ARTICLE}[ \u3000【])")
# the number opening a clause or an article and the spaces after it, which set it apart from its text, not a table's
# cells apart (3.1.1  芯片制造洁净厂房…, as pdftotext -layout prints a code)
_UNIT_NUMBER = re.compile(rf"^\s*(?:\d{{1,2}}\.\d{{1,2}}\.\d{{1,3}}|{_ARTICLE})[ \u3000]+")
_CONTENTS_HEADING = re.compile(r"目\s*[次录]|contents", re.IGNORECASE)
_CONTENTS_ENTRY = re.compile(r".{1,60}?(?:[.·．]{4,}|…{2,})\s*(?:\d{1,3}|[IVXLC]{1,6})")
_PAGE_NUMBER_LINE = re.compile(
    r"[-—–\s]*(?:\d+|[IVX]{1,4})[-—–\s]*|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?",
    re.IGNORECASE)


def page_lines(page) -> str:
    """A page's text, one line per baseline, left to right.

    pypdf's own order breaks a line wherever the font changes, as when a code sets clause numbers and
    digits in a Latin font beside Chinese text (1.0.1 / 为预防…); the runs are placed here by position.
    """
    runs: list[_Run] = []

    def collect(text, cm, tm, font, size):
        if text.strip("\n"):
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]) or 1.0
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append(_Run(x, y, (size or 1.0) * scale, text.strip("\n")))

    plain = page.extract_text(visitor_text=collect) or ""
    return "\n".join(_baseline_lines(runs)) if runs else plain


@dataclass(frozen=True)
class _Run:
    x: float
    y: float
    size: float
    text: str


def _baseline_lines(runs: list[_Run]) -> list[str]:
    """Runs on one baseline (within a third of their size) joined left to right, lines top to bottom; on a page set
    in two columns (a gazette's), the left column's lines before the right one's, between the lines that run across
    both (a running header, a title, the page number).

    >>> _baseline_lines([_Run(72, 700, 10, "1.0.1"), _Run(93, 700, 10, "　为预防火灾，制定本规范。"),
    ...                  _Run(72, 680, 10, "平时用途"), _Run(200, 680.5, 10, "最大面积")])
    ['1.0.1　为预防火灾，制定本规范。', '平时用途 最大面积']
    """
    lines = _baselines(runs)
    gutter = _gutter(lines)
    if gutter is None:
        return _block_lines(lines)
    edges = _edge_lines(lines)
    ordered: list[str] = []
    left: list[_Run] = []
    right: list[_Run] = []
    for index, line in enumerate(lines):
        if index in edges or any(run.x < gutter < _end(run) for run in line):     # across both columns
            # on a line of its own: a title across the columns is no line of a column wrapped onto the next
            ordered += _block_lines(_baselines(left)) + _block_lines(_baselines(right)) + [_join_runs(line), ""]
            left, right = [], []
        else:
            left += [run for run in line if _end(run) <= gutter]
            right += [run for run in line if run.x >= gutter]
    return ordered + _block_lines(_baselines(left)) + _block_lines(_baselines(right))


def _block_lines(lines: list[list[_Run]]) -> list[str]:
    """The lines of one block of text (a page, or a column of one); a line that starts a character and a half or more
    right of the block's left edge starts with a full-width space, as the paragraph's first line it is set in as.

    >>> _block_lines([[_Run(72, 700, 10, "某某某某")], [_Run(92, 686, 10, "下列场所不适用")], [_Run(72, 672, 10, "本办法。")]])
    ['某某某某', '\u3000下列场所不适用', '本办法。']
    """
    if not lines:
        return []
    left = min(line[0].x for line in lines)
    return [("\u3000" if line[0].x - left >= _SET_IN * line[0].size else "") + _join_runs(line) for line in lines]


def _edge_lines(lines: list[list[_Run]]) -> set[int]:
    """The first and last lines of a page when set apart from the rest by more than :data:`_EDGE_GAP` times the usual
    line spacing: a running header or a page number, kept whole even where its parts sit on either side of a gutter
    (菱溪市人民政府公报 at the left, 2026年第9期 at the right)."""
    gaps = sorted(above[0].y - below[0].y for above, below in zip(lines, lines[1:]))
    if not gaps:
        return set()
    usual = gaps[len(gaps) // 2]
    return {index for index, gap in ((0, lines[0][0].y - lines[1][0].y), (len(lines) - 1, lines[-2][0].y - lines[-1][0].y))
            if gap > _EDGE_GAP * usual}


def _baselines(runs: list[_Run]) -> list[list[_Run]]:
    lines: list[list[_Run]] = []
    for run in sorted(runs, key=lambda run: -run.y):
        if lines and abs(lines[-1][0].y - run.y) <= lines[-1][0].size / 3:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda run: run.x) for line in lines]


def _end(run: _Run) -> float:
    return run.x + _width(run.text) * run.size


def _gutter(lines: list[list[_Run]]) -> float | None:
    """The x of the gap between two columns of text on a page, or None for a page in one column.

    Between 30 and 70 per cent of the text's width, the position that fewest lines cross; it is a gutter when at
    most :data:`_MAX_SPANNING_SHARE` of the lines cross it and each side holds at least :data:`_MIN_COLUMN_LINES` lines
    as wide as most of that side's (a column of text, not a table's short cells).

    >>> column = [[_Run(50, 700 - 14 * i, 10, "某" * 20), _Run(300, 700 - 14 * i, 10, "某" * 20)] for i in range(12)]
    >>> _gutter(column), _gutter([[_Run(50, 700 - 14 * i, 10, "某" * 45)] for i in range(12)])
    (275.0, None)
    >>> _gutter([[_Run(50 + 14 * k, 700 - 14 * i, 10, "某") for k in range(30)] for i in range(12)]) is None   # spaced
    True
    """
    runs = [run for line in lines for run in line]
    if len(lines) < 2 * _MIN_COLUMN_LINES:
        return None
    start, stop = min(run.x for run in runs), max(_end(run) for run in runs)
    best = None
    for share in range(30, 71, 2):
        at = start + (stop - start) * share / 100
        crossing = sum(1 for line in lines if any(run.x < at < _end(run) for run in line))
        if best is None or crossing < best[0] or (crossing == best[0] and abs(share - 50) < abs(best[2] - 50)):
            best = (crossing, at, share)
    crossing, at, _ = best
    if crossing > _MAX_SPANNING_SHARE * len(lines):
        return None
    # a gutter is wide: justified lines drawn a character at a time line their characters up, and the gaps between
    # them, a fraction of a character, run down the page like a gutter's
    gaps = sorted(min(run.x for run in line if run.x >= at) - max(_end(run) for run in line if _end(run) <= at)
                  for line in lines if any(run.x >= at for run in line) and any(_end(run) <= at for run in line))
    if gaps and gaps[len(gaps) // 2] < _MIN_GUTTER * statistics.median(run.size for run in runs):
        return None
    sides = ([[run for run in line if _end(run) <= at] for line in lines], [[run for run in line if run.x >= at] for line in lines])
    for side in sides:
        widths = [_end(part[-1]) - part[0].x for part in side if part]
        if not widths or sum(1 for width in widths if width >= 0.8 * max(widths)) < _MIN_COLUMN_LINES:
            return None
    return round(at, 1)


def _join_runs(line: list[_Run]) -> str:
    """The runs of one line; a gap of a character or more between two is a space, and between two runs of one
    character each (a tool that draws each character on its own, setting a clause's number apart from its text
    by a gap just under a character) half a character is. Longer runs keep the wider test: their width is
    estimated (Latin capitals are wider than the half character counted), so a short gap there may be none.

    >>> _join_runs([_Run(72, 700, 10, "1"), _Run(77, 700, 10, "."), _Run(79, 700, 10, "1"), _Run(94, 700, 10, "为"),
    ...             _Run(104.3, 700, 10, "防")])
    '1.1 为防'
    """
    text = line[0].text
    for before, run in zip(line, line[1:]):
        gap = run.x - (before.x + _width(before.text) * before.size)
        least = _CHARACTER_GAP if len(before.text) == 1 and len(run.text) == 1 else 1.0
        text += (" " if gap > least * run.size and not text.endswith((" ", "\u3000")) else "") + run.text
    return text


def rejoin_wrapped_lines(lines: list[str]) -> list[str]:
    """Join the lines a PDF (or a hard-wrapped text) wrapped inside a paragraph: a PDF's text layer breaks a line
    wherever the page's width ran out, so an article would read as many paragraphs, with words cut in two (人 / 身安全).

    A line is wrapped when it is as wide as the text block (within two characters; Han characters count
    one, ASCII half) and does not end a sentence or an item (。；：！？); a line that opens with a comma,
    stop or closing bracket always continues the one before. A full line that happens to end with 。 is
    kept apart, since joining there could merge two paragraphs (款). The first line of a paragraph, an item (（四）) or
    an article is set in by two characters, so it is wrapped two characters short of the width. A code's number alone on its line
    (a cover's T/FIREKG 017-2026) continues nothing, nor does anything continue it, nor a table row whose cells runs
    of spaces set apart; a line that opens a clause or an article (3.1.4　…, 第十二条　…) continues nothing.

    >>> rejoin_wrapped_lines(["第一条 为了加强管理，保障乘客、从业人员的人", "身安全，制定本办法。", "第二条 本办法适用于本市。",
    ...                       "第三条 运营单位应当每年组织两次培训。新上岗的", "，应当经培训合格后上岗。"])
    ['第一条 为了加强管理，保障乘客、从业人员的人身安全，制定本办法。', '第二条 本办法适用于本市。', '第三条 运营单位应当每年组织两次培训。新上岗的，应当经培训合格后上岗。']
    >>> rejoin_wrapped_lines(["第一条 为了加强管理，保障乘客、从业人员的人", "身安全，制定本办法。", "储存场所        最大储量    间距（m）",
    ...                       "病区储瓶柜         2           —", "楼层氧气瓶间      12          —"])[1:]
    ['储存场所        最大储量    间距（m）', '病区储瓶柜         2           —', '楼层氧气瓶间      12          —']
    >>> column = ["某某某某某某某某某某某某某某某某某某某。"] * 3 + ["（四）蓄电池持续供电时间不少于2小", "时。"]
    >>> rejoin_wrapped_lines(column)[-1]
    '（四）蓄电池持续供电时间不少于2小时。'
    >>> rejoin_wrapped_lines(["3.1.1  洁净厂房的耐火等级应为一级；面板制造洁净厂房的耐火等级不应低于二", "       级。",
    ...                       "3.1.2  洁净生产区的火灾危险性类别应根据所用物料确定。"] * 2)[0]
    '3.1.1  洁净厂房的耐火等级应为一级；面板制造洁净厂房的耐火等级不应低于二级。'
    >>> rejoin_wrapped_lines(["防火示范规范", "Demonstration code for fire safety of basements in use", "T/FIREKG 017-2026",
    ...                       "2026-01-15 发布"])[2:]
    ['T/FIREKG 017-2026', '2026-01-15 发布']
    """
    full = _full_width(lines, 3)
    if full is None:
        return lines
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        # the first line of a paragraph, an item or an article is set in by two characters (or has room for them)
        wrapped = _cut_at(previous, full - (_INDENT if _OPENS_PARAGRAPH.match(previous) else 0))
        alone = CODE_NUMBER.fullmatch(line.strip()) or CODE_NUMBER.fullmatch(previous.strip())
        columns = any(_COLUMN_GAP.search(_UNIT_NUMBER.sub("", text).strip()) for text in (line, previous))
        if line.strip() and previous.strip() and (wrapped or _CONTINUES.match(line)) and not alone \
                and not _OPENS_UNIT.match(line) and not columns:
            joined[-1] = previous.rstrip() + line.strip()
        else:
            joined.append(line)
    return joined


def is_hard_wrapped(lines: list[str]) -> bool:
    """Whether a text breaks its paragraphs at a fixed width: many lines as wide as the widest end mid-sentence.
    A text written one paragraph per line has none (its widest lines are whole paragraphs).

    >>> article = "第一条 为了加强烟花爆竹经营和储存的消防安全管理，预防火灾和爆炸事故，保障人身和财产安全，制定本办法。"
    >>> wrapped = [article[i:i + 20] for i in range(0, len(article), 20)] * 4
    >>> is_hard_wrapped(wrapped), is_hard_wrapped([article, "第二条 本办法适用于本市。"] * 8)
    (True, False)
    """
    full = _full_width(lines, _MIN_WRAPPED_LINES)
    if full is None:
        return False
    written = [line for line in lines if line.strip()]
    return sum(1 for line in written if _cut_at(line, full)) >= _MIN_CUT_SHARE * len(written)


def _full_width(lines: list[str], fewest: int) -> float | None:
    """The width of a full line of the text block (its widest lines, within the slack), or None for fewer than
    ``fewest`` lines with text. Where most of the longer half of the lines share one width, that is the full
    width: a few lines holding digits or Latin letters, narrower than a Han character in one font and counted as
    half one here, are wider than the others (a gazette's lines of 35 Han characters, and some of 37).

    >>> _full_width(["某" * 35] * 12 + ["某" * 30 + "1000瓦" + "某" * 3] * 2 + ["某" * 12] * 4, 3)
    33.0
    """
    widths = sorted(_display_width(line) for line in lines if line.strip())
    if len(widths) < fewest:
        return None
    widest = widths[int(0.95 * (len(widths) - 1))]
    longer = Counter(round(width) for width in widths[len(widths) // 2:])
    common, count = longer.most_common(1)[0]
    typeset = count >= max(_MIN_COMMON_LINES, _COMMON_WIDTH_SHARE * sum(longer.values())) and common >= 0.9 * widest
    return float(min(widest, common) if typeset else widest) - _WRAP_SLACK


def _cut_at(line: str, full: float) -> bool:
    """A line as wide as the block that ends no sentence or item: the width ran out inside a paragraph."""
    return _display_width(line) >= full and not _ENDS_PARAGRAPH.search(line)


def _display_width(line: str) -> float:
    """Width in Han characters of a line's text."""
    return _width(line.strip())


def _width(text: str) -> float:
    """Width in Han characters (ems): ASCII letters, digits, spaces and other narrow characters are half as wide."""
    return sum(0.5 if ord(char) < 0x2E80 else 1 for char in text)


def strip_page_furniture(pages: list[str]) -> list[str]:
    """Drop page-number lines and headers/footers repeated on most pages.

    A running header is kept once, at the top of the first page: it is usually the title.

    >>> strip_page_furniture(["示例规范\\n- 1 -\\n第一条 甲", "示例规范\\n第二条 乙\\n2", "示例规范\\n第三条 丙\\n第 3 页"])
    ['示例规范\\n\\n第一条 甲', '第二条 乙', '第三条 丙']
    >>> pages = [f"规范\\nGB 1-2026\\n— {n} —\\n1.0.{n} 条文" for n in (1, 2, 3)]
    >>> strip_page_furniture(pages)
    ['规范\\n\\n1.0.1 条文', '1.0.2 条文', '1.0.3 条文']
    """
    pages_lines = [page.split("\n") for page in pages]
    pages_lines = [_trim_edges(lines, is_page_number_line) for lines in pages_lines]
    repeated: set[str] = set()
    first_header: list[str] = []

    def is_furniture(line: str) -> bool:
        return is_page_number_line(line) or line.strip() in repeated

    # a header of several lines above the page number (name / code / — 3 —) comes off one edge line at a time
    while new := _repeated_edge_lines(pages_lines) - repeated:
        if not repeated and pages_lines[0] and pages_lines[0][0].strip() in new:
            first_header = pages_lines[0][:1]
        repeated |= new
        pages_lines = [_trim_edges(lines, is_furniture) for lines in pages_lines]
    if first_header:         # on a line of its own: a gazette's name is no line of the text wrapped onto the next
        pages_lines[0] = first_header + [""] + pages_lines[0]
    return ["\n".join(lines) for lines in pages_lines]


def paged_text_lines(pages: list[str]) -> list[str]:
    """The lines of a document's pages without their furniture (:func:`strip_page_furniture`) and table of contents,
    the lines the page's width wrapped joined again (:func:`rejoin_wrapped_lines`).

    >>> paged_text_lines(["示例规范\\n目　　次\\n1 总则……1\\n- 1 -", "示例规范\\n1 总则\\n1.0.1 为了预防火灾，制定本规范。\\n2",
    ...                   "示例规范\\n1.0.2 本规范适用于新建的仓库\\n和厂房。\\n3"])
    ['示例规范', '1 总则', '1.0.1 为了预防火灾，制定本规范。', '1.0.2 本规范适用于新建的仓库和厂房。']
    """
    lines = [line for line in "\n".join(strip_page_furniture(pages)).split("\n") if not is_contents_line(line)]
    # the empty lines that kept a running header or a line across two columns off the next line, and the full-width
    # space that marked a line set in (_block_lines), have done their work
    return [closed_number_gaps(line.lstrip("\u3000")) for line in rejoin_wrapped_lines(lines) if line.strip()]


def closed_number_gaps(line: str) -> str:
    """The line without the spaces a page sets between Chinese text and a number inside it (小于 15 次/h, 每3 个月):
    the gap a typesetter leaves between scripts, which extraction reads as a space. A number opening the line (a
    clause's, an item's) or following Latin text (GB 50016) keeps its space, and so does a line with no sentence
    punctuation, a table's row (一类 250 750) or caption.

    >>> closed_number_gaps("换气次数不应小于 15 次/h，每3 个月校准"), closed_number_gaps("3.2.1 储氢区不应小于 7.0m。")
    ('换气次数不应小于15次/h，每3个月校准', '3.2.1 储氢区不应小于7.0m。')
    >>> closed_number_gaps("应符合 GB 50016 建筑设计防火规范的规定。"), closed_number_gaps("一类 250 750")
    ('应符合 GB 50016 建筑设计防火规范的规定。', '一类 250 750')
    """
    if not _PROSE.search(line):                 # a table's row or caption, whose spaces part its cells
        return line
    return _NUMBER_GAP.sub(lambda found: found.group(1) or found.group(2), line)


def text_pages(lines: list[str]) -> list[str]:
    """The pages of a text copied out of a PDF viewer, each ending at its page-number line (— 5 —), for
    :func:`paged_text_lines` to take their running headers and numbers off.

    >>> text_pages(["GB 1-2026", "1.0.1 甲", "— 1 —", "GB 1-2026", "1.0.2 乙", "— 2 —", "1.0.3 丙"])
    ['GB 1-2026\\n1.0.1 甲\\n— 1 —', 'GB 1-2026\\n1.0.2 乙\\n— 2 —', '1.0.3 丙']
    """
    pages: list[list[str]] = [[]]
    for line in lines:
        pages[-1].append(line)
        if is_page_number_line(line) and line.strip():
            pages.append([])
    return ["\n".join(page) for page in pages if page]


def is_contents_line(line: str) -> bool:
    """A table of contents' heading or one of its entries (a title, dot leaders, a page number).

    >>> [is_contents_line(line) for line in ("目　　次", "3　喷漆房 ........ 4", "附录A 计算方法……12", "3.1.1 间距为4m。")]
    [True, True, True, False]
    """
    return bool(_CONTENTS_HEADING.fullmatch(line.strip()) or _CONTENTS_ENTRY.fullmatch(line.strip()))


def is_page_number_line(line: str) -> bool:
    """Tell whether a line is only a page number.

    >>> [is_page_number_line(line) for line in ("12", "- 3 -", "第 4 页 共 9 页", "5/9", "3.1.2 总则")]
    [True, True, True, True, False]
    """
    return bool(_PAGE_NUMBER_LINE.fullmatch(line.strip()))


def _trim_edges(lines: list[str], is_furniture) -> list[str]:
    start, end = 0, len(lines)
    while start < end and (not lines[start].strip() or is_furniture(lines[start])):
        start += 1
    while end > start and (not lines[end - 1].strip() or is_furniture(lines[end - 1])):
        end -= 1
    return lines[start:end]


def _repeated_edge_lines(pages_lines: list[list[str]]) -> set[str]:
    """First or last lines that recur on more than half of three or more pages."""
    if len(pages_lines) < 3:
        return set()
    edges = Counter()
    for lines in pages_lines:
        edges.update({line.strip() for line in (lines[:1] + lines[-1:])})
    return {line for line, count in edges.items() if count > len(pages_lines) / 2}


def unflattened(text: str) -> str:
    """A rule whose line breaks were lost (copied from a web page into one line, parts set apart only by spaces) with
    them put back: before each chapter, section and article opening after a space, before each （一） item after a
    space, and after a sentence that ends before a space (the next 款); the lines before the first chapter or article
    (title, history) are cut at their spaces. Only a line of :data:`_FLAT_LINE_CHARS` characters or more that opens
    :data:`_FLAT_ARTICLES` articles or more after a space is cut; other text is returned as it is.

    >>> body = "第二条 本规定适用于本省。 宿舍不适用本规定。 第三条 禁止下列行为：（一）吸烟； （二）使用电炉。 "
    >>> flat = "示例规定　（2026年1月2日通过　自2026年3月1日起施行）  第一章 总则 第一条 为了预防火灾，制定本规定。 " + body * 12
    >>> print("\\n".join(unflattened(flat).split("\\n")[:9]))
    示例规定
    （2026年1月2日通过
    自2026年3月1日起施行）
    第一章 总则
    第一条 为了预防火灾，制定本规定。
    第二条 本规定适用于本省。
    宿舍不适用本规定。
    第三条 禁止下列行为：（一）吸烟；
    （二）使用电炉。
    """
    lines = []
    for line in text.split("\n"):
        if len(line) < _FLAT_LINE_CHARS or len(_FLAT_ARTICLE.findall(line)) < _FLAT_ARTICLES:
            lines.append(line)
            continue
        first = _FLAT_OPENING.search(line)
        opening, rest = (line[:first.start()], line[first.start():]) if first else ("", line)
        lines += [piece for piece in opening.split() if piece]
        rest = _FLAT_OPENING.sub("\n", rest)
        lines += [piece.strip() for piece in _FLAT_PARAGRAPH.sub("\\1\n", rest).split("\n") if piece.strip()]
    return "\n".join(lines)
