"""Parse technical codes (GB-style standards) into numbered clauses.

Layout: a title line, header lines (编号/发布/发布日期/实施日期 and the list of
强制性条文), ``## 3 章名`` / ``### 3.1 节名`` headings, clauses that open a line
with their number (``3.3.1``, ``3.3.1A``, ``A.0.1``; mandatory ones may be
written ``**3.3.1**``), numbered 款 lines ``1 ……``, an appendix
(``## 附录A 名称``) and a ``## 条文说明`` part whose entries attach to clauses.
Also the one-sentence-per-line list (``sentence<TAB>label``) whose lines carry
no clause numbers.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from kg.corpus.clauses import build_code_clause, build_sentence
from kg.corpus.law import INFO_END
from kg.corpus.metadata import looks_like_title, title_position
from kg.corpus.model import Clause, Document, DocumentKind
from kg.corpus.text import CODE_NUMBER, normalize_text
from kg.errors import CorpusFormatError

logger = logging.getLogger(__name__)

CLAUSE_NUMBER = r"(?:\d{1,2}\.\d{1,2}\.\d{1,3}[A-Z]?|[A-H]\.\d{1,2}\.\d{1,3})"
CLAUSE_START = re.compile(rf"^(\*\*)?({CLAUSE_NUMBER})(\*\*)?(?:\s+|$)(.*)$")
# an explanation's opening that names several clauses: 3.2.2、3.2.3 …, 4.1.1～4.1.3 …
_JOINT_NOTE = re.compile(rf"^\**((?:{CLAUSE_NUMBER})(?:\s*[、，,～~—－-]+\s*(?:{CLAUSE_NUMBER}))+)\**\s+(.*)$")
# A clause number run into its text (1.0.2本规范适用于…, as some Word and PDF copies have it): a clause only when it is
# the next number after the last clause, and not a reference (3.1.2条的规定, 3.1.2的规定).
_RUN_ON_CLAUSE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,3})(?=[\u4e00-\u9fff])(?!条|款|的|中|规定|表)(.*)$")
# A clause number written as a Markdown heading (#### 3.1.1), its text below: the markers are dropped
_CLAUSE_HEADING = re.compile(rf"^#{{1,6}}\s*(?=(?:\*\*)?{CLAUSE_NUMBER}(?:\*\*)?(?:\s|$))")
_HEADING = re.compile(r"^(#{1,4})\s*(附录\s*[A-H]|\d{1,2}(?:\.\d{1,2})?)\s*(.*)$")
# A chapter written out as 第3章 (第3章 平面布置), as some codes number them: the chapter 3 heading
_CHAPTER_WORD = re.compile(r"^#*\s*第(\d{1,2})章\s*([^\d\s。；，：][^。；，：]{0,30})$")
_PLAIN_HEADING = re.compile(r"^(附录\s*[A-H]|\d{1,2}(?:\.\d{1,2})?)\s+((?:[^\d\s。；，：]|\d[A-Za-z])[^。；，：]{0,30})$")
# the heading of the explanations printed after a code's clauses: 条文说明, 附：条文说明, 《…规范》条文说明; or of one
# printed under its clause, which may name it (条文说明 4.1.4)
_COMMENTARY = re.compile(r"^#*\s*(?![\dA-Z])(?:附\s*[:：]?\s*)?[^。；，]{0,40}?条\s*文\s*说\s*明(?:\s*[\dA-Z]+(?:\.\d+)+)?\s*$")
# the back matter after a code's last clause: the usual explanation of 必须/应/宜/可 and the list of standards cited
_BACK_MATTER = re.compile(r"^#*\s*(?:本(?:规范|标准|规程)用词说明|引用标准名录)\s*$")
_MANDATORY_LIST = re.compile(r"第([\d.A-Z、，,\s]+?)条(?:（款）|\(款\))?为强制性条文")
_INLINE_MANDATORY = re.compile(r"[【\[（(]强制性?条文[】\]）)]")
_HEADER_FIELDS = {"编号": "code", "标准编号": "code", "发布": "issuer", "发布单位": "issuer",
                  "发布日期": "published", "实施日期": "effective", "简称": "alias"}
_FIELD_NAME = re.compile(r"([\u4e00-\u9fff]{2,4}|[A-Za-z]{4,9})\s*[：:]")
# a wiki's or static site's front matter names its fields in English (issuer: …)
_HEADER_FIELDS |= {"code": "code", "issuer": "issuer", "publisher": "issuer", "published": "published",
                   "effective": "effective"}
# around a cover line in Markdown (**T/FIREKG 050-2026**, # 团 体 标 准): a heading's marks and emphasis
_COVER_MARKS = " \t\u3000#*_"
# a cover's date line and its issuer's line (the issuer's name, then 发布); a (虚构) or the like before the name is
# not part of it
_COVER_DATE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)(发布|实施)(?!日期)")
_COVER_ISSUER = re.compile(r"(?:[（(][^）)]{0,8}[）)])?([^\d。；，：:（(]{4,40}?(?:协会|学会|委员会|部|局|厅|院|中心|联盟|会))发布")
EXPECTED_CODE = ("a technical code: a title line, then clauses that each start a line with their number "
                 "(for example '3.3.1 室内消火栓应……').")


@dataclass
class _Draft:
    number: str
    lines: list[str]
    path: list[str]
    mandatory: bool


@dataclass
class _State:
    path: dict[int, str] = field(default_factory=dict)
    drafts: list[_Draft] = field(default_factory=list)
    commentary: dict[str, list[str]] = field(default_factory=dict)
    in_commentary: bool = False
    current_note: str | None = None
    joint: dict[str, list[str]] = field(default_factory=dict)  # an explanation's first clause: the others it covers
    numbers: set[str] = field(default_factory=set)
    repeated: list[str] = field(default_factory=list)   # clause numbers met a second time, kept as text
    pending: bool = False         # a 条文说明 line was just read after a clause: inline or the start of the part?
    inline: tuple[str, int] | None = None   # reading an inline explanation: its clause, and its lines before it


def looks_like_code(text: str) -> bool:
    """Whether a text is laid out as numbered technical-code clauses (their numbers may run into their text)."""
    starts = sum(1 for line in text.split("\n")
                 if (unheaded := _unheaded(normalize_text(line))) and (CLAUSE_START.match(unheaded)
                                                                       or _RUN_ON_CLAUSE.match(unheaded)))
    return starts >= 2


def _unheaded(line: str) -> str:
    """The line without the heading markers of a clause number written as a heading.

    >>> _unheaded("#### 3.1.1"), _unheaded("### **3.1.2** 严禁埋压消火栓。"), _unheaded("### 3.1 一般规定")
    ('3.1.1', '**3.1.2** 严禁埋压消火栓。', '### 3.1 一般规定')
    """
    return _CLAUSE_HEADING.sub("", line)


def parse_code_text(text: str, source_path: str, sha256: str) -> Document:
    """Parse a technical code into a Document of numbered clauses.

    >>> code = "# 示例规范\\n编号：GB 99999-2026\\n\\n## 3 消火栓\\n\\n3.0.1 室外消火栓间距不应大于120m。\\n\\n**3.0.2** 严禁埋压消火栓。\\n\\n## 条文说明\\n\\n3.0.1 本条规定间距。"
    >>> document = parse_code_text(code, "x.md", "0")
    >>> document.code, [(c.number, c.mandatory, c.commentary) for c in document.clauses]
    ('GB 99999-2026', [('3.0.1', False, '本条规定间距。'), ('3.0.2', True, None)])
    """
    lines = [_unheaded(normalize_text(line)) for line in text.split("\n")]
    content = [line for line in lines if line]
    if not content:
        raise CorpusFormatError(source_path, "contains no text.", EXPECTED_CODE)
    state = _State()
    after_title = lines.index(content[0]) + 1
    header = _read_header(lines[after_title:], state)
    body = lines[after_title + len(header):]
    title_line = content[0].lstrip("#").strip()
    opening = [content[0], *(line for line in header if line)]
    at = title_position(opening)                # a running header or the code's number may come first
    if at:
        title_line, header = opening[at].lstrip("#").strip(), opening[:at] + opening[at + 1:]
    mandatory = _mandatory_numbers(header)
    for line in body:
        _consume(line, state, mandatory)
    if not state.drafts:
        raise CorpusFormatError(source_path, "no numbered clauses (such as 3.3.1) were found.", EXPECTED_CODE)
    if state.repeated:
        logger.warning("%s: clause number(s) %s appear a second time; each repeated line is kept as text of the clause "
                       "before it. If they are explanations, head them with a 条文说明 line.", source_path,
                       "、".join(dict.fromkeys(state.repeated)))
    clauses = [build_code_clause(d.number, d.lines, d.path, d.mandatory) for d in state.drafts]
    for first, others in state.joint.items():
        for number in others:
            state.commentary.setdefault(number, state.commentary[first])
    _attach_commentary(clauses, state.commentary, source_path)
    return describe_code(title_line, header, clauses, source_path, sha256)


def _read_header(lines: list[str], state: _State) -> list[str]:
    """The lines between the title and the first heading (``## 1 总则`` or a plain ``1 总则``) or clause
    (or up to INFO END)."""
    if INFO_END in lines:
        return lines[:lines.index(INFO_END) + 1]
    for index, line in enumerate(lines):
        if _HEADING.match(line) or _PLAIN_HEADING.match(line) or _CHAPTER_WORD.match(line) or CLAUSE_START.match(line) \
                or _COMMENTARY.match(line):
            return lines[:index]
    return lines


def _mandatory_numbers(header: list[str]) -> set[str]:
    numbers: set[str] = set()
    for match in _MANDATORY_LIST.finditer(" ".join(header)):
        numbers.update(part.strip() for part in re.split(r"[、，,]", match.group(1)) if part.strip())
    return numbers


def _consume(line: str, state: _State, mandatory: set[str]) -> None:
    if not line or line.startswith("<!--"):
        return
    if _inline_commentary(line, state):
        return
    if _COMMENTARY.match(line) and state.drafts and not state.in_commentary:
        state.pending = True        # the part of explanations, or one clause's explanation printed under it
        return
    if _COMMENTARY.match(line) or _BACK_MATTER.match(line):    # explanations, or the usual word list and references
        state.in_commentary = True
        state.current_note = None
        return
    heading = _HEADING.match(line) or _CHAPTER_WORD.match(line) or (
        None if CLAUSE_START.match(line) or _inside_list(state) else _plain_heading(line, state))
    if heading and not state.in_commentary:
        _enter_heading(heading, state)
        return
    joint = _JOINT_NOTE.match(line) if state.in_commentary else None
    if joint:                                   # one explanation for several clauses (3.2.2、3.2.3 …, 4.1.1～4.1.3 …)
        numbers = _joint_numbers(joint.group(1))
        state.current_note = numbers[0]
        state.joint[numbers[0]] = numbers[1:]
        state.commentary.setdefault(state.current_note, []).append(joint.group(2))
        return
    start = CLAUSE_START.match(line) or _next_clause_run_on(line, state)
    if start and state.in_commentary:
        state.current_note = start.group(2)
        state.commentary.setdefault(state.current_note, []).append(start.group(4))
    elif start and start.group(2) in state.numbers:       # a clause cannot have two texts: keep the line as text
        state.repeated.append(start.group(2))
        state.drafts[-1].lines.append(line)
    elif start:
        number, body = start.group(2), start.group(4)
        state.numbers.add(number)
        marked = bool(start.group(1)) or bool(_INLINE_MANDATORY.search(body)) or number in mandatory
        body = _INLINE_MANDATORY.sub("", body).strip()
        state.drafts.append(_Draft(number, [body] if body else [], [state.path[k] for k in sorted(state.path)], marked))
    elif state.in_commentary and state.current_note:
        state.commentary[state.current_note].append(line)
    elif state.drafts and not state.in_commentary:
        state.drafts[-1].lines.append(line)


def _joint_numbers(text: str) -> list[str]:
    """The clauses a joint explanation names: each listed, and each in a range within one section.

    >>> _joint_numbers("3.2.2、3.2.3"), _joint_numbers("4.1.1～4.1.3"), _joint_numbers("5.1.2、5.2.1")
    (['3.2.2', '3.2.3'], ['4.1.1', '4.1.2', '4.1.3'], ['5.1.2', '5.2.1'])
    """
    numbers: list[str] = []
    for part in re.split(r"[、，,]", text):
        ends = [end.strip() for end in re.split(r"[～~—－-]+", part) if end.strip()]
        first, last = ends[0], ends[-1]
        head, _, start = first.rpartition(".")
        if len(ends) == 2 and last.rpartition(".")[0] == head and int(last.rpartition(".")[2]) - int(start) < 50:
            numbers += [f"{head}.{index}" for index in range(int(start), int(last.rpartition(".")[2]) + 1)]
        else:
            numbers += ends
    return numbers


def _next_clause_run_on(line: str, state: _State) -> re.Match | None:
    """A line opening with the next clause's number run into its text, matched as :data:`CLAUSE_START` would match
    it with a space after the number.

    >>> state = _State(drafts=[_Draft("1.0.1", [], [], False)])
    >>> _next_clause_run_on("1.0.2本规范适用于示例仓库。", state).group(2), _next_clause_run_on("2.1.1仓库应…", state).group(2)
    ('1.0.2', '2.1.1')
    >>> _next_clause_run_on("1.0.5本规范适用于示例仓库。", state), _next_clause_run_on("1.0.2条的规定执行。", state)
    (None, None)
    """
    run_on = _RUN_ON_CLAUSE.match(line)
    if not run_on or state.in_commentary:
        return None
    chapter, section, index = (int(part) for part in run_on.group(1, 2, 3))
    if not state.drafts:
        follows = index == 1
    elif plain := re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", state.drafts[-1].number):
        last = [int(part) for part in plain.groups()]
        under = state.path.get(0, "").split(" ")[0] == str(chapter)    # under its chapter's heading (3 平面布置)
        follows = [chapter, section, index] == [last[0], last[1], last[2] + 1] or \
            (index == 1 and (chapter, section) > (last[0], last[1]) and (chapter - last[0] <= 1 or under))
    else:
        follows = False
    number = ".".join(run_on.group(1, 2, 3))
    return CLAUSE_START.match(f"{number} {run_on.group(4)}") if follows else None


def _inline_commentary(line: str, state: _State) -> bool:
    """Whether the line belongs to the explanation printed right under a clause (a standards site's 条文说明 after
    each clause), and was taken as such. After a 条文说明 line, prose opens such an explanation; a clause or heading
    there opens the part of explanations printed after the clauses. So does, inside an explanation, a number already
    read or a chapter that starts the chapters again (the part began with prose): the lines taken are then given back.

    >>> state = _State(drafts=[_Draft("3.1.1", ["疏散门应向外开启。"], [], False)], numbers={"3.1.1"})
    >>> for line in ("条文说明", "外开便于疏散。", "3.1.2 走道净宽不应小于1.4m。"):
    ...     _consume(line, state, set())
    >>> state.commentary, [d.number for d in state.drafts], state.in_commentary
    ({'3.1.1': ['外开便于疏散。']}, ['3.1.1', '3.1.2'], False)
    """
    if state.pending:
        state.pending = False
        if CLAUSE_START.match(line) or _HEADING.match(line) or _PLAIN_HEADING.match(line):
            state.in_commentary, state.current_note = True, None
            return False
        number = state.drafts[-1].number
        state.inline = (number, len(state.commentary.get(number, [])))
    if state.inline is None:
        return False
    start = CLAUSE_START.match(line)
    heading = None if start else (_HEADING.match(line) or _PLAIN_HEADING.match(line))
    restarts = bool(start and start.group(2) in state.numbers) or bool(heading and _restarts_chapters(heading, state))
    if start or heading:
        number, kept = state.inline
        state.inline = None
        if restarts:
            del state.commentary[number][kept:]
            state.in_commentary, state.current_note = True, None
        return False
    state.commentary.setdefault(state.inline[0], []).append(line)
    return True


def _restarts_chapters(heading: re.Match, state: _State) -> bool:
    """A chapter heading numbered at or below the chapter of the last clause read."""
    number = heading.groups()[-2].replace(" ", "")
    current = state.drafts[-1].number.split(".")[0] if state.drafts else ""
    return number.isdigit() and current.isdigit() and int(number) <= int(current)


def _plain_heading(line: str, state: _State) -> re.Match | None:
    """A heading written without marks (3 平面布置, 3.1 一般规定), unless it is a table row that starts with its serial
    number: one with a number standing alone among its cells, or three cells or more one of which holds a number or a
    dash (8 油漆、稀释剂 补漆间 20L 40L — —), or a chapter number lower than the chapter it is in once
    that chapter holds a clause (before, the chapters read were a list of them, as a foreword gives: 1 总则 … 8 运行和维护).

    >>> state = _State(path={0: "4 涂装生产线"}, drafts=[_Draft("4.1.1", [], ["4 涂装生产线"], False)])
    >>> _plain_heading("5 电气和防静电", state).group(2), _plain_heading("1 溶剂型涂料 热风循环 155 6", state)
    ('电气和防静电', None)
    >>> _plain_heading("2 水性涂料 电加热", state), _plain_heading("4.3 烘干室", state).group(1)
    (None, '4.3')
    >>> _plain_heading("8 油漆、稀释剂 补漆间 20L 40L — —", state), _plain_heading("8 消 防 设 施", state).group(2)
    (None, '消 防 设 施')
    >>> _plain_heading("6.2 3D眼镜和锂电池", state).group(2)
    '3D眼镜和锂电池'
    >>> _plain_heading("1 总则", _State(path={0: "8 运行和维护"})).group(2)
    '总则'
    """
    heading = _PLAIN_HEADING.match(line)
    if heading is None or re.search(r"\s\d+(?:\.\d+)?(?:\s|$)", heading.group(2)) or _is_row(heading.group(2)):
        return None
    chapter = state.path.get(0, "")
    current, number = chapter.split(" ")[0], heading.group(1)
    in_use = bool(state.drafts) and state.drafts[-1].path[:1] == [chapter]
    if in_use and current.isdigit() and number.isdigit() and int(number) < int(current):
        return None
    return heading


def _is_row(name: str) -> bool:
    """Three cells or more, one with a digit or a dash: what follows a table row's serial number."""
    cells = name.split()
    return len(cells) >= 3 and any(re.search(r"\d|^[—–-]+$", cell) for cell in cells)


def _inside_list(state: _State) -> bool:
    """A short unnumbered-looking line right after '……下列规定：' is a 款, not a heading."""
    return bool(state.drafts and state.drafts[-1].lines and state.drafts[-1].lines[-1].endswith(("：", ":", "；")))


def _enter_heading(heading: re.Match, state: _State) -> None:
    groups = heading.groups()
    number, name = (groups[1], groups[2]) if len(groups) == 3 else groups
    number = number.replace(" ", "")
    level = 0 if number.startswith("附录") or "." not in number else 1
    state.path = {depth: text for depth, text in state.path.items() if depth < level}
    state.path[level] = f"{number} {name}".strip()


def _attach_commentary(clauses: list[Clause], commentary: dict[str, list[str]], source_path: str) -> None:
    by_number = {clause.number: clause for clause in clauses}
    for number, lines in commentary.items():
        clause = by_number.get(number)
        if clause is None:
            logger.warning("%s: 条文说明 for %s has no clause of that number; it is ignored.", source_path, number)
            continue
        clause.commentary = "\n".join(line for line in lines if line)


def describe_code(title_line: str, header: list[str], clauses: list[Clause], source_path: str, sha256: str
                  ) -> Document:
    """A code's Document: its title, and the number, issuer, dates and short names its cover gives."""
    fields = {}
    for line in header:
        for name, value in _named_fields(line):
            fields[_HEADER_FIELDS[name]] = value
    for key, value in _cover_fields(header).items():
        fields.setdefault(key, value)
    code_in_title = CODE_NUMBER.search(title_line)
    title = _without_code(title_line, code_in_title) if code_in_title else title_line
    # else a line of the cover that is the code's number alone (a PDF's or Word file's title page; in Markdown it may
    # be set in bold or as a heading, **T/FIREKG 050-2026**)
    alone = next((found.group() for line in header if (found := CODE_NUMBER.fullmatch(line.strip(_COVER_MARKS)))), None)
    code = fields.get("code") or (code_in_title.group() if code_in_title else alone)
    dates = {key: fields[key] for key in ("published", "effective") if key in fields}
    aliases = [name.strip() for name in re.split(r"[、，,]", fields.get("alias", "")) if name.strip()]
    return Document(title=title, kind=DocumentKind.STANDARD, source_path=str(source_path), sha256=sha256,
                    clauses=clauses, code=code, issuer=fields.get("issuer"), dates=dates, history=header,
                    aliases=aliases)


def _named_fields(line: str) -> list[tuple[str, str]]:
    """The fields a cover line names (编号：…), one or several (发布日期：2026年2月10日　实施日期：2026年5月1日).

    >>> _named_fields("发布日期：2026年2月10日　实施日期：2026年5月1日"), _named_fields("发布单位：某 协会")
    ([('发布日期', '2026年2月10日'), ('实施日期', '2026年5月1日')], [('发布单位', '某 协会')])
    """
    names = [found for found in _FIELD_NAME.finditer(line) if found.group(1) in _HEADER_FIELDS]
    if not names or line[:names[0].start()].strip():
        return []
    ends = [found.start() for found in names[1:]] + [len(line)]
    return [(found.group(1), line[found.end():end].strip()) for found, end in zip(names, ends)
            if line[found.end():end].strip()]


def _cover_fields(header: list[str]) -> dict[str, str]:
    """The dates and the issuer a code's cover prints without field names: the line ``2026-03-15发布　2026-07-01实施``
    and the issuer's line under it, ``某协会　发布``.

    >>> _cover_fields(["T/FIREKG 029-2026", "2026-03-15发布　　2026-07-01实施", "（虚构）某市消防技术协会　发布"])
    {'published': '2026-03-15', 'effective': '2026-07-01', 'issuer': '某市消防技术协会'}
    >>> _cover_fields(["发布日期：2026-02-10 实施日期：2026-05-01"])
    {}
    """
    fields = {}
    for line in header:
        compact = "".join(line.split())
        for date, event in _COVER_DATE.findall(compact):
            fields.setdefault("published" if event == "发布" else "effective", date)
        if (issuer := _COVER_ISSUER.fullmatch(compact)) and not _COVER_DATE.search(compact):
            fields.setdefault("issuer", issuer.group(1))
    return fields


def _without_code(title_line: str, code: re.Match) -> str:
    """The title on a line that also holds the code's number, before it or after it (a PDF's running header).

    >>> [_without_code(line, CODE_NUMBER.search(line)) for line in ("建筑设计防火规范 GB 50016-2014",
    ...                                                               "T/FIREKG 020-2026  粮仓防火示范规范")]
    ['建筑设计防火规范', '粮仓防火示范规范']
    """
    before, after = title_line[:code.start()].strip(), title_line[code.end():].strip()
    return next((part for part in (before, after) if looks_like_title(part)), before or after)


def parse_sentence_list(text: str, source_path: str, sha256: str) -> Document:
    """Parse the ``sentence<TAB>label`` list; the label-1 line is the title.

    Each sentence gets the stable key ``S0001``, ``S0002``, ... by line order.

    >>> document = parse_sentence_list("建筑设计防火规范 GB50016-2014\\t1\\n疏散门应向疏散方向开启。\\t0", "x.txt", "0")
    >>> document.code, [(c.key, c.modality.value) for c in document.clauses]
    ('GB 50016-2014', [('S0001', 'shall')])
    """
    title_line, sentences = None, []
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        sentence, tab, label = line.rpartition("\t")
        if not tab or label.strip() not in ("0", "1"):
            raise CorpusFormatError(source_path, f"line {line_number} is not 'sentence<TAB>0|1'.",
                                    "one sentence per line, a tab, then 1 for the title line or 0 for a clause sentence.")
        if label.strip() == "1" and title_line is None:
            title_line = normalize_text(sentence)
        else:
            sentences.append(sentence)
    if title_line is None or not sentences:
        raise CorpusFormatError(source_path, "has no title line (label 1) or no sentences (label 0).",
                                "a title line marked 1 followed by sentence lines marked 0.")
    clauses = [build_sentence(f"S{index:04d}", index, sentence) for index, sentence in enumerate(sentences, start=1)]
    return describe_code(title_line, [], clauses, source_path, sha256)
