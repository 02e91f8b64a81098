"""The custom admin pages of the Bewertung: scoring page, ranking matrix, progress.

Thin views: they read the request, ask bewertung.regeln, call bewertung.services /
bewertung.aggregation and render. Registered through get_urls of the admins (so every
page runs inside admin_site.admin_view: staff login, CSRF, no caching)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, FilteredRelation, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from steckbriefe.models import Meilenstein, Partner, Status, Steckbrief
from steckbriefe.versionen import momentaufnahme
from steckbriefe.zustaende import UngueltigerUebergang

from . import regeln, services
from .aggregation import (
    RANGLISTE_FELDER,
    aktiver_katalog,
    ist_nicht_priorisierbar,
    katalog_mit_kriterien,
    kriterien_spalten,
    rangliste_seite,
    zuweisungen_mit_normiert,
)
from .export import als_csv, als_xlsx
from .filters import RanglisteFilter, sortierung
from .forms import (
    BefangenheitForm,
    BewertungForm,
    EntscheidungForm,
    RueckfrageForm,
    WiederOeffnenForm,
)
from .models import Bewertung, Einzelbewertung, Kriterienkatalog, Zuweisung
from .regeln import NichtErlaubt
from .templatetags.bewertung_tags import punkte

FEHLER = (services.BewertungsFehler, NichtErlaubt, UngueltigerUebergang)


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _zurueck(request, standard: str) -> HttpResponseRedirect:
    ziel = request.POST.get("weiter") or request.GET.get("weiter") or ""
    if not url_has_allowed_host_and_scheme(ziel, {request.get_host()}, request.is_secure()):
        ziel = standard
    return HttpResponseRedirect(ziel or standard)


# --- Scoring page --------------------------------------------------------------------------


def _steckbrief_laden(request, pk) -> Steckbrief:
    """404 for Steckbriefe the user may not see: typing another area's URL reveals nothing."""
    qs = (
        regeln.steckbriefe_fuer(request.user)
        .select_related("organisation", "handlungsfeld")
        .prefetch_related(
            "weitere_handlungsfelder",
            "zieldimensionen",
            "teilziele",
            "kpis",
            "gebietskoerperschaften",
            Prefetch("partner", queryset=Partner.objects.order_by("reihenfolge", "pk")),
            Prefetch("meilensteine", queryset=Meilenstein.objects.all()),
        )
    )
    return get_object_or_404(qs, pk=pk)


def _bewertung_form(bewertung, data=None, version=None, kriterien=None, stufen=None):
    """The scoring form of `bewertung`; `kriterien` and `stufen` are read unless given."""
    if kriterien is None:
        kriterien = [k for k, _ in kriterien_spalten(bewertung.katalog)]
    if stufen is None:
        stufen = list(bewertung.katalog.stufen.all())
    if data is not None:
        data = data.copy()
        if version is not None:
            data["version"] = str(version)
        form = BewertungForm(data, kriterien=kriterien, stufen=stufen)
        form.is_valid()
        return form
    return BewertungForm(
        initial=BewertungForm.initial_fuer(bewertung), kriterien=kriterien, stufen=stufen
    )


def _zuweisungen_laden(sb) -> list[Zuweisung]:
    """All Zuweisungen of `sb` with their Bewertung, its catalogue, the people named and
    the normalised score (bewertung.aggregation.zuweisungen_mit_normiert), in one query,
    ordered as the Bewertungen are shown: by Gebietskörperschaft, then Bewertung."""
    qs = zuweisungen_mit_normiert(
        Zuweisung.objects.filter(steckbrief=sb)
        .select_related(
            "gebietskoerperschaft",
            "pruefer",
            "befangen_von",
            "bewertung__katalog",
            "bewertung__geaendert_von",
            "bewertung__abgeschlossen_von",
        )
        .order_by("gebietskoerperschaft__ags", "bewertung__pk", "pk")
    )
    zuweisungen = list(qs)
    for z in zuweisungen:
        z.steckbrief = sb  # the Steckbrief just loaded; the rules read its status
    return zuweisungen


def _bewertung_von(zuweisung: Zuweisung) -> Bewertung | None:
    try:
        return zuweisung.bewertung
    except Bewertung.DoesNotExist:
        return None


def _eigene_zuweisung(user, zuweisungen: list[Zuweisung]) -> Zuweisung | None:
    """The user's own Zuweisung among `zuweisungen`, chosen as regeln.zuweisung_fuer does
    (a Zuweisung by name before one for the area), without querying again."""
    eigene = [z for z in zuweisungen if regeln.ist_eigene(user, z)]
    eigene.sort(key=lambda z: z.pruefer_id is None)
    return eigene[0] if eigene else None


def _kriterien_und_werte(katalog, bewertungen) -> tuple[list, dict[int, dict]]:
    """The active criteria of `katalog` and the scores of `bewertungen` in them, in one
    query (criteria LEFT JOIN their Einzelbewertungen of these Bewertungen):
    (criteria in order, {bewertung pk: {kriterium pk: Einzelbewertung}})."""
    if katalog is None:
        return [], {}
    qs = katalog.kriterien.filter(aktiv=True)
    ids = [b.pk for b in bewertungen if b.pk]
    werte: dict[int, dict] = {pk: {} for pk in ids}
    if not ids:
        return list(qs), werte
    zeilen = qs.annotate(
        e=FilteredRelation("einzelbewertungen", condition=Q(einzelbewertungen__bewertung__in=ids))
    ).annotate(
        e_id=F("e__id"),
        e_bewertung=F("e__bewertung_id"),
        e_wert=F("e__wert"),
        e_begruendung=F("e__begruendung"),
    )
    kriterien: dict[int, object] = {}
    for zeile in zeilen:
        k = kriterien.setdefault(zeile.pk, zeile)
        if zeile.e_id is not None:
            werte[zeile.e_bewertung][k.pk] = Einzelbewertung(
                id=zeile.e_id,
                bewertung_id=zeile.e_bewertung,
                kriterium=k,
                wert=zeile.e_wert,
                begruendung=zeile.e_begruendung,
            )
    return list(kriterien.values()), werte


def _anlagen(sb):
    anlagen = getattr(sb, "anlagen", None)
    if anlagen is None:
        return []
    ergebnis = []
    for a in anlagen.all():
        try:
            url = a.get_absolute_url()
        except (NoReverseMatch, AttributeError):
            url = None
        ergebnis.append((a, url))
    return ergebnis


class Bewertungsseite:
    """Scoring page: the Steckbrief read-only on one side, the own Bewertung on the other;
    actions for the reviewer (save, finalise, Befangenheit, Rückfrage) and for the
    Geschäftsstelle (reopen, decide). Each POST action either redirects (success) or
    renders the page again with the input kept and a German message."""

    REVIEWER_AKTIONEN = {"speichern", "abschliessen", "befangen"}
    STEUER_AKTIONEN = {"wieder_oeffnen", "entscheiden"}

    def __init__(self, request, model_admin, object_id):
        self.request, self.model_admin, self.object_id = request, model_admin, object_id
        self.user = request.user
        self.steuern = regeln.darf_steuern(self.user)
        self.form = self.befangenheit_form = self.rueckfrage_form = None
        self.entscheidung_form = None
        self.konflikt = None
        self.wieder_oeffnen_fehler = {}
        self.laden()
        self.hier = reverse("admin:steckbriefe_steckbrief_bewerten", args=[self.sb.pk])

    def laden(self):
        self.sb = _steckbrief_laden(self.request, self.object_id)
        self.zuweisungen = _zuweisungen_laden(self.sb)
        self.zuweisung = _eigene_zuweisung(self.user, self.zuweisungen)
        self.bewertung = None
        self.kriterien = None  # read with the active catalogue for a new Bewertung
        self.katalog_fehler = ""
        if self.zuweisung is not None and not self.zuweisung.ist_befangen:
            katalog = None
            if _bewertung_von(self.zuweisung) is None:
                katalog, self.kriterien = katalog_mit_kriterien()
            try:
                self.bewertung = services.bewertung_holen(self.zuweisung, katalog)
            except services.BewertungsFehler as exc:
                self.katalog_fehler = str(exc)

    def fehler(self, text):
        messages.error(self.request, text)

    def weiter(self, text):
        messages.success(self.request, text)
        return HttpResponseRedirect(self.hier)

    # --- dispatch ------------------------------------------------------------------------

    def antwort(self):
        if self.request.method == "POST":
            aktion = self.request.POST.get("aktion", "")
            if aktion in self.REVIEWER_AKTIONEN and self.zuweisung is None:
                raise PermissionDenied(
                    "Dieser Steckbrief ist Ihnen nicht zur Bewertung zugewiesen."
                )
            if aktion in self.STEUER_AKTIONEN and not self.steuern:
                raise PermissionDenied("Nur die Geschäftsstelle darf das.")
            behandeln = getattr(self, f"aktion_{aktion}", None) if aktion.isidentifier() else None
            if behandeln is None:
                self.fehler("Unbekannte Aktion.")
            else:
                ergebnis = behandeln()
                if ergebnis is not None:
                    return ergebnis
        with regeln.phase_einmal_lesen():
            context = self.context()
        return TemplateResponse(self.request, "admin/bewertung/bewerten.html", context)

    # --- reviewer actions ------------------------------------------------------------------

    def aktion_speichern(self):
        return self._speichern(abschliessen=False)

    def aktion_abschliessen(self):
        return self._speichern(abschliessen=True)

    def _speichern(self, abschliessen: bool):
        post = self.request.POST
        if self.bewertung is None:
            self.fehler(
                self.katalog_fehler
                or "Für diesen Steckbrief wurde Befangenheit erklärt; er kann von Ihnen nicht "
                "bewertet werden."
            )
            return None
        self.form = _bewertung_form(self.bewertung, post)
        if not self.form.is_valid():
            self.fehler("Bitte korrigieren Sie die markierten Angaben.")
            return None
        daten = self.form.cleaned_data
        try:
            gespeichert = services.bewertung_speichern(
                self.zuweisung,
                self.user,
                self.form.eingaben(),
                daten["empfehlung"],
                daten["kommentar"],
                daten["version"],
            )
        except services.Konflikt as exc:
            self.fehler(str(exc))
            self.konflikt = exc.bewertung
            self.konflikt.werte = {e.kriterium_id: e for e in self.konflikt.einzeln.all()}
            self.form = _bewertung_form(self.bewertung, post, version=self.konflikt.version)
            return None
        except FEHLER as exc:
            self.fehler(str(exc))
            return None
        if not abschliessen:
            return self.weiter("Ihr Entwurf ist gespeichert.")
        try:
            services.bewertung_abschliessen(gespeichert, self.user, gespeichert.version)
        except FEHLER as exc:
            messages.warning(self.request, "Ihr Entwurf ist gespeichert.")
            self.fehler(str(exc))
            self.bewertung = gespeichert
            self.form = _bewertung_form(gespeichert, post, version=gespeichert.version)
            for fehlt in getattr(exc, "fehlt", []):
                self.form.add_error(fehlt.feld, f"Zum Abschließen erforderlich: {fehlt.text}")
            return None
        return self.weiter(
            "Ihre Bewertung ist abgeschlossen. Sie sehen jetzt auch die Bewertungen der anderen."
        )

    def aktion_befangen(self):
        self.befangenheit_form = BefangenheitForm(self.request.POST)
        if not self.befangenheit_form.is_valid():
            return None
        try:
            services.befangenheit_erklaeren(
                self.zuweisung, self.user, self.befangenheit_form.cleaned_data["grund"]
            )
        except FEHLER as exc:
            self.fehler(str(exc))
            return None
        return self.weiter(
            "Ihre Befangenheit ist erklärt. Die Geschäftsstelle sieht Ihre Erklärung; Ihre "
            "Bewertung zählt nicht mit."
        )

    def aktion_rueckfrage(self):
        self.rueckfrage_form = RueckfrageForm(self.request.POST)
        if not self.rueckfrage_form.is_valid():
            return None
        try:
            services.rueckfrage_stellen(
                self.sb, self.user, self.rueckfrage_form.cleaned_data["frage"]
            )
        except FEHLER as exc:
            self.fehler(str(exc))
            return None
        return self.weiter("Die Rückfrage ist an die Einreichenden verschickt.")

    # --- Geschäftsstelle ---------------------------------------------------------------------

    def aktion_wieder_oeffnen(self):
        form = WiederOeffnenForm(self.request.POST)
        if not form.is_valid():
            bewertung_id = self.request.POST.get("bewertung", "")
            if bewertung_id.isdigit():
                self.wieder_oeffnen_fehler[int(bewertung_id)] = form.errors.get("grund", [])
            self.fehler("Bitte geben Sie an, warum die Bewertung wieder geöffnet wird.")
            return None
        ziel = Bewertung.objects.filter(
            pk=form.cleaned_data["bewertung"], zuweisung__steckbrief=self.sb
        ).first()
        if ziel is None:
            self.fehler("Diese Bewertung gibt es nicht (mehr).")
            return None
        try:
            services.bewertung_wieder_oeffnen(ziel, self.user, form.cleaned_data["grund"])
        except FEHLER as exc:
            self.fehler(str(exc))
            return None
        return self.weiter("Die Bewertung ist wieder geöffnet.")

    def aktion_entscheiden(self):
        self.entscheidung_form = EntscheidungForm(self.request.POST)
        if not self.entscheidung_form.is_valid():
            return None
        daten = self.entscheidung_form.cleaned_data
        try:
            services.entscheiden(self.sb, self.user, daten["entscheidung"], daten["begruendung"])
        except FEHLER as exc:
            self.fehler(str(exc))
            return None
        return self.weiter("Die Entscheidung ist festgehalten und den Einreichenden mitgeteilt.")

    # --- page ------------------------------------------------------------------------------

    def context(self) -> dict:
        if self.request.method == "POST":
            # Show the state after the (failed) action; the form keeps the input.
            form, bewertung = self.form, self.bewertung
            self.laden()
            if form is not None and self.bewertung is not None:
                self.form = form
            elif bewertung is not None and self.bewertung is None:
                self.form = None
        sb, user, zuweisung = self.sb, self.user, self.zuweisung
        bewertung = self.bewertung
        eigene = bewertung if (bewertung is not None and bewertung.pk) else None
        abgeschlossen = eigene is not None and eigene.ist_abgeschlossen
        darf_bewerten, hinweis = False, self.katalog_fehler
        if zuweisung is not None:
            try:
                regeln.pruefe_bewerten(user, zuweisung)
                darf_bewerten = True
            except NichtErlaubt as exc:
                if not zuweisung.ist_befangen:
                    hinweis = str(exc)
        bewertungen = [b for b in map(_bewertung_von, self.zuweisungen) if b is not None]
        andere_sichtbar = regeln.darf_andere_sehen(user, eigene)
        andere = []
        if andere_sichtbar:
            andere = [b for b in bewertungen if eigene is None or b.pk != eigene.pk]
        # The catalogue shown: the own Bewertung's, else the active one (taken from a
        # Bewertung loaded if one uses it). One query for its criteria and every score shown.
        katalog = bewertung.katalog if bewertung is not None else None
        if katalog is None:
            katalog = next((b.katalog for b in bewertungen if b.katalog.aktiv), None)
        gezeigt = [*filter(None, [eigene]), *andere]
        werte: dict[int, dict] = {}
        if gezeigt:
            katalog = katalog or aktiver_katalog()
            kriterien, werte = _kriterien_und_werte(katalog, gezeigt)
        elif self.kriterien is not None:
            kriterien = self.kriterien
        else:
            katalog, kriterien = katalog_mit_kriterien(katalog)
        for b in andere:
            b.werte = werte.get(b.pk, {})
            # Normalised only against the catalogue shown (as bewertungen_mit_punkten).
            im_katalog = katalog is not None and b.katalog_id == katalog.pk
            b.normiert = b.zuweisung.normiert if im_katalog else None
        if eigene is not None:
            # The own scores in the active criteria: all the form shows (saves a query).
            eigene._prefetched_objects_cache = {"einzeln": [*werte.get(eigene.pk, {}).values()]}
        if bewertung is not None and self.form is None:
            # The scale labels only for the editable form.
            stufen = [] if abgeschlossen else list(bewertung.katalog.stufen.all())
            self.form = _bewertung_form(bewertung, kriterien=kriterien, stufen=stufen)
        rueckfrage_moeglich = sb.status in {Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG}
        if rueckfrage_moeglich:
            try:
                regeln.pruefe_rueckfrage(user, sb, zuweisung)
            except NichtErlaubt:
                rueckfrage_moeglich = False
        return {
            **self.model_admin.admin_site.each_context(self.request),
            "opts": self.model_admin.model._meta,
            "title": f"Bewertung: {sb}",
            "subtitle": None,
            "sb": sb,
            "felder": momentaufnahme(sb),
            "anlagen": _anlagen(sb),
            "versionen": list(sb.versionen.order_by("nummer")),
            "versionen_url": _url("steckbriefe:versionen", sb.pk),
            "druck_url": _url("steckbriefe:druck", sb.pk),
            "zuweisung": zuweisung,
            "bewertung": bewertung,
            "eigene_bewertung": eigene,
            # Stored by the save that led here; read with the Bewertung in this request.
            "eigene_punkte": eigene.punkte if eigene is not None else None,
            "abgeschlossen": abgeschlossen,
            "darf_bewerten": darf_bewerten and not abgeschlossen,
            "bewertungs_hinweis": hinweis,
            "form": self.form,
            "konflikt": self.konflikt,
            "befangenheit_form": self.befangenheit_form or BefangenheitForm(),
            "darf_befangenheit": zuweisung is not None
            and not zuweisung.ist_befangen
            and not abgeschlossen,
            "rueckfrage_form": self.rueckfrage_form or RueckfrageForm(),
            "rueckfrage_moeglich": rueckfrage_moeglich,
            "andere_sichtbar": andere_sichtbar,
            "andere": andere,
            "kriterien": kriterien,
            "steuern": self.steuern,
            "zuweisungen": self.zuweisungen if self.steuern else [],
            "entscheidung_form": self.entscheidung_form or EntscheidungForm(),
            "wieder_oeffnen_fehler": self.wieder_oeffnen_fehler,
            "wieder_oeffnen_moeglich": sb.status in services.WIEDER_OEFFENBAR,
            "nicht_priorisierbar": ist_nicht_priorisierbar(sb),
            "protokoll": list(regeln.protokoll_fuer(user, sb, eigene)[:200]),
            "rangliste_url": reverse("admin:bewertung_rangliste_changelist")
            if self.steuern
            else None,
            "aenderung_url": reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk]),
        }


def bewerten(request, model_admin, object_id):
    return Bewertungsseite(request, model_admin, object_id).antwort()


# --- Ranking -------------------------------------------------------------------------------


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


def rangliste(request, model_admin):
    """Ranking matrix: one row per Steckbrief, one column per criterion; filter, sort,
    paginate, download (CSV/XLSX of exactly the filtered and sorted rows), decide."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    user = request.user
    if request.method == "POST":
        return _rangliste_entscheiden(request)

    kataloge, katalog = _katalog_auswahl(request)
    from .aggregation import rangliste as rangliste_berechnen

    basis = (
        Steckbrief.objects.filter(status__in=regeln.ZUWEISBAR)
        .select_related("organisation", "handlungsfeld")
        .only(*RANGLISTE_FELDER, *RANGLISTE_BEZUEGE)
    )
    spalten = kriterien_spalten(katalog)
    annotiert = rangliste_berechnen(basis, katalog, spalten=spalten)
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
    `entscheidung_text`, `kriterien_zellen` (the cells of the columns of `spalten`) and
    `<zahl>_text` for the summary numbers."""
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


def _rangliste_entscheiden(request):
    standard = reverse("admin:bewertung_rangliste_changelist")
    ids = [i for i in request.POST.getlist("auswahl") if i.isdigit()]
    form = EntscheidungForm(request.POST, auto_id="id_sammel_%s")
    if not ids:
        messages.error(request, "Bitte wählen Sie mindestens einen Steckbrief aus.")
        return _zurueck(request, standard)
    if not form.is_valid():
        for fehler in form.errors.values():
            for text in fehler:
                messages.error(request, text)
        return _zurueck(request, standard)
    steckbriefe = regeln.steckbriefe_fuer(request.user).filter(pk__in=ids).order_by("titel")
    erledigt, fehler = services.entscheiden_mehrere(
        steckbriefe,
        request.user,
        form.cleaned_data["entscheidung"],
        form.cleaned_data["begruendung"],
    )
    if erledigt:
        messages.success(
            request,
            f"Entscheidung „{form.cleaned_data['entscheidung'].replace('_', ' ')}“ für "
            f"{len(erledigt)} Steckbrief(e) festgehalten und mitgeteilt.",
        )
    for sb, text in fehler:
        messages.error(request, f"{sb}: {text}")
    return _zurueck(request, standard)


# --- Progress ------------------------------------------------------------------------------


def fortschritt(request, model_admin):
    """Per Wirtschaftsförderung (and per person assigned by name): assigned, finalised,
    open; reminder e-mails; the declared Befangenheiten."""
    from handlungsfelder.models import Gebietskoerperschaft
    from konten.models import User

    from .fortschritt import je_person, je_wirtschaftsfoerderung

    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    hier = reverse("admin:bewertung_bewertungsfortschritt_changelist")
    if request.method == "POST":
        gk_id, person_id = request.POST.get("gebietskoerperschaft"), request.POST.get("person")
        try:
            if gk_id:
                gk = get_object_or_404(Gebietskoerperschaft, pk=gk_id)
                anzahl = services.erinnern(request.user, gebietskoerperschaft=gk)
                name = f"Wirtschaftsförderung {gk.name}"
            else:
                person = get_object_or_404(User, pk=person_id or 0)
                anzahl = services.erinnern(request.user, pruefer=person)
                name = str(person)
        except FEHLER as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Erinnerung an {name} verschickt ({anzahl} offene Bewertung(en))."
            )
        return HttpResponseRedirect(hier)

    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Fortschritt der Bewertung",
        "subtitle": None,
        "wirtschaftsfoerderungen": je_wirtschaftsfoerderung(),
        "personen": je_person(),
        "befangenheiten": list(
            Zuweisung.objects.filter(befangen_am__isnull=False)
            .select_related("steckbrief", "gebietskoerperschaft", "pruefer", "befangen_von")
            .order_by("-befangen_am")
        ),
    }
    return TemplateResponse(request, "admin/bewertung/fortschritt.html", context)
