"""What the petition and rating rules answer when they say no; pages and the API map them to
404 (Hidden), 409 (Refused) and 422 (Invalid)."""

from __future__ import annotations


class Hidden(Exception):
    """The person may not see this petition or dossier: answer as if it did not exist."""


class Refused(Exception):
    """The rules do not allow the action now; the message says why, for a person to read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(Exception):
    """A value is missing or wrong; `field` names it, the message says what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message
