"""A small JSON Schema validator for the keywords report.schema.json uses (jsonschema is not a dependency).

It refuses any keyword it does not know, so a schema that grows a keyword fails
the tests here instead of being silently half-checked.
"""

from __future__ import annotations

from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,), "array": (list,), "string": (str,), "integer": (int,),
    "number": (int, float), "boolean": (bool,), "null": (type(None),),
}
_ANNOTATIONS = {"title", "description", "default", "format", "$schema", "$id", "$defs", "examples"}


def validate(instance: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, path: str = "$") -> None:
    """Raise AssertionError naming the JSON path of the first violation."""
    root = root if root is not None else schema
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS:
            continue
        if keyword == "$ref":
            assert value.startswith("#/$defs/"), value
            validate(instance, root["$defs"][value.removeprefix("#/$defs/")], root, path)
        elif keyword == "type":
            kinds = _TYPES[value]
            bad_bool = isinstance(instance, bool) and value in ("integer", "number")
            assert isinstance(instance, kinds) and not bad_bool, f"{path}: expected {value}, got {instance!r}"
        elif keyword == "enum":
            assert instance in value, f"{path}: {instance!r} not in {value}"
        elif keyword == "const":
            assert instance == value, f"{path}: {instance!r} != {value!r}"
        elif keyword == "anyOf":
            errors = []
            for option in value:
                try:
                    validate(instance, option, root, path)
                    break
                except AssertionError as exc:
                    errors.append(str(exc))
            else:
                raise AssertionError(f"{path}: matches no option: {errors}")
        elif keyword == "required":
            missing = [key for key in value if key not in instance]
            assert not missing, f"{path}: missing {missing}"
        elif keyword == "properties":
            if isinstance(instance, dict):
                for key, sub in value.items():
                    if key in instance:
                        validate(instance[key], sub, root, f"{path}.{key}")
        elif keyword == "additionalProperties":
            if isinstance(instance, dict):
                known = set(schema.get("properties", {}))
                for key, item in instance.items():
                    if key in known:
                        continue
                    if value is False:
                        raise AssertionError(f"{path}: unexpected key {key!r}")
                    if isinstance(value, dict):
                        validate(item, value, root, f"{path}.{key}")
        elif keyword == "items":
            if isinstance(instance, list):
                for index, item in enumerate(instance):
                    validate(item, value, root, f"{path}[{index}]")
        else:
            raise AssertionError(f"mini_schema does not know the keyword {keyword!r}")
