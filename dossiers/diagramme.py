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


def _legende(gebiete: list[str], y: int, breite: int) -> tuple[SafeString, int]:
    teile, x, zeile = [], 0, 0
    for i, name in enumerate(gebiete):
        w = 22 + 6 * len(name)
        if x + w > breite:
            x, zeile = 0, zeile + 1
        teile.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                '<text x="{}" y="{}" ' + SCHRIFT + ">{}</text>",
                x,
                y + zeile * 16,
                FARBEN[i % len(FARBEN)],
                x + 14,
                y + zeile * 16 + 9,
                name,
            )
        )
        x += w
    return mark_safe("".join(teile)), (zeile + 1) * 16  # noqa: S308 - parts are format_html


def gestapelte_balken(statistik: dict, index: int, titel: str, formatieren) -> SafeString:
    """Horizontal bars per Handlungsfeld, one segment per Gebietskörperschaft.
    index 0 = number of Steckbriefe, 1 = volume."""
    gebiete = statistik["gebiete"]
    zeilen = [z for z in statistik["zeilen"] if z["anzahl"]]
    breite, label_breite, zeilenhoehe = 640, 70, 22
    maximum = max(
        (sum(z["zellen"][g][index] for g in range(len(gebiete))) for z in zeilen), default=0
    )
    skala = (breite - label_breite - 90) / float(maximum) if maximum else 0
    teile = []
    for n, z in enumerate(zeilen):
        y = n * zeilenhoehe
        teile.append(format_html('<text x="0" y="{}" ' + SCHRIFT + ">{}</text>", y + 14, z["code"]))
        x = float(label_breite)
        for g in range(len(gebiete)):
            wert = z["zellen"][g][index]
            if not wert:
                continue
            w = float(wert) * skala
            teile.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="16" fill="{}"><title>{}: {}</title></rect>',
                    f"{x:.2f}",
                    y + 2,
                    f"{w:.2f}",
                    FARBEN[g % len(FARBEN)],
                    gebiete[g],
                    formatieren(wert),
                )
            )
            x += w
        summe = z["anzahl"] if index == 0 else z["volumen"]
        teile.append(
            format_html(
                '<text x="{}" y="{}" ' + SCHRIFT + ">{}</text>",
                f"{x + 4:.2f}",
                y + 14,
                formatieren(summe),
            )
        )
    hoehe = len(zeilen) * zeilenhoehe + 8
    legende, legende_hoehe = _legende(gebiete, hoehe, breite)
    return _svg(breite, hoehe + legende_hoehe, titel, mark_safe("".join(teile) + legende))  # noqa: S308


def anzahl_balken(statistik: dict) -> SafeString:
    return gestapelte_balken(
        statistik, 0, "Anzahl der Steckbriefe je Handlungsfeld und Gebietskörperschaft", zahl
    )


def volumen_balken(statistik: dict) -> SafeString:
    return gestapelte_balken(
        statistik, 1, "Gesamtvolumen je Handlungsfeld und Gebietskörperschaft", mio_eur
    )


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
