"""The ranking page (admin:bewertung_rangliste_changelist): one row per Steckbrief, one
column per criterion; filter, sort, paginate, download; decide and release the notices of
the selected rows (through the confirmation pages of bewertung.admin_aktionen)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from kern.eingaben import ids_aus
from steckbriefe.models import Steckbrief

from .. import regeln
from ..admin_aktionen import bescheide_bestaetigen, entscheidung_bestaetigen
from ..aggregation import RANGLISTE_FELDER, kriterien_spalten, rangliste, rangliste_seite
from ..export import als_csv, als_xlsx
from ..filters import RanglisteFilter, sortierung
from ..forms import EntscheidungForm
from ..models import Kriterienkatalog
from ..templatetags.bewertung_tags import bescheid, punkte


def _zurueck(request, standard: str) -> HttpResponseRedirect:
    ziel = request.POST.get("weiter") or request.GET.get("weiter") or ""
    if not url_has_allowed_host_and_scheme(ziel, {request.get_host()}, request.is_secure()):
        ziel = standard
    return HttpResponseRedirect(ziel or standard)


def _katalog_auswahl(request):
    kataloge = list(Kriterienkatalog.objects.order_by("-aktiv", "-erstellt"))
    gewaehlt = request.GET.get("katalog")
    katalog = next((k for k in kataloge if str(k.pk) == gewaehlt), None)
    if katalog is None:
        katalog = next((k for k in kataloge if k.aktiv), kataloge[0] if kataloge else None)
    return kataloge, katalog


# What the ranking page and its download show of the related rows.
RANGLISTE_BEZUEGE = (
    "organisation__name",
    "organisation__typ",
    "handlungsfeld__code",
    "handlungsfeld__name",
)


def seite(request, model_admin):
    """Ranking matrix: one row per Steckbrief, one column per criterion; filter, sort,
    paginate, download (CSV/XLSX of exactly the filtered and sorted rows), decide and
    release notices."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    user = request.user
    if request.method == "POST":
        return _auswahl_bearbeiten(request, model_admin)

    kataloge, katalog = _katalog_auswahl(request)
    basis = (
        Steckbrief.objects.filter(status__in=regeln.ZUWEISBAR)
        .select_related("organisation", "handlungsfeld")
        .only(*RANGLISTE_FELDER, *RANGLISTE_BEZUEGE)
    )
    spalten = kriterien_spalten(katalog)
    annotiert = rangliste(basis, katalog, spalten=spalten)
    filterset = RanglisteFilter(request.GET or None, queryset=annotiert, request=request)
    qs = filterset.qs
    ordnung, sortierbar = sortierung(request.GET.get("o", ""), spalten)
    if ordnung:
        qs = qs.order_by(*ordnung)

    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        zeilen = qs.prefetch_related("gebietskoerperschaften")
        return als_csv(zeilen, spalten) if export == "csv" else als_xlsx(zeilen, spalten)

    # The page shows no Gebietskörperschaften (only the download does): no prefetch here.
    seite = rangliste_seite(qs, request.GET.get("p"))
    _zeilen_aufbereiten(seite.object_list, spalten)
    parameter = request.GET.copy()
    for schluessel in ("p", "export", "o"):
        parameter.pop(schluessel, None)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Rangliste",
        "subtitle": None,
        "filterset": filterset,
        "seite": seite,
        "spalten": spalten,
        "kataloge": kataloge,
        "katalog": katalog,
        "sortierbar": sortierbar,
        "aktuelle_ordnung": request.GET.get("o", ""),
        "parameter": parameter.urlencode(),
        "parameter_mit_ordnung": _ohne(request.GET, "p", "export"),
        "entscheidung_form": EntscheidungForm(auto_id="id_sammel_%s"),
        "weiter": request.get_full_path(),
        "user": user,
    }
    return TemplateResponse(request, "admin/bewertung/rangliste.html", context)


def _zeilen_aufbereiten(steckbriefe, spalten) -> None:
    """Format what each row of the page shows once in Python (scores in German, the link
    to the scoring page from one reversed URL) instead of a filter chain and a reverse()
    per cell in the template: `bewerten_url`, `pk_text`, `status_text`,
    `entscheidung_text`, `bescheid_text`, `kriterien_zellen` (the cells of the columns of
    `spalten`) and `<zahl>_text` for the summary numbers."""
    platzhalter = "9999999999"
    vorne, hinten = reverse("admin:steckbriefe_steckbrief_bewerten", args=[platzhalter]).split(
        platzhalter
    )
    namen = [name for _, name in spalten]
    # get_<feld>_display flattens the field's choices on every call: once per page here.
    anzeige = {
        feld: dict(Steckbrief._meta.get_field(feld).flatchoices)
        for feld in ("status", "entscheidung")
    }
    for sb in steckbriefe:
        sb.pk_text = str(sb.pk)
        sb.status_text = anzeige["status"].get(sb.status, sb.status)
        sb.entscheidung_text = anzeige["entscheidung"].get(sb.entscheidung, sb.entscheidung)
        sb.bescheid_text = bescheid(sb)
        sb.bewerten_url = f"{vorne}{sb.pk}{hinten}"
        # Numbers formatted by punkte (digits, comma, dash): nothing to escape. One string
        # instead of a loop of a dozen cells per row in the template.
        sb.kriterien_zellen = mark_safe(  # noqa: S308
            "".join(f'<td class="bw-zahl">{punkte(getattr(sb, n, None), 1)}</td>' for n in namen)
        )
        sb.mittelwert_text = punkte(sb.mittelwert)
        sb.median_text = punkte(sb.median)
        sb.minimum_text = punkte(sb.minimum, 0)
        sb.maximum_text = punkte(sb.maximum, 0)
        sb.standardabweichung_text = punkte(sb.standardabweichung)
        sb.normiert_text = punkte(sb.normiert)


def _ohne(querydict, *schluessel) -> str:
    kopie = querydict.copy()
    for s in schluessel:
        kopie.pop(s, None)
    return kopie.urlencode()


def _auswahl_bearbeiten(request, model_admin):
    """POST of the selected rows: "entscheiden" (the decision chosen below the table) or
    "versenden" (their notices) leads to the confirmation page; confirmed there, it is
    carried out and the page returns to the ranking as it was filtered (`weiter`)."""
    standard = reverse("admin:bewertung_rangliste_changelist")
    ids = [str(i) for i in ids_aus(request.POST.getlist("auswahl"))]
    if not ids:
        messages.error(request, "Bitte wählen Sie mindestens einen Steckbrief aus.")
        return _zurueck(request, standard)
    steckbriefe = regeln.steckbriefe_fuer(request.user).filter(pk__in=ids)
    versteckt = [("auswahl", i) for i in ids] + [("weiter", request.POST.get("weiter", ""))]
    if request.POST.get("schritt") == "versenden":
        versteckt.append(("schritt", "versenden"))
        seite = bescheide_bestaetigen(
            request, model_admin.admin_site, model_admin.opts, steckbriefe, versteckt=versteckt
        )
    else:
        seite = entscheidung_bestaetigen(
            request,
            model_admin.admin_site,
            model_admin.opts,
            steckbriefe,
            versteckt=versteckt,
            vorbelegt=True,
        )
    return seite or _zurueck(request, standard)
