"""Checks Bot API calls against the machine-readable spec (``bot-api-10.0.json``).

Telegram itself is lenient (unknown parameters are ignored, ``"abc"`` reads as 0); the stand-in is strict so
that the bot's mistakes surface in tests. Values arrive as strings (query, form, multipart) or as JSON values
(JSON body); both are coerced to Python values here, object parameters are parsed from JSON and checked
field by field, recursively.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).with_name("data") / "bot-api-10.0.json"
SPEC_ENV = "MARSAD_TELEGRAM_SPEC"

_INT_RE = re.compile(r"^[+-]?\d+$")
_TRUE = {"true", "1"}
_FALSE = {"false", "0"}

# Parameters whose absence Telegram reports with its own wording.
_EMPTY_MESSAGES = {
    "text": "message text is empty",
    "message_id": "message identifier is not specified",
    "callback_query_id": "query_id is empty",
}
# Parameters whose unparsable JSON Telegram reports with its own wording.
_JSON_NAMES = {
    "reply_markup": "reply keyboard markup",
    "entities": "entities",
    "caption_entities": "caption entities",
    "commands": "bot commands",
    "scope": "BotCommandScope",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One way a call departs from the spec; ``kind`` is missing, unknown or type."""

    kind: str
    param: str
    description: str


@dataclass(slots=True)
class CheckedCall:
    """The coerced parameters of a call and what is wrong with it."""

    method: str
    params: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _TypeMismatch(Exception):
    """Raised while coercing a value; ``path`` names the nested field, ``expected`` the spec type."""

    def __init__(self, path: str, expected: str, *, reason: str = "") -> None:
        super().__init__(path)
        self.path = path
        self.expected = expected
        self.reason = reason


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A multipart file part sent in place of an ``InputFile``."""

    filename: str
    content: bytes


def spec_path() -> Path:
    return Path(os.environ.get(SPEC_ENV, SPEC_PATH))


@cache
def load_spec() -> dict[str, Any]:
    return json.loads(spec_path().read_text(encoding="utf-8"))


@cache
def method_index() -> dict[str, dict[str, Any]]:
    """Methods by lower-case name: Telegram matches method names case-insensitively."""
    return {name.lower(): method for name, method in load_spec()["methods"].items()}


def find_method(name: str) -> dict[str, Any] | None:
    return method_index().get(name.lower())


def types() -> dict[str, Any]:
    return load_spec()["types"]


def check_call(method_name: str, raw: dict[str, Any]) -> CheckedCall:
    """Coerce ``raw`` parameters of a known method and list every departure from the spec."""
    method = find_method(method_name)
    if method is None:
        raise KeyError(method_name)
    checked = CheckedCall(method=method["name"])
    fields = {f["name"]: f for f in method.get("fields", [])}
    for name in raw:
        if name not in fields:
            checked.problems.append(Problem("unknown", name, f'unknown parameter "{name}" for method {method["name"]}'))
    for name, spec_field in fields.items():
        value = raw.get(name)
        if value is None or (value == "" and "String" not in spec_field["types"]):
            if spec_field["required"]:
                checked.problems.append(Problem("missing", name, _EMPTY_MESSAGES.get(name, f"{name} is empty")))
            continue
        try:
            checked.params[name] = coerce(value, spec_field["types"], name)
        except _TypeMismatch as exc:
            checked.problems.append(Problem("type", name, _describe_mismatch(name, exc)))
    text_required = fields.get("text", {}).get("required")
    if text_required and raw.get("text") == "":
        checked.problems.append(Problem("missing", "text", _EMPTY_MESSAGES["text"]))
    return checked


def _describe_mismatch(name: str, exc: _TypeMismatch) -> str:
    if exc.reason == "json":
        return f"can't parse {_JSON_NAMES.get(name, name)} JSON object"
    where = f'field "{exc.path}"' if exc.path != name else f'parameter "{name}"'
    detail = f": {exc.reason}" if exc.reason else ""
    if exc.path != name:
        return f"can't parse {_JSON_NAMES.get(name, name)}: {where} must be {exc.expected}{detail}"
    return f"{where} must be {exc.expected}{detail}"


def coerce(value: Any, type_names: list[str], path: str) -> Any:
    """Return ``value`` as the first of ``type_names`` it satisfies, or raise ``_TypeMismatch``."""
    # "Integer or String" (chat_id): a numeric string is an id, anything else a @username.
    if type_names == ["Integer", "String"]:
        if isinstance(value, str) and _INT_RE.match(value.strip()):
            return int(value.strip())
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value:
            return value
        raise _TypeMismatch(path, "Integer or String")
    last: _TypeMismatch | None = None
    ranked = sorted(type_names, key=lambda t: _likelihood(value, t))
    for type_name in ranked:
        try:
            return _coerce_one(value, type_name, path)
        except _TypeMismatch as exc:
            if last is None or exc.path.count(".") + exc.path.count("[") > last.path.count(".") + last.path.count("["):
                last = exc
    assert last is not None
    raise last


def _likelihood(value: Any, type_name: str) -> int:
    """Try first the union member whose required keys the value has (for a clear error message)."""
    if isinstance(value, dict):
        spec = types().get(type_name, {})
        required = [f["name"] for f in spec.get("fields", []) if f["required"]]
        return 0 if required and all(k in value for k in required) else 1
    return 0


def _coerce_one(value: Any, type_name: str, path: str) -> Any:
    if type_name.startswith("Array of "):
        return _coerce_array(value, type_name.removeprefix("Array of "), path)
    if type_name == "Integer":
        if isinstance(value, bool):
            raise _TypeMismatch(path, "Integer")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and _INT_RE.match(value.strip()):
            return int(value.strip())
        raise _TypeMismatch(path, "Integer")
    if type_name == "Float":
        if isinstance(value, bool):
            raise _TypeMismatch(path, "Float")
        if isinstance(value, int | float):
            return float(value)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _TypeMismatch(path, "Float") from None
    if type_name == "Boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        raise _TypeMismatch(path, "Boolean")
    if type_name == "String":
        if isinstance(value, str):
            return value
        # Telegram turns top-level JSON numbers into strings; inside objects a number is not a String.
        is_top_level = "." not in path and "[" not in path
        if is_top_level and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        raise _TypeMismatch(path, "String")
    if type_name == "InputFile":
        if isinstance(value, UploadedFile):
            return value
        raise _TypeMismatch(path, "InputFile")
    return _coerce_object(value, type_name, path)


def _coerce_array(value: Any, item_type: str, path: str) -> list[Any]:
    if isinstance(value, str):
        value = _parse_json(value, path)
    if not isinstance(value, list):
        raise _TypeMismatch(path, f"an Array of {item_type}")
    return [_coerce_one(item, item_type, f"{path}[{i}]") for i, item in enumerate(value)]


def _coerce_object(value: Any, type_name: str, path: str) -> dict[str, Any]:
    spec = types().get(type_name)
    if spec is None:
        raise _TypeMismatch(path, type_name, reason="type unknown to the spec")
    if isinstance(value, str):
        value = _parse_json(value, path)
    if not isinstance(value, dict):
        raise _TypeMismatch(path, f"an object of type {type_name}")
    if spec.get("subtypes"):
        return _coerce_union(value, spec["subtypes"], path)
    fields = {f["name"]: f for f in spec.get("fields", [])}
    _check_discriminator(value, fields, type_name, path)
    out: dict[str, Any] = {}
    for key in value:
        if key not in fields:
            raise _TypeMismatch(f"{path}.{key}", "absent", reason=f"{type_name} has no field {key}")
    for name, spec_field in fields.items():
        if name not in value or value[name] is None:
            if spec_field["required"]:
                raise _TypeMismatch(f"{path}.{name}", "present", reason=f"required in {type_name}")
            continue
        out[name] = coerce(value[name], spec_field["types"], f"{path}.{name}")
    return out


def _coerce_union(value: dict[str, Any], subtypes: list[str], path: str) -> dict[str, Any]:
    errors: list[_TypeMismatch] = []
    for sub in subtypes:
        try:
            return _coerce_object(value, sub, path)
        except _TypeMismatch as exc:
            errors.append(exc)
    raise min(errors, key=lambda e: e.reason.startswith("type must be"))


def _check_discriminator(value: dict[str, Any], fields: dict[str, Any], type_name: str, path: str) -> None:
    """Subtypes such as BotCommandScopeChat say "Scope type, must be chat": enforce that value."""
    type_field = fields.get("type") or fields.get("source") or fields.get("status")
    if type_field is None:
        return
    match = re.search(r"must be (?:always )?[\"“]?([a-z_]+)[\"”]?", type_field["description"])
    if match and str(value.get(type_field["name"])) != match.group(1):
        raise _TypeMismatch(f"{path}.{type_field['name']}", match.group(1), reason=f"type must be {match.group(1)}")


def _parse_json(text: str, path: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise _TypeMismatch(path, "JSON", reason="json") from None
