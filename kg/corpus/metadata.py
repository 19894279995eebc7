"""Document metadata read from the title and the promulgation history: kind, code, issuer, dates."""
from __future__ import annotations

import re
from pathlib import Path

from kg.corpus.model import Clause, Document, DocumentKind
from kg.corpus.text import chinese_to_int

_LOCAL_TITLE = re.compile(r"^(?!中华人民共和国).{1,8}?(省|市|自治区|特别行政区|经济特区|自治州|县)")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
                   r"|([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAME = r"[^\s\d年月日，,（()）:：第【】]"
_ISSUER = re.compile(
    rf"(?P<place>{_NAME}{{0,10}}?)(?:第[一二三四五六七八九十]+届)?"
    r"(?P<body>全国人民代表大会常务委员会|人民代表大会常务委员会|人民政府|国务院|公安部|应急管理部"
    r"|住房和城乡建设部|国家市场监督管理总局)"
)
_ORDER = re.compile(rf"(?:中华人民共和国)?({_NAME}{{1,6}}?部)(?:第\s*(\d+)\s*号令|令第\s*(\d+)\s*号)")
_TITLE_DATE_SUFFIX = re.compile(r"[（(](\d{4})-(\d{2})-(\d{2})[)）]$")
# How a document's title ends: 消防法, …条例, …管理办法（试行）, 建筑设计防火规范, 上海市消防条例(2020-03-19).
_TITLE_END = re.compile(r"(?:法|条例|办法|规定|规范|细则|规则|标准|规程|导则|决定|实施意见|要求|方法|指南|通则|技术条件)"
                        r"(?:[（(](?:试行|暂行|修订|\d{4}[^）)]{0,12})[)）])?$")
_SENTENCE_MARK = re.compile(r"[，。；：:！？]")
# The banner over a code's number on its cover (中华人民共和国国家标准, 某协会团体标准, 团 体 标 准): not its title
_STANDARD_BANNER = re.compile(r"(?:国家|行业|地方|团体|企业|联盟)标准$")
_FOLDER_KINDS = {"laws": DocumentKind.LAW, "regulations": DocumentKind.REGULATION,
                 "local": DocumentKind.LOCAL, "standards": DocumentKind.STANDARD}


def title_position(lines: list[str]) -> int:
    """Which of the lines before a document's first article or clause is its title.

    The first line, unless it does not read as a title and a later one does: a page's
    running header (沅梧市人民政府公报 2026年第6期) or a government order's preamble
    (…人民政府令 / 第61号 / 《…》已经…通过) printed before the title.

    >>> title_position(["沅梧市人民政府公报 2026年第6期", "沅梧市幼儿园消防安全管理办法", "（2026年3月9日公布）"])
    1
    >>> title_position(["# 中华人民共和国消防法", "（1998年4月29日通过）"]), title_position(["某市通知", "第61号"])
    (0, 0)
    """
    return next((index for index, line in enumerate(lines) if looks_like_title(line)), 0)


def looks_like_title(line: str) -> bool:
    """A short line, not a sentence, ending as a law, rule or code's name does.

    >>> [looks_like_title(line) for line in ("广东省实施《消防法》办法", "GB 50016-2014 建筑设计防火规范",
    ...                                      "《某省规定》已经省政府通过，现予公布。", "某市人民政府令")]
    [True, True, False, False]
    >>> [looks_like_title(line) for line in ("中华人民共和国国家标准", "某市防火协会团体标准", "团　体　标　准")]
    [False, False, False]
    """
    line = line.lstrip("#").strip()
    return 2 <= len(line) <= 60 and not line.startswith("《") and not _SENTENCE_MARK.search(line) \
        and bool(_TITLE_END.search(line)) and not _STANDARD_BANNER.search("".join(line.split()))


def infer_kind(title: str, source_path: str) -> DocumentKind:
    """The document kind, from the folder it sits in when that says, else from the title.

    >>> [infer_kind(t, "x.md").value for t in ("中华人民共和国消防法", "上海市消防条例", "危险化学品安全管理条例")]
    ['law', 'local', 'regulation']
    """
    for part in reversed(Path(source_path).parts[:-1]):
        if part in _FOLDER_KINDS:
            return _FOLDER_KINDS[part]
    if title.startswith("中华人民共和国") and title.endswith("法") or title.endswith("法") and "办法" not in title:
        return DocumentKind.LAW
    if _LOCAL_TITLE.match(title):
        return DocumentKind.LOCAL
    return DocumentKind.REGULATION


def read_dates(header: list[str]) -> dict[str, str]:
    """Promulgation, amendment and effective dates from the history lines.

    >>> read_dates(["1998年4月29日 第九届全国人大常委会第二次会议通过", "2021年4月29日 第二次修正", "自2002年5月1日起施行"])
    {'adopted': '1998-04-29', 'amended': '2021-04-29', 'effective': '2002-05-01'}
    >>> read_dates(["（2021年3月1日某市人民政府令第5号公布　根据2025年6月1日某市人民政府令第19号修正）"])
    {'adopted': '2021-03-01', 'amended': '2025-06-01'}
    >>> read_dates(["（二〇二五年十二月十九日通过　自二〇二六年三月一日起施行）"])
    {'adopted': '2025-12-19', 'effective': '2026-03-01'}
    """
    dates: dict[str, str] = {}
    for line in header:
        matches = list(_DATE.finditer(line))
        for match, following in zip(matches, [*matches[1:], None]):
            iso = _iso_date(match)
            # what happened on a date is said before the next date (…公布　根据2025年…修正)
            after = line[match.end():min(match.end() + 80, following.start() if following else len(line))]
            if after.startswith("起施行") or "起施行" in line[match.end():match.end() + 4]:
                dates["effective"] = iso
            elif re.search(r"修正|修订|修改", after):
                dates["amended"] = iso
            elif re.search(r"通过|发布|公布|施行", after):
                dates.setdefault("adopted", iso)
    return dates


def _iso_date(match: re.Match) -> str:
    """A date written with Arabic digits, or with Chinese ones (二〇二六年三月一日), as YYYY-MM-DD."""
    if match.group(1):
        return "{}-{:02d}-{:02d}".format(*map(int, match.groups()[:3]))
    year, month, day = match.groups()[3:]
    return f"{year.translate(_YEAR_DIGITS)}-{chinese_to_int(month):02d}-{chinese_to_int(day):02d}"


def read_issuer_and_code(header: list[str]) -> tuple[str | None, str | None]:
    """The issuing body and, for departmental rules, the order number (公安部令第61号).

    >>> read_issuer_and_code(["（中华人民共和国公安部第61号令 2001年10月19日公安部长办公会议通过）"])
    ('公安部', '公安部令第61号')
    >>> read_issuer_and_code(["省人民政府近日公布了《某规定》，现全文转发如下：", "（2026年3月10日某省人民政府令第8号公布）"])[0]
    '某省人民政府'
    """
    text = " ".join(header)
    order = _ORDER.search(text)
    code = None
    if order:
        code = f"{order.group(1)}令第{order.group(2) or order.group(3)}号"
    # a body named with its place (岚屿省人民政府), before one named without (省人民政府近日公布了…, a reposting's intro)
    issuer = max(_ISSUER.finditer(text), key=lambda found: len(found.group("place")) >= 2, default=None)
    if issuer:
        return issuer.group("place").removeprefix("中华人民共和国") + issuer.group("body"), code
    return (order.group(1) if order else None), code


def aliases_for(title: str, code: str | None) -> list[str]:
    """Short names people use: 消防法, 61号令.

    >>> aliases_for("机关、团体、企业、事业单位消防安全管理规定", "公安部令第61号")
    ['61号令', '公安部61号令']
    """
    aliases = []
    if title.startswith("中华人民共和国"):
        aliases.append(title.removeprefix("中华人民共和国"))
    if code and (order := re.match(r"(\S+?)令第(\d+)号", code)):
        aliases += [f"{order.group(2)}号令", f"{order.group(1)}{order.group(2)}号令"]
    return aliases


def describe_document(title: str, header: list[str], clauses: list[Clause], source_path: str,
                      sha256: str, kind: DocumentKind | None = None) -> Document:
    """Assemble a Document from a parsed title, header lines and clauses."""
    issuer, code = read_issuer_and_code(header)
    dates = read_dates(header)
    suffix = _TITLE_DATE_SUFFIX.search(title)
    if suffix and "amended" not in dates:
        dates["version"] = "-".join(suffix.groups())
    return Document(title=title, kind=kind or infer_kind(title, source_path), source_path=str(source_path),
                    sha256=sha256, clauses=clauses, code=code, issuer=issuer, dates=dates,
                    history=list(header), aliases=aliases_for(title, code))
