"""Commands beside the dashboard that the running app never imports: printing a deck to PDF
with headless Chromium (needs selenium: the ``export`` extra, ``pip install -e .[export]``).
"""
