"""Looking into Dash component trees without a browser: the words in them, the components
that match, and a page's own layout function (unwrapped from the render cache)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator


def texts(component: object) -> list[str]:
    """Every string in a component tree, depth first."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [text for child in component for text in texts(child)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def components(component: object) -> Iterator[object]:
    """Every component in a tree, depth first."""
    if isinstance(component, (list, tuple)):
        for child in component:
            yield from components(child)
    elif component is not None and not isinstance(component, str):
        yield component
        yield from components(getattr(component, "children", None))


def find(component: object, predicate: Callable[[object], bool]) -> Iterator[object]:
    """The components of a tree for which ``predicate`` holds."""
    return (c for c in components(component) if predicate(c))


def page(path: str) -> dict:
    """The page registry's entry for ``path`` with the page's own layout function: the
    registry serves it through the render cache, which hands out Dash's wire form, and
    tests inspect components."""
    import dash  # noqa: PLC0415

    entry = next(p for p in dash.page_registry.values() if p["path"] == path)
    return {**entry, "layout": inspect.unwrap(entry["layout"])}
