"""Bot API parameter checks compiled from api.json, the published list of methods and types.

Each method's parameters are compiled once into checkers that both validate and coerce: form
fields arrive as strings ("123", "true", JSON text) and leave as the values Telegram means.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from bot.fakeapi.common import ApiError, Upload, bad_request
from bot.fakeapi.limits import check_content
from bot.fakeapi.scalars import SCALARS, Checker, anything, type_error

_TAG = re.compile(r'(?:must be|always) "?([A-Za-z_]+)"?')
_ATTACH = re.compile(r"attach://([\w-]+)")


@cache
def _raw() -> dict[str, Any]:
    text = resources.files("bot.fakeapi").joinpath("api.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _canonical() -> dict[str, str]:
    # Telegram matches method names without regard to case.
    return {name.lower(): name for name in _raw()["methods"]}


def method_name(method: str) -> str | None:
    """The spec's spelling of a method, or None when Telegram would answer 404."""
    return _canonical().get(method.lower())


def returns(method: str) -> tuple[str, ...]:
    return tuple(_raw()["methods"][method].get("returns", ()))


def _decode(value: object, path: str) -> object:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f'can\'t parse "{path}" JSON object') from None
    return value


@cache
def checker(type_name: str) -> Checker:
    """A checker for one type expression of the spec, such as "Array of BotCommand"."""
    if type_name in SCALARS:
        return SCALARS[type_name]
    if type_name.startswith("Array of "):
        return _array(type_name, checker(type_name.removeprefix("Array of ")))
    if type_name in _raw()["types"]:
        return _object(type_name)
    return anything


def _array(label: str, item: Checker) -> Checker:
    def run(value: object, path: str) -> object:
        value = _decode(value, path)
        if not isinstance(value, list):
            raise type_error(path, label)
        return [item(element, f"{path}[{index}]") for index, element in enumerate(value)]

    return run


@cache
def _fields(type_name: str) -> dict[str, tuple[bool, Checker]]:
    spec = _raw()["types"][type_name]
    return {f["name"]: (bool(f["required"]), union(tuple(f["types"]))) for f in spec["fields"]}


@cache
def _required(type_name: str) -> frozenset[str]:
    return frozenset(key for key, (required, _) in _fields(type_name).items() if required)


@cache
def _subtypes(type_name: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The discriminating field of a family of types and the subtypes for each of its values
    (several for cached and uncached inline results; "" maps to all of them)."""
    types = _raw()["types"]
    key, by_tag = "type", {"": tuple(types[type_name]["subtypes"])}
    for sub in by_tag[""]:
        first = types.get(sub, {}).get("fields", [{}])[0]
        match = _TAG.search(first.get("description", ""))
        if match:
            key = first["name"]
            by_tag[match.group(1)] = (*by_tag.get(match.group(1), ()), sub)
    return key, by_tag


def _object(type_name: str) -> Checker:
    spec = _raw()["types"][type_name]

    def run(value: object, path: str) -> object:
        value = _decode(value, path)
        if "subtypes" in spec:
            key, by_tag = _subtypes(type_name)
            tag = str(value.get(key)) if isinstance(value, dict) else ""
            if len(by_tag) > 1 and tag not in by_tag:
                raise bad_request(f'field "{path}.{key}" is not a valid {type_name} {key}')
            return union(by_tag.get(tag, by_tag[""]))(value, path)
        if not isinstance(value, dict):
            raise type_error(path, type_name)
        if "fields" not in spec:
            return value
        return _check_fields(_fields(type_name), value, path, type_name)

    return run


def _check_fields(
    fields: Mapping[str, tuple[bool, Checker]], value: Mapping[str, object], path: str, owner: str
) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, item in value.items():
        spec = fields.get(key)
        if spec is None:
            raise bad_request(f'unknown field "{key}" in {owner} at "{path}"')
        if item is not None:
            result[key] = spec[1](item, f"{path}.{key}")
    for key, (required, _) in fields.items():
        if required and key not in result:
            raise bad_request(f'field "{path}.{key}" of {owner} is required')
    return result


@cache
def union(types: tuple[str, ...]) -> Checker:
    """A checker accepting any of a field's alternative types, trying them in order."""
    checkers = [checker(t) for t in types]
    if len(checkers) == 1:
        return checkers[0]
    objects = [t for t in types if t in _raw()["types"] and "fields" in _raw()["types"][t]]

    def run(value: object, path: str) -> object:
        if objects and isinstance(value, str | dict):
            value = _decode(value, path)
            if isinstance(value, dict):
                # Pick the alternative whose required fields are present, so its error is the
                # one reported: a keyboard with a bad button should say what is wrong with it.
                for name in objects:
                    if _required(name) <= value.keys():
                        return checker(name)(value, path)
        first: ApiError | None = None
        for candidate in checkers:
            try:
                return candidate(value, path)
            except ApiError as error:
                first = first or error
        raise first or type_error(path, " or ".join(types))

    return run


@cache
def parameters(method: str) -> dict[str, tuple[bool, Checker]]:
    fields = _raw()["methods"][method].get("fields", [])
    return {f["name"]: (bool(f["required"]), union(tuple(f["types"]))) for f in fields}


def check(method: str, params: Mapping[str, object]) -> tuple[str, dict[str, object]]:
    """The canonical method name and its coerced parameters; raises ApiError like Telegram."""
    name = method_name(method)
    if name is None:
        raise ApiError(404, "Not Found")
    spec = parameters(name)
    result: dict[str, object] = {}
    for key, value in params.items():
        if value is None:
            continue  # a JSON null is an absent parameter
        item = spec.get(key)
        if item is None:
            if isinstance(value, Upload) and key in _attached(params):
                result[key] = value
                continue
            raise bad_request(f'unknown parameter "{key}" for method {name}')
        result[key] = item[1](value, key)
    for key, (required, _) in spec.items():
        if required and key not in result:
            raise bad_request("message text is empty" if key == "text" else f"{key} is empty")
    return name, result


def _attached(params: Mapping[str, object]) -> set[str]:
    """Names of file parts that other parameters refer to as attach://name."""
    names: set[str] = set()
    for value in params.values():
        if isinstance(value, str) and "attach://" in value:
            names.update(_ATTACH.findall(value))
    return names


def validate(method: str, params: Mapping[str, object]) -> str | None:
    """Telegram's description of what is wrong with a call, or None when it is acceptable.

    Covers the spec and the content limits that need no state (lengths, HTML, buttons).
    """
    try:
        name, coerced = check(method, params)
        check_content(name, coerced)
    except ApiError as error:
        return error.description
    return None
