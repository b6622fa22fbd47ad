"""Count a Textual callback's parameters once per function, not once per call.

`call_later` and `call_after_refresh` wrap each callback in a new `functools.partial`, and
Textual counts a partial's parameters with `inspect.signature` every time it runs one: the
count it keeps on a function cannot be kept on a partial that is made anew each time. The
pilot queues such a callback on every widget of the screen after each key press and pause,
so the UI tests asked for the same signature tens of thousands of times. Here a partial's
count is its function's, counted once per function, less the arguments the partial binds
and a bound method's self: the count Textual works out. Tests only: the app runs a handful
of these per key.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from inspect import signature
from types import FunctionType, MethodType
from typing import Any
from weakref import WeakKeyDictionary

import textual._callback

_count_parameters = textual._callback.count_parameters
_arity: WeakKeyDictionary[FunctionType, int] = WeakKeyDictionary()


def _count_once(func: Callable[..., Any]) -> int:
    if type(func) is partial:
        bound = len(func.args) + len(func.keywords)
        inner = func.func
        if type(inner) is FunctionType:
            return _parameters(inner) - bound
        if type(inner) is MethodType and type(inner.__func__) is FunctionType:
            return _parameters(inner.__func__) - 1 - bound
    return _count_parameters(func)


def _parameters(function: FunctionType) -> int:
    """What `inspect.signature` counts, once per function (a bound method: one fewer)."""
    count = _arity.get(function)
    if count is None:
        count = _arity[function] = len(signature(function).parameters)
    return count


def install() -> None:
    textual._callback.count_parameters = _count_once
