"""One module per page: ``register_page`` first, then ``layout(**query)``, then its callbacks.

:data:`PAGE_MODULES` is the import order (the navigation order comes from each page's
``order``). Pages are imported by :func:`dashboard.application.create_app` after the Dash app
exists, because ``register_page`` needs one.
"""

PAGE_MODULES = (
    "dashboard.pages.overzicht",
    "dashboard.pages.vergrijzing",
    "dashboard.pages.geboorte",
    "dashboard.pages.migratie",
    "dashboard.pages.arbeidsmarkt",
    "dashboard.pages.vergelijken",
    "dashboard.pages.talentopgave",
    "dashboard.pages.over_de_data",
    "dashboard.pages.embed",
    "dashboard.pages.presentatie",
    "dashboard.pages.presentatie_notities",
    "dashboard.pages.presentatie_samenstellen",
    "dashboard.pages.not_found_404",
)
