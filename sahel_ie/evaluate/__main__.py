"""``python -m sahel_ie.evaluate GOLD_DIR [...]``: the same as ``sahel-ie evaluate``."""

import sys

from sahel_ie.evaluate.cli import main

sys.exit(main())
