"""The view a user sets: the URL (the only place links are parsed and built), the resolved
view, and keeping URL, controls and charts in step."""
