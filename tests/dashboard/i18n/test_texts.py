"""Texts are complete in both languages; every indicator of the catalogue the ETL publishes
is shown somewhere."""

from __future__ import annotations

import string

import pytest

from dashboard.i18n import TEXTS

TOPIC_PAGES = {
    "overzicht",
    "vergrijzing",
    "geboorte",
    "migratie",
    "jongeren",
    "arbeidsmarkt",
    "prognose",
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_txt001_every_text_in_both_languages_with_the_same_placeholders():
    for key, entry in TEXTS.items():
        assert set(entry) == {"nl", "en"}, key
        assert entry["nl"].strip() and entry["en"].strip(), key
        assert _fields(entry["nl"]) == _fields(entry["en"]), key


def test_txt002_catalogue_entries_are_complete(store):
    for entry in store.catalogue.values():
        for field in (
            "title_nl",
            "title_en",
            "definition_nl",
            "definition_en",
            "unit",
            "sources",
            "topic",
        ):
            assert entry.get(field), (entry["id"], field)
        assert entry["topic"] in TOPIC_PAGES


def test_txt003_every_indicator_has_a_chart(dash_app, store):
    """Topic pages show their topic's indicators; the overview names its own."""
    from dashboard.pages import overzicht
    from dashboard.pages.topics import TOPIC_PAGES

    shown = {spec.indicator for spec in overzicht.CARDS} | {"population"}  # forecast card
    topics_with_pages = {page.topic for page in TOPIC_PAGES}
    assert len(store.catalogue) == 31  # 24, and issue 14's retention, mover and youth shares
    for entry in store.catalogue.values():
        covered = entry["id"] in shown or entry["topic"] in topics_with_pages
        assert covered, entry["id"]


def test_txt004_the_etl_catalogue_fits_the_dashboard():
    """Every indicator the ETL publishes has both titles, a unit the cards understand and a
    topic that a page shows (the ETL's catalogue is read, never changed, here)."""
    import tomllib
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "etl" / "indicators.toml"
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["indicator"]
    for entry in entries:
        assert entry["title_nl"] and entry["title_en"], entry["id"]
        assert entry["topic"] in TOPIC_PAGES, entry["id"]
        assert entry["unit"] in {"aantal", "%", "per 1.000", "per 100"}, entry["id"]


def _texts_folder(tmp_path, **files: str):
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_txt005_the_texts_load_from_one_toml_file_per_feature():
    from dashboard.i18n import TEXTS_DIR, load_texts

    names = sorted(p.stem for p in TEXTS_DIR.glob("*.toml"))
    assert names == [
        "accessibility",
        "cards",
        "controls",
        "errors",
        "excel",
        "forecast_check",
        "groups",
        "jongeren",
        "pages",
        "presentation",
        "programme",
        "revisions",
        "shell",
    ]
    assert load_texts() == TEXTS


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"a": '[x]\nnl = "Ja"\n'}, "[x] needs exactly nl and en"),
        ({"a": '[x]\nnl = "Ja"\nen = "Yes"\nde = "Ja"\n'}, "[x] needs exactly nl and en"),
        ({"a": '[x]\nnl = " "\nen = "Yes"\n'}, "[x] has an empty text"),
        ({"a": '[x]\nnl = "{n} jaar"\nen = "{years} years"\n'}, "[x] placeholders differ"),
        ({"a": '[x]\nnl = "{ jaar"\nen = "{ years"\n'}, "a.toml: [x]"),
        (
            {"a": '[x]\nnl = "Ja"\nen = "Yes"\n', "b": '[x]\nnl = "Nee"\nen = "No"\n'},
            "b.toml: [x] is also in a.toml",
        ),
        ({"a": '[x]\nnl = "Ja"\nen = "Yes"\n[x]\nnl = "Nee"\nen = "No"\n'}, "a.toml:"),
    ],
)
def test_txt006_slips_in_the_texts_stop_the_loading_with_every_one_named(tmp_path, files, problem):
    from dashboard.i18n import TextsError, load_texts

    with pytest.raises(TextsError) as error:
        load_texts(_texts_folder(tmp_path, **files))
    assert problem in str(error.value)


def test_txt007_every_slip_is_listed_at_once(tmp_path):
    from dashboard.i18n import TextsError, load_texts

    folder = _texts_folder(tmp_path, a='[x]\nnl = "Ja"\n[y]\nnl = "{a}"\nen = "{b}"\n')
    with pytest.raises(TextsError) as error:
        load_texts(folder)
    assert "[x]" in str(error.value) and "[y]" in str(error.value)
