"""The Talentopgave programme as the store holds it (docs/store.md, ``programme_*``): its
targets and their status, the budget per pillar, milestones and events — read and worded
here, drawn by :mod:`dashboard.cards.programme`. The status of a target and its gap are
computed by the ETL (``etl/programme/status.py``) and only shown."""
