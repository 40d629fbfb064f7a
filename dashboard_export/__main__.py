"""``python -m dashboard_export DECK.json OUT.pdf [--url …] [--taal en]``."""

import sys

from dashboard_export.deck_pdf import main

sys.exit(main())
