"""The portfolio page (Geschäftsstelle, Lenkungskreis): thin over portfolio.kennzahlen."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from . import diagramme, regeln
from .forms import FilterForm, PipelineForm
from .kennzahlen import Filter, berechnen
from .pipeline import veroeffentlicht

SEITENGROESSE = 20


@login_required
def uebersicht(request):
    if not regeln.darf_portfolio_sehen(request.user):
        raise PermissionDenied("Nur für die Geschäftsstelle und den Lenkungskreis.")
    form = FilterForm(request.GET or None)
    f = Filter(**form.cleaned_data) if form.is_valid() else Filter()
    p = berechnen(f)
    return render(
        request,
        "portfolio/uebersicht.html",
        {
            "form": form,
            "p": p,
            "heatmap": diagramme.heatmap(p),
            "balken": [
                (v, diagramme.balken(f"balken-{i}", v)) for i, v in enumerate(p.verteilungen)
            ],
        },
    )


def projektpipeline(request):
    """Public: the published Steckbriefe, filterable, 20 per page."""
    form = PipelineForm(request.GET or None)
    werte = form.cleaned_data if form.is_valid() else {}
    qs = veroeffentlicht(
        werte.get("handlungsfeld", ""), werte.get("ags", ""), werte.get("q", "").strip()
    )
    seite = Paginator(qs, SEITENGROESSE).get_page(request.GET.get("seite"))
    abfrage = request.GET.copy()
    abfrage.pop("seite", None)
    return render(
        request,
        "portfolio/projektpipeline.html",
        {"form": form, "seite": seite, "filter_query": abfrage.urlencode()},
    )
