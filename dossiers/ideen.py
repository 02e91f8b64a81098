"""The dossier of an Ideenwettbewerb call (issue 16): what goes into it, read-only. It runs
through the same pipeline as the Steckbrief dossiers (dossiers.dossier: plan, pieces in
parallel, one merge with contents, page numbers, PDF/UA and PDF/A); this module supplies the
plan, the summary figures and the presentation of one idea.

- Inside: the call's submitted ideas (not drafts, not withdrawn), in the order of the jury
  ranking (bewertung.jury.ideen_rangliste), each with its fields, team, the pitch deck's
  file name (not the file) and the jury result (mean, number of scores, disagreement,
  stage).
- Left out: drafts and withdrawn ideas are counted on the cover and in the summary, never
  named — a draft is its people's unfinished work, a withdrawn idea is no longer in the
  competition.
- The plan is marked ``"art": "ideen"``; the sections carry the anchors ``sb-<pk>`` like
  the Steckbriefe, so contents, ranking page column, links and bookmarks work unchanged."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from handlungsfelder.models import Aufruf, Aufrufformat, Gebietskoerperschaft

ART = "ideen"
OHNE_ANGABE = "ohne Angabe"


class KeinIdeenaufruf(ValueError):
    """No Ideenwettbewerb call with this number; the message is German."""


def ist_ideen_plan(plan: dict | None) -> bool:
    return bool(plan) and plan.get("art") == ART


def aufruf_holen(pk) -> Aufruf:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = None
    aufruf = Aufruf.objects.filter(pk=pk, format=Aufrufformat.IDEENWETTBEWERB).first()
    if aufruf is None:
        raise KeinIdeenaufruf("Diesen Ideenwettbewerb gibt es nicht.")
    return aufruf


def eingereicht(aufruf: Aufruf):
    from ideen.models import Idee, Status

    return Idee.objects.filter(aufruf=aufruf, status=Status.EINGEREICHT)


def beschreibung(aufruf: Aufruf) -> str:
    return f"Ideenwettbewerb {aufruf.name}"[:300]


def auswahl_text(aufruf_name: str) -> str:
    return (
        f"Alle eingereichten Ideen des Aufrufs „{aufruf_name}“; ohne Entwürfe und "
        "zurückgezogene Ideen"
    )


def ausgelassen(aufruf: Aufruf) -> list[dict]:
    """Drafts and withdrawn ideas of the call, counted, never named (the shape of
    dossiers.regeln.ausgelassen, without entries)."""
    from ideen.models import Idee, Status

    gruende = [
        (Status.ZURUECKGEZOGEN, "zurückgezogen"),
        (Status.ENTWURF, "Entwurf, nicht eingereicht"),
    ]
    ergebnis = []
    for status, grund in gruende:
        anzahl = Idee.objects.filter(aufruf=aufruf, status=status).count()
        if anzahl:
            ergebnis.append({"grund": grund, "anzahl": anzahl, "eintraege": [], "weitere": 0})
    return ergebnis


def _team(idee) -> list[dict]:
    return [{"name": m.name, "rolle": m.rolle} for m in idee.team.all()]


def plan_erstellen(aufruf: Aufruf) -> dict:
    """Order (the jury ranking), ranks and jury results of the call's submitted ideas,
    frozen now: every piece is rendered from this snapshot."""
    from bewertung.jury import ideen_rangliste

    eintraege = []
    gebiete = dict(Gebietskoerperschaft.objects.values_list("pk", "name"))
    for zeile in ideen_rangliste(aufruf):
        idee = zeile.idee
        team = _team(idee)
        eintraege.append(
            {
                "id": idee.pk,
                "titel": str(idee),
                # The contents names the team where a Steckbrief names its organisation.
                "organisation": ", ".join(m["name"] for m in team[:3])
                + (" u. a." if len(team) > 3 else ""),
                "reifegrad": idee.reifegrad,
                "gebiet": gebiete.get(idee.gebietskoerperschaft_id, ""),
                "bewertung": {
                    "rang": zeile.rang,
                    "mittelwert": None
                    if zeile.mittelwert is None
                    else round(float(zeile.mittelwert), 4),
                    "anzahl_bewertungen": zeile.bewertungen,
                    "zuweisungen": zeile.zugewiesen,
                    "streuung_hoch": zeile.streuung_hoch,
                    "stufe": zeile.stufe,
                },
            }
        )
    return {
        "art": ART,
        "erstellt": timezone.now().isoformat(),
        "aufruf": {"id": aufruf.pk, "name": aufruf.name},
        "mit_bewertung": True,
        "mit_kommentaren": False,
        "kriterien": [],
        "eintraege": eintraege,
    }


def _haeufigkeiten(werte: list[str], reihenfolge: list[str]) -> list[dict]:
    zaehler: dict[str, int] = defaultdict(int)
    for wert in werte:
        zaehler[wert or OHNE_ANGABE] += 1
    namen = [n for n in reihenfolge if zaehler.get(n)]
    namen += sorted(n for n in zaehler if n not in namen and n != OHNE_ANGABE)
    if zaehler.get(OHNE_ANGABE):
        namen.append(OHNE_ANGABE)
    return [{"name": n, "anzahl": zaehler[n]} for n in namen]


def statistik(plan: dict) -> dict:
    """Counts by stage, by Reifegrad (TRL) and by Gebietskörperschaft, and the scored ones."""
    from ideen.models import TRL, Stufe

    eintraege = plan["eintraege"]
    trl = dict(TRL.choices)
    gebiete = list(Gebietskoerperschaft.objects.order_by("name").values_list("name", flat=True))
    return {
        "anzahl": len(eintraege),
        "bewertet": sum(1 for e in eintraege if e["bewertung"]["anzahl_bewertungen"]),
        "uneinig": sum(1 for e in eintraege if e["bewertung"]["streuung_hoch"]),
        "aufschluesselungen": [
            {
                "titel": "Ideen je Stufe",
                "spalte": "Stufe",
                "hinweis": "Stufe im Verfahren der Jury.",
                "zeilen": _haeufigkeiten(
                    [e["bewertung"]["stufe"] for e in eintraege], [s.label for s in Stufe]
                ),
            },
            {
                "titel": "Ideen je Reifegrad (TRL)",
                "spalte": "Reifegrad",
                "hinweis": "Technologiereifegrad (TRL 1–9), wie von den Einreichenden angegeben.",
                "zeilen": _haeufigkeiten(
                    [trl.get(e["reifegrad"], "") for e in eintraege], list(trl.values())
                ),
            },
            {
                "titel": "Ideen je Gebietskörperschaft",
                "spalte": "Gebietskörperschaft",
                "hinweis": "Bezug zur Region, wie von den Einreichenden angegeben.",
                "zeilen": _haeufigkeiten([e["gebiet"] for e in eintraege], gebiete),
            },
        ],
    }


def mit_details(ids: list[int]) -> list:
    """The ideas `ids` with team and Gebietskörperschaft, in the order of `ids`; only
    submitted ones (an idea withdrawn after the plan has no section)."""
    from ideen.models import Idee, Status

    nach_id = {
        i.pk: i
        for i in Idee.objects.filter(pk__in=ids, status=Status.EINGEREICHT)
        .select_related("gebietskoerperschaft")
        .prefetch_related("team")
    }
    return [nach_id[i] for i in ids if i in nach_id]


def darstellung(idee) -> dict:
    """The fields of one idea in the order of the form: (label, text, lang)."""
    felder = [
        ("Idee in einem Satz", idee.kernsatz),
        ("Problem und Zielmarkt / Zukunftsmarkt", idee.problem),
        ("Lösung und Neuheit", idee.loesung),
        ("Reifegrad", idee.get_reifegrad_display() if idee.reifegrad else ""),
        (
            "Bezug zur Region",
            "\n\n".join(t for t in [str(idee.gebietskoerperschaft or ""), idee.regionsbezug] if t),
        ),
        ("Unterstützungsbedarf", idee.unterstuetzung),
    ]
    return {
        "idee": idee,
        "zeilen": [
            (label, text, len(text or "") > 160 or "\n\n" in (text or "")) for label, text in felder
        ],
        "team": _team(idee),
    }
