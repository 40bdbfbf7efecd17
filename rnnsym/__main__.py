"""`python -m rnnsym` runs the command-line interface."""

from rnnsym.cli import main

main()
