"""Text normalisation and Chinese numerals.

Everything a parser emits goes through :func:`normalize_text`, so that the
same article read from Markdown, JSON, a database, DOCX or PDF compares equal.
"""
from __future__ import annotations

import re

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}          # ０-９
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})     # Ａ-Ｚ
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})     # ａ-ｚ
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_FULLWIDTH.update({ord(space): " " for space in _ODD_SPACES})
_FULLWIDTH.update({ord(mark): None for mark in "\u200b\u200c\u200d\u2060\ufeff"})

_DOT_BETWEEN_DIGITS = re.compile(r"(?<=\d)[．。·](?=\d)")
_SPACES = re.compile(r" {2,}")
# A code's own number as it is written once normalised (GB 50016-2014, T/FIREKG 017-2026).
CODE_NUMBER = re.compile(r"(?:GB|GBJ|GA|XF|CECS|JGJ|CJJ|DBJ|T/[A-Z]+)(?:/T)? \d+(?:\.\d+)?(?:-\d{4})?")
# The prefixes of Chinese national, sector and local codes (GB 50016, GA 95, DB11/…)
CODE_PREFIXES = ("GB", "GBJ", "GA", "XF", "CECS", "JGJ", "CJJ", "DBJ", "DB", "SH", "HG")
_STANDARD_CODE = re.compile(
    rf"(?<![A-Za-z])(T/[A-Z]+|{'|'.join(CODE_PREFIXES)})\s*(/\s*T)?\s*(\d+(?:\.\d+)?)"
    r"(?:\s*[-—–－]\s*(\d{4}))?"
)

# A chapter or section heading's text (第一章 总则, 第二节 …, 3 建筑防火, 3.1 一般规定), not a clause's.
_HEADING_TEXT = re.compile(r"第[零〇一二三四五六七八九十百千0-9]+[章节]|\d{1,2}(?:\.\d{1,2})?\s*[\u4e00-\u9fff]")

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_DIGIT_CHARS = "零一二三四五六七八九"
CHINESE_NUMERAL = "[零〇○一二两三四五六七八九十百千]+"


def heading_line(text: str) -> str:
    """Mark a line a layout set as a heading with ``## `` when it names a chapter or section.

    >>> heading_line("第一章 总则"), heading_line(" 3.1 一般规定"), heading_line("3.1.1 消防车道应环形设置。")
    ('## 第一章 总则', '## 3.1 一般规定', '3.1.1 消防车道应环形设置。')
    """
    return "## " + text.strip() if _HEADING_TEXT.match(text.strip()) else text


def normalize_text(text: str) -> str:
    """Normalise full-width digits and letters, odd spaces and standard codes.

    Chinese punctuation (，。（）) is left alone: it is part of the text.

    >>> normalize_text("ＧＢ50016—2014\\u3000第３．３．１条")
    'GB 50016-2014 第3.3.1条'
    """
    text = text.translate(_FULLWIDTH)
    text = _DOT_BETWEEN_DIGITS.sub(".", text)
    text = normalize_standard_codes(text)
    return _SPACES.sub(" ", text).strip()


def normalize_standard_codes(text: str) -> str:
    """Write standard codes as ``GB 50016-2014`` / ``GB/T 50974``.

    >>> normalize_standard_codes("见GB50016和GB/T50974-2014")
    '见GB 50016和GB/T 50974-2014'
    """
    def rewrite(match: re.Match) -> str:
        prefix, slash_t, number, year = match.groups()
        code = f"{prefix}{'/T' if slash_t else ''} {number}"
        return f"{code}-{year}" if year else code

    return _STANDARD_CODE.sub(rewrite, text)


def chinese_to_int(numeral: str) -> int:
    """Convert a Chinese numeral to an int; arabic digits pass through.

    >>> [chinese_to_int(n) for n in ("二十八", "一百零一", "十", "十五", "一百一十", "两千零五", "74")]
    [28, 101, 10, 15, 110, 2005, 74]
    """
    numeral = numeral.strip()
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(char not in _DIGITS and char not in _UNITS for char in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    total, digit = 0, None
    for char in numeral:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
    return total + (digit or 0)


def int_to_chinese(number: int) -> str:
    """Write a positive int below 10000 the way article numbers are printed.

    >>> [int_to_chinese(n) for n in (28, 101, 10, 15, 110, 1000, 1005)]
    ['二十八', '一百零一', '十', '十五', '一百一十', '一千', '一千零五']
    """
    if not 0 < number < 10000:
        raise ValueError(f"article numbers run from 1 to 9999, got {number}")
    parts, zero_pending = [], False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit_value)
        if digit:
            if zero_pending:
                parts.append("零")
            parts.append(_DIGIT_CHARS[digit] + unit)
            zero_pending = False
        elif parts:
            zero_pending = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text
