"""Small helpers for the konten tests."""

import re
from html.parser import HTMLParser

from allauth.account.models import EmailAddress


class _Formularfelder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.felder: list[str] = []
        self.labels: set[str] = set()
        self.ohne_id = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in {"input", "select", "textarea"}:
            if attrs.get("type") in {"hidden", "submit", "button"}:
                return
            if attrs.get("id"):
                self.felder.append(attrs["id"])
            else:
                self.ohne_id += 1


def unbeschriftete_felder(html: str) -> list[str]:
    """Ids of visible form controls without a <label for=…> (or controls without id)."""
    parser = _Formularfelder()
    parser.feed(html)
    return [f for f in parser.felder if f not in parser.labels] + ["?"] * parser.ohne_id


def link_aus(text: str) -> str:
    return re.search(r"https?://\S+", text).group(0)


def verifiziert(user):
    """A user who may log in through allauth (verified primary address)."""
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
