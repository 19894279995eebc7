"""The read-only guard for Cypher written by a model.

Checked in our own code before the database sees anything — some Bolt servers
(ArcadeDB's) do not enforce read transactions, so the transaction mode is a second
line, not the first:

1. one statement, no comments hiding text;
2. no write or admin clause (CREATE, MERGE, SET, DELETE, REMOVE, DROP, LOAD CSV, FOREACH, …);
3. ``CALL`` only for allow-listed procedures; no ``apoc.*``/``dbms.*``/``gds.*``;
4. labels and relationship types only from :mod:`kg.schema`; functions only from an allow-list;
5. a ``LIMIT`` no larger than the cap, added when missing;
6. ``EXPLAIN`` on the store must accept it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import UnsafeCypherError
from kg.schema import Label, Rel

MAX_ROWS = 50
WRITE_KEYWORDS = {"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "LOAD", "FOREACH", "ALTER",
                  "GRANT", "DENY", "REVOKE", "RENAME", "START", "STOP", "TERMINATE", "USE", "IMPORT", "COMMIT",
                  "TRANSACTIONS", "PERIODIC", "INSERT", "UPDATE", "UPSERT", "TRUNCATE"}
ALLOWED_PROCEDURES = {"db.labels", "db.relationshiptypes", "db.propertykeys"}
ALLOWED_FUNCTIONS = {
    "count", "collect", "size", "tolower", "toupper", "coalesce", "labels", "type", "properties", "keys",
    "startnode", "endnode", "length", "nodes", "relationships", "head", "last", "tail", "range", "tostring",
    "tointeger", "tofloat", "toboolean", "trim", "ltrim", "rtrim", "replace", "substring", "left", "right",
    "split", "reverse", "any", "all", "none", "single", "sum", "avg", "min", "max", "round", "abs", "exists",
    "elementid", "id", "distinct", "upper", "lower", "isempty",
}
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_LABEL = re.compile(r"\(\s*[A-Za-z_]\w*\s*((?::\s*[A-Za-z_]\w*\s*)+)|\(\s*((?::\s*[A-Za-z_]\w*\s*)+)")
_REL_TYPE = re.compile(r"\[\s*[A-Za-z_]?\w*\s*:\s*([A-Za-z_|:\s]+?)\s*(?:\*[\d.]*)?\s*(?:\{|\])")
_WHERE_LABEL = re.compile(r"\b[A-Za-z_]\w*\s*:\s*([A-Za-z_]\w*)\b")
_FUNCTION = re.compile(r"\b([A-Za-z_][A-Za-z0-9_.]*)\s*\(")
_LIMIT = re.compile(r"\bLIMIT\s+(\d+|\$\w+)\s*$", re.I)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.I)


@dataclass(frozen=True)
class CheckedCypher:
    query: str
    limit_added: bool


def check_cypher(query: str, max_rows: int = MAX_ROWS) -> CheckedCypher:
    """Refuse anything that is not a single read-only query over the schema; enforce a LIMIT.

    >>> check_cypher("MATCH (c:Clause)-[:MENTIONS]->(e:Equipment {name: $name}) RETURN c.text").query
    'MATCH (c:Clause)-[:MENTIONS]->(e:Equipment {name: $name}) RETURN c.text LIMIT 50'
    >>> check_cypher("MATCH (n) DETACH DELETE n")
    Traceback (most recent call last):
    ...
    kg.errors.UnsafeCypherError: Refused Cypher: it uses the write clause DETACH. Only read queries may run.
    """
    text = query.strip().rstrip(";").strip()
    if not text:
        raise UnsafeCypherError("Refused Cypher: the query is empty.")
    if _COMMENT.search(_STRING.sub("''", text)):
        raise UnsafeCypherError("Refused Cypher: comments are not allowed in generated queries.")
    code = _STRING.sub("''", text)          # keywords inside string literals do not count
    if ";" in code:
        raise UnsafeCypherError("Refused Cypher: only one statement may run.")
    _check_keywords(code)
    _check_calls(code)
    _check_schema_names(code)
    _check_functions(code)
    return _with_limit(text, code, max_rows)


def _check_keywords(code: str) -> None:
    for word in _WORD.findall(code):
        upper = word.upper()
        if upper in WRITE_KEYWORDS:
            raise UnsafeCypherError(f"Refused Cypher: it uses the write clause {upper}. Only read queries may run.")
        if upper.startswith(("APOC.", "DBMS.", "GDS.")):
            raise UnsafeCypherError(f"Refused Cypher: {word} is not an allowed procedure or function.")


def _check_calls(code: str) -> None:
    for match in _CALL.finditer(code):
        if match.group(1).lower() not in ALLOWED_PROCEDURES:
            raise UnsafeCypherError(f"Refused Cypher: CALL {match.group(1)} is not on the allow-list "
                                    f"({', '.join(sorted(ALLOWED_PROCEDURES))}).")
    if re.search(r"\bCALL\s*\{", code, re.I):
        raise UnsafeCypherError("Refused Cypher: CALL subqueries are not allowed.")


def _check_schema_names(code: str) -> None:
    labels = {label.value for label in Label}
    rel_types = {rel.value for rel in Rel}
    for match in _LABEL.finditer(code):
        for name in re.findall(r":\s*([A-Za-z_]\w*)", match.group(1) or match.group(2)):
            if name not in labels:
                raise UnsafeCypherError(f"Refused Cypher: unknown label {name}; labels are {', '.join(sorted(labels))}.")
    for match in _REL_TYPE.finditer(code):
        for name in re.split(r"[|:\s]+", match.group(1)):
            if name and name not in rel_types:
                raise UnsafeCypherError(
                    f"Refused Cypher: unknown relationship type {name}; types are {', '.join(sorted(rel_types))}.")


def _check_functions(code: str) -> None:
    keywords = {"WHERE", "AND", "OR", "NOT", "IN", "RETURN", "WITH", "MATCH", "OPTIONAL", "UNWIND", "EXISTS",
                "COUNT", "CASE", "WHEN", "THEN", "ELSE", "END", "AS", "XOR", "IS", "NULL", "CONTAINS", "ORDER",
                "BY", "SKIP", "LIMIT", "DISTINCT", "UNION", "ALL", "ANY", "NONE", "SINGLE", "STARTS", "ENDS"}
    for name in _FUNCTION.findall(code):
        if name.upper() in keywords or name.lower() in ALLOWED_PROCEDURES:
            continue
        if name.lower() not in ALLOWED_FUNCTIONS:
            raise UnsafeCypherError(f"Refused Cypher: the function {name}() is not on the allow-list.")


def _with_limit(text: str, code: str, max_rows: int) -> CheckedCypher:
    match = _LIMIT.search(text)
    if match is None or not _LIMIT.search(code):
        return CheckedCypher(f"{text} LIMIT {max_rows}", True)
    value = match.group(1)
    if value.startswith("$") or int(value) > max_rows:
        return CheckedCypher(text[:match.start()] + f"LIMIT {max_rows}", True)
    return CheckedCypher(text, False)
