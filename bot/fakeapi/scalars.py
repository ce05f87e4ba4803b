"""Bot API scalar types, coerced the way Telegram reads form fields ("123", "true")."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.fakeapi.common import ApiError, Upload, bad_request

Checker = Callable[[object, str], object]

_INT = re.compile(r"-?\d+")
_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})


def type_error(path: str, expected: str) -> ApiError:
    return bad_request(f'field "{path}" must be of type {expected}')


def _integer(value: object, path: str) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INT.fullmatch(value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise type_error(path, "Integer")


def _string(value: object, path: str) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise type_error(path, "String")


def _boolean(value: object, path: str) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, str | int):
        token = str(value).lower()
        if token in _TRUE:
            return True
        if token in _FALSE:
            return False
    raise type_error(path, "Boolean")


def _float(value: object, path: str) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise type_error(path, "Float")


def _input_file(value: object, path: str) -> object:
    if isinstance(value, Upload | str):
        return value
    raise type_error(path, "InputFile")


def anything(value: object, path: str) -> object:
    return value


SCALARS: dict[str, Checker] = {
    "Integer": _integer,
    "String": _string,
    "Boolean": _boolean,
    "True": _boolean,
    "Float": _float,
    "InputFile": _input_file,
}
