"""Markdown as converters write it, brought to the form the text parsers read.

Word-to-Markdown converters (pandoc) write what a hand-written file rarely has: a title or chapter underlined
with ``====`` or ``----`` (a setext heading), a footnote reference on a line (``[^1]``) and the footnote's text at
the end of the file, characters escaped with a backslash (``\\*``, ``\\[``), a hard line break as a backslash at
the end of a line, and grid tables drawn between ``+----+`` border lines. :func:`markdown_text` turns setext headings
into ``#`` headings, drops footnote references and moves each footnote's text under the title (where a rule's
history is read), unescapes, drops the line-break backslashes and the grid borders (a row, ``| a | b |``, stays as a
pipe-table row does). A YAML front matter block (``---`` … ``---`` at the top) is left as it is.
"""
from __future__ import annotations

import re

_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_MIN_UNDERLINE = 3
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\](?!:)")
_FOOTNOTE = re.compile(r"^\[\^[^\]\s]+\]:\s*(.*)$")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_HARD_BREAK = re.compile(r"(?<!\\)\\$")
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
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
            body.append(_plain(_FOOTNOTE_REFERENCE.sub("", line)))
    first = next((index for index, line in enumerate(body) if line.strip()), None)
    if notes and first is not None:
        body[first + 1:first + 1] = notes
    return "\n".join(lines[:start] + body)


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
    return _ESCAPED.sub(r"\1", _HARD_BREAK.sub("", line))
