"""``python -m livingpapers``: the command line lives in :mod:`livingpapers.engine.cli`."""

import sys

from livingpapers.engine.cli import main

sys.exit(main())
