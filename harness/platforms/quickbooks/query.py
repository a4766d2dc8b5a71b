"""The QuickBooks query language (domain notes §6): a tokenizer, a recursive-descent parser, predicates.

Grammar, as python-quickbooks and the docs use it::

    statement  := SELECT selection FROM IDENT [WHERE condition (AND condition)*]
                  [(ORDERBY | ORDER BY) ordering (',' ordering)*]
                  [STARTPOSITION INT] [MAXRESULTS INT]          -- either order
    selection  := COUNT '(' '*' ')' | '*' (',' IDENT)* | IDENT (',' IDENT)*
    condition  := IDENT op value | IDENT IN '(' value (',' value)* ')' | IDENT LIKE STRING
    op         := '=' | '!=' | '<>' | '<' | '>' | '<=' | '>='
    ordering   := IDENT [ASC | DESC]
    value      := STRING | NUMBER | TRUE | FALSE | CURRENT_DATE

Keywords and names are case-insensitive; strings are single-quoted with ``\\'``
as the escape (python-quickbooks escapes that way, §13.2). A syntax error is a
4000 whose detail names the token, line and column the way QBO's JavaCC parser
does; a property the entity does not have is a 4001 (§6 "Errors").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from harness.platforms.quickbooks import faults
from harness.platforms.quickbooks.entities import BY_LOWER_NAME, EntityDef

DEFAULT_MAX_RESULTS = 100
MAX_RESULTS_CAP = 1000

KEYWORDS = frozenset(
    {
        "SELECT",
        "FROM",
        "WHERE",
        "AND",
        "OR",
        "IN",
        "LIKE",
        "ORDER",
        "ORDERBY",
        "BY",
        "ASC",
        "DESC",
        "STARTPOSITION",
        "MAXRESULTS",
        "COUNT",
        "TRUE",
        "FALSE",
        "CURRENT_DATE",
    }
)
_OPERATORS = ("<=", ">=", "!=", "<>", "=", "<", ">")


@dataclass(frozen=True)
class Token:
    kind: str  # IDENTIFIER, STRING, NUMBER, KEYWORD, SYMBOL, EOF
    text: str  # keyword upper-cased; string unescaped; others as written
    image: str  # exactly as written
    line: int
    column: int


@dataclass(frozen=True)
class Condition:
    prop: str
    op: str  # = != < > <= >= IN LIKE
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Query:
    entity: EntityDef
    count: bool = False
    star: bool = True
    fields: tuple[str, ...] = ()
    where: tuple[Condition, ...] = ()
    order: tuple[tuple[str, bool], ...] = ()  # (property, descending)
    start_position: int = 1
    max_results: int = DEFAULT_MAX_RESULTS

    def mentions(self, prop: str) -> bool:
        return any(c.prop == prop for c in self.where)


class CurrentDate:
    """The CURRENT_DATE literal; resolved against the company clock when evaluated."""

    def __repr__(self) -> str:
        return "CURRENT_DATE"


CURRENT_DATE = CurrentDate()


# -- tokenizer --------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, line, col = 0, 1, 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            if ch == "\n":
                line, col = line + 1, 1
            else:
                col += 1
            i += 1
            continue
        start_line, start_col = line, col
        if ch == "'":
            j, chars = i + 1, []
            while j < n and text[j] != "'":
                if text[j] == "\\" and j + 1 < n:
                    chars.append(text[j + 1])
                    j += 2
                    continue
                chars.append(text[j])
                j += 1
            if j >= n:
                raise faults.query_parse_error(
                    f'Lexical error at line {start_line}, column {start_col}.  Encountered: <EOF> after : "{text[i:]}"'
                )
            image = text[i : j + 1]
            tokens.append(Token("STRING", "".join(chars), image, start_line, start_col))
        elif m := _NUMBER.match(text, i):
            image = m.group()
            tokens.append(Token("NUMBER", image, image, start_line, start_col))
        elif m := _WORD.match(text, i):
            image = m.group()
            upper = image.upper()
            kind = "KEYWORD" if upper in KEYWORDS else "IDENTIFIER"
            tokens.append(Token(kind, upper if kind == "KEYWORD" else image, image, start_line, start_col))
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            image = op or ch
            if image not in _OPERATORS and image not in "*,()":
                raise faults.query_parse_error(
                    f'Lexical error at line {start_line}, column {start_col}.  Encountered: "{image}"'
                )
            tokens.append(Token("SYMBOL", image, image, start_line, start_col))
        consumed = len(tokens[-1].image)
        i += consumed
        col += consumed
        if "\n" in tokens[-1].image:  # a string spanning lines
            line += tokens[-1].image.count("\n")
            col = len(tokens[-1].image.rsplit("\n", 1)[1]) + 1
    tokens.append(Token("EOF", "", "", line, col))
    return tokens


# -- parser -----------------------------------------------------------------------------------------


def parse_query(text: str) -> Query:
    """Parse one statement; raises QboFault 4000 (syntax) or 4001 (unknown entity or property)."""
    return _Parser(tokenize(text)).statement()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != "EOF":
            self.pos += 1
        return tok

    def at(self, kind: str, text: str | None = None) -> bool:
        return self.tok.kind == kind and (text is None or self.tok.text == text)

    def accept(self, kind: str, text: str | None = None) -> Token | None:
        return self.advance() if self.at(kind, text) else None

    def expect(self, kind: str, text: str | None = None) -> Token:
        if not self.at(kind, text):
            raise self.error()
        return self.advance()

    def error(self) -> faults.QboFault:
        tok = self.tok
        if tok.kind == "EOF":
            where = '"<EOF>"'
        elif tok.kind in ("KEYWORD", "SYMBOL"):
            where = f'" "{tok.image.lower() if tok.kind == "KEYWORD" else tok.image}" "{tok.image} ""'
        else:
            label = {"IDENTIFIER": "<IDENTIFIER>", "STRING": "<STRING_LITERAL>", "NUMBER": "<INTEGER>"}[tok.kind]
            where = f'" {label} "{tok.image} ""'
        return faults.query_parse_error(f"Encountered {where} at line {tok.line}, column {tok.column}.")

    # statement := SELECT selection FROM IDENT [WHERE ...] [ORDER BY ...] [STARTPOSITION n] [MAXRESULTS n]
    def statement(self) -> Query:
        self.expect("KEYWORD", "SELECT")
        count, star, raw_fields = self.selection()
        self.expect("KEYWORD", "FROM")
        name_tok = self.expect("IDENTIFIER")
        entity = BY_LOWER_NAME.get(name_tok.text.lower())
        if entity is None:
            raise faults.query_invalid(f"Entity {name_tok.text} is not supported")
        where: list[Condition] = []
        if self.accept("KEYWORD", "WHERE"):
            where.append(self.condition(entity))
            while self.accept("KEYWORD", "AND"):
                where.append(self.condition(entity))
        order: list[tuple[str, bool]] = []
        if self.accept("KEYWORD", "ORDERBY") or (self.accept("KEYWORD", "ORDER") and self.expect("KEYWORD", "BY")):
            order.append(self.ordering(entity))
            while self.accept("SYMBOL", ","):
                order.append(self.ordering(entity))
        start, maximum = 1, DEFAULT_MAX_RESULTS
        seen: set[str] = set()
        while self.at("KEYWORD", "STARTPOSITION") or self.at("KEYWORD", "MAXRESULTS"):
            keyword = self.tok.text
            if keyword in seen:
                raise self.error()
            seen.add(self.advance().text)
            number = self.expect("NUMBER")
            if not number.text.isdigit():
                raise faults.query_parse_error(
                    f'Encountered " <DECIMAL> "{number.image} "" at line {number.line}, column {number.column}.'
                )
            if keyword == "STARTPOSITION":
                start = max(1, int(number.text))
            else:
                # larger values are silently clamped (§6 "Paging")
                maximum = min(int(number.text), MAX_RESULTS_CAP)
        if not self.at("EOF"):
            raise self.error()
        fields = tuple(resolve_property(entity, f, projection=True) for f in raw_fields)
        return Query(entity, count, star, fields, tuple(where), tuple(order), start, maximum)

    def selection(self) -> tuple[bool, bool, list[str]]:
        if self.accept("KEYWORD", "COUNT"):
            self.expect("SYMBOL", "(")
            self.expect("SYMBOL", "*")
            self.expect("SYMBOL", ")")
            return True, False, []
        star = bool(self.accept("SYMBOL", "*"))
        fields: list[str] = []
        if not star:
            fields.append(self.expect("IDENTIFIER").text)
        while self.accept("SYMBOL", ","):
            fields.append(self.expect("IDENTIFIER").text)
        return False, star, fields

    def condition(self, entity: EntityDef) -> Condition:
        prop_tok = self.expect("IDENTIFIER")
        prop = resolve_property(entity, prop_tok.text)
        if self.accept("KEYWORD", "IN"):
            self.expect("SYMBOL", "(")
            values = [self.value()]
            while self.accept("SYMBOL", ","):
                values.append(self.value())
            self.expect("SYMBOL", ")")
            return Condition(prop, "IN", tuple(values))
        if self.accept("KEYWORD", "LIKE"):
            return Condition(prop, "LIKE", (self.expect("STRING").text,))
        if self.at("KEYWORD", "OR"):
            raise self.error()
        op_tok = self.expect("SYMBOL")
        if op_tok.text not in _OPERATORS:
            self.pos -= 1
            raise self.error()
        op = "!=" if op_tok.text == "<>" else op_tok.text
        if prop == "Id" and op != "=":
            # §6: "Id supports only = and IN"
            raise faults.query_invalid(f"operator '{op}' is not supported for property 'Id'")
        return Condition(prop, op, (self.value(),))

    def ordering(self, entity: EntityDef) -> tuple[str, bool]:
        prop = resolve_property(entity, self.expect("IDENTIFIER").text)
        if self.accept("KEYWORD", "DESC"):
            return prop, True
        self.accept("KEYWORD", "ASC")
        return prop, False

    def value(self) -> Any:
        tok = self.tok
        if tok.kind == "STRING":
            self.advance()
            return tok.text
        if tok.kind == "NUMBER":
            self.advance()
            return Decimal(tok.text)
        if tok.kind == "KEYWORD" and tok.text in ("TRUE", "FALSE"):
            self.advance()
            return tok.text == "TRUE"
        if tok.kind == "KEYWORD" and tok.text == "CURRENT_DATE":
            self.advance()
            return CURRENT_DATE
        raise self.error()


def resolve_property(entity: EntityDef, name: str, *, projection: bool = False) -> str:
    """The property's canonical spelling, or 4001 when the entity has no such queryable property."""
    lowered = name.lower()
    for known in (*entity.queryable, "Id", "SyncToken", "MetaData.CreateTime", "MetaData.LastUpdatedTime"):
        if known.lower() == lowered:
            return known
    if projection and lowered in ("billaddr", "shipaddr", "line"):
        raise faults.query_invalid(f"Property {name} not found for Entity {entity.name}")
    raise faults.query_invalid(f"Property {name} not found for Entity {entity.name}")
