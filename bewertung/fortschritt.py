"""Progress of the Bewertung per reviewer, counted in the database (one query each)."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from handlungsfelder.models import Gebietskoerperschaft
from konten.models import Rolle, User
from steckbriefe.models import Status

from .models import Bewertung, Prueferstatistik, Zuweisung
from .regeln import BEWERTBAR


def _zaehler() -> dict:
    z = "zuweisungen__"
    zaehlt = Q(**{f"{z}befangen_am__isnull": True}) & ~Q(
        **{f"{z}steckbrief__status": Status.ZURUECKGEZOGEN}
    )
    fertig = Q(**{f"{z}bewertung__status": Bewertung.Status.ABGESCHLOSSEN})
    return {
        "zugewiesen": Count("zuweisungen", filter=zaehlt),
        "abgeschlossen": Count("zuweisungen", filter=zaehlt & fertig),
        "entwuerfe": Count(
            "zuweisungen",
            filter=zaehlt & Q(**{f"{z}bewertung__status": Bewertung.Status.ENTWURF}),
        ),
        "offen": Count(
            "zuweisungen",
            filter=zaehlt & Q(**{f"{z}steckbrief__status__in": BEWERTBAR}) & ~fertig,
        ),
        "befangen": Count("zuweisungen", filter=Q(**{f"{z}befangen_am__isnull": False})),
    }


def je_wirtschaftsfoerderung() -> list[Gebietskoerperschaft]:
    """Every Gebietskörperschaft with zugewiesen / abgeschlossen / entwuerfe / offen /
    befangen and its active Wirtschaftsförderung users (`personen`, reminder recipients)."""
    personen = User.objects.filter(
        is_active=True, groups__name=Rolle.WIRTSCHAFTSFOERDERUNG.value
    ).order_by("email")
    return list(
        Gebietskoerperschaft.objects.annotate(**_zaehler())
        .prefetch_related(Prefetch("wirtschaftsfoerderer", queryset=personen, to_attr="personen"))
        .order_by("name")
    )


def je_person() -> list[User]:
    """People with Zuweisungen by name, with the same counters."""
    return list(
        User.objects.filter(Exists(Zuweisung.objects.filter(pruefer=OuterRef("pk"))))
        .annotate(**_zaehler())
        .order_by("email")
    )


def kalibrierung(katalog) -> tuple[list[Prueferstatistik], float | None]:
    """Per reviewer (Wirtschaftsförderung or person) of `katalog`: the stored count, mean
    and spread of their counted weighted scores (Prueferstatistik, the basis of the
    normalised score), each with `abweichung` from the mean over all counted Bewertungen;
    and that overall mean. One query."""
    if katalog is None:
        return [], None
    zeilen = list(
        Prueferstatistik.objects.filter(katalog=katalog)
        .select_related("gebietskoerperschaft", "pruefer")
        .order_by("gebietskoerperschaft__name", "pruefer__email")
    )
    gesamt = sum(z.anzahl for z in zeilen)
    mittel = sum(z.mittelwert * z.anzahl for z in zeilen) / gesamt if gesamt else None
    for z in zeilen:
        z.name = (
            f"Wirtschaftsförderung {z.gebietskoerperschaft.name}"
            if z.gebietskoerperschaft_id
            else str(z.pruefer)
        )
        z.abweichung = None if mittel is None else z.mittelwert - mittel
    return zeilen, mittel
