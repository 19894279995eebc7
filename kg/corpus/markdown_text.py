"""Markdown as converters write it, brought to the form the text parsers read.

Word-to-Markdown converters (pandoc) write what a hand-written file rarely has: a title or chapter underlined
with ``====`` or ``----`` (a setext heading), a footnote reference on a line (``[^1]``) and the footnote's text at
the end of the file, characters escaped with a backslash (``\\*``, ``\\[``), a hard line break as a backslash at
the end of a line, and grid tables drawn between ``+----+`` border lines; and a file written for GitHub links
its cross-references to their anchors (``[第4.1.2条](#412)``). :func:`markdown_text` turns setext headings
into ``#`` headings, drops footnote references and moves each footnote's text under the title (where a rule's
history is read), unescapes, drops the line-break backslashes and the grid borders (a row, ``| a | b |``, stays as a
pipe-table row does), and reads a link or an image as its text. A YAML front matter block (``---`` … ``---`` at the top) is left as it is.
"""
from __future__ import annotations

import html
import re

_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_MIN_UNDERLINE = 3
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\](?!:)")
_FOOTNOTE = re.compile(r"^\[\^[^\]\s]+\]:\s*(.*)$")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_HARD_BREAK = re.compile(r"(?<!\\)\\$")
# an inline link or image, [text](target "title"), whose text is what a reader sees (a target may hold parentheses)
_LINK = re.compile(r"!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")          # a thematic break (* * *), no bullet
_HTML_LINE = re.compile(r"^\s*</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_CELL_GAP = re.compile(r"</t[dh]>\s*<t[dh](?:\s[^<>]*)?>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]+>")
_FRONT_MATTER = "---"


def markdown_text(text: str) -> str:
    """The text with a converter's Markdown brought to plain headings, lines and rows.

    >>> print(markdown_text("示例规定[^1]\\n======\\n\\n第一章　总则\\n------\\n\\n**第一条**　标注\\\\*号的展柜\\\\\\n（一）应当设置监测装置。\\n"
    ...                     "+----+----+\\n| 类别 | 面积 |\\n+====+====+\\n\\n[^1]: 2019年6月10日公布"))
    # 示例规定
    2019年6月10日公布
    <BLANKLINE>
    ## 第一章　总则
    <BLANKLINE>
    **第一条**　标注*号的展柜
    （一）应当设置监测装置。
    | 类别 | 面积 |
    <BLANKLINE>
    """
    lines = text.split("\n")
    start = _after_front_matter(lines)
    body, notes = [], []
    for line in lines[start:]:
        note = _FOOTNOTE.match(line)
        if note:
            notes.append(_plain(note.group(1)))
        elif _GRID_BORDER.match(line):
            continue
        elif _is_underline(line, body):
            body[-1] = ("# " if line.strip()[0] == "=" else "## ") + body[-1]
        else:
            body.append(_plain(_FOOTNOTE_REFERENCE.sub("", _unmarked(line))))
    first = next((index for index, line in enumerate(body) if line.strip()), None)
    if notes and first is not None:
        body[first + 1:first + 1] = notes
    return "\n".join(lines[:start] + body)


def _unmarked(line: str) -> str:
    r"""A line without what a wiki's Markdown marks it with: a quote's ``>``, a bullet's ``-`` (a clause set as a list
    item, ``- **3.2.1** …``, and its sub-items nested under it), and raw HTML (a table written as ``<table>`` rows,
    a ``<details>`` block, an anchor), of which a row's cells are kept apart by tabs and other tags dropped.

    >>> [_unmarked(line) for line in ("- **3.2.1** 客房门应自闭。", "  - 1 不应上锁；", "> **注：**宾客物品除外。", "* * *")]
    ['**3.2.1** 客房门应自闭。', '1 不应上锁；', '**注：**宾客物品除外。', '* * *']
    >>> [_unmarked(line) for line in ('<a id="ch-1"></a>', "<tr><td>高层酒店</td><td>32</td></tr>", "<summary>条文说明</summary>")]
    ['', '高层酒店\t32', '条文说明']
    """
    line = _QUOTE.sub("", line)
    if _HTML_LINE.match(line):
        line = _TAG.sub("", _BREAK.sub(" ", _CELL_GAP.sub("\t", line.strip())))
        return html.unescape(line).strip()
    return line if _RULE.match(line) else _BULLET.sub("", line)


def _after_front_matter(lines: list[str]) -> int:
    if not lines or lines[0].strip() != _FRONT_MATTER:
        return 0
    closing = next((index for index in range(1, len(lines)) if lines[index].strip() == _FRONT_MATTER), None)
    return closing + 1 if closing is not None else 0


def _is_underline(line: str, body: list[str]) -> bool:
    """A setext underline: ``===`` or ``---`` right under a line of text that is not already a heading."""
    mark = _UNDERLINE.match(line)
    return bool(mark) and len(mark.group(1)) >= _MIN_UNDERLINE and bool(body) and bool(body[-1].strip()) \
        and not body[-1].lstrip().startswith(("#", "|", "+")) and not _UNDERLINE.match(body[-1])


def _plain(line: str) -> str:
    r"""A line's text, unescaped, without its hard break and with each link read as its text.

    >>> _plain("应按本规范[第4.1.2条](#412)中的距离执行，见[表3.1.2](#表312 \"表\")\\")
    '应按本规范第4.1.2条中的距离执行，见表3.1.2'
    >>> _plain("［法宝联想］[注](https://example.org/a_(b))与\\[1\\]")
    '［法宝联想］注与[1]'
    """
    return _ESCAPED.sub(r"\1", _LINK.sub(r"\1", _HARD_BREAK.sub("", line)))
