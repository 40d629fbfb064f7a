"""Texts of the presentation mode (``/presentatie`` and its pages), merged into TEXTS."""

from __future__ import annotations

PRESENTATION_TEXTS: dict[str, dict[str, str]] = {
    "page_presentatie": {"nl": "Presentatie", "en": "Presentation"},
    "page_samenstellen": {"nl": "Presentatie samenstellen", "en": "Build a presentation"},
    "page_notities": {"nl": "Notities bij de presentatie", "en": "Presenter notes"},
    "slide_counter": {"nl": "{current} / {total}", "en": "{current} / {total}"},
    "slide_announce": {"nl": "Dia {current} van {total}: {title}",
                       "en": "Slide {current} of {total}: {title}"},
    "slide_source": {"nl": "Bron: CBS, stand {date}", "en": "Source: CBS, as of {date}"},
    "slide_previous": {"nl": "Vorige dia", "en": "Previous slide"},
    "slide_next": {"nl": "Volgende dia", "en": "Next slide"},
    "slide_notes": {"nl": "Notities voor de spreker", "en": "Presenter notes"},
    "slide_notes_none": {"nl": "Geen notities bij deze dia.", "en": "No notes for this slide."},
    "deck_keys_help": {"nl": "Pijltjes, PageUp/PageDown of spatie: volgende/vorige · "
                             "Home/End: eerste/laatste · N: notities",
                       "en": "Arrows, PageUp/PageDown or space: next/previous · "
                             "Home/End: first/last · N: notes"},
    "deck_open_notes": {"nl": "Notities in tweede venster", "en": "Notes in a second window"},
    "deck_export_pdf": {"nl": "Exporteer naar PDF", "en": "Export to PDF"},
    "deck_controls_label": {"nl": "Bediening van de presentatie",
                            "en": "Presentation controls"},
    "deck_invalid": {"nl": "Deze presentatielink is niet leesbaar ({error}); de standaard"
                           "presentatie wordt getoond.",
                     "en": "This presentation link cannot be read ({error}); showing the "
                           "default presentation."},
    "deck_vintage_missing": {"nl": "De vastgezette gegevensversie {value} bestaat niet meer; "
                                   "de cijfers komen uit de nieuwste versie.",
                             "en": "The pinned data version {value} no longer exists; the "
                                   "figures come from the newest version."},
    "deck_no_store": {"nl": "Er zijn nog geen gegevens gepubliceerd.",
                      "en": "No data has been published yet."},
    "add_to_deck": {"nl": "Voeg toe aan presentatie", "en": "Add to presentation"},
    "add_to_deck_label": {"nl": "Voeg “{title}” toe aan de presentatie in opbouw",
                          "en": "Add “{title}” to the presentation being built"},
    "added_to_deck": {"nl": "Toegevoegd aan de presentatie ({count} dia’s)",
                      "en": "Added to the presentation ({count} slides)"},
    "added_to_deck_one": {"nl": "Toegevoegd aan de presentatie (1 dia)",
                          "en": "Added to the presentation (1 slide)"},
    "compose_intro": {"nl": "Dia’s die u met “Voeg toe aan presentatie” bij een grafiek "
                            "toevoegt, komen hier. Zet ze in volgorde, pas titels en "
                            "boodschappen aan en deel de presentatie als link of bestand.",
                      "en": "Slides you add with “Add to presentation” on a chart appear "
                            "here. Order them, edit titles and takeaways, and share the "
                            "presentation as a link or a file."},
    "compose_empty": {"nl": "Nog geen dia’s. Kies bij een grafiek “Voeg toe aan presentatie”.",
                      "en": "No slides yet. Choose “Add to presentation” on a chart."},
    "compose_deck_title": {"nl": "Titel van de presentatie", "en": "Title of the presentation"},
    "compose_slide_title": {"nl": "Titel", "en": "Title"},
    "compose_takeaway": {"nl": "Boodschap (één zin)", "en": "Takeaway (one sentence)"},
    "compose_notes": {"nl": "Notities", "en": "Notes"},
    "compose_up": {"nl": "Omhoog", "en": "Up"},
    "compose_down": {"nl": "Omlaag", "en": "Down"},
    "compose_remove": {"nl": "Verwijder", "en": "Remove"},
    "compose_clear": {"nl": "Alles wissen", "en": "Clear all"},
    "compose_open": {"nl": "Open de presentatie", "en": "Open the presentation"},
    "compose_download": {"nl": "Download als .json", "en": "Download as .json"},
    "compose_upload": {"nl": "Open een .json-bestand", "en": "Open a .json file"},
    "compose_link_label": {"nl": "Link naar deze presentatie", "en": "Link to this presentation"},
    "compose_too_large": {"nl": "Te groot voor een link; deel de presentatie als bestand.",
                          "en": "Too large for a link; share the presentation as a file."},
    "compose_upload_error": {"nl": "Dit bestand is geen geldige presentatie: {error}",
                             "en": "This file is not a valid presentation: {error}"},
    "compose_default_title": {"nl": "Mijn presentatie", "en": "My presentation"},
}
