"""The subset of OData `$filter` that CBS clients use (v3, and v4), compiled to a predicate.

Why: the ETL filters server-side (03759ned alone holds ~98 million cells), so the fake feed must
answer filters the way CBS does or the tests prove nothing. Comparison is exact, as on CBS: a
padded key only matches with its padding (`RegioS eq 'NL01  '`), which is why the ETL uses
`substringof`. Anything outside the subset raises `FilterError`; the server answers it with
HTTP 400, as CBS does for a filter it cannot parse.

Grammar (keywords are lower-case, as in OData; `not` binds tighter than comparisons, and `and`
tighter than `or`):

    expr       := and_expr ("or" and_expr)*
    and_expr   := comparison ("and" comparison)*
    comparison := unary (("eq" | "ne" | "gt" | "ge" | "lt" | "le") unary)?
    unary      := "not" unary | primary
    primary    := "(" expr ")" | function | STRING | NUMBER | FIELD
    function   := ("substringof" | "startswith") "(" expr "," expr ")"           (v3)
                | ("contains" | "startswith" | "endswith") "(" expr "," expr ")"  (v4)

OData v4 replaced v3's `substringof(needle, haystack)` by `contains(haystack, needle)` (OData
4.0 URL conventions, 5.1.1.5); a v4 filter that still says `substringof` is refused, as a v4
server refuses an unknown function.

A field that a record lacks reads as null; comparisons with null are false except `eq`/`ne`.
"""

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Filter", "FilterError", "compile_filter"]


class FilterError(ValueError):
    """The filter text is not valid in the supported subset, or compares incompatible types."""


@dataclass(frozen=True)
class Filter:
    """A compiled filter: call it with a record; `fields` are the field names it reads."""

    predicate: Callable[[Mapping[str, Any]], bool]
    fields: frozenset[str]

    def __call__(self, record: Mapping[str, Any]) -> bool:
        return self.predicate(record)


def compile_filter(text: str, version: int = 3) -> Filter:
    """Parse `text` (OData `version` 3 or 4) and return its predicate; raise `FilterError`
    when it is malformed."""
    parser = _Parser(text, _FUNCTIONS[version])
    node = parser.expression()
    parser.expect_end()
    if not node.boolean:
        raise FilterError(f"filter {text!r} is a value, not a condition")
    return Filter(node.evaluate, frozenset(parser.fields))


_SPACE = re.compile(r"\s*")
_TOKEN = re.compile(
    r"""(?P<string>'(?:[^']|'')*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<punct>[(),])""",
    re.VERBOSE,
)
_COMPARISONS = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
_KEYWORDS = {"and", "or", "not", *_COMPARISONS}


@dataclass(frozen=True)
class _Token:
    kind: str  # "string", "number", "name", "punct" or "end"
    value: Any
    position: int


@dataclass(frozen=True)
class _Node:
    evaluate: Callable[[Mapping[str, Any]], Any]
    boolean: bool  # a condition (True) or a value (False)


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    position = _SPACE.match(text).end()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FilterError(f"unexpected character {text[position]!r} at position {position}")
        kind = match.lastgroup
        raw = match.group()
        if kind == "string":
            value = raw[1:-1].replace("''", "'")
        elif kind == "number":
            value = float(raw) if "." in raw else int(raw)
        else:
            value = raw
        tokens.append(_Token(kind, value, position))
        position = _SPACE.match(text, match.end()).end()
    tokens.append(_Token("end", None, len(text)))
    return tokens


def _compare(op: Callable[[Any, Any], bool], left: Any, right: Any) -> bool:
    if left is None or right is None:
        return op(left, right) if op in (operator.eq, operator.ne) else False
    if isinstance(left, str) != isinstance(right, str):
        raise FilterError(f"cannot compare {left!r} with {right!r}")
    return op(left, right)


def _strings(name: str, a: Any, b: Any) -> bool:
    """True when both arguments are strings; False when one is null; FilterError otherwise."""
    if a is None or b is None:
        return False
    if not (isinstance(a, str) and isinstance(b, str)):
        raise FilterError(f"{name} needs strings, got {a!r} and {b!r}")
    return True


def _substringof(needle: Any, haystack: Any) -> bool:
    return _strings("substringof", needle, haystack) and needle in haystack


def _startswith(value: Any, prefix: Any) -> bool:
    return _strings("startswith", value, prefix) and value.startswith(prefix)


def _contains(haystack: Any, needle: Any) -> bool:
    return _strings("contains", haystack, needle) and needle in haystack


def _endswith(value: Any, suffix: Any) -> bool:
    return _strings("endswith", value, suffix) and value.endswith(suffix)


_FUNCTIONS: dict[int, dict[str, Callable[[Any, Any], bool]]] = {
    3: {"substringof": _substringof, "startswith": _startswith},
    4: {"contains": _contains, "startswith": _startswith, "endswith": _endswith},
}


class _Parser:
    def __init__(self, text: str, functions: dict[str, Callable[[Any, Any], bool]]):
        self.text = text
        self.functions = functions
        self.tokens = _tokenize(text)
        self.index = 0
        self.fields: set[str] = set()

    # -- token helpers
    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at(self, kind: str, value: Any = None) -> bool:
        token = self.peek()
        return token.kind == kind and (value is None or token.value == value)

    def fail(self, expected: str) -> FilterError:
        token = self.peek()
        found = "end of filter" if token.kind == "end" else repr(token.value)
        return FilterError(f"expected {expected} at position {token.position}, found {found}")

    def expect_punct(self, value: str) -> None:
        if not self.at("punct", value):
            raise self.fail(repr(value))
        self.advance()

    def expect_end(self) -> None:
        if not self.at("end"):
            raise self.fail("'and', 'or' or end of filter")

    def condition(self, node: _Node, keyword: str) -> _Node:
        if not node.boolean:
            raise FilterError(f"'{keyword}' needs a condition, not a value, in {self.text!r}")
        return node

    def value(self, node: _Node, keyword: str) -> _Node:
        if node.boolean:
            raise FilterError(f"'{keyword}' needs a value, not a condition, in {self.text!r}")
        return node

    # -- grammar rules
    def expression(self) -> _Node:
        node = self.and_expression()
        while self.at("name", "or"):
            self.advance()
            left = self.condition(node, "or").evaluate
            right = self.condition(self.and_expression(), "or").evaluate
            node = _Node(lambda r, a=left, b=right: a(r) or b(r), True)
        return node

    def and_expression(self) -> _Node:
        node = self.comparison()
        while self.at("name", "and"):
            self.advance()
            left = self.condition(node, "and").evaluate
            right = self.condition(self.comparison(), "and").evaluate
            node = _Node(lambda r, a=left, b=right: a(r) and b(r), True)
        return node

    def comparison(self) -> _Node:
        node = self.unary()
        token = self.peek()
        if token.kind == "name" and token.value in _COMPARISONS:
            self.advance()
            op = _COMPARISONS[token.value]
            left = self.value(node, token.value).evaluate
            right = self.value(self.unary(), token.value).evaluate
            node = _Node(lambda r: _compare(op, left(r), right(r)), True)
        return node

    def unary(self) -> _Node:
        if self.at("name", "not"):
            self.advance()
            inner = self.condition(self.unary(), "not").evaluate
            return _Node(lambda r: not inner(r), True)
        return self.primary()

    def primary(self) -> _Node:
        token = self.peek()
        if token.kind == "punct" and token.value == "(":
            self.advance()
            node = self.expression()
            self.expect_punct(")")
            return node
        if token.kind in ("string", "number"):
            self.advance()
            return _Node(lambda r: token.value, False)
        if token.kind == "name" and token.value in self.functions:
            return self.function()
        if token.kind == "name" and token.value not in _KEYWORDS:
            self.advance()
            self.fields.add(token.value)
            return _Node(lambda r: r.get(token.value), False)
        raise self.fail("a field, literal, function or '('")

    def function(self) -> _Node:
        name = self.advance().value
        self.expect_punct("(")
        first = self.value(self.expression(), name).evaluate
        self.expect_punct(",")
        second = self.value(self.expression(), name).evaluate
        self.expect_punct(")")
        function = self.functions[name]
        return _Node(lambda r: function(first(r), second(r)), True)
