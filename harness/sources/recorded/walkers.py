"""Rewrite the values of a JSON or XML body field by field, keeping every other byte as it was.

A body is parsed once to learn, for each scalar in document order, what its field holds
(``harness.sources.recorded.fields``); a second pass over the raw text swaps only the scalars whose
value changes. Numbers keep their spelling (``10.50`` stays ``10.50``), key order and spacing stay,
so a client decodes a rewritten body exactly as it decoded the original, bar the rewritten values.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from harness.sources.recorded.fields import Kind, bare, field_kind, pair_field

#: (kind of the field or None, field name, value) -> the new value, or the same object when unchanged
Rewrite = Callable[[Kind | None, str, Any], Any]

_JSON_SCALAR = re.compile(r'"(?:[^"\\]|\\.)*"(\s*:)?|-?\d[\d.eE+-]*|true|false|null')
_XML_LEAF = re.compile(r"<([\w:.-]+)((?:\s[^<>]*?)?)(?:/>|>([^<]*)</\1\s*>)")
_UNCHANGED = object()


def rewrite_json(text: str, rewrite: Rewrite) -> str:
    """``text`` with each scalar value replaced as ``rewrite`` says; unchanged text when nothing changes."""
    try:
        data = json.loads(text)
    except ValueError:
        return text
    decisions: list[Any] = []
    _walk_json(data, None, "", None, rewrite, decisions)
    if all(d is _UNCHANGED for d in decisions):
        return text
    out: list[str] = []
    position = 0
    index = 0
    for match in _JSON_SCALAR.finditer(text):
        if match.group(1) is not None:  # an object key
            continue
        if index >= len(decisions):
            return _fallback_json(data, rewrite)
        decision = decisions[index]
        index += 1
        if decision is not _UNCHANGED:
            out.append(text[position : match.start()])
            out.append(json.dumps(decision, ensure_ascii=False))
            position = match.end()
    if index != len(decisions):
        return _fallback_json(data, rewrite)
    out.append(text[position:])
    return "".join(out)


def _walk_json(
    node: Any, kind: Kind | None, key: str, parent: str | None, rewrite: Rewrite, decisions: list[Any]
) -> Any:
    """Append one decision per scalar under ``node`` (document order); returns the rewritten node."""
    if isinstance(node, dict):
        pair = pair_field(node)
        siblings = frozenset(bare(k) for k in node)
        result = {}
        for k, v in node.items():
            inner, field = _child_field(k, kind, key, siblings, pair)
            result[k] = _walk_json(v, inner, field, key, rewrite, decisions)
        return result
    if isinstance(node, list):
        return [_walk_json(v, kind, key, parent, rewrite, decisions) for v in node]
    new = rewrite(kind, key, node)
    decisions.append(_UNCHANGED if new is node or (new == node and type(new) is type(node)) else new)
    return new


def _child_field(
    name: str,
    kind: Kind | None,
    parent: str | None,
    siblings: frozenset[str],
    pair: tuple[str, str, Kind | None] | None,
) -> tuple[Kind | None, str]:
    """What the child field ``name`` of an object holds, and the name to judge its value by: everything
    under a sensitive field is sensitive, the value of a name/value pair is judged by the pair's name,
    and a field of no kind of its own belongs to its object's kind (``PrimaryPhone.FreeFormNumber``)."""
    if kind in ("sensitive", "date", "ip"):
        return kind, name
    if pair is not None and name == pair[0]:
        return pair[2], pair[1]
    return field_kind(name, parent, siblings) or kind, name


def _fallback_json(data: Any, rewrite: Rewrite) -> str:
    """Re-serialised (spelling of numbers may change) when the raw text could not be followed."""
    return json.dumps(_walk_json(data, None, "", None, rewrite, []), ensure_ascii=False)


def rewrite_xml(text: str, rewrite: Rewrite) -> str:
    """``text`` with each leaf element's text replaced as ``rewrite`` says."""
    try:
        # a recording is untrusted input: no DTDs, no entity expansion (as the eBay endpoint parses)
        root = SafeET.fromstring(text.encode("utf-8"))
    except (ET.ParseError, DefusedXmlException):
        return text
    decisions: list[Any] = []
    _walk_xml(root, None, _local(root.tag), rewrite, decisions)
    if all(d is _UNCHANGED for d in decisions):
        return text
    out: list[str] = []
    position = 0
    index = 0
    for match in _XML_LEAF.finditer(text):
        if index >= len(decisions):
            break
        decision = decisions[index]
        index += 1
        if decision is not _UNCHANGED:
            tag, attributes = match.group(1), match.group(2)
            out.append(text[position : match.start()])
            out.append(f"<{tag}{attributes}>{escape(decision or '')}</{tag}>")
            position = match.end()
    if index != len(decisions):
        return _fallback_xml(root, rewrite)
    out.append(text[position:])
    return "".join(out)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _walk_xml(element: ET.Element, kind: Kind | None, field: str, rewrite: Rewrite, decisions: list[Any]) -> None:
    children = list(element)
    tag = _local(element.tag)
    if not children:
        value = element.text or ""
        new = rewrite(kind, field, value)
        decisions.append(_UNCHANGED if new == value else new)
        if new != value:
            element.text = new
        return
    siblings = frozenset(bare(_local(c.tag)) for c in children)
    pair = pair_field({_local(c.tag): (c.text or "") for c in children if not list(c)})
    for child in children:
        inner, label = _child_field(_local(child.tag), kind, tag, siblings, pair)
        _walk_xml(child, inner, label, rewrite, decisions)


def _fallback_xml(root: ET.Element, rewrite: Rewrite) -> str:
    """Re-serialised (namespace prefixes may change) when the raw text could not be followed; the walk
    already set each new text on the tree."""
    return ET.tostring(root, encoding="unicode")
