"""Charts of the dossier summary as inline SVG, generated here (no chart library) and drawn
by WeasyPrint. Every text is escaped with format_html; numbers are formatted German."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from kern.formate import mio_eur, zahl

# Colour-blind-safe palette (Okabe–Ito), one colour per Gebietskörperschaft.
FARBEN = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
SCHRIFT = 'font-family="DejaVu Sans" font-size="9"'


def _svg(breite: int, hoehe: int, titel: str, inhalt: SafeString) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{b}" height="{h}" '
        'viewBox="0 0 {b} {h}" role="img" aria-label="{t}"><title>{t}</title>{i}</svg>',
        b=breite,
        h=hoehe,
        t=titel,
        i=inhalt,
    )


def _kurz(name: str, laenge: int = 40) -> str:
    return name if len(name) <= laenge else name[: laenge - 1].rstrip() + "…"


def balken(titel: str, zeilen: list[dict], formatieren=zahl) -> SafeString:
    """Horizontal bars, one per row {"name", "wert", optional "zusatz"}: the bar's length
    is exactly the number written at its end (a bar without a value — None — is no bar
    and says "offen"). Names by name (long ones shortened, in full in the tooltip)."""
    breite, label_breite, zeilenhoehe, rechts = 640, 240, 20, 150
    maximum = max((float(z["wert"]) for z in zeilen if z["wert"]), default=0)
    skala = (breite - label_breite - rechts) / maximum if maximum else 0
    teile = []
    for n, z in enumerate(zeilen):
        y = n * zeilenhoehe
        teile.append(
            format_html(
                '<text x="0" y="{}" ' + SCHRIFT + "><title>{}</title>{}</text>",
                y + 13,
                z["name"],
                _kurz(z["name"]),
            )
        )
        w = float(z["wert"] or 0) * skala
        if w:
            teile.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="14" fill="{}"/>',
                    label_breite,
                    y + 2,
                    f"{w:.2f}",
                    FARBEN[0],
                )
            )
        text = formatieren(z["wert"]) if z["wert"] is not None else "offen"
        if z.get("zusatz"):
            text = f"{text} · {z['zusatz']}"
        teile.append(
            format_html(
                '<text x="{}" y="{}" ' + SCHRIFT + ">{}</text>",
                f"{label_breite + w + 4:.2f}",
                y + 13,
                text,
            )
        )
    hoehe = max(len(zeilen), 1) * zeilenhoehe + 4
    return _svg(breite, hoehe, titel, mark_safe("".join(teile)))  # noqa: S308 - format_html parts


def aufschluesselungen(statistik: dict) -> list[dict]:
    """The count charts of the summary: {"titel", "hinweis", "svg"}."""
    return [
        {
            "titel": a["titel"],
            "hinweis": a["hinweis"],
            "svg": balken(
                a["titel"], [{"name": z["name"], "wert": z["anzahl"]} for z in a["zeilen"]]
            ),
        }
        for a in statistik["aufschluesselungen"]
    ]


def ideen_aufschluesselungen(statistik: dict) -> list[dict]:
    """The count charts of an ideas dossier's summary (dossiers.ideen.statistik), each with
    the rows for its data table: {"titel", "hinweis", "spalte", "zeilen", "svg"}."""
    return [
        {
            **a,
            "svg": balken(
                a["titel"], [{"name": z["name"], "wert": z["anzahl"]} for z in a["zeilen"]]
            ),
        }
        for a in statistik["aufschluesselungen"]
    ]


def volumen_balken(statistik: dict) -> SafeString:
    """Total volume per Handlungsfeld over the Steckbriefe that state one; how many state
    none is written beside the bar, never counted as 0 €."""
    zeilen = [
        {
            "name": z["name"],
            "wert": z["wert"],
            "zusatz": f"{zahl(z['ohne'])} ohne Angabe" if z["ohne"] else "",
        }
        for z in statistik["volumen_zeilen"]
    ]
    return balken("Gesamtvolumen je Handlungsfeld", zeilen, mio_eur)


def verteilung(statistik: dict) -> SafeString:
    """Histogram of the mean weighted scores (0–100) plus the Steckbriefe without score."""
    klassen = list(statistik["verteilung"]["klassen"]) + [("ohne", statistik["verteilung"]["ohne"])]
    breite, hoehe, unten = 640, 200, 30
    spalte = breite / len(klassen)
    maximum = max((n for _, n in klassen), default=0) or 1
    skala = (hoehe - unten - 20) / maximum
    teile = []
    for i, (label, n) in enumerate(klassen):
        h = n * skala
        x = i * spalte + 6
        farbe = "#999999" if label == "ohne" else FARBEN[0]
        teile.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" ' + SCHRIFT + ">{}</text>"
                '<text x="{}" y="{}" text-anchor="middle" ' + SCHRIFT + ">{}</text>",
                f"{x:.2f}",
                f"{hoehe - unten - h:.2f}",
                f"{spalte - 12:.2f}",
                f"{h:.2f}",
                farbe,
                f"{x + (spalte - 12) / 2:.2f}",
                f"{hoehe - unten - h - 4:.2f}",
                zahl(n),
                f"{x + (spalte - 12) / 2:.2f}",
                hoehe - unten + 14,
                label,
            )
        )
    teile.append(
        format_html(
            '<line x1="0" y1="{y}" x2="{b}" y2="{y}" stroke="#333" stroke-width="0.5"/>',
            y=hoehe - unten,
            b=breite,
        )
    )
    return _svg(
        breite,
        hoehe,
        "Verteilung der mittleren gewichteten Punktzahl (0–100)",
        format_html_join("", "{}", ((t,) for t in teile)),
    )


def portfolio_diagramme(p, mit_bewertung: bool) -> dict:
    """The portfolio's own charts (portfolio.diagramme: heat map and distributions) for the
    dossier's selection `p` (inhalte.portfolio); the prioritised bars only for readers of
    the Bewertung."""
    from portfolio import diagramme as portfolio

    return {
        "portfolio_heatmap": portfolio.heatmap(p),
        "portfolio_balken": [
            (v, portfolio.balken(f"dossier-balken-{i}", v, priorisiert=mit_bewertung))
            for i, v in enumerate(p.verteilungen)
        ],
    }
