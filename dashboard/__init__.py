"""The Talentopgave dashboard (Dash): reads the published store, never CBS."""
