"""Pure figure builders: plain values and labels in, a plotly figure dict out."""
