"""Every interface text in Dutch and English, looked up by key.

Indicator titles, units and definitions are *not* here: they come from the store's catalogue,
so an indicator added by the ETL needs no text in the app. A test checks that every key has
both languages and the same ``{placeholders}`` in each.
"""

from __future__ import annotations

from dashboard.i18n.texts_presentation import PRESENTATION_TEXTS
from dashboard.i18n.texts_programme import PROGRAMME_TEXTS
from dashboard.i18n.texts_serving import SERVING_TEXTS

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

TEXTS: dict[str, dict[str, str]] = {
    # --- shell -----------------------------------------------------------------------------
    "site_title": {"nl": "Talentopgave dashboard", "en": "Talent programme dashboard"},
    "site_subtitle": {"nl": "Gemeente Hengelo · jonge talenten in Twente",
                      "en": "Municipality of Hengelo · young talent in Twente"},
    "skip_link": {"nl": "Direct naar de inhoud", "en": "Skip to content"},
    "nav_label": {"nl": "Hoofdnavigatie", "en": "Main navigation"},
    "current_page": {"nl": "huidige pagina", "en": "current page"},
    "language_label": {"nl": "Taal", "en": "Language"},
    "language_switch": {"nl": "English", "en": "Nederlands"},
    "language_switch_label": {"nl": "Switch to English", "en": "Schakel naar Nederlands"},
    "share_button": {"nl": "Deel deze weergave", "en": "Share this view"},
    "link_copied": {"nl": "Link gekopieerd", "en": "Link copied"},
    "link_copy_manual": {"nl": "Kopiëren lukte niet; kopieer de link hieronder.",
                         "en": "Copying failed; copy the link below."},
    "share_link_label": {"nl": "Link naar deze weergave", "en": "Link to this view"},
    "vintage_label": {"nl": "Gegevensversie", "en": "Data version"},
    "source_line_header": {"nl": "Bron: CBS StatLine (open data)",
                           "en": "Source: Statistics Netherlands (CBS) StatLine open data"},
    "pinned_vintage": {"nl": "vastgezet", "en": "pinned"},
    "demo_banner": {"nl": "Demonstratiegegevens — geen echte CBS-cijfers",
                    "en": "Demonstration data — not real CBS figures"},
    "demo_banner_reason": {"nl": "Demonstratiegegevens — geen echte CBS-cijfers, omdat: "
                                 "{reason}",
                           "en": "Demonstration data — not real CBS figures, because: "
                                 "{reason}"},
    "store_age_today": {"nl": "vandaag", "en": "today"},
    "store_age_one_day": {"nl": "1 dag oud", "en": "1 day old"},
    "store_age_days": {"nl": "{days} dagen oud", "en": "{days} days old"},
    "offline_banner": {"nl": "Offline opgebouwd uit eerder opgehaalde CBS-gegevens",
                       "en": "Built offline from previously downloaded CBS data"},
    "footer_text": {"nl": "Gemeente Hengelo · cijfers: CBS, bewerking: Talentopgave dashboard",
                    "en": "Municipality of Hengelo · figures: CBS, processed by the Talent "
                          "programme dashboard"},
    "controls_label": {"nl": "Instellingen van deze weergave", "en": "Settings of this view"},
    # --- notes about invalid URL values ---------------------------------------------------
    "note_invalid": {"nl": "De waarde “{value}” voor “{param}” is niet geldig; "
                           "getoond wordt {fallback}.",
                     "en": "The value “{value}” for “{param}” is not valid; "
                           "showing {fallback}."},
    "note_unknown_region": {"nl": "Regio “{value}” zit niet in de gegevens; getoond wordt "
                                  "{fallback}.",
                            "en": "Region “{value}” is not in the data; showing {fallback}."},
    "note_unknown_vintage": {"nl": "Gegevensversie “{value}” bestaat niet (meer); getoond "
                                   "wordt de nieuwste versie.",
                             "en": "Data version “{value}” does not exist (any more); showing "
                                   "the newest version."},
    "note_years_swapped": {"nl": "“van” lag na “tot”; de jaren zijn omgedraaid.",
                           "en": "“van” was after “tot”; the years were swapped."},
    "note_default": {"nl": "de standaardwaarde", "en": "the default"},
    "note_dropped": {"nl": "De waarde “{value}” voor “{param}” is niet geldig en is weggelaten.",
                     "en": "The value “{value}” for “{param}” is not valid and was left out."},
    "note_unknown_dropped": {"nl": "Regio “{value}” zit niet in de gegevens en is weggelaten.",
                             "en": "Region “{value}” is not in the data and was left out."},
    "notes_label": {"nl": "Meldingen over de link", "en": "Notes about the link"},
    # --- controls --------------------------------------------------------------------------
    "control_gemeente": {"nl": "Gemeente", "en": "Municipality"},
    "control_vergelijk": {"nl": "Vergelijk met", "en": "Compare with"},
    "control_van": {"nl": "Van", "en": "From"},
    "control_tot": {"nl": "Tot en met", "en": "To (inclusive)"},
    "control_basisjaar": {"nl": "Index (basisjaar = 100)", "en": "Index (base year = 100)"},
    "control_basisjaar_none": {"nl": "Geen index", "en": "No index"},
    "control_indicator": {"nl": "Indicator", "en": "Indicator"},
    "control_year": {"nl": "Jaar", "en": "Year"},
    "weergave_legend": {"nl": "Weergave", "en": "View"},
    "weergave_grafiek": {"nl": "Grafiek", "en": "Chart"},
    "weergave_tabel": {"nl": "Tabel", "en": "Table"},
    "download_csv": {"nl": "Download CSV", "en": "Download CSV"},
    "download_csv_label": {"nl": "Download de getoonde cijfers van “{title}” als CSV",
                           "en": "Download the figures shown in “{title}” as CSV"},
    "download_png": {"nl": "Download PNG", "en": "Download PNG"},
    "download_png_label": {"nl": "Download de grafiek “{title}” als afbeelding (PNG)",
                           "en": "Download the chart “{title}” as an image (PNG)"},
    # --- chart cards -----------------------------------------------------------------------
    "definition": {"nl": "Definitie", "en": "Definition"},
    "source": {"nl": "Bron", "en": "Source"},
    "source_line": {"nl": "CBS, tabel {tables} (bijgewerkt {modified}); gegevensversie "
                          "{vintage}.",
                    "en": "CBS, table {tables} (updated {modified}); data version {vintage}."},
    "provisional_years": {"nl": "* voorlopig: {years}.", "en": "* provisional: {years}."},
    "provisional": {"nl": "* voorlopig", "en": "* provisional"},
    "forecast": {"nl": "prognose", "en": "forecast"},
    "forecast_interval": {"nl": "67%-interval prognose", "en": "67% forecast interval"},
    "index_unit": {"nl": "index ({year} = 100)", "en": "index ({year} = 100)"},
    "index_note": {"nl": "Indexweergave: {year} = 100.", "en": "Index view: {year} = 100."},
    "index_not_possible": {"nl": "Voor {regions} kan geen index worden berekend (waarde in "
                                 "{year} ontbreekt of is niet positief).",
                           "en": "No index for {regions} (the {year} value is missing or not "
                                 "positive)."},
    "counts_focus_only": {"nl": "Aantallen van regio's van verschillende grootte zijn niet te "
                                "vergelijken; kies een basisjaar (index) om te vergelijken.",
                          "en": "Counts of regions of different sizes cannot be compared; "
                                "choose a base year (index) to compare."},
    "per_1000_title": {"nl": "{title} per 1.000 inwoners",
                       "en": "{title} per 1,000 inhabitants"},
    "per_1000_definition": {"nl": "{definition} Gedeeld door het aantal inwoners op 1 januari, "
                                  "maal 1.000.",
                            "en": "{definition} Divided by the population on 1 January, "
                                  "times 1,000."},
    "no_data": {"nl": "Geen gegevens voor deze keuze.", "en": "No data for this selection."},
    "chart_label": {"nl": "Grafiek: {title}", "en": "Chart: {title}"},
    "table_caption": {"nl": "{title}", "en": "{title}"},
    "col_region": {"nl": "Regio", "en": "Region"},
    "col_code": {"nl": "Code", "en": "Code"},
    "col_year": {"nl": "Jaar", "en": "Year"},
    "col_value": {"nl": "Waarde", "en": "Value"},
    "col_status": {"nl": "Status", "en": "Status"},
    "col_lower": {"nl": "Ondergrens", "en": "Lower bound"},
    "col_upper": {"nl": "Bovengrens", "en": "Upper bound"},
    "col_rank": {"nl": "Rang", "en": "Rank"},
    "col_unit": {"nl": "Eenheid", "en": "Unit"},
    "col_indicator": {"nl": "Indicator", "en": "Indicator"},
    "col_age": {"nl": "Leeftijd", "en": "Age"},
    "col_men": {"nl": "Mannen", "en": "Men"},
    "col_women": {"nl": "Vrouwen", "en": "Women"},
    "status_definitief": {"nl": "definitief", "en": "final"},
    "status_voorlopig": {"nl": "voorlopig", "en": "provisional"},
    "status_prognose": {"nl": "prognose", "en": "forecast"},
    # --- source tables that a refresh could not renew (manifest tables.<id>.outcome) -------
    # A short name per source role (etl/sources.py): the catalogue names indicators, not
    # the CBS tables behind them.
    "role_population_by_age": {"nl": "Bevolking naar leeftijd", "en": "Population by age"},
    "role_dynamics": {"nl": "Bevolkingsontwikkeling", "en": "Population change"},
    "role_domestic_moves": {"nl": "Verhuizingen", "en": "Moves between municipalities"},
    "role_international_migration": {"nl": "Immi- en emigratie",
                                     "en": "Immigration and emigration"},
    "role_labour": {"nl": "Arbeidsdeelname", "en": "Labour participation"},
    "role_forecast": {"nl": "Prognose", "en": "Forecast"},
    "role_regions": {"nl": "Gebiedsindeling", "en": "Regional classification"},
    "problem_unreachable": {"nl": "CBS was niet bereikbaar", "en": "CBS could not be reached"},
    "problem_changed": {"nl": "CBS heeft de tabel gewijzigd", "en": "CBS changed the table"},
    "problem_invalid": {"nl": "de nieuwe cijfers kwamen niet door de controle",
                        "en": "the new figures did not pass the checks"},
    "problem_error": {"nl": "de verwerking van de nieuwe cijfers mislukte",
                      "en": "processing the new figures failed"},
    "problem_unknown": {"nl": "de tabel kon niet worden vernieuwd",
                        "en": "the table could not be refreshed"},
    "table_kept_note": {"nl": "{name} ({table}): cijfers van {date}; {reason}.",
                        "en": "{name} ({table}): figures of {date}; {reason}."},
    "table_absent_note": {"nl": "{name} ({table}): niet beschikbaar; {reason}.",
                          "en": "{name} ({table}): not available; {reason}."},
    "outcome_fresh": {"nl": "vernieuwd", "en": "refreshed"},
    "outcome_kept": {"nl": "overgenomen uit een eerdere versie",
                     "en": "carried over from an earlier version"},
    "outcome_absent": {"nl": "niet beschikbaar", "en": "not available"},
    "kept_from_vintage": {"nl": "{date} (uit gegevensversie {vintage})",
                          "en": "{date} (from data version {vintage})"},
    "kept_from_raw": {"nl": "{date} (uit eerder opgehaalde CBS-gegevens, {folder})",
                      "en": "{date} (from previously downloaded CBS data, {folder})"},
    "earlier_version": {"nl": "een eerdere versie", "en": "an earlier version"},
    # --- generated findings ----------------------------------------------------------------
    # Findings are phrased "<title> in <region>: gedaald van … naar …" so that they read
    # right whatever the catalogue title is (singular "Aandeel …" or plural "Inwoners").
    "trend_rose": {"nl": "gestegen", "en": "up"},
    "trend_fell": {"nl": "gedaald", "en": "down"},
    "trend_flat": {"nl": "gelijk gebleven", "en": "unchanged"},
    "finding_title": {"nl": "{title} in {region}: {verb} van {first} naar {last} "
                            "({first_year}–{last_year})",
                      "en": "{title} in {region}: {verb} from {first} to {last} "
                            "({first_year}–{last_year})"},
    "finding_title_flat": {"nl": "{title} in {region}: gelijk gebleven op {last} "
                                 "({first_year}–{last_year})",
                           "en": "{title} in {region}: unchanged at {last} "
                                 "({first_year}–{last_year})"},
    "finding_title_single": {"nl": "{title} in {region}: {last} in {last_year}",
                             "en": "{title} in {region}: {last} in {last_year}"},
    "summary_focus": {"nl": "{title} in {region}: {verb} van {first} in {first_year} naar "
                            "{last} in {last_year}",
                      "en": "{title} in {region}: {verb} from {first} in {first_year} to "
                            "{last} in {last_year}"},
    "summary_focus_single": {"nl": "{title} in {region}: {last} in {last_year}",
                             "en": "{title} in {region}: {last} in {last_year}"},
    "summary_other": {"nl": "in {region} van {first} naar {last}",
                      "en": "in {region} from {first} to {last}"},
    "summary_provisional": {"nl": "Cijfers voor {years} zijn voorlopig.",
                            "en": "Figures for {years} are provisional."},
    "summary_forecast": {"nl": "Volgens de prognose {verb_future} {region} tot {last} in "
                               "{last_year} (67%-interval {lower} tot {upper}).",
                         "en": "According to the forecast, {region} will {verb_future} to {last} "
                               "in {last_year} (67% interval {lower} to {upper})."},
    "verb_future_grow": {"nl": "groeit", "en": "grow"},
    "verb_future_shrink": {"nl": "krimpt", "en": "shrink"},
    "ranking_title": {"nl": "{title} in {year}: {region} op plaats {rank} van {count} "
                            "Twentse gemeenten",
                      "en": "{title} in {year}: {region} ranks {rank} of {count} "
                            "Twente municipalities"},
    "ranking_title_outside": {"nl": "{title} in {year}: {region} naast de Twentse gemeenten, "
                                    "plaats {rank} van {count}",
                              "en": "{title} in {year}: {region} beside the Twente "
                                    "municipalities, rank {rank} of {count}"},
    "ranking_summary": {"nl": "{title} in {year}: het hoogst in {top} ({top_value}), het laagst "
                              "in {bottom} ({bottom_value}); {region}: {value}, plaats {rank} "
                              "van {count}.",
                        "en": "{title} in {year}: highest in {top} ({top_value}), lowest in "
                              "{bottom} ({bottom_value}); {region}: {value}, rank {rank} of "
                              "{count}."},
    "map_title": {"nl": "Kaart van Twente: {title} in {year}",
                  "en": "Map of Twente: {title} in {year}"},
    "map_unavailable": {"nl": "Er is geen kaart: de gemeentegrenzen zitten niet in deze "
                              "gegevensversie ({note}). De rangorde hierboven toont dezelfde "
                              "cijfers.",
                        "en": "No map: the municipal boundaries are not in this data version "
                              "({note}). The ranking above shows the same figures."},
    "pyramid_title": {"nl": "Bevolkingsopbouw van {region} in {year}: 18–35-jarigen {share} "
                            "van de inwoners",
                      "en": "Population of {region} by age in {year}: 18–35-year-olds are "
                            "{share} of inhabitants"},
    "pyramid_summary": {"nl": "Bevolkingspiramide van {region} op 1 januari {year}, mannen "
                              "links en vrouwen rechts, als percentage van alle inwoners. De "
                              "18- tot en met 35-jarigen ({share}, {count} personen) zijn "
                              "gemarkeerd. {comparison}",
                        "en": "Population pyramid of {region} on 1 January {year}, men left "
                              "and women right, as a percentage of all inhabitants. People "
                              "aged 18 to 35 inclusive ({share}, {count} people) are "
                              "highlighted. {comparison}"},
    "pyramid_comparison": {"nl": "De lijn toont {region} ter vergelijking (18–35: {share}).",
                           "en": "The outline shows {region} for comparison (18–35: {share})."},
    "pyramid_band": {"nl": "18–35 jaar", "en": "aged 18–35"},
    "pyramid_other": {"nl": "overige leeftijden", "en": "other ages"},
    "pyramid_axis": {"nl": "% van alle inwoners", "en": "% of all inhabitants"},
    "pyramid_definition": {"nl": "Inwoners op 1 januari naar geslacht en leeftijd; de hoogste "
                                 "leeftijdsgroep is open ({open}+).",
                           "en": "Inhabitants on 1 January by sex and age; the top age group "
                                 "is open ({open}+)."},
    # --- pages -----------------------------------------------------------------------------
    "page_overzicht": {"nl": "Overzicht", "en": "Overview"},
    "page_vergrijzing": {"nl": "Vergrijzing", "en": "Ageing"},
    "page_geboorte": {"nl": "Geboorte", "en": "Births"},
    "page_migratie": {"nl": "Migratie", "en": "Migration"},
    "page_arbeidsmarkt": {"nl": "Arbeidsmarkt", "en": "Labour market"},
    "page_vergelijken": {"nl": "Vergelijken", "en": "Compare"},
    "page_talentopgave": {"nl": "Talentopgave", "en": "Talent programme"},
    "page_over_de_data": {"nl": "Over de data", "en": "About the data"},
    "page_not_found": {"nl": "Pagina niet gevonden", "en": "Page not found"},
    "intro_overzicht": {"nl": "Hoeveel inwoners van 18 tot en met 35 jaar heeft {region}, "
                              "vergeleken met Twente en Nederland, en hoe ontwikkelt dat zich?",
                        "en": "How many inhabitants aged 18 to 35 inclusive does {region} "
                              "have, compared with Twente and the Netherlands, and how is "
                              "that changing?"},
    "intro_vergrijzing": {"nl": "Dubbele vergrijzing: meer ouderen, die ook ouder worden. "
                                "Hoe verhouden jong en oud zich in {region}?",
                          "en": "Double ageing: more older people, who also live longer. How "
                                "do young and old compare in {region}?"},
    "intro_geboorte": {"nl": "Geboorten, sterfte en vruchtbaarheid in {region}.",
                       "en": "Births, deaths and fertility in {region}."},
    "intro_migratie": {"nl": "Komen er meer mensen naar {region} dan er vertrekken? Binnen "
                             "Nederland en over de grens, voor alle leeftijden en voor jongeren.",
                       "en": "Do more people move to {region} than leave? Within the "
                             "Netherlands and across the border, for all ages and for young "
                             "people."},
    "intro_arbeidsmarkt": {"nl": "Werk en de potentiële beroepsbevolking in {region}.",
                           "en": "Work and the potential labour force in {region}."},
    "intro_vergelijken": {"nl": "Alle Twentse gemeenten naast elkaar, voor elke indicator en "
                                "elk jaar.",
                          "en": "All Twente municipalities side by side, for any indicator "
                                "and year."},
    "intro_over_de_data": {"nl": "Elke indicator met zijn definitie, bron, gegevensversie en "
                                 "voorlopige jaren.",
                           "en": "Every indicator with its definition, source, data version "
                                 "and provisional years."},
    "kpi_latest": {"nl": "Aandeel 18–35-jarigen in {year}", "en": "Share aged 18–35 in {year}"},
    "document_title": {"nl": "{page} · Talentopgave dashboard",
                       "en": "{page} · Talent programme dashboard"},
    "kpi_change": {"nl": "{change} procentpunt sinds {year}",
                   "en": "{change} percentage points since {year}"},
    "kpi_label": {"nl": "Kerncijfers", "en": "Key figures"},
    "headline_status_title": {"nl": "Stand van de Talentopgave",
                              "en": "Status of the talent programme"},
    "headline_status_placeholder": {"nl": "Hier komt de stand van het programma: de "
                                          "programma-indicatoren tegen hun doelen. Dit volgt "
                                          "in een volgende versie.",
                                    "en": "The programme's status — its indicators against "
                                          "their targets — will appear here in a later "
                                          "version."},
    "talentopgave_placeholder": {"nl": "Deze pagina toont straks de indicatoren van de "
                                       "Talentopgave (wonen, werken, leven, imago) tegen hun "
                                       "doelen. De programmagegevens worden nog aangesloten.",
                                 "en": "This page will show the talent programme's indicators "
                                       "(housing, work, living, image) against their targets. "
                                       "The programme data are not connected yet."},
    "about_indicators": {"nl": "Indicatoren", "en": "Indicators"},
    "about_tables": {"nl": "Brontabellen", "en": "Source tables"},
    "about_store": {"nl": "Deze gegevensversie", "en": "This data version"},
    "col_definition": {"nl": "Definitie", "en": "Definition"},
    "col_formula": {"nl": "Berekening", "en": "Formula"},
    "col_sources": {"nl": "Brontabel", "en": "Source table"},
    "col_provisional": {"nl": "Voorlopige jaren", "en": "Provisional years"},
    "col_table": {"nl": "Tabel", "en": "Table"},
    "col_title": {"nl": "Titel", "en": "Title"},
    "col_modified": {"nl": "Bijgewerkt door CBS", "en": "Updated by CBS"},
    "col_fetched": {"nl": "Opgehaald", "en": "Fetched"},
    "col_periods": {"nl": "Perioden", "en": "Periods"},
    "col_rows": {"nl": "Rijen", "en": "Rows"},
    "col_outcome": {"nl": "Laatste verversing", "en": "Last refresh"},
    "about_not_refreshed": {"nl": "Niet vernieuwde tabellen", "en": "Tables not refreshed"},
    "about_not_refreshed_intro": {
        "nl": "Deze brontabellen konden voor deze gegevensversie niet worden vernieuwd. "
              "Elke grafiek die ze gebruikt, zegt dat in een melding.",
        "en": "These source tables could not be refreshed for this data version. Every "
              "chart that uses them says so in a note."},
    "about_all_refreshed": {"nl": "Alle brontabellen zijn voor deze gegevensversie "
                                  "vernieuwd.",
                            "en": "Every source table was refreshed for this data version."},
    "fact_outcome": {"nl": "Uitkomst", "en": "Outcome"},
    "fact_figures_of": {"nl": "Cijfers van", "en": "Figures of"},
    "fact_reason": {"nl": "Reden", "en": "Reason"},
    "fact_problem": {"nl": "Melding van de verwerking (Engels)", "en": "Message from the ETL"},
    "store_created": {"nl": "Gemaakt", "en": "Created"},
    "store_mode": {"nl": "Modus", "en": "Mode"},
    "store_etl_version": {"nl": "ETL-versie", "en": "ETL version"},
    "store_boundaries": {"nl": "Gemeentegrenzen", "en": "Municipal boundaries"},
    "store_vintages": {"nl": "Beschikbare versies (voor een vaste link: "
                             "voeg ?versie=… toe)",
                       "en": "Available versions (for a fixed link add ?versie=…)"},
    "boundaries_available": {"nl": "beschikbaar ({year})", "en": "available ({year})"},
    "boundaries_missing": {"nl": "niet beschikbaar", "en": "not available"},
    "none": {"nl": "geen", "en": "none"},
    # --- no store / not found ----------------------------------------------------------------
    "no_store_title": {"nl": "Er zijn nog geen gegevens", "en": "There is no data yet"},
    "no_store_text": {"nl": "Het dashboard vond geen gepubliceerde gegevens in {path}. Haal "
                            "ze op met de ETL en laad deze pagina opnieuw:",
                      "en": "The dashboard found no published data in {path}. Fetch them "
                            "with the ETL and reload this page:"},
    "no_store_demo": {"nl": "Zonder internet kan het ook, met demonstratiegegevens:",
                      "en": "Without internet, use demonstration data:"},
    "no_store_live": {"nl": "Met internet, echte CBS-cijfers:",
                      "en": "With internet, real CBS figures:"},
    "page_error": {"nl": "Dit onderdeel kon niet worden getoond. De fout is gelogd; probeer een "
                         "andere keuze of meld het aan de beheerder van het dashboard.",
                   "en": "This part could not be shown. The error has been logged; try another "
                         "choice or tell the dashboard's administrator."},
    "not_found_text": {"nl": "Deze pagina bestaat niet. Kies een pagina in het menu.",
                       "en": "This page does not exist. Choose a page from the menu."},
    **SERVING_TEXTS,
    **PRESENTATION_TEXTS,  # dashboard/i18n_presentation.py
    **PROGRAMME_TEXTS,
}


# Texts inside Dash 4's dcc.Dropdown (its `labels` prop); "{num_selected}" is filled in by Dash.
DROPDOWN_LABELS = {
    "nl": {"select_all": "Alles kiezen", "deselect_all": "Niets kiezen",
           "selected_count": "{num_selected} gekozen", "search": "Zoeken",
           "clear_search": "Zoekterm wissen", "clear_selection": "Keuze wissen",
           "no_options_found": "Niets gevonden"},
    "en": {"select_all": "Select all", "deselect_all": "Deselect all",
           "selected_count": "{num_selected} selected", "search": "Search",
           "clear_search": "Clear search", "clear_selection": "Clear selection",
           "no_options_found": "No options found"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled in."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def catalogue_text(entry: dict, field: str, lang: str) -> str:
    """``title``/``unit``/``definition`` of a catalogue entry in ``lang`` (Dutch as fallback)."""
    return str(entry.get(f"{field}_{lang}") or entry.get(f"{field}_nl") or entry.get("id", ""))
