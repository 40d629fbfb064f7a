"""The deck-to-PDF command without a browser: its URL and its answers to a bad deck. (The
printing itself is tested in the browser: tests/browser/test_presentation.py, prs004.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dashboard.presentation.decks import decode_deck, default_deck, encode_deck
from dashboard_export.deck_pdf import main, print_view_url

ROOT = Path(__file__).resolve().parents[2]


def test_exp001_print_view_url_on_the_given_dashboard():
    encoded = encode_deck(default_deck())
    url = print_view_url("https://intranet.example/talentopgave/", encoded, "en")
    assert (
        url == f"https://intranet.example/talentopgave/presentatie?deck={encoded}&taal=en&afdruk=1"
    )
    assert print_view_url("http://127.0.0.1:8050", encoded).endswith(f"?deck={encoded}&afdruk=1")
    assert decode_deck(encoded) == default_deck()


def test_exp002_an_unreadable_deck_file_exits_2_with_its_reason(tmp_path, capsys):
    deck = tmp_path / "deck.json"
    deck.write_text('{"title_nl": "x", "slides": []}', encoding="utf-8")
    assert main([str(deck), str(tmp_path / "out.pdf")]) == 2
    assert "slides" in capsys.readouterr().err
    assert not (tmp_path / "out.pdf").exists()


def test_exp003_the_running_app_never_imports_the_command():
    """Importing the app (as gunicorn does) loads neither this package nor selenium."""
    code = (
        "import sys, app; print(sorted(m for m in sys.modules "
        "if m.startswith(('dashboard_export', 'selenium'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
