"""`python -m assistant` runs the omniteam CLI."""

from .cli import main

main()
