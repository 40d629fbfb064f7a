"""Texts of the serving layer (error pages, the embed view), merged into
:data:`dashboard.i18n.TEXTS`. Kept apart so the page texts and these can change independently."""

SERVING_TEXTS: dict[str, dict[str, str]] = {
    "error_title": {"nl": "Er ging iets mis", "en": "Something went wrong"},
    "error_not_found": {"nl": "Deze pagina bestaat niet.", "en": "This page does not exist."},
    "error_method": {"nl": "Dit verzoek wordt hier niet ondersteund.",
                     "en": "This request is not supported here."},
    "error_bad_request": {"nl": "Dit verzoek kon niet worden gelezen.",
                          "en": "This request could not be read."},
    "error_server": {"nl": "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
                     "en": "Something went wrong on our side. Please try again later."},
    "error_home": {"nl": "Naar het dashboard", "en": "Go to the dashboard"},
    "embed_title": {"nl": "Grafiek", "en": "Chart"},
    "embed_open_full": {"nl": "Open in het Talentopgave dashboard",
                        "en": "Open in the talent programme dashboard"},
}
