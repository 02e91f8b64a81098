import functools

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .betreiber import betreiber, einsetzen
from .models import KPI, Aufruf, Handlungsfeld, PhaseCode, Seite, Teilziel, Zieldimension
from .phasen import aufrufstand, mit_phasen, prozessstand


def _countdown(stand) -> dict | None:
    """The next date a submitter should know: the end of the running submission phase, or
    the start of the next phase; with the days left."""
    if stand.aktuell is not None and stand.aktuell.code in (PhaseCode.VORLAEUFIG, PhaseCode.FINAL):
        return {
            "text": f"Ende der Phase „{stand.aktuell.name}“",
            "datum": stand.aktuell.ende,
            "tage": (stand.aktuell.ende - stand.heute).days,
        }
    if stand.naechste is not None:
        return {
            "text": f"Beginn der Phase „{stand.naechste.name}“",
            "datum": stand.naechste.beginn,
            "tage": (stand.naechste.beginn - stand.heute).days,
        }
    return None


def start(request):
    stand = prozessstand()
    aufrufe = [
        aufrufstand(a, stand.heute) for a in mit_phasen(Aufruf.objects.filter(veroeffentlicht=True))
    ]
    offen = sorted(
        (a for a in aufrufe if a.einreichen_offen), key=lambda a: (a.schluss, a.aufruf.name)
    )
    return render(
        request,
        "handlungsfelder/start.html",
        {
            "stand": stand,
            "offene_aufrufe": offen,
            "weitere_aufrufe": [a for a in aufrufe if not a.einreichen_offen],
            "handlungsfelder": Handlungsfeld.objects.all(),
            "countdown": _countdown(stand),
            "betreiber": betreiber(),
        },
    )


def uebersicht(request):
    handlungsfelder = Handlungsfeld.objects.prefetch_related(
        Prefetch("zieldimensionen", queryset=Zieldimension.objects.order_by("reihenfolge"))
    )
    return render(request, "handlungsfelder/uebersicht.html", {"handlungsfelder": handlungsfelder})


def handlungsfeld(request, code):
    hf = get_object_or_404(
        Handlungsfeld.objects.prefetch_related(
            Prefetch(
                "zieldimensionen",
                queryset=Zieldimension.objects.order_by("reihenfolge").prefetch_related(
                    Prefetch("teilziele", queryset=Teilziel.objects.order_by("reihenfolge")),
                    Prefetch("kpis", queryset=KPI.objects.order_by("reihenfolge")),
                ),
            )
        ),
        code=code,
    )
    return render(
        request,
        "handlungsfelder/handlungsfeld.html",
        {"hf": hf, "handlungsfelder": Handlungsfeld.objects.all()},
    )


def aufruf(request, slug):
    """The public page of a call: what, who, until when, how it is evaluated; a closed call
    says so and what comes next."""
    gefunden = get_object_or_404(mit_phasen(Aufruf.objects.filter(veroeffentlicht=True)), slug=slug)
    return render(request, "handlungsfelder/aufruf.html", {"stand": aufrufstand(gefunden)})


def seite(request, slug):
    seite_ = get_object_or_404(Seite, slug=slug)
    b = betreiber()
    return render(
        request,
        "handlungsfelder/seite.html",
        {"seite": seite_, "inhalt": einsetzen(seite_.inhalt, b), "betreiber": b},
    )


@functools.cache
def _favicon() -> bytes | None:
    pfad = finders.find("favicon.ico")
    if not pfad:
        return None
    with open(pfad, "rb") as datei:
        return datei.read()


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for by themselves (the pages also link it)."""
    inhalt = _favicon()
    if inhalt is None:
        raise Http404("Kein Favicon.")
    antwort = HttpResponse(inhalt, content_type="image/x-icon")
    antwort["Cache-Control"] = "public, max-age=86400"
    return antwort
