"""Rules of the exports: who may export what, who may see a job, and which Steckbriefe a
selection includes. Pure decisions on users, jobs and parameters; nothing is created or
enqueued here (dossiers.jobs does that)."""

from __future__ import annotations

from django.db.models import QuerySet

from kern.eingaben import ids_aus
from konten.zugriff import ist_aktiv, ist_geschaeftsstelle, ist_wirtschaftsfoerderung
from steckbriefe import regeln as steckbrief_regeln
from steckbriefe.models import Status, Steckbrief

from .models import ExportJob


class ExportNichtErlaubt(Exception):
    """Not allowed; the message is German and meant for the user."""


class AuswahlFehler(ValueError):
    """The selection is invalid or empty; the message is German and meant for the user."""


def darf_exportieren(user) -> bool:
    """Dossiers and tables: the Geschäftsstelle and the Wirtschaftsförderungen (of the
    Steckbriefe they may see)."""
    return ist_geschaeftsstelle(user) or ist_wirtschaftsfoerderung(user)


def mit_bewertung(user) -> bool:
    """Ranking and scores of all reviewers are the Geschäftsstelle's (bewertung.regeln)."""
    return ist_geschaeftsstelle(user)


def darf_ideendossier(user) -> bool:
    """The dossier of an Ideenwettbewerb call (all ideas with the jury's results): the
    Geschäftsstelle only. Jury members score in the admin and see their own calls there; a
    dossier would hand them the results of ideas they are befangen for and of calls they
    are not on."""
    return ist_geschaeftsstelle(user)


def darf_kommentare_exportieren(user) -> bool:
    """Reviewers' comments in a dossier: the Geschäftsstelle only."""
    return ist_geschaeftsstelle(user)


def darf_job_sehen(user, job: ExportJob) -> bool:
    """Status page and download: the job's owner and the Geschäftsstelle."""
    return ist_aktiv(user) and (job.erstellt_von_id == user.pk or user.ist_geschaeftsstelle)


def darf_steckbrief_pdf(user, sb: Steckbrief) -> bool:
    """The PDF of one Steckbrief: everybody who may see the Steckbrief."""
    return steckbrief_regeln.darf_ansehen(user, sb)


def parameter_bereinigen(parameter: dict, user) -> dict:
    """The selection of a dossier or table as stored on the job: one kind of selection,
    and reviewers' comments only for the Geschäftsstelle."""
    sauber: dict = {}
    if parameter.get("ids"):
        sauber["ids"] = ids_aus(parameter["ids"])
    elif parameter.get("handlungsfeld"):
        sauber["handlungsfeld"] = int(parameter["handlungsfeld"])
    elif parameter.get("gebietskoerperschaft"):
        sauber["gebietskoerperschaft"] = int(parameter["gebietskoerperschaft"])
    elif parameter.get("alle"):
        sauber["alle"] = True
    if parameter.get("mit_kommentaren") and darf_kommentare_exportieren(user):
        sauber["mit_kommentaren"] = True
    return sauber


# Never in a dossier or table: drafts (not submitted) and withdrawn Steckbriefe.
NICHT_EXPORTIERT = (Status.ENTWURF, Status.ZURUECKGEZOGEN)
GRUENDE = {
    Status.ENTWURF: "Entwurf, nicht eingereicht",
    Status.ZURUECKGEZOGEN: "zurückgezogen",
}
UNBEKANNT = "Nummer gibt es nicht oder Sie dürfen den Steckbrief nicht sehen"
# Left-out Steckbriefe named one by one (by number and title) per reason; beyond: a count.
AUSGELASSEN_NAMENTLICH = 30


def _gefiltert(qs: QuerySet[Steckbrief], parameter: dict) -> QuerySet[Steckbrief]:
    if parameter.get("ids"):
        # Only ids a key can have: a larger number would make the database fail the query.
        return qs.filter(pk__in=ids_aus(parameter["ids"]))
    if parameter.get("handlungsfeld"):
        return qs.filter(handlungsfeld_id=int(parameter["handlungsfeld"]))
    if parameter.get("gebietskoerperschaft"):
        return qs.filter(gebietskoerperschaften__pk=int(parameter["gebietskoerperschaft"]))
    if parameter.get("alle"):
        return qs
    raise AuswahlFehler("Bitte wählen Sie aus, welche Steckbriefe exportiert werden sollen.")


def auswahl(user, parameter: dict) -> QuerySet[Steckbrief]:
    """The Steckbriefe a selection means for `user`: only those the user may see, never
    drafts or withdrawn ones. parameter: {"ids": [...]} | {"handlungsfeld": pk} |
    {"gebietskoerperschaft": pk} | {"alle": true}."""
    qs = steckbrief_regeln.sichtbare_steckbriefe(user).exclude(status__in=NICHT_EXPORTIERT)
    return _gefiltert(qs, parameter)


def ausgelassen(user, parameter: dict) -> list[dict]:
    """What the selection asked for but the export leaves out, and why, for the job page
    and the dossier's cover: [{"grund", "anzahl", "eintraege": [{"id", "titel"}]}]. Titles
    only of Steckbriefe the user may see; numbers the user may not see are reported like
    numbers that do not exist (nothing is revealed)."""
    sichtbar = _gefiltert(steckbrief_regeln.sichtbare_steckbriefe(user), parameter)
    gruppen: dict[str, dict] = {}

    def dazu(grund: str, pk: int, titel: str | None, namentlich: bool = True) -> None:
        gruppe = gruppen.setdefault(grund, {"grund": grund, "anzahl": 0, "eintraege": []})
        gruppe["anzahl"] += 1
        if namentlich and len(gruppe["eintraege"]) < AUSGELASSEN_NAMENTLICH:
            gruppe["eintraege"].append({"id": pk, "titel": titel})

    zeilen = (
        sichtbar.filter(status__in=NICHT_EXPORTIERT)
        .order_by("pk")
        .values_list("pk", "status", "titel")
        .distinct()
    )
    for pk, status, titel in zeilen:
        if status == Status.ENTWURF:
            # Drafts are the submitters' unfinished work: never named in a dossier that is
            # handed on; asked for by number, the number is named.
            dazu(GRUENDE[status], pk, None, namentlich=bool(parameter.get("ids")))
        else:
            dazu(GRUENDE[status], pk, titel or f"Steckbrief #{pk} (ohne Titel)")
    if parameter.get("ids"):
        vorhanden = set(sichtbar.values_list("pk", flat=True))
        for pk in ids_aus(parameter["ids"]):
            if pk not in vorhanden:
                dazu(UNBEKANNT, pk, None)
    for gruppe in gruppen.values():
        namentlich = len(gruppe["eintraege"])
        gruppe["weitere"] = gruppe["anzahl"] - namentlich if namentlich else 0
    reihenfolge = [GRUENDE[Status.ZURUECKGEZOGEN], GRUENDE[Status.ENTWURF], UNBEKANNT]
    return [gruppen[g] for g in reihenfolge if g in gruppen]
