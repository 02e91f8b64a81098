"""Who may see the portfolio – explicit rules.

- The Geschäftsstelle (and the superuser) and the Lenkungskreis see the portfolio: figures
  over all submitted Steckbriefe (counts, requested Fördermittel, mean scores), no single
  Steckbrief's content and no reviewer's name.
- The Lenkungskreis is a read-only role (the Group created by portfolio's migration, no
  Django permissions): apart from the portfolio it is an ordinary account without an
  Organisation – it sees no Steckbrief, no admin, no export, and does not submit unless it
  joins an Organisation (tests/sicherheit/test_lenkungskreis.py checks every URL).
"""

from konten.zugriff import ist_aktiv, ist_geschaeftsstelle

LENKUNGSKREIS = "Lenkungskreis"


def ist_lenkungskreis(user) -> bool:
    return ist_aktiv(user) and user.in_gruppe(LENKUNGSKREIS)


def darf_portfolio_sehen(user) -> bool:
    return ist_geschaeftsstelle(user) or ist_lenkungskreis(user)


REGELN = {"darf_portfolio_sehen": darf_portfolio_sehen}
