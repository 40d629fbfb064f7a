"""One module per page: ``register_page`` first, then ``layout(**query)``, then its callbacks;
the topic pages, which differ only in their data, are the rows of one table
(:mod:`dashboard.pages.topics`).

:data:`PAGE_MODULES` is the import order (the navigation order comes from each page's
``order``). Pages are imported by :func:`dashboard.application.create_app` after the Dash app
exists, because ``register_page`` needs one.
"""

PAGE_MODULES = (
    "dashboard.pages.overzicht",
    "dashboard.pages.topics",  # vergrijzing, geboorte, migratie, arbeidsmarkt
    "dashboard.pages.vergelijken",
    "dashboard.pages.talentopgave",
    "dashboard.pages.over_de_data",
    "dashboard.pages.toegankelijkheid",  # the accessibility statement (footer)
    "dashboard.pages.embed",
    "dashboard.pages.presentatie",
    "dashboard.pages.presentatie_notities",
    "dashboard.pages.presentatie_samenstellen",
    "dashboard.pages.not_found_404",
)
