from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import KPI, Handlungsfeld, Seite, Teilziel, Zieldimension
from .phasen import prozessstand


def start(request):
    return render(
        request,
        "handlungsfelder/start.html",
        {
            "stand": prozessstand(),
            "handlungsfelder": Handlungsfeld.objects.all(),
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


def seite(request, slug):
    return render(
        request, "handlungsfelder/seite.html", {"seite": get_object_or_404(Seite, slug=slug)}
    )
