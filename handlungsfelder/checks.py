"""`check --deploy`: the portal must not go live with the demo's operator data or with a
"[BITTE ERGÄNZEN: …]" placeholder on a legal page."""

from django.core import checks
from django.db import DatabaseError

from .betreiber import ANGABEN, PLATZHALTER, betreiber


@checks.register(checks.Tags.security, deploy=True)
def betreiberangaben(app_configs=None, **kwargs):
    meldungen = []
    b = betreiber()
    if b.beispiele:
        fehlend = ", ".join(
            f"BETREIBER_{k.upper()} ({ANGABEN[k][0]})" for k in ANGABEN if k in b.beispiele
        )
        meldungen.append(
            checks.Warning(
                "Die Angaben des Betreibers sind noch Beispieldaten der Demo.",
                hint=f"Setzen Sie die Umgebungsvariablen {fehlend}.",
                id="handlungsfelder.W001",
            )
        )
    try:
        from .models import Seite

        offen = [
            s.titel for s in Seite.objects.only("titel", "inhalt") if PLATZHALTER.search(s.inhalt)
        ]
    except DatabaseError:  # no database yet (an image build): nothing to check here
        offen = []
    if offen:
        meldungen.append(
            checks.Warning(
                f"Rechtliche Seiten mit „[BITTE ERGÄNZEN: …]“: {', '.join(offen)}.",
                hint="Ergänzen Sie die Stellen in der Verwaltung unter „Rechtliche Seiten“.",
                id="handlungsfelder.W002",
            )
        )
    return meldungen
