"""Texts of the Talentopgave page, the event overlay and the overview's programme status.

Same shape as :data:`dashboard.i18n.TEXTS` (key -> ``{"nl", "en"}``), merged into it there.
"""

from __future__ import annotations

PROGRAMME_TEXTS: dict[str, dict[str, str]] = {
    # --- page ------------------------------------------------------------------------------
    "intro_talentopgave": {
        "nl": "De doelen van de Talentopgave naast de cijfers: per doel de metingen, het rechte "
              "pad van de beginsituatie naar het doel en of het programma op koers ligt; "
              "daaronder het aanjaagbudget per pijler en de mijlpalen.",
        "en": "The Talent programme's targets next to the figures: for each target the "
              "actuals, the straight path from the baseline to the target and whether the "
              "programme is on track; below, the seed budget per pillar and the milestones."},
    "programme_missing": {
        "nl": "Er zijn geen programmagegevens in deze gegevensversie. Kies een nieuwere versie "
              "of draai de ETL met het programmabestand.",
        "en": "There is no programme data in this data version. Choose a newer version or run "
              "the ETL with the programme file."},
    "example_label": {"nl": "Voorbeeld — geen vastgesteld doel",
                      "en": "Example — not an adopted target"},
    "example_data_note": {"nl": "Voorbeeldgegevens — geen openbare cijfers",
                          "en": "Example data — not public figures"},
    # --- status ----------------------------------------------------------------------------
    "prog_status_on_track": {"nl": "op koers", "en": "on track"},
    "prog_status_behind": {"nl": "achter", "en": "behind"},
    "prog_status_ahead": {"nl": "voor", "en": "ahead"},
    "prog_status_none": {"nl": "nog geen meting", "en": "no measurement yet"},
    "gap_years_behind": {"nl": "{years} jaar achter op het pad",
                         "en": "{years} years behind the path"},
    "gap_years_ahead": {"nl": "{years} jaar voor op het pad", "en": "{years} years ahead of "
                                                                    "the path"},
    "percentage_points": {"nl": "procentpunt", "en": "percentage points"},
    "gap_amount": {"nl": "{amount} ten opzichte van het pad in {year}",
                   "en": "{amount} compared with the path in {year}"},
    "target_title": {"nl": "{title}, {region}: {status} op weg naar {target} in {year}",
                     "en": "{title}, {region}: {status} on the way to {target} in {year}"},
    "target_summary": {
        "nl": "Laatste meting ({latest_year}): {latest}. Volgens het rechte pad van {baseline} "
              "({baseline_year}) naar {target} ({target_year}) was {path} verwacht. "
              "Status: {status}; {gap}.",
        "en": "Latest value ({latest_year}): {latest}. The straight path from {baseline} "
              "({baseline_year}) to {target} ({target_year}) expected {path}. "
              "Status: {status}; {gap}."},
    "target_summary_none": {
        "nl": "Nog geen meting in of na het basisjaar; het doel is {target} in {target_year} "
              "(basis {baseline} in {baseline_year}).",
        "en": "No value in or after the baseline year yet; the target is {target} in "
              "{target_year} (baseline {baseline} in {baseline_year})."},
    "target_definition": {
        "nl": "{definition} Het pad is de rechte lijn van de basiswaarde naar de doelwaarde. "
              "Op koers: binnen 1% van het verschil tussen basis- en doelwaarde van het pad; "
              "voor: beter dan het pad (bij een dalend doel: lager).",
        "en": "{definition} The path is the straight line from the baseline to the target. "
              "On track: within 1% of the difference between baseline and target from the "
              "path; ahead: better than the path (for a falling target: lower)."},
    "target_source": {"nl": "Doel: {source}. Metingen: {data}.",
                      "en": "Target: {source}. Actuals: {data}."},
    "programme_file_source": {"nl": "programmabestand Talentopgave (gegevensversie {vintage})",
                              "en": "Talent programme file (data version {vintage})"},
    "forecast_note": {"nl": "Met de regionale prognose van CBS/PBL en het 67%-interval.",
                      "en": "With the CBS/PBL regional forecast and its 67% interval."},
    "trace_actual": {"nl": "Gemeten", "en": "Actual"},
    "trace_path": {"nl": "Pad naar het doel", "en": "Path to the target"},
    "trace_target": {"nl": "Doel", "en": "Target"},
    "trace_forecast": {"nl": "Prognose CBS/PBL", "en": "CBS/PBL forecast"},
    # --- status table ----------------------------------------------------------------------
    "targets_heading": {"nl": "Alle doelen", "en": "All targets"},
    "targets_caption": {"nl": "Doelen van de Talentopgave met hun status",
                        "en": "Targets of the Talent programme and their status"},
    "col_target_indicator": {"nl": "Doel", "en": "Target"},
    "col_baseline": {"nl": "Basis", "en": "Baseline"},
    "col_target_value": {"nl": "Doelwaarde", "en": "Target value"},
    "col_latest": {"nl": "Laatste meting", "en": "Latest value"},
    "col_path": {"nl": "Pad", "en": "Path"},
    "col_gap": {"nl": "Verschil met het pad", "en": "Gap to the path"},
    "col_example": {"nl": "Voorbeeld", "en": "Example"},
    "col_series": {"nl": "Reeks", "en": "Series"},
    "col_source_decision": {"nl": "Bron of besluit", "en": "Source or decision"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    # --- budget ----------------------------------------------------------------------------
    "budget_card_title": {
        "nl": "Aanjaagbudget: {committed} van {budget} toegezegd, {spent} besteed (stand {date})",
        "en": "Seed budget: {committed} of {budget} committed, {spent} spent (as of {date})"},
    "budget_card_name": {"nl": "Aanjaagbudget per pijler", "en": "Seed budget per pillar"},
    "budget_budget": {"nl": "Budget", "en": "Budget"},
    "budget_committed": {"nl": "Toegezegd", "en": "Committed"},
    "budget_spent": {"nl": "Besteed", "en": "Spent"},
    "budget_definition": {
        "nl": "Budget per pijler volgens de doelen van het programmabestand; toegezegd en "
              "besteed: de laatste meting, opgeteld sinds de start van het programma.",
        "en": "Budget per pillar from the programme file's targets; committed and spent: the "
              "latest measurement, cumulative since the programme started."},
    "budget_pillar_summary": {"nl": "{pillar}: {committed} toegezegd en {spent} besteed van "
                                    "{budget}.",
                              "en": "{pillar}: {committed} committed and {spent} spent of "
                                    "{budget}."},
    "col_pillar": {"nl": "Pijler", "en": "Pillar"},
    "pillar_wonen": {"nl": "Wonen", "en": "Housing"},
    "pillar_werken": {"nl": "Werken", "en": "Work"},
    "pillar_leven": {"nl": "Leven", "en": "Living"},
    "pillar_imago": {"nl": "Imago", "en": "Image"},
    "pillar_programma": {"nl": "Programma", "en": "Programme"},
    # --- milestones ------------------------------------------------------------------------
    "milestones_title": {"nl": "Mijlpalen: {done} van {total} gereed",
                         "en": "Milestones: {done} of {total} done"},
    "milestones_next": {"nl": "; volgende: {title} ({date})", "en": "; next: {title} ({date})"},
    "milestones_definition": {
        "nl": "Mijlpalen van het programma per pijler; de vorm van de markering toont de "
              "status. De stippellijn is vandaag.",
        "en": "The programme's milestones per pillar; the marker's shape shows the status. "
              "The dotted line is today."},
    "milestones_none": {"nl": "Geen mijlpalen in het programmabestand.",
                        "en": "No milestones in the programme file."},
    "milestone_item": {"nl": "{date}: {title} ({pillar}, {status})",
                       "en": "{date}: {title} ({pillar}, {status})"},
    "ms_status_gepland": {"nl": "gepland", "en": "planned"},
    "ms_status_bezig": {"nl": "bezig", "en": "in progress"},
    "ms_status_gereed": {"nl": "gereed", "en": "done"},
    "ms_status_vertraagd": {"nl": "vertraagd", "en": "delayed"},
    "today": {"nl": "vandaag", "en": "today"},
    "col_date": {"nl": "Datum", "en": "Date"},
    "col_event_title": {"nl": "Titel", "en": "Title"},
    # --- events overlay --------------------------------------------------------------------
    "control_gebeurtenissen": {"nl": "Gebeurtenissen in grafieken",
                               "en": "Events in charts"},
    "events_on": {"nl": "aan", "en": "on"},
    "events_off": {"nl": "uit", "en": "off"},
    "events_list_label": {"nl": "Gebeurtenissen in deze grafiek",
                          "en": "Events in this chart"},
    "event_item": {"nl": "{date} — {title} ({kind})", "en": "{date} — {title} ({kind})"},
    "event_kind_beleid": {"nl": "beleid, doorgetrokken lijn", "en": "policy, solid line"},
    "event_kind_databreuk": {"nl": "databreuk, gestreepte lijn",
                             "en": "break in the series, dashed line"},
    # --- overview --------------------------------------------------------------------------
    "headline_counts": {"nl": "{total} doelen: {op_koers} op koers, {achter} achter, "
                              "{voor} voor",
                        "en": "{total} targets: {op_koers} on track, {achter} behind, "
                              "{voor} ahead"},
    "headline_population": {"nl": "Inwonersdoel ({target} in {year}): {status}",
                            "en": "Population target ({target} in {year}): {status}"},
    "headline_link": {"nl": "Bekijk de Talentopgave", "en": "View the Talent programme"},
}
