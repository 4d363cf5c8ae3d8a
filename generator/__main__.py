"""`python -m generator` runs the policy-site command line."""

import sys

from generator.cli import entry

sys.exit(entry())
