"""What the command-line modules share."""
from __future__ import annotations

import click


class OneLineUsageError(click.ClickException):
    """A usage error (exit 2) that one line explains, without the usage text."""

    exit_code = 2
