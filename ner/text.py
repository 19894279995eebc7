"""A length-preserving matching copy of a text.

Extractors match on this copy and report offsets into the original string, so
full-width digits, U+3000/U+2002 spaces and full-width punctuation never shift
an offset. Unlike ``kg.corpus.text.normalize_text`` (which may shorten a text),
every character here maps to exactly one character.
"""
from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_ONE_TO_ONE = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}        # ０-９
_ONE_TO_ONE.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})   # Ａ-Ｚ
_ONE_TO_ONE.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})   # ａ-ｚ
_ONE_TO_ONE.update({ord(space): " " for space in
                    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                    "\u2008\u2009\u200a\u202f\u205f\u3000\t"})
_ONE_TO_ONE.update({ord("／"): "/", ord("．"): ".", ord("－"): "-", ord("～"): "~",
                    ord("（"): "(", ord("）"): ")"})
_DOT_BETWEEN_DIGITS = re.compile(r"(?<=\d)[。·](?=\d)")


def matching_copy(text: str) -> str:
    """Fold full-width characters and odd spaces, one character for one.

    >>> matching_copy("ＧＢ\\u200250084　第３．３．１条（间）")
    'GB 50084 第3.3.1条(间)'
    >>> len(matching_copy("\\u3000\\u2002ａ")) == 3
    True
    """
    copy = text.translate(_ONE_TO_ONE)
    return _DOT_BETWEEN_DIGITS.sub(".", copy)
