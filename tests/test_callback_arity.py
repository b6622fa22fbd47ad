"""The UI tests' parameter count for Textual callbacks is the count Textual works out."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from tests import callback_arity


def _plain(a: int, b: int, c: int = 1, *rest: int, d: int, **named: int) -> None: ...


def _decorated(function: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        function(*args, **kwargs)

    return wrapper


@_decorated
def _wrapped(p: int, q: int) -> None: ...


class _Owner:
    def method(self, x: int, y: int = 2) -> None: ...


_owner = _Owner()
_CALLBACKS: list[Callable[..., Any]] = [
    _plain,
    _owner.method,
    partial(_plain, 1),
    partial(_plain, 1, d=2),
    partial(_owner.method),
    partial(_owner.method, 1),
    partial(_Owner.method, _owner),
    partial(_wrapped, 1),
    partial(asyncio.Event().set),
    partial(print, "x"),
    partial(partial(_plain, 1), 2),
]


@pytest.mark.parametrize("callback", _CALLBACKS)
def test_a_callback_counts_as_textual_counts_it(callback: Callable[..., Any]) -> None:
    expected = callback_arity._count_parameters(callback)
    assert callback_arity._count_once(callback) == expected
    assert callback_arity._count_once(callback) == expected  # and again, once kept


def test_a_new_closure_is_counted_for_itself() -> None:
    def one(a: int) -> None: ...

    def two(a: int, b: int) -> None: ...

    assert callback_arity._count_once(partial(one)) == 1
    assert callback_arity._count_once(partial(two)) == 2
