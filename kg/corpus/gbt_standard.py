"""Parse standards drafted under GB/T 1.1 (national, sector and group standards such as GB 25506 or GB/T 25201).

Such a standard is laid out unlike an engineering code (GB 50016), whose clauses all have three-part numbers: after
its cover (ICS and CCS lines, the banner, the number, the title, the dates and the issuer), 目次, 前言 and 引言, it
runs in chapters ``1 范围``, ``2 规范性引用文件``, ``3 术语和定义`` and the technical ones, whose clauses are numbered
at two to five levels (``4.1``, ``5.3.2.1``); a number may instead title a group of clauses (``5.3 湿式系统`` over
``5.3.1``…). A term is its number alone, then the term, then its definition. Lists are ``a)`` and ``1)``, notes
``注：`` or ``注1：``; appendices are ``附录A`` with ``（规范性）`` or ``（资料性）`` and their title, clauses ``A.1``;
参考文献 ends the text.

Each numbered clause is one :class:`~kg.corpus.model.Clause` under its number, its path the chapter and the titled
numbers above it. Text directly under a chapter (范围) or a titled number, before any numbered clause, is a clause
under the chapter's or title's number (``1``, ``5.3``), as such text is cited.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.corpus.clauses import ClauseDraft, build_code_clause
from kg.corpus.metadata import title_position
from kg.corpus.model import Document
from kg.corpus.standard import describe_code
from kg.corpus.text import CODE_NUMBER, normalize_text
from kg.errors import CorpusFormatError

_NUMBER = r"(?:\d{1,2}(?:\.\d{1,2}){1,4}|[A-Z](?:\.\d{1,2}){1,4})"
_NUMBERED = re.compile(rf"^(?:\*\*)?({_NUMBER})(?:\*\*)?(?:\s+(.*))?$")
_CHAPTER = re.compile(r"^(\d{1,2})\s+([^\s\d。；，：:.…·][^\s。；，：:…·]{0,29})$")
_APPENDIX = re.compile(r"^附\s*录\s*([A-Z])(?:\s*[（(](?:规范性|资料性|参考性)(?:附录)?[）)])?\s*(\S.{0,40})?$")
_APPENDIX_KIND = re.compile(r"^[（(](?:规范性|资料性|参考性)(?:附录)?[）)]$")
_BACK_MATTER = re.compile(r"^(?:参\s*考\s*文\s*献|索\s*引)$")
_FRONT_MATTER = re.compile(r"^(?:目\s*次|前\s*言|引\s*言)$")
_CONTENTS_LINE = re.compile(r"(?:[.…·．]{2,}|\s)\s*(?:[IVX]+|\d+)$")
_COVER_ONLY = re.compile(r"^(?:ICS\b|CCS\b|[A-Z]\s?\d{2}$|备案号)")
_TITLE_LENGTH = 30              # characters a titled number's title runs to
_SENTENCE = re.compile(r"[。；，：:！？、]")
# the chapters GB/T 1.1 opens a standard with, by which the layout is known
_OPENING_CHAPTERS = re.compile(r"^\s*(?:#+\s*)?(?:1\s+范围|[23]\s+(?:规范性引用文件|术语和定义|术语、定义))\s*$", re.MULTILINE)
_DEEP_CLAUSE = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?\d{1,2}\.\d{1,2}\.\d{1,2}\.\d{1,2}(?:\*\*)?\s+\S", re.MULTILINE)
EXPECTED_GBT = ("a standard drafted under GB/T 1.1: chapters 1 范围, 2 规范性引用文件, 3 术语和定义 and the technical "
                "ones, with clauses opening a line with their number (4.1, 5.3.2.1).")


@dataclass
class _State:
    chapter: str = ""                    # the chapter's number or the appendix's letter
    path: dict[str, str] = field(default_factory=dict)      # chapter and titled numbers above, by number
    drafts: list[ClauseDraft] = field(default_factory=list)
    awaiting_title: bool = False         # an appendix heading read, its title on a line to come


def looks_like_gbt(text: str) -> bool:
    """Whether a text is laid out as GB/T 1.1 has it: two of its opening chapters (1 范围, 2 规范性引用文件,
    3 术语和定义), or clauses numbered at four levels.

    >>> looks_like_gbt("示例要求\\n1 范围\\n本文件规定了…\\n2 规范性引用文件\\n下列文件…"), looks_like_gbt("1 总则\\n1.0.1 …")
    (True, False)
    """
    return len(_OPENING_CHAPTERS.findall(text)) >= 2 or len(_DEEP_CLAUSE.findall(text)) >= 2


def parse_gbt_text(text: str, source_path: str, sha256: str) -> Document:
    """Parse a GB/T 1.1 standard into a Document of numbered clauses.

    >>> text = ("示例消防控制室技术要求\\nT/EXAMPLE 001-2026\\n1 范围\\n本文件规定了控制室的要求。\\n2 规范性引用文件\\n"
    ...         "本文件没有规范性引用文件。\\n3 术语和定义\\n3.1\\n"
    ...         "控制室 control room\\n设有控制设备的房间。\\n4 要求\\n4.1 控制室应设在首层。\\n4.2 值班\\n4.2.1 每班不应少于2人。\\n"
    ...         "4.2.1.1 值班人员应持证。")
    >>> document = parse_gbt_text(text, "x.txt", "0")
    >>> document.code, [(c.number, c.path) for c in document.clauses]  # doctest: +NORMALIZE_WHITESPACE
    ('T/EXAMPLE 001-2026', [('1', ['1 范围']), ('2', ['2 规范性引用文件']), ('3.1', ['3 术语和定义']),
     ('4.1', ['4 要求']), ('4.2.1', ['4 要求', '4.2 值班']), ('4.2.1.1', ['4 要求', '4.2 值班'])])
    """
    lines = [_plain(normalize_text(line)) for line in text.split("\n")]
    start = _body_start(lines)
    if start is None:
        raise CorpusFormatError(source_path, "has no chapter 1 (such as 1 范围) followed by its text.", EXPECTED_GBT)
    cover = _cover(lines[:start])
    if not cover:
        raise CorpusFormatError(source_path, "has no title before its chapter 1.", EXPECTED_GBT)
    body = lines[start:]
    parents = {number.rsplit(".", 1)[0] for line in body if (found := _NUMBERED.match(line))
               for number in [found.group(1)]}
    state = _State()
    for line in body:
        if line and not _consume(line, state, parents):
            break
    clauses = [build_code_clause(draft.number, draft.lines, draft.path) for draft in state.drafts if draft.lines]
    if not clauses:
        raise CorpusFormatError(source_path, "no numbered clauses (such as 4.1 or 5.3.2.1) were found.", EXPECTED_GBT)
    at = title_position(cover)
    return describe_code(cover[at], cover[:at] + cover[at + 1:], clauses, source_path, sha256)


def _plain(line: str) -> str:
    """The line without Markdown heading markers."""
    return line.lstrip("#").strip()


def _body_start(lines: list[str]) -> int | None:
    """The line of chapter 1's heading in the text, not in the contents (where the next line is another heading
    or the line ends with a page number)."""
    for index, line in enumerate(lines):
        chapter = _CHAPTER.match(line)
        if not chapter or chapter.group(1) != "1" or _CONTENTS_LINE.search(line):
            continue
        following = next((later for later in lines[index + 1:] if later), "")
        if not _CHAPTER.match(following) and not _CONTENTS_LINE.search(following):
            return index
    return None


def _cover(lines: list[str]) -> list[str]:
    """The cover's lines: those before 目次, 前言 or 引言, without its ICS and CCS lines and English ones (its
    number kept)."""
    cover = []
    for line in lines:
        if _FRONT_MATTER.match(line):
            break
        if line and not _COVER_ONLY.match(line) and not (line.isascii() and not CODE_NUMBER.search(line)):
            cover.append(line)
    return cover


def _consume(line: str, state: _State, parents: set[str]) -> bool:
    """Read one body line; False at the back matter, which ends the text."""
    if _BACK_MATTER.match(line):
        return False
    appendix = _APPENDIX.match(line)
    if appendix:
        state.chapter, title = appendix.group(1), appendix.group(2)
        state.path = {state.chapter: f"附录{state.chapter} {title}" if title else f"附录{state.chapter}"}
        state.awaiting_title = title is None
        return True
    if _APPENDIX_KIND.match(line):
        return True
    if state.awaiting_title:                         # the title on the line after 附录A and （规范性）
        state.path[state.chapter] += f" {line}"
        state.awaiting_title = False
        return True
    chapter = _CHAPTER.match(line)
    if chapter and _next_chapter(chapter.group(1), state):
        state.chapter = chapter.group(1)
        state.path = {state.chapter: f"{chapter.group(1)} {chapter.group(2)}"}
        state.drafts.append(ClauseDraft(state.chapter, [], [state.path[state.chapter]]))
        return True
    numbered = _NUMBERED.match(line)
    if numbered and numbered.group(1).split(".")[0] == state.chapter:
        number, rest = numbered.group(1), (numbered.group(2) or "").strip()
        state.path = {key: value for key, value in state.path.items()
                      if key == state.chapter or number.startswith(f"{key}.")}
        path = [state.path[key] for key in sorted(state.path, key=len)]
        state.drafts.append(ClauseDraft(number, [], path))
        if number in parents and rest and len(rest) <= _TITLE_LENGTH and not _SENTENCE.search(rest):
            state.path[number] = f"{number} {rest}"             # a titled number over the clauses below it
        elif rest:
            state.drafts[-1].lines.append(rest)
        return True
    if state.drafts:
        state.drafts[-1].lines.append(line)
    return True


def _next_chapter(number: str, state: _State) -> bool:
    """Whether a chapter heading's number follows the chapter being read (a table row such as 1 新轮胎 does not)."""
    if not state.chapter:
        return number == "1"
    return not state.chapter.isalpha() and int(number) == int(state.chapter) + 1

