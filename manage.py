#!/usr/bin/env python
"""Django's own entry point; `haven` (haven/cli.py) is the one people use."""

from haven.cli import main

if __name__ == "__main__":
    main()
