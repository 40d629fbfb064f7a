"""What each chart card shows, computed from a view state and a store — no Dash here."""
