"""``python -m research_utils``: the command line."""

import sys

from .cli import main

sys.exit(main())
