"""``python -m chamberlain`` runs the CLI."""

from chamberlain.cli.main import main

main()
