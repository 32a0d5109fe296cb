"""`python -m xl_portfolio` runs the command line."""

import sys

from xl_portfolio.cli import main

sys.exit(main())
