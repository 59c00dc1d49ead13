"""`python -m tools.sitegen [--check] [--root DIR]`, from the repository root."""
import sys

from . import main

sys.exit(main())
