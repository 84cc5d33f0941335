#!/usr/bin/env python3
"""Build the leaderboard site: python build.py [--check] [--strict] [--serve] (see --help)."""
import sys

from leaderboard.cli import main

if __name__ == "__main__":
    sys.exit(main())
