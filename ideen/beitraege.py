"""What ideen contributes to the accounts (registered with konten.beitraege in
IdeenConfig.ready): the user's ideas in the DSGVO Art. 15 export, the deletion of the
person's data (Art. 17), and the demo ideas."""

from django.core.files.storage import default_storage
from django.db import transaction

from konten.models import User

from .models import (
    Idee,
    IdeeEinladung,
    IdeeProtokoll,
    IdeeVersion,
    IdeeZwischenstand,
    Mitwirkende,
    TeamMitglied,
)
from .regeln import ideen_von
from .services import protokollieren

GELOESCHTES_KONTO = "gelöschtes Konto"


def _idee(idee: Idee, user: User) -> dict:
    return {
        "id": idee.pk,
        "aufruf": idee.aufruf.name,
        "ihre_rolle": "angelegt" if idee.eigentuemer_id == user.pk else "mitwirkend",
        "status": idee.get_status_display(),
        "angelegt": idee.erstellt,
        "eingereicht_am": idee.eingereicht_am,
        "titel": idee.titel,
        "idee_in_einem_satz": idee.kernsatz,
        "problem_und_zielmarkt": idee.problem,
        "loesung_und_neuheit": idee.loesung,
        "reifegrad": idee.get_reifegrad_display() if idee.reifegrad else None,
        "gebietskoerperschaft": idee.gebietskoerperschaft.name
        if idee.gebietskoerperschaft_id
        else None,
        "bezug_zur_region": idee.regionsbezug,
        "unterstuetzungsbedarf": idee.unterstuetzung,
        "team": [{"name": m.name, "rolle": m.rolle} for m in idee.team.all()],
        "pitch_deck": {
            "dateiname": idee.pitchdeck_name,
            "groesse_bytes": idee.pitchdeck_groesse,
            "dateityp": idee.pitchdeck_typ,
        }
        if idee.pitchdeck
        else None,
        "versionen": [
            {
                "nummer": v.nummer,
                "eingereicht_am": v.erstellt,
                "von_ihnen_eingereicht": v.erstellt_von_id == user.pk,
                "inhalt": v.daten,
            }
            for v in idee.versionen.all()
        ],
    }


def auskunft(user: User, organisation) -> dict:
    """The user's ideas (own and as co-entrant) with all fields, team, pitch deck
    (metadata) and versions; the invitations the user sent; the user's audit entries."""
    ideen = (
        ideen_von(user)
        .select_related("aufruf", "gebietskoerperschaft")
        .prefetch_related("team", "versionen")
        .order_by("pk")
    )
    return {
        "ideen": [_idee(i, user) for i in ideen],
        "einladungen_zu_ideen_von_ihnen": [
            {"idee_id": e.idee_id, "an": e.email, "versendet": e.erstellt}
            for e in IdeeEinladung.objects.filter(eingeladen_von=user).order_by("pk")
        ],
        "zwischenstaende_zu_ideen_von_ihnen": [
            {"idee_id": z.idee_id, "gespeichert": z.gespeichert, "eingaben": z.daten}
            for z in IdeeZwischenstand.objects.filter(user=user).order_by("pk")
        ],
        "einladungen_zu_ideen_an_sie": [
            {"idee_id": e.idee_id, "versendet": e.erstellt, "angenommen_am": e.angenommen_am}
            for e in IdeeEinladung.objects.filter(email__iexact=user.email).order_by("pk")
        ],
        "protokolleintraege_zu_ideen_von_ihnen": [
            {"zeitpunkt": p.zeitpunkt, "idee_id": p.idee_id, "aktion": p.aktion}
            for p in IdeeProtokoll.objects.filter(akteur=user).order_by("pk")
        ],
    }


def _normal(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def _name_entfernen(daten: dict, name: str) -> bool:
    """In a snapshot's team lines, the person's name becomes GELOESCHTES_KONTO."""
    geaendert = False
    for zeile in daten.get("felder", []):
        if not (isinstance(zeile, list) and len(zeile) == 2 and zeile[0].startswith("Team")):
            continue
        neu = []
        for eintrag in str(zeile[1]).split("\n"):
            person, trenner, rolle = eintrag.partition(" – ")
            if _normal(person) == name:
                eintrag = GELOESCHTES_KONTO + (trenner + rolle if trenner else "")
                geaendert = True
            neu.append(eintrag)
        zeile[1] = "\n".join(neu)
    return geaendert


def loeschen(user: User) -> None:
    """The person's data in the Ideenwettbewerb (Art. 17; before the user's row is deleted):
    an idea the user owns passes to its longest co-entrant (audited), or is deleted with its
    pitch deck if nobody else works on it; the user's name leaves the team lists and the
    versions of the ideas the user took part in; invitations to the user's address are
    deleted. Co-entry, sent invitations and audit authorship go with the account (foreign
    keys)."""
    beteiligt = list(ideen_von(user).values_list("pk", flat=True))
    name = _normal(user.get_full_name())
    if name:
        for mitglied in TeamMitglied.objects.filter(idee_id__in=beteiligt):
            if _normal(mitglied.name) == name:
                mitglied.delete()
        for version in IdeeVersion.objects.filter(idee_id__in=beteiligt):
            if _name_entfernen(version.daten, name):
                version.save(update_fields=["daten"])
        for stand in IdeeZwischenstand.objects.filter(idee_id__in=beteiligt).exclude(user=user):
            namen = [k for k, v in stand.daten.items() if k.endswith("-name") and v]
            treffer = [k for k in namen if _normal(stand.daten[k][-1]) == name]
            for k in treffer:
                stand.daten[k] = [GELOESCHTES_KONTO]
            if treffer:
                IdeeZwischenstand.objects.filter(pk=stand.pk).update(daten=stand.daten)
    IdeeEinladung.objects.filter(email__iexact=user.email).delete()
    dateien = []
    for idee in Idee.objects.select_for_update().filter(eigentuemer=user).order_by("pk"):
        nachfolge = Mitwirkende.objects.filter(idee=idee).exclude(user=user).first()
        if nachfolge is None:
            if idee.pitchdeck:
                dateien.append(idee.pitchdeck.name)
            idee.delete()
            continue
        Idee.objects.filter(pk=idee.pk).update(eigentuemer=nachfolge.user)
        nachfolge.delete()
        protokollieren(
            idee,
            None,
            "Übertragen",
            text="Die Person, die die Idee angelegt hat, hat ihr Konto gelöscht; die Idee "
            "gehört jetzt der am längsten mitwirkenden Person.",
        )
    for datei in dateien:
        transaction.on_commit(lambda d=datei: default_storage.delete(d))


def demo() -> tuple[str, int]:
    from .demo import demo_ideen_anlegen

    return "Demo-Ideen (Ideenwettbewerb, Runde 2) angelegt", demo_ideen_anlegen()
