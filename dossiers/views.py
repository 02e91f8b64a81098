"""Pages of the exports: request an export, watch its progress, download it.

No view renders a PDF or a large table: they create jobs (dossiers.services) and show their
state; who may do what is dossiers.regeln. Everything about a job is visible only to its
owner and the Geschäftsstelle; for anybody else it does not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kern.formate import groesse, zahl
from kern.tabellen import CSV_TYP, XLSX_TYP
from steckbriefe.models import Steckbrief

from . import fortschritt, regeln, services
from .ablage import content_disposition
from .formate import datum_zeit
from .forms import ExportForm
from .models import ExportArt, ExportJob
from .regeln import AuswahlFehler, ExportNichtErlaubt


def _job(request, pk: int) -> ExportJob:
    job = get_object_or_404(ExportJob.objects.select_related("erstellt_von"), pk=pk)
    if not regeln.darf_job_sehen(request.user, job):
        raise Http404
    return job


@login_required
def uebersicht(request):
    jobs = ExportJob.objects.filter(erstellt_von=request.user)[:50]
    return render(
        request,
        "dossiers/uebersicht.html",
        {
            "jobs": jobs,
            "darf_exportieren": regeln.darf_exportieren(request.user),
            "aufbewahrung": services.aufbewahrung().days,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def neu(request):
    if not regeln.darf_exportieren(request.user):
        raise Http404
    kommentare = regeln.darf_kommentare_exportieren(request.user)
    if request.method == "POST":
        form = ExportForm(request.POST, geschaeftsstelle=kommentare)
        if form.is_valid():
            art, parameter = form.cleaned_data["art"], form.parameter()
            try:
                if art in (ExportArt.CSV, ExportArt.XLSX):
                    direkt = services.tabelle_direkt(request.user, art, parameter)
                    if direkt is not None:
                        return _datei_antwort(*direkt)
                job = services.export_anlegen(request.user, art, parameter)
            except (AuswahlFehler, ExportNichtErlaubt) as fehler:
                form.add_error(None, str(fehler))
            else:
                return redirect(job)
    else:
        initial = {}
        if request.GET.get("ids"):
            initial = {"auswahl": "ids", "ids": request.GET["ids"]}
        form = ExportForm(initial=initial, geschaeftsstelle=kommentare)
    return render(request, "dossiers/neu.html", {"form": form, "direkt_max": services.direkt_max()})


def _datei_antwort(inhalt: bytes, dateiname: str, typ: str) -> HttpResponse:
    antwort = HttpResponse(inhalt, content_type=typ)
    # RFC 6266: an ASCII fallback plus filename* (UTF-8) keep the umlauts of the name.
    antwort["Content-Disposition"] = content_disposition(dateiname)
    antwort["Cache-Control"] = "private, no-store"
    return antwort


@login_required
@require_http_methods(["GET", "POST"])
def steckbrief_pdf(request, pk):
    """The PDF of one Steckbrief, for everybody who may see it. GET shows a button (and
    works as a plain link), POST starts the job and leads to its page."""
    sb = get_object_or_404(Steckbrief, pk=pk)
    if not regeln.darf_steckbrief_pdf(request.user, sb):
        raise Http404
    if request.method == "POST":
        try:
            job = services.export_anlegen(
                request.user,
                ExportArt.STECKBRIEF_PDF,
                {"steckbrief": sb.pk},
            )
        except ExportNichtErlaubt as fehler:  # e.g. too many exports in work
            messages.error(request, str(fehler))
            return redirect(sb)
        return redirect(job)
    return render(request, "dossiers/steckbrief_pdf.html", {"sb": sb})


@login_required
def job(request, pk):
    job = _job(request, pk)
    return render(request, "dossiers/job.html", {"job": job, "status": _status(job)})


def _status(job: ExportJob) -> dict:
    stand = fortschritt.stand(job)
    if job.ist_abgelaufen:
        status_text = "Abgelaufen"
    elif stand["zustand"] == "haengt":
        status_text = f"Hängt seit {stand['haengt_seit']}"
    elif stand["zustand"] == "wartet":
        status_text = "Wartet auf einen freien Hintergrundprozess"
    else:
        status_text = job.get_status_display()
    return {
        "id": job.pk,
        "status": job.status,
        "status_text": status_text,
        "zustand": stand["zustand"],
        "haengt_seit": stand["haengt_seit"],
        "steckbriefe_text": stand["steckbriefe_text"],
        "rest": stand["rest"],
        "fortschritt": stand["fortschritt"],
        "fertig": job.ist_fertig,
        "fehler": job.fehler,
        "kann_neu_starten": job.kann_neu_starten,
        "download_url": reverse("dossiers:herunterladen", args=[job.pk]) if job.ist_fertig else "",
        "dateiname": job.dateiname if job.ist_fertig else "",
        "groesse": groesse(job.groesse) if job.ist_fertig else "",
        "seiten": job.seiten,
        "seiten_text": f"{zahl(job.seiten)} Seiten" if job.ist_fertig and job.seiten else "",
        "laeuft_ab": datum_zeit(job.laeuft_ab) if job.ist_fertig else "",
    }


@login_required
@never_cache
def job_status(request, pk):
    return JsonResponse(_status(_job(request, pk)))


@login_required
def herunterladen(request, pk):
    job = _job(request, pk)
    if not job.ist_fertig:
        raise Http404
    try:
        datei = job.datei.open("rb")
    except FileNotFoundError as fehler:
        raise Http404 from fehler
    typ = {
        ExportArt.CSV: CSV_TYP,
        ExportArt.XLSX: XLSX_TYP,
    }.get(job.art, "application/pdf")
    antwort = FileResponse(datei, as_attachment=True, filename=job.dateiname, content_type=typ)
    antwort["Content-Disposition"] = content_disposition(job.dateiname)
    antwort["Cache-Control"] = "private, no-store"
    antwort["X-Content-Type-Options"] = "nosniff"
    return antwort


@login_required
@require_POST
def neu_starten(request, pk):
    job = _job(request, pk)
    try:
        services.neu_starten(job, request.user)
    except ExportNichtErlaubt as fehler:
        messages.error(request, str(fehler))
    else:
        messages.success(request, "Der Export wurde neu gestartet.")
    return redirect("dossiers:job", pk=job.pk)
