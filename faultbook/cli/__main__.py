"""``python -m faultbook.cli``."""

import sys

from faultbook.cli import main

sys.exit(main())
