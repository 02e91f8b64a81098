"""Demo Bewertungen for `make run`, so that the ranking and the progress page have content.

Acts only on what exists: the demo Steckbriefe (steckbriefe.demo) that are final and in
Bewertung, Rückfrage, Bewertet or Entschieden, and the demo Wirtschaftsförderungen
(wf-<kreis>@demo.example, konten.demo). Idempotent: existing Zuweisungen and Bewertungen
are left alone. The statuses are not touched (steckbriefe.demo set them); the rows created
here match them: a Steckbrief that is „bewertet“ or „entschieden“ gets only finalised
Bewertungen, one „in Bewertung“ a finalised one, a draft and an open Zuweisung."""

import hashlib

from django.db import transaction
from django.utils import timezone

from handlungsfelder.models import Gebietskoerperschaft
from konten.demo import WF_KUERZEL
from konten.models import User
from steckbriefe.models import Status, Steckbrief
from steckbriefe.services import protokollieren

from . import services
from .aggregation import punkte_aktualisieren
from .models import BEGRUENDUNG_PFLICHT, Bewertung, Einzelbewertung, Kriterienkatalog, Zuweisung

DEMO_HINWEIS = "Demodaten"
IM_VERFAHREN = [Status.IN_BEWERTUNG, Status.RUECKFRAGE, Status.BEWERTET, Status.ENTSCHIEDEN]
FERTIG = {Status.BEWERTET, Status.ENTSCHIEDEN}
ZUGEWIESEN = [Status.FINAL_EINGEREICHT, *IM_VERFAHREN]


def _zahl(*teile) -> int:
    """Deterministic pseudo-random number from the parts (same demo on every run)."""
    text = "/".join(str(t) for t in teile)
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _wert(sb: Steckbrief, gk: Gebietskoerperschaft, kriterium) -> int:
    basis = 2 + _zahl(sb.titel) % 3  # 2–4: the Steckbrief's quality
    streuung = _zahl(sb.titel, gk.ags, kriterium.code) % 3 - 1  # −1, 0, +1 per reviewer
    return max(0, min(5, basis + streuung))


def _bewertung_anlegen(zuweisung: Zuweisung, katalog, nutzer: User, abschliessen: bool):
    sb, gk = zuweisung.steckbrief, zuweisung.gebietskoerperschaft
    kriterien = list(katalog.kriterien.filter(aktiv=True))
    werte = {k.pk: _wert(sb, gk, k) for k in kriterien}
    mittel = sum(werte.values()) / max(len(werte), 1)
    empfehlung = (
        Bewertung.Empfehlung.PRIORISIEREN
        if mittel >= 3.3
        else Bewertung.Empfehlung.ZURUECKSTELLEN
        if mittel >= 2.5
        else Bewertung.Empfehlung.NICHT_BERUECKSICHTIGEN
    )
    jetzt = timezone.now()
    bewertung = Bewertung.objects.create(
        zuweisung=zuweisung,
        katalog=katalog,
        status=Bewertung.Status.ABGESCHLOSSEN if abschliessen else Bewertung.Status.ENTWURF,
        empfehlung=empfehlung if abschliessen else "",
        kommentar=f"Bewertung der Wirtschaftsförderung {gk.name} ({DEMO_HINWEIS}).",
        version=2 if abschliessen else 1,
        geaendert_von=nutzer,
        abgeschlossen_am=jetzt if abschliessen else None,
        abgeschlossen_von=nutzer if abschliessen else None,
    )
    Einzelbewertung.objects.bulk_create(
        Einzelbewertung(
            bewertung=bewertung,
            kriterium=k,
            wert=werte[k.pk],
            begruendung=(
                f"{k.name}: im Steckbrief nachvollziehbar dargestellt."
                if werte[k.pk] in BEGRUENDUNG_PFLICHT or _zahl(sb.titel, k.code) % 2
                else ""
            ),
        )
        # A draft covers only the first half of the criteria.
        for k in (kriterien if abschliessen else kriterien[: len(kriterien) // 2])
    )
    punkte_aktualisieren(Bewertung.objects.filter(pk=bewertung.pk))
    protokollieren(
        sb,
        nutzer,
        "Bewertung abgeschlossen" if abschliessen else "Bewertung geändert",
        "",
        "abgeschlossen" if abschliessen else "Entwurf",
        f"{zuweisung.pruefer_name} ({DEMO_HINWEIS})",
    )
    return bewertung


def _querbewertung(sb: Steckbrief, gebiete: list[Gebietskoerperschaft]) -> Gebietskoerperschaft:
    """A second Wirtschaftsförderung for a cross-review (not one of the location's)."""
    eigene = {g.pk for g in services._gebiete(sb)}
    andere = [g for g in gebiete if g.pk not in eigene]
    return andere[_zahl(sb.titel, "quer") % len(andere)] if andere else None


@transaction.atomic
def demo_bewertungen_anlegen() -> int:
    """Create the missing demo Zuweisungen and Bewertungen; returns the new Bewertungen."""
    katalog = Kriterienkatalog.objects.filter(aktiv=True).first()
    if katalog is None:
        return 0
    gebiete = list(Gebietskoerperschaft.objects.order_by("ags"))
    wf = {
        u.gebietskoerperschaft_id: u
        for u in User.objects.filter(
            email__in=[f"wf-{kurz}@demo.example" for kurz in WF_KUERZEL.values()]
        )
    }
    gs = User.objects.filter(email="geschaeftsstelle@demo.example").first()
    neu = 0
    for sb in Steckbrief.objects.filter(status__in=ZUGEWIESEN).order_by("pk"):
        services._anlegen(
            sb, None, Zuweisung.Herkunft.AUTOMATISCH, gebiete=list(services._gebiete(sb))
        )
        if sb.status not in IM_VERFAHREN:
            continue  # final eingereicht: assigned, not yet scored
        quer = _querbewertung(sb, gebiete)
        if quer is not None and not sb.zuweisungen.filter(herkunft="manuell").exists():
            services._anlegen(sb, gs, Zuweisung.Herkunft.MANUELL, gebiete=[quer])
        zuweisungen = list(
            sb.zuweisungen.filter(gebietskoerperschaft__isnull=False)
            .select_related("gebietskoerperschaft", "steckbrief")
            .order_by("pk")
        )
        for i, z in enumerate(zuweisungen):
            nutzer = wf.get(z.gebietskoerperschaft_id)
            if nutzer is None or Bewertung.objects.filter(zuweisung=z).exists():
                continue
            if sb.status in FERTIG:
                abschliessen = True
            elif i == 0:
                abschliessen = sb.status == Status.IN_BEWERTUNG
            elif i == 1:
                abschliessen = False
            else:
                continue  # stays open (no Bewertung yet)
            _bewertung_anlegen(z, katalog, nutzer, abschliessen)
            neu += 1
    return neu
