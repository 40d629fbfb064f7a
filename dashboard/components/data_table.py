"""An accessible HTML table: caption, column headers with scope, row headers, footnote."""

from __future__ import annotations

from typing import Any

from dash import html
from dash.development.base_component import Component

from dashboard.cards.model import TableData
from dashboard.components.attributes import attributes


def data_table(table: TableData, *, table_id: str | None = None, text: bool = False) -> html.Div:
    """``text=True``: a table of words (left-aligned, not height-limited), not of numbers."""
    head = html.Thead(html.Tr([html.Th(cell, scope="col") for cell in table.header]))
    body = html.Tbody(
        [
            html.Tr(
                [html.Th(row[0], scope="row")] + [html.Td(cell) for cell in row[1:]],
                className="is-focus" if position in table.highlight else None,
            )
            for position, row in enumerate(table.rows)
        ]
    )
    extra: dict[str, Any] = {"id": table_id} if table_id else {}  # Dash refuses id=None
    children: list[Component] = [
        html.Table(
            [html.Caption(table.caption), head, body],
            className="data-table text-table" if text else "data-table",
            **extra,
        )
    ]
    if table.footnote:
        children.append(html.P(table.footnote, className="table-footnote"))
    # The wrapper scrolls sideways on narrow screens and is focusable so keyboard users can
    # scroll it too (WCAG 2.1.1); its label says what it holds.
    return html.Div(
        children,
        className="table-scroll is-text" if text else "table-scroll",
        tabIndex="0",
        role="region",
        **attributes({"aria-label": table.caption}),
    )
