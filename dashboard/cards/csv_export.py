"""CSV of exactly what a card shows, readable by Excel in either language.

Dutch Excel expects ``;`` between fields and a decimal comma; English uses ``,`` and a
decimal point. A UTF-8 byte order mark makes Excel read "–" and "ë" correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from dashboard.i18n.formatting import format_csv_number

BOM = "\ufeff"


def csv_text(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    lang: str,
    decimals: dict[int, int] | None = None,
) -> str:
    """Rows as CSV text; floats in column ``i`` get ``decimals[i]`` decimals (default 2)."""
    decimals = decimals or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "nl" else ",", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        cells: list[object] = []
        for position, cell in enumerate(row):
            if isinstance(cell, float):
                cells.append(format_csv_number(cell, decimals.get(position, 2), lang))
            elif cell is None:
                cells.append("")
            else:
                cells.append(cell)
        writer.writerow(cells)
    return BOM + buffer.getvalue()
