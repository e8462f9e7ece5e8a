"""The ``searchkit`` command line: commands (``commands``) and how results are printed (``output``)."""

from searchkit.cli.commands import cli, main

__all__ = ["cli", "main"]
