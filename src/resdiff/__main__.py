"""`python -m resdiff ARGS`: the command line, as the `resdiff` script runs it."""

import sys

from resdiff.cli import main

sys.exit(main())
