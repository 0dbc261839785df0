"""``python -m sahel_ie`` runs the command-line interface."""

import sys

from sahel_ie.cli import main

sys.exit(main())
