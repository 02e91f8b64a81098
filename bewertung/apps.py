from django.apps import AppConfig


class BewertungConfig(AppConfig):
    name = "bewertung"
    verbose_name = "Bewertung"

    def ready(self):
        from ideen.regeln import bewertungsstand_registrieren
        from konten.beitraege import registrieren
        from steckbriefe.hilfen import kriterien_registrieren
        from steckbriefe.regeln import pruefsicht_registrieren

        from . import filters, jury, panel_cache, regeln, signale  # noqa: F401 - signale connects the receivers

        filters.auswahl_verwerfen_verbinden()
        panel_cache.verbinden()
        pruefsicht_registrieren(regeln.pruefsicht)
        bewertungsstand_registrieren(jury.abgeschlossene_bewertungen)
        kriterien_registrieren(_aktive_kriterien)
        registrieren(demo=_demo, auskunft=_auskunft)
        registrieren(demo=_jury_demo, auskunft=_jury_auskunft)


def _aktive_kriterien():
    """The criteria of the active catalogue, shown to submitters on the form."""
    from .models import Kriterienkatalog, Kriterium

    return (
        Kriterium.objects.filter(
            katalog__in=Kriterienkatalog.objects.filter(aktiv=True), aktiv=True
        )
        .order_by("reihenfolge", "pk")
        .values_list("name", "leitfrage", "gewicht")
    )


def _demo() -> tuple[str, int]:
    from .demo import demo_bewertungen_anlegen

    return "Demo-Bewertungen neu angelegt", demo_bewertungen_anlegen()


def _jury_demo() -> tuple[str, int]:
    from .jury_demo import demo_jury_anlegen

    return "Demo-Jury des Ideenwettbewerbs angelegt", demo_jury_anlegen()


def _auskunft(user, organisation) -> dict:
    """DSGVO Art. 15: the messages the user wrote in the reviewers' exchange. (Deleting the
    account keeps the messages without their author: Kommentar.autor is SET_NULL.)"""
    from django.utils import timezone

    from .models import Kommentar

    nachrichten = [
        {
            "steckbrief": k.steckbrief_id,
            "titel": k.steckbrief.titel,
            "stelle": k.stelle,
            "geschrieben_am": timezone.localtime(k.erstellt).isoformat(),
            "text": k.text,
        }
        for k in Kommentar.objects.filter(autor=user).select_related("steckbrief")
    ]
    return {"Nachrichten im Austausch der Prüfenden": nachrichten} if nachrichten else {}


def _jury_auskunft(user, organisation) -> dict:
    """DSGVO Art. 15: the user's memberships in juries, their scores of ideas and the
    Befangenheit they declared."""
    from .jury_services import jury_auskunft

    return jury_auskunft(user)
