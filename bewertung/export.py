"""Downloads written by kern.tabellen (German numbers, no formula injection): the ranking
(exactly the filtered and sorted rows) and a reviewer's own Bewertungen, as CSV and XLSX."""

import io

from django.http import HttpResponse
from django.utils import timezone

from kern import tabellen
from kern.formate import eur

from . import regeln
from .aggregation import veranstaltung_max_foerderung
from .models import Bewertung, Einzelbewertung
from .templatetags.bewertung_tags import bescheid


def _runden(wert, stellen=1):
    return None if wert is None else round(float(wert), stellen)


def _ja_nein(wert) -> str:
    return "ja" if wert else "nein"


def spalten_und_zeilen(steckbriefe, spalten):
    """(header, rows) with Python values (numbers stay numbers)."""
    kopf = [
        "Rang",
        "Steckbrief-Nr.",
        "Titel",
        "Organisation",
        "Organisationstyp",
        "Handlungsfeld",
        "Gebietskörperschaften",
        "Vorhabenart",
        "Gesamtvolumen (EUR)",
        "Fördermittel (EUR)",
        "Status",
        "Entscheidung",
        "Bescheid",
        "Bewertungen",
        "Mittelwert (0–100)",
        "Median (0–100)",
        "Minimum",
        "Maximum",
        "Standardabweichung",
        "Normiert (50 ± 10)",
        *[f"{k.code} {k.name} (Ø 0–5)" for k, _ in spalten],
        "K.-o.",
        "Uneinigkeit",
        f"Nicht priorisierbar (Veranstaltung > {eur(veranstaltung_max_foerderung())})",
        "Bewertung vollständig",
    ]
    zeilen = []
    for sb in steckbriefe:
        gebiete = ["Gesamte Region"] if sb.gesamte_region else []
        gebiete += [g.name for g in sb.gebietskoerperschaften.all()]
        zeilen.append(
            [
                sb.rang,
                sb.pk,
                sb.titel,
                sb.organisation.name,
                sb.organisation.get_typ_display(),
                str(sb.handlungsfeld) if sb.handlungsfeld_id else "",
                ", ".join(gebiete),
                sb.get_vorhabenart_display(),
                float(sb.gesamtvolumen) if sb.gesamtvolumen is not None else None,
                float(sb.foerdermittel) if sb.foerdermittel is not None else None,
                sb.get_status_display(),
                sb.get_entscheidung_display(),
                bescheid(sb),
                sb.anzahl_bewertungen,
                _runden(sb.mittelwert),
                _runden(sb.median),
                _runden(sb.minimum),
                _runden(sb.maximum),
                _runden(sb.standardabweichung),
                _runden(sb.normiert),
                *[_runden(getattr(sb, name), 2) for _, name in spalten],
                _ja_nein(sb.ko),
                _ja_nein(sb.uneinig),
                _ja_nein(sb.nicht_priorisierbar),
                _ja_nein(sb.bewertung_vollstaendig),
            ]
        )
    return kopf, zeilen


def _dateiname(endung: str) -> str:
    return f"rangliste-{timezone.localtime():%Y-%m-%d-%H%M}.{endung}"


def _antwort(inhalt, typ: str, endung: str) -> HttpResponse:
    antwort = HttpResponse(inhalt, content_type=typ)
    antwort["Content-Disposition"] = f'attachment; filename="{_dateiname(endung)}"'
    return antwort


def als_csv(steckbriefe, spalten) -> HttpResponse:
    """Semicolon-separated, decimal comma, UTF-8 with BOM (opens correctly in Excel)."""
    kopf, zeilen = spalten_und_zeilen(steckbriefe, spalten)
    puffer = io.StringIO()
    tabellen.csv_schreiben(puffer, kopf, zeilen)
    return _antwort(puffer.getvalue(), tabellen.CSV_TYP, "csv")


def als_xlsx(steckbriefe, spalten) -> HttpResponse:
    kopf, zeilen = spalten_und_zeilen(steckbriefe, spalten)
    puffer = io.BytesIO()
    tabellen.xlsx_schreiben(puffer, kopf, zeilen, blatt="Rangliste", fixiert="C2")
    return _antwort(puffer.getvalue(), tabellen.XLSX_TYP, "xlsx")


# --- a reviewer's own Bewertungen ---------------------------------------------------------


def eigene_bewertungen(user):
    """The Bewertungen a user exports as their own: those of their Zuweisungen (a
    Wirtschaftsförderung: its area's; anyone: those by name), never of their own projects
    (regeln.bewertungen_fuer for reviewers; for the Geschäftsstelle only its own)."""
    return (
        Bewertung.objects.filter(zuweisung__in=regeln.zuweisungen_fuer(user))
        .exclude(zuweisung__steckbrief__in=regeln.eigene_projekte(user).values("pk"))
        .select_related(
            "zuweisung__steckbrief__organisation",
            "zuweisung__gebietskoerperschaft",
            "zuweisung__pruefer",
            "katalog",
        )
        .order_by("zuweisung__steckbrief__titel", "zuweisung__steckbrief_id", "pk")
    )


def eigene_spalten_und_zeilen(bewertungen):
    """(header, rows): one row per Bewertung, points and justification per criterion (the
    criteria of every catalogue used, by catalogue and order). Two queries."""
    bewertungen = list(bewertungen)
    einzeln = (
        Einzelbewertung.objects.filter(bewertung__in=[b.pk for b in bewertungen])
        .select_related("kriterium")
        .order_by("kriterium__katalog_id", "kriterium__reihenfolge", "kriterium__pk")
    )
    kriterien, werte = {}, {}
    for e in einzeln:
        kriterien.setdefault(e.kriterium_id, e.kriterium)
        werte[(e.bewertung_id, e.kriterium_id)] = e
    kopf = [
        "Steckbrief-Nr.",
        "Titel",
        "Organisation",
        "Prüfende",
        "Kriterienkatalog",
        "Status",
        "Punkte (0–100)",
        "Gesamtempfehlung",
    ]
    for k in kriterien.values():
        kopf += [f"{k.code} Punkte", f"{k.code} Begründung"]
    kopf += ["Kommentar", "Zuletzt geändert", "Abgeschlossen am"]
    zeilen = []
    for b in bewertungen:
        sb = b.zuweisung.steckbrief
        zeile = [
            sb.pk,
            sb.titel,
            sb.organisation.name,
            b.zuweisung.pruefer_name,
            str(b.katalog),
            b.get_status_display(),
            _runden(b.punkte),
            b.get_empfehlung_display(),
        ]
        for k in kriterien.values():
            e = werte.get((b.pk, k.pk))
            zeile += [None if e is None else e.wert, "" if e is None else e.begruendung]
        zeile += [
            b.kommentar,
            f"{timezone.localtime(b.geaendert):%d.%m.%Y %H:%M}",
            f"{timezone.localtime(b.abgeschlossen_am):%d.%m.%Y %H:%M}"
            if b.abgeschlossen_am
            else "",
        ]
        zeilen.append(zeile)
    return kopf, zeilen


def eigene_als_datei(user, art: str) -> HttpResponse:
    """The user's own Bewertungen as CSV or XLSX (`art`)."""
    kopf, zeilen = eigene_spalten_und_zeilen(eigene_bewertungen(user))
    name = f"meine-bewertungen-{timezone.localtime():%Y-%m-%d-%H%M}.{art}"
    if art == "csv":
        puffer = io.StringIO()
        tabellen.csv_schreiben(puffer, kopf, zeilen)
        antwort = HttpResponse(puffer.getvalue(), content_type=tabellen.CSV_TYP)
    else:
        puffer = io.BytesIO()
        tabellen.xlsx_schreiben(puffer, kopf, zeilen, blatt="Meine Bewertungen", fixiert="C2")
        antwort = HttpResponse(puffer.getvalue(), content_type=tabellen.XLSX_TYP)
    antwort["Content-Disposition"] = f'attachment; filename="{name}"'
    return antwort
