"""Presentation mode: decks of saved views and the slides built from them."""
