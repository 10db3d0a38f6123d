"""Errors that stop a command, each with one line that says what is wrong and what to do."""


class AutograderError(Exception):
    """The command cannot run; its message is shown to the user as one line."""
