"""Every link the app builds carries the prefix it is served under (Dash's
``requests_pathname_prefix``, here from ``DASH_REQUESTS_PATHNAME_PREFIX``), so it works
behind a proxy at ``/talent/`` as at ``/``; at ``/`` the links are the plain paths (the
recorded wire forms check those)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.stores import publish_store

from dashboard.state.url import link, presentation_query, split_view

ROOT = Path(__file__).resolve().parents[3]
PREFIX = "/talent/"
# Runs in a process of its own: Dash reads the prefix once, when the app is made.
SCRIPT = """
import json, sys
sys.path.insert(0, "tests")
from support import payloads as dp
import app
from dashboard.pages.presentatie_samenstellen import share_link
from dashboard.presentation.decks import default_deck, deck_json
client = app.server.test_client()
pages = {}
for path, query in [("/talent/", ""), ("/talent/vergrijzing", "?gemeente=GM0153"),
                    ("/talent/embed", "?gemeente=GM0153"), ("/talent/presentatie", ""),
                    ("/talent/bestaat-niet", "?taal=en")]:
    response = client.post("/_dash-update-component", json=dp.router_payload(path, query))
    pages[path] = response.get_json()["response"]["_pages_content"]["children"]
draft = json.loads(deck_json(default_deck()))
print(json.dumps({"pages": pages, "error": client.post("/").get_data(as_text=True),
                  "share": share_link(draft, "en")[0]}))
"""


def hrefs(tree: object) -> list[str]:
    """Every ``href`` in a layout as Dash sends it, and the paths of the navigation ids."""
    found: list[str] = []
    if isinstance(tree, list):
        for item in tree:
            found += hrefs(item)
    elif isinstance(tree, dict):
        for key, value in tree.items():
            if key == "href" and isinstance(value, str):
                found.append(value)
            elif key == "id" and isinstance(value, dict) and value.get("type") == "nav-link":
                found.append(value["path"])
            else:
                found += hrefs(value)
    return found


@pytest.fixture(scope="module")
def served_under_a_prefix(tmp_path_factory) -> dict:
    data_dir = tmp_path_factory.mktemp("prefix")
    publish_store(data_dir)
    env = {**os.environ, "TALENT_DATA_DIR": str(data_dir), "DASH_REQUESTS_PATHNAME_PREFIX": PREFIX}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_lnk001_every_link_on_every_page_carries_the_prefix(served_under_a_prefix):
    for path, page in served_under_a_prefix["pages"].items():
        links = [h for h in hrefs(page) if not h.startswith("#")]  # the skip link: #main
        assert links, path
        assert all(h.startswith(PREFIX) for h in links), (
            path,
            [h for h in links if not h.startswith(PREFIX)],
        )
    home = hrefs(served_under_a_prefix["pages"]["/talent/"])
    assert "/talent/vergrijzing" in home and "/talent/talentopgave" in home
    assert "/talent/?taal=en" in home  # the language switch
    presentation = hrefs(served_under_a_prefix["pages"]["/talent/presentatie"])
    assert any(h.startswith("/talent/presentatie/notities?deck=") for h in presentation)
    assert any(
        h.startswith("/talent/presentatie?deck=") and h.endswith("&afdruk=1#print")
        for h in presentation
    )


def test_lnk002_error_page_and_shared_deck_links_carry_the_prefix(served_under_a_prefix):
    assert '<a href="/talent/">' in served_under_a_prefix["error"]
    assert served_under_a_prefix["share"].startswith("/talent/presentatie?deck=")
    assert served_under_a_prefix["share"].endswith("&taal=en")


def test_lnk003_links_at_the_root(dash_app):
    assert link("/vergrijzing", "?gemeente=GM0153") == "/vergrijzing?gemeente=GM0153"
    assert link("/") == "/"
    assert (
        link("/presentatie", presentation_query("abc", taal="en", afdruk=True), "#print")
        == "/presentatie?deck=abc&taal=en&afdruk=1#print"
    )
    assert presentation_query() == "" and presentation_query(taal="nl") == ""


@pytest.mark.parametrize(
    "view",
    [
        "https://evil.example/x",
        "//evil.example/x",
        "javascript:alert(1)",
        "/x#y",
        "vergrijzing",
        "/A",
    ],
)
def test_lnk004_a_saved_view_must_be_a_page_path_of_this_app(view):
    with pytest.raises(ValueError):
        split_view(view)


def test_lnk005_a_saved_view_splits_into_path_and_query():
    assert split_view("/vergrijzing?gemeente=GM0164") == ("/vergrijzing", "gemeente=GM0164")
    assert split_view("/") == ("/", "")
