"""What kooperation contributes to the accounts (konten.beitraege): the DSGVO Art. 15
sections (the contact requests the person sent, their Organisation's Börse entries) and
Art. 17 (the requests the person sent are deleted with their account: their text is the
person's own words and may name them; the recipients already have it by mail)."""

from .models import Kontaktanfrage, Kooperationsprofil


def auskunft(user, organisation) -> dict:
    anfragen = Kontaktanfrage.objects.filter(absender=user).select_related("von", "an")
    profile = (
        Kooperationsprofil.objects.filter(steckbrief__organisation=organisation)
        if organisation is not None
        else Kooperationsprofil.objects.none()
    )
    return {
        "kontaktanfragen_von_ihnen": [
            {
                "von_steckbrief": a.von.titel,
                "an_steckbrief": a.an.titel,
                "gesendet": a.erstellt,
                "nachricht": a.nachricht,
            }
            for a in anfragen
        ],
        "kooperationsboerse": [
            {
                "steckbrief_id": p.steckbrief_id,
                "kontakt_erlaubt": p.kontakt_erlaubt,
                "angebot": p.angebot,
                "geaendert": p.geaendert,
            }
            for p in profile.order_by("steckbrief_id")
        ],
    }


def loeschen(user) -> None:
    Kontaktanfrage.objects.filter(absender=user).delete()
