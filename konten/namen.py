"""What counts as a person's name: first and last names appear in mails to other people
(an invitation names who sent it), so they must be names and nothing else – no sentences,
no web or e-mail addresses, no line breaks."""

import re

from django.core.exceptions import ValidationError

NAME_MAX_LAENGE = 60

# Letters of any script, with spaces, hyphens, apostrophes and periods between them
# ("Anna-Lena", "O'Brien", "Dr. h.c. Müller"); at most two characters of punctuation in a row.
_NAME = re.compile(r"[^\W\d_](?:[^\W\d_]|[ .'’-](?![ .'’-]{2}))*\.?", re.UNICODE)
# A period between letters is fine ("h.c."), but not a domain ("beispiel.de", "bit.ly").
_DOMAIN = re.compile(r"[^\W\d_]{2,}\.[^\W\d_]{2,}", re.UNICODE)

FEHLER = (
    "Bitte geben Sie nur einen Namen an: Buchstaben, Leerzeichen, Bindestrich, Apostroph "
    f"und Punkt, höchstens {NAME_MAX_LAENGE} Zeichen, keine Web- oder E-Mail-Adressen."
)


def name_ist_zulaessig(name: str) -> bool:
    """True for an empty name or one that is only a name."""
    if not name:
        return True
    if len(name) > NAME_MAX_LAENGE or name != name.strip():
        return False
    if not _NAME.fullmatch(name):
        return False
    return not _DOMAIN.search(name)


def name_pruefen(name: str) -> None:
    """Validator of the name fields (sign-up, "Meine Daten")."""
    if not name_ist_zulaessig(name):
        raise ValidationError(FEHLER, code="kein_name")
