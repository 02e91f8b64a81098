"""The portfolio's charts as inline SVG, rendered on the server (no script, no library): a
heat map of the matrix and grouped bar charts. Each SVG is an image with a title and a
description (role="img", aria-labelledby) and is focusable; the page puts the same numbers
in a data table right after it. Colours: a sequential blue scale whose text colour keeps
a contrast of at least 4.5:1 on every step, and the Okabe–Ito pair for the bars. Every text
is escaped (format_html); numbers are German (kern.formate)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from kern.formate import mio_eur, punkte, zahl

from .kennzahlen import Portfolio, Verteilung

# (fill, text colour): light steps with black text, dark steps with white text.
STUFEN = [
    ("#f2f4f7", "#1a1a1a"),  # 0
    ("#deebf7", "#1a1a1a"),
    ("#9ecae1", "#1a1a1a"),
    ("#4292c6", "#000000"),
    ("#2171b5", "#ffffff"),
    ("#08306b", "#ffffff"),
]
ALLE, PRIORISIERT = "#0072B2", "#D55E00"  # 5.1:1 and 3.9:1 on white
SCHRIFT = 'font-family="system-ui, sans-serif" font-size="12"'


def _stufe(anzahl: int, maximum: int) -> tuple[str, str]:
    if not anzahl or not maximum:
        return STUFEN[0]
    return STUFEN[1 + min(4, (anzahl - 1) * 5 // maximum)]


def _kurz(text: str, laenge: int) -> str:
    return text if len(text) <= laenge else text[: laenge - 1].rstrip() + "…"


def _svg(
    kennung: str, breite: int, hoehe: int, titel: str, beschreibung: str, inhalt
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="portfolio-svg" width="{b}" height="{h}" '
        'viewBox="0 0 {b} {h}" role="img" tabindex="0" aria-labelledby="{k}-t {k}-d">'
        '<title id="{k}-t">{t}</title><desc id="{k}-d">{d}</desc>{i}</svg>',
        k=kennung,
        b=breite,
        h=hoehe,
        t=titel,
        d=beschreibung,
        i=inhalt,
    )


def heatmap(p: Portfolio) -> SafeString:
    """Rows Zieldimensionen, columns Gebietskörperschaften: the number of Vorhaben."""
    links, oben, zb, zh = 64, 96, 84, 22
    breite = links + zb * len(p.spalten) + 72  # room for the last rotated label
    hoehe = oben + zh * len(p.zeilen) + 8
    maximum = p.maximum
    teile = []
    for i, (_, name) in enumerate(p.spalten):
        x = links + i * zb + zb // 2
        teile.append(
            format_html(
                '<text x="{x}" y="{y}" transform="rotate(-35 {x} {y})" {s}>{n}</text>',
                x=x,
                y=oben - 8,
                s=mark_safe(SCHRIFT),  # noqa: S308 - a constant
                n=_kurz(name, 18),
            )
        )
    for j, (zd, zellen, _) in enumerate(p.zeilen):
        y = oben + j * zh
        teile.append(
            format_html(
                '<text x="4" y="{y}" {s}><title>{name}</title>{code}</text>',
                y=y + zh - 7,
                s=mark_safe(SCHRIFT),  # noqa: S308 - a constant
                name=f"{zd.code} {zd.name}",
                code=zd.code,
            )
        )
        for i, zelle in enumerate(zellen):
            fuellung, schrift = _stufe(zelle.anzahl, maximum)
            gebiet = p.spalten[i][1]
            beschreibung = (
                f"{zd.code} {zd.name} – {gebiet}: {zahl(zelle.anzahl)} Vorhaben, "
                f"{mio_eur(zelle.foerdermittel)} Fördermittel"
                + (f", Ø {punkte(zelle.mittelwert)} Punkte" if zelle.mittelwert is not None else "")
            )
            teile.append(
                format_html(
                    '<g><title>{b}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" '
                    'fill="{f}" stroke="#ffffff"/><text x="{tx}" y="{ty}" text-anchor="middle" '
                    'fill="{c}" {s}>{n}</text></g>',
                    b=beschreibung,
                    x=links + i * zb,
                    y=y,
                    w=zb,
                    h=zh,
                    f=fuellung,
                    tx=links + i * zb + zb // 2,
                    ty=y + zh - 7,
                    c=schrift,
                    s=mark_safe(SCHRIFT),  # noqa: S308 - a constant
                    n=zahl(zelle.anzahl) if zelle.anzahl else "–",
                )
            )
    return _svg(
        "heatmap",
        breite,
        hoehe,
        "Vorhaben je Zieldimension und Gebietskörperschaft",
        f"Heatmap: je dunkler, desto mehr Vorhaben (höchstens {zahl(maximum)} in einer "
        "Zelle). Die Zahlen stehen auch in der Tabelle unter der Grafik.",
        mark_safe("".join(teile)),  # noqa: S308 - every part built with format_html
    )


def balken(kennung: str, v: Verteilung, priorisiert: bool = True) -> SafeString:
    """Grouped horizontal bars: all Vorhaben and the prioritised ones per category
    (`priorisiert=False`: only all Vorhaben, one bar each, for readers who may not see
    decisions)."""
    label, balken_breite, zh, rechts = 230, 300, 30 if priorisiert else 18, 50
    maximum = max((alle for _, alle, _ in v.zeilen), default=0)
    skala = balken_breite / maximum if maximum else 0
    teile = [
        format_html(
            '<rect x="{x}" y="2" width="12" height="12" fill="{a}"/>'
            '<text x="{x2}" y="12" {s}>alle</text>',
            x=label,
            x2=label + 16,
            a=ALLE,
            s=mark_safe(SCHRIFT),  # noqa: S308 - a constant
        )
    ]
    if priorisiert:
        teile.append(
            format_html(
                '<rect x="{x3}" y="2" width="12" height="12" fill="{p}"/>'
                '<text x="{x4}" y="12" {s}>priorisiert</text>',
                x3=label + 70,
                x4=label + 86,
                p=PRIORISIERT,
                s=mark_safe(SCHRIFT),  # noqa: S308 - a constant
            )
        )
    for n, (name, alle, prio) in enumerate(v.zeilen):
        y = 22 + n * zh
        if not priorisiert:
            teile.append(
                format_html(
                    "<g><title>{name}: {alle} Vorhaben</title>"
                    '<text x="{lx}" y="{ty}" text-anchor="end" {s}>{kurz}</text>'
                    '<rect x="{x}" y="{y1}" width="{w1}" height="12" fill="{a}"/>'
                    '<text x="{t1}" y="{y1t}" {s}>{alle}</text></g>',
                    name=name,
                    kurz=_kurz(name, 32),
                    alle=zahl(alle),
                    lx=label - 6,
                    ty=y + 12,
                    x=label,
                    y1=y + 2,
                    y1t=y + 12,
                    w1=round(alle * skala, 1),
                    t1=label + round(alle * skala, 1) + 4,
                    a=ALLE,
                    s=mark_safe(SCHRIFT),  # noqa: S308 - a constant
                )
            )
            continue
        teile.append(
            format_html(
                "<g><title>{name}: {alle} Vorhaben, davon {prio} priorisiert</title>"
                '<text x="{lx}" y="{ty}" text-anchor="end" {s}>{kurz}</text>'
                '<rect x="{x}" y="{y1}" width="{w1}" height="11" fill="{a}"/>'
                '<text x="{t1}" y="{y1t}" {s}>{alle}</text>'
                '<rect x="{x}" y="{y2}" width="{w2}" height="11" fill="{p}"/>'
                '<text x="{t2}" y="{y2t}" {s}>{prio}</text></g>',
                name=name,
                kurz=_kurz(name, 32),
                alle=zahl(alle),
                prio=zahl(prio),
                lx=label - 6,
                ty=y + 15,
                x=label,
                y1=y + 2,
                y2=y + 14,
                y1t=y + 12,
                y2t=y + 24,
                w1=round(alle * skala, 1),
                w2=round(prio * skala, 1),
                t1=label + round(alle * skala, 1) + 4,
                t2=label + round(prio * skala, 1) + 4,
                a=ALLE,
                p=PRIORISIERT,
                s=mark_safe(SCHRIFT),  # noqa: S308 - a constant
            )
        )
    beschreibung = (
        f"Balkendiagramm: Anzahl aller Vorhaben (blau) und der priorisierten (rot-orange) je "
        f"{v.titel}."
        if priorisiert
        else f"Balkendiagramm: Anzahl der Vorhaben je {v.titel}."
    )
    return _svg(
        kennung,
        label + balken_breite + rechts,
        26 + zh * len(v.zeilen),
        f"Vorhaben nach {v.titel}",
        f"{beschreibung} Die Zahlen stehen auch in der Tabelle unter der Grafik.",
        format_html_join("", "{}", ((t,) for t in teile)),
    )
