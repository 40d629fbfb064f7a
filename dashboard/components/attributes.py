"""``aria-*`` and ``data-*`` attributes for Dash's html components.

Their names are not Python identifiers, so they are passed unpacked:
``html.Nav(items, **attributes({"aria-label": label}))``. Dash's components declare a typed
keyword for every other prop; a ``**{...}`` literal is a ``dict[str, str]`` to a type
checker, which then checks its values against every one of those keywords (``hidden``,
``n_clicks``, ``disabled``…). This says what the dict really holds: wildcard attributes
only, which Dash passes to the DOM as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

WILDCARD_PREFIXES = ("aria-", "data-")  # what Dash's html components accept as **kwargs


def attributes(values: Mapping[str, str]) -> dict[str, Any]:
    """``values`` (``{"aria-label": …, "data-…": …}``) as keyword arguments of a component."""
    wrong = [name for name in values if not name.startswith(WILDCARD_PREFIXES)]
    if wrong:
        raise ValueError(f"not an aria-* or data-* attribute: {', '.join(wrong)}")
    return dict(values)
