"""What serving needs besides the pages: security headers, health and error pages, the
render cache."""
