"""Read a scenario file; every mistake becomes one line naming the file, the line and the key.

The YAML is composed into nodes first (they carry line numbers), turned into
plain data alongside a map from key path to line, and only then converted into
the :mod:`harness.scenarios.spec` Structs; a validation error's ``$.a.b`` path
is looked up in that map.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import yaml

from harness.errors import InputError, read_input_text
from harness.scenarios.spec import (
    BooksSource,
    Expectations,
    FindingExpectations,
    GeneratedStore,
    ScenarioSpec,
    SizeCounts,
    StoreSource,
)

if TYPE_CHECKING:
    from harness.scenarios.materialise import Materialised

KeyPath = tuple[str | int, ...]

_MARKER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PLAN_KINDS = ("item", "customer", "order", "tax")
_PLAN_ACTIONS = ("match", "create", "update", "skip", "fail")
#: the Struct behind each mapping of the file, so an unknown key can list the allowed ones
_STRUCT_AT: dict[KeyPath, type[msgspec.Struct]] = {
    (): ScenarioSpec,
    ("store",): StoreSource,
    ("store", "generated"): GeneratedStore,
    ("store", "generated", "size"): SizeCounts,
    ("books",): BooksSource,
    ("expect",): Expectations,
    ("expect", "findings"): FindingExpectations,
}
_TYPE_WORDS = {
    "int": "an integer",
    "float": "a number",
    "str": "a string",
    "bool": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "nothing",
}


@dataclass
class Scenario:
    """A validated scenario: its spec, where it lives, and the line of every key (for later messages)."""

    path: Path
    spec: ScenarioSpec
    #: the file's data as read (what a tool rewriting the scenario starts from)
    data: dict[str, Any]
    lines: dict[KeyPath, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name or self.path.stem

    def where(self, *key: str | int) -> str:
        """``file:line: a.b`` for a key path, falling back to the nearest parent that has a line."""
        return f"{self.path}:{_line_of(self.lines, key)}: {_dotted(key)}" if key else f"{self.path}"

    def resolve(self, relative: str) -> Path:
        """A path written in the file, relative to the file's folder."""
        return (self.path.parent / relative).resolve() if not Path(relative).is_absolute() else Path(relative)

    def materialise(self) -> Materialised:
        """The store, books, profile (and manifest, for a generated store) this scenario names."""
        from harness.scenarios.materialise import materialise

        return materialise(self)


def load_scenario(path: str | Path) -> Scenario:
    p = Path(path)
    text = read_input_text(p, "scenario", expect="a scenario file", fix="a scenario is YAML text (UTF-8)")
    data, lines = _parse(p, text)
    try:
        spec = msgspec.convert(data, ScenarioSpec, str_keys=True)
    except msgspec.ValidationError as exc:
        raise InputError(_explain(p, data, lines, str(exc))) from None
    scenario = Scenario(path=p, spec=spec, data=data, lines=lines)
    _check_meaning(scenario)
    return scenario


# -- YAML with line numbers -------------------------------------------------------------------------


def _parse(path: Path, text: str) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"{mark.line + 1}" if mark is not None else "1"
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{path}:{line}: not valid YAML: {problem}") from None
    if node is None:
        raise InputError(f"{path}:1: the file is empty; a scenario needs at least store: and expect:")
    lines: dict[KeyPath, int] = {}
    data = _plain(path, node, (), lines)
    if not isinstance(data, dict):
        raise InputError(f"{path}:{node.start_mark.line + 1}: a scenario is a mapping (store:, expect:, ...)")
    return data, lines


def _plain(path: Path, node: yaml.Node, at: KeyPath, lines: dict[KeyPath, int]) -> Any:
    lines.setdefault(at, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                raise InputError(f"{path}:{key_node.start_mark.line + 1}: {_dotted((*at, key))}: given twice")
            lines[(*at, key)] = key_node.start_mark.line + 1
            out[key] = _plain(path, value_node, (*at, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(path, item, (*at, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise InputError(f"line {node.start_mark.line + 1}: a mapping key must be a plain value")
    return yaml.SafeLoader("").construct_object(node)


# -- messages ---------------------------------------------------------------------------------------

_AT = re.compile(r"^(?P<msg>.*) - at `\$(?P<path>[^`]*)`$")
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_GOT_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,), "int": (int,), "float": (float,), "bool": (bool,), "null": (type(None),),
    "object": (dict,), "array": (list,),
}


def _explain(path: Path, data: Any, lines: dict[KeyPath, int], message: str) -> str:
    m = _AT.match(message)
    msg, key = (m.group("msg"), _split(m.group("path"))) if m else (message, ())
    unknown = re.match(r"Object contains unknown field `(.+)`", msg)
    if unknown:
        name = unknown.group(1)
        struct = _STRUCT_AT.get(key)
        allowed = ", ".join(struct.__struct_fields__) if struct is not None else ""
        full = (*key, name)
        return f"{path}:{_line_of(lines, full)}: {_dotted(full)}: unknown key; allowed here: {allowed}"
    missing = re.match(r"Object missing required field `(.+)`", msg)
    if missing:
        return f"{path}:{_line_of(lines, key)}: {_dotted((*key, missing.group(1)))}: required but missing"
    typed = re.match(r"Expected `(.+?)`, got `(.+?)`", msg)
    if typed:
        key = _locate(data, key, _GOT_TYPES.get(typed.group(2), (object,)))
        expected = " or ".join(_TYPE_WORDS.get(t.strip(), t.strip()) for t in typed.group(1).split("|"))
        value = _value_at(data, key)
        return f"{path}:{_line_of(lines, key)}: {_dotted(key)}: expected {expected}, got {_show(value)}"
    text = msg.replace("`", "")
    if text.startswith("Invalid enum value"):
        value = _value_at(data, key)
        choices = _enum_choices(key)
        text = f"{_show(value)} is not allowed" + (f"; choose one of: {', '.join(choices)}" if choices else "")
    return f"{path}:{_line_of(lines, key)}: {_dotted(key)}: {text[:1].lower()}{text[1:]}"


def _enum_choices(key: KeyPath) -> list[str]:
    if key == ("store", "generated", "platform"):
        from harness.model.store import PLATFORMS

        return list(PLATFORMS)
    if key == ("store", "generated", "match_field"):
        return ["name", "sku"]
    if key == ("expect", "exit"):
        return ["0", "1"]
    return []


def _split(text: str) -> KeyPath:
    parts: list[str | int] = []
    for m in _PATH_PART.finditer(text):
        index = m.group(2)
        parts.append(m.group(1) if m.group(1) is not None else (index if index == "..." else int(index)))
    return tuple(parts)


def _locate(data: Any, key: KeyPath, got: tuple[type, ...]) -> KeyPath:
    """msgspec writes a mapping's key as ``[...]``: find the first entry whose value has the type it got."""
    if "..." not in key:
        return key
    i = key.index("...")
    mapping = _value_at(data, key[:i])
    if isinstance(mapping, dict):
        for name in mapping:
            candidate = _locate(data, (*key[:i], name, *key[i + 1 :]), got)
            value = _value_at(data, candidate)
            if isinstance(value, got) and not (bool in got) ^ isinstance(value, bool):
                return candidate
    return key[:i]


def _dotted(key: KeyPath) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


def _line_of(lines: dict[KeyPath, int], key: KeyPath) -> int:
    for n in range(len(key), -1, -1):
        if key[:n] in lines:
            return lines[key[:n]]
    return 1


def _value_at(data: Any, key: KeyPath) -> Any:
    for part in key:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "nothing" if value is None else repr(value)


# -- what the types cannot say ----------------------------------------------------------------------


def _check_meaning(scenario: Scenario) -> None:
    spec = scenario.spec
    where = scenario.where
    _one_source(scenario, "store", spec.store, ("generated", "snapshot", "cassette", "export"))
    if spec.books is not None:
        _one_source(scenario, "books", spec.books, ("snapshot", "cassette", "export"))
    for side, source in (("store", spec.store), ("books", spec.books)):
        for kind in ("snapshot", "cassette", "export"):
            relative = getattr(source, kind, None) if source is not None else None
            if relative is not None and not scenario.resolve(relative).exists():
                raise InputError(f"{where(side, kind)}: {relative} does not exist (paths are relative to the file)")
    if spec.books is None and spec.store.generated is None and not _has_books_beside(scenario):
        raise InputError(f"{where('store')}: a store that is not generated needs books: (snapshot, cassette or export)")
    if spec.store.generated is not None:
        _check_generated(scenario, spec.store.generated)
    if isinstance(spec.profile, str) and not scenario.resolve(spec.profile).is_file():
        raise InputError(f"{where('profile')}: profile file {spec.profile} does not exist")
    if isinstance(spec.profile, dict):
        from harness.scenarios.materialise import scenario_profile

        scenario_profile(scenario)
    for i, marker in enumerate(spec.markers):
        if not _MARKER.match(marker):
            raise InputError(f"{where('markers', i)}: {marker!r} is not a valid marker name (letters, digits, _)")
    if not re.match(r"^[A-Za-z0-9_.-]+$", scenario.name):
        raise InputError(f"{where('name')}: {scenario.name!r}: use letters, digits, '.', '-' and '_' only")
    _check_expectations(scenario)


def _one_source(scenario: Scenario, side: str, source: msgspec.Struct, kinds: tuple[str, ...]) -> None:
    given = [k for k in kinds if getattr(source, k) is not None]
    if len(given) != 1:
        what = "none" if not given else ", ".join(given)
        raise InputError(f"{scenario.where(side)}: give exactly one of {', '.join(kinds)} (got {what})")


def _has_books_beside(scenario: Scenario) -> bool:
    from harness.sources.imports import books_beside

    store = scenario.spec.store
    relative = store.snapshot or store.cassette or store.export
    return relative is not None and books_beside(scenario.resolve(relative)) is not None


def _check_generated(scenario: Scenario, generated: GeneratedStore) -> None:
    from harness.sources.generated import PATHOLOGIES
    from harness.sources.generated.sizes import Counts

    base = ("store", "generated")
    for name, rate in generated.pathologies.items():
        if name not in PATHOLOGIES:
            raise InputError(
                f"{scenario.where(*base, 'pathologies', name)}: unknown pathology{_close(name, PATHOLOGIES)}; "
                f"known: {', '.join(sorted(PATHOLOGIES))}"
            )
        if rate < 0 or (rate > 1 and rate != int(rate)):
            raise InputError(
                f"{scenario.where(*base, 'pathologies', name)}: {rate!r}: use a fraction (0..1) or a whole count"
            )
    if isinstance(generated.size, str):
        try:
            Counts.parse(generated.size)
        except InputError as exc:
            raise InputError(f"{scenario.where(*base, 'size')}: {exc}") from None
    else:
        for key in ("products", "customers", "orders"):
            if getattr(generated.size, key) < 0:
                raise InputError(f"{scenario.where(*base, 'size', key)}: must not be negative")


def _check_expectations(scenario: Scenario) -> None:
    from harness.sync.checks import all_checks

    codes = {c.code for c in all_checks()}
    findings = scenario.spec.expect.findings
    at = ("expect", "findings")
    for group, listed in (("present", findings.present), ("absent", findings.absent)):
        for i, code in enumerate(listed):
            if code not in codes:
                raise InputError(f"{scenario.where(*at, group, i)}: unknown finding code{_close(code, codes)}; "
                                 "`sync-sandbox checks` lists them all")
    for code, count in findings.counts.items():
        if code not in codes:
            raise InputError(f"{scenario.where(*at, 'counts', code)}: unknown finding code{_close(code, codes)}; "
                             "`sync-sandbox checks` lists them all")
        if count < 0:
            raise InputError(f"{scenario.where(*at, 'counts', code)}: a count must not be negative")
    clash = (set(findings.present) | {c for c, n in findings.counts.items() if n > 0}) & set(findings.absent)
    if clash:
        code = sorted(clash)[0]
        raise InputError(f"{scenario.where(*at, 'absent')}: {code} is expected both present and absent")
    for kind, actions in scenario.spec.expect.plan.items():
        if kind not in _PLAN_KINDS:
            where = scenario.where("expect", "plan", kind)
            raise InputError(f"{where}: unknown plan kind; use {', '.join(_PLAN_KINDS)}")
        for action in actions:
            if action not in _PLAN_ACTIONS:
                raise InputError(
                    f"{scenario.where('expect', 'plan', kind, action)}: unknown action; use {', '.join(_PLAN_ACTIONS)}"
                )


def _close(word: str, known: Any) -> str:
    guesses = difflib.get_close_matches(word, list(known), n=1)
    return f" {word!r} (did you mean {guesses[0]}?)" if guesses else f" {word!r}"
