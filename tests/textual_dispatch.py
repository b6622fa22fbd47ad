"""Look a message's handlers up once per widget class and message class, not per message.

For every message a widget handles, Textual walks the widget's class hierarchy (twenty
classes or so) reading each class's dictionary for the handler's two names and its `@on`
handlers: some 70,000 walks in three UI test files, for a few hundred distinct (widget
class, handler name, message class) triples, 2.5 % of their CPU. Which functions may
handle a message depends on those three classes alone, so the walk is made once per triple
and kept, in Textual's order. What depends on the message still happens per message, as
Textual does it: an `@on` handler with a selector is matched against the message's widget,
a handler already run is not run again, and `prevent_default()` ends the walk. A handler
swapped on a class (a test's monkeypatch) counts from the next app: the kept walks are
dropped whenever an app is made. Tests only: the app handles a few messages per key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual._on import OnNoWidget
from textual.app import App
from textual.css.match import match
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget

_get_dispatch_methods = MessagePump._get_dispatch_methods
_app_init = App.__init__

# A class with a handler: its `@on` handlers (function, selectors) in Textual's order, and
# its handler by name (None: none).
_Step = tuple[
    type, tuple[tuple[Callable[..., Any], dict[str, Any]], ...], Callable[..., Any] | None
]
_walks: dict[tuple[type, str, type], tuple[_Step, ...]] = {}


def _walk(pump_class: type, method_name: str, message_class: type) -> tuple[_Step, ...]:
    """What Textual's walk reads from the classes, class by class."""
    message_mro = [cls for cls in message_class.__mro__ if issubclass(cls, Message)]
    steps: list[_Step] = []
    for cls in pump_class.__mro__:
        handlers: list[tuple[Callable[..., Any], dict[str, Any]]] = []
        decorated = cls.__dict__.get("_decorated_handlers")
        if decorated:
            for message_type in message_mro:
                handlers.extend(decorated.get(message_type, []))
        named = cls.__dict__.get(f"_{method_name}") or cls.__dict__.get(method_name)
        if named is not None and getattr(named, "_textual_on", None):
            named = None
        if handlers or named is not None:
            steps.append((cls, tuple(handlers), named))
    return tuple(steps)


def _dispatch_methods_walked_once(
    self: MessagePump, method_name: str, message: Message
) -> Iterator[tuple[type, Callable[..., Any]]]:
    key = (type(self), method_name, type(message))
    steps = _walks.get(key)
    if steps is None:
        steps = _walks[key] = _walk(*key)
    dispatched: set[Callable[..., Any]] = set()
    for cls, handlers, named in steps:
        if message._no_default_action:
            break
        for method, selectors in handlers:
            if method in dispatched:
                continue
            if not selectors:
                yield cls, method.__get__(self, cls)
                dispatched.add(method)
                continue
            # An `@on` selector, matched against the message's widget as Textual does.
            if not message._sender:
                continue
            for attribute, selector in selectors.items():
                node = getattr(message, attribute)
                if node is None:
                    break
                if not isinstance(node, Widget):
                    raise OnNoWidget(
                        f"on decorator can't match against {attribute!r} as it is not a widget."
                    )
                if not match(selector, node):
                    break
            else:
                yield cls, method.__get__(self, cls)
                dispatched.add(method)
        if named is not None:
            yield cls, named.__get__(self, cls)


def _app_init_forgetting_walks(self: App[Any], *args: Any, **kwargs: Any) -> None:
    _walks.clear()
    _app_init(self, *args, **kwargs)


def install() -> None:
    MessagePump._get_dispatch_methods = _dispatch_methods_walked_once  # type: ignore[method-assign]
    App.__init__ = _app_init_forgetting_walks  # type: ignore[method-assign]
