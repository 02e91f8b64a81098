"""The scoring page (admin:steckbriefe_steckbrief_bewerten): the Steckbrief read-only on
one side (after an answered Rückfrage with what changed), the own Bewertung on the other;
actions for the reviewer and the Geschäftsstelle."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from kern.eingaben import id_aus
from steckbriefe.models import Status
from steckbriefe.zustaende import UEBERGAENGE

from .. import arbeitsplatz, erweiterungen, panel_cache, regeln, services
from ..aggregation import aktiver_katalog, ist_nicht_priorisierbar, katalog_mit_kriterien
from ..forms import BefangenheitForm, EntscheidungForm, RueckfrageForm, WiederOeffnenForm
from ..models import Bewertung
from ..regeln import NichtErlaubt
from ..templatetags.bewertung_tags import bescheid
from ..templatetags.bewertung_tags import punkte as punkte_text
from . import FEHLER
from .bewerten_laden import (
    anlagen_mit_links,
    bewertung_form,
    bewertung_von,
    eigene_zuweisung,
    kriterien_und_werte,
    steckbrief_laden,
    url_oder_none,
    zuweisungen_laden,
)


class Bewertungsseite:
    """Scoring page: the Steckbrief read-only on one side, the own Bewertung on the other;
    actions for the reviewer (save, finalise, Befangenheit, Rückfrage) and for the
    Geschäftsstelle (reopen, decide, release the notice). Each POST action either redirects
    (success) or renders the page again with the input kept and a German message."""

    REVIEWER_AKTIONEN = {"speichern", "abschliessen", "abschliessen_weiter", "befangen", "autosave"}
    STEUER_AKTIONEN = {"wieder_oeffnen", "entscheiden", "bescheid_versenden"}

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
        self.sb = steckbrief_laden(self.request, self.object_id)
        self.zuweisungen = zuweisungen_laden(self.sb)
        self.zuweisung = eigene_zuweisung(self.user, self.zuweisungen)
        self.bewertung = None
        self.kriterien = None  # read with the active catalogue for a new Bewertung
        self.katalog_fehler = ""
        # The user's own project: a notice instead of the form, the Bewertung (maybe the
        # colleagues') is not read.
        self.eigenes_projekt = ""
        if self.zuweisung is not None and (grund := regeln.eigenes_projekt(self.user, self.sb)):
            self.eigenes_projekt = regeln.eigenes_projekt_meldung(grund, self.zuweisung)
        if (
            self.zuweisung is not None
            and not self.zuweisung.ist_befangen
            and not self.eigenes_projekt
        ):
            katalog = None
            if bewertung_von(self.zuweisung) is None:
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

    def aktion_abschliessen_weiter(self):
        """Finalise, then on to the next open Steckbrief of the user (or back here)."""
        return self._speichern(abschliessen=True, weiter=True)

    def aktion_autosave(self):
        """The draft saved in the background (bewerten.js): JSON, never a redirect. 200 with
        the new version and score; 400 with the errors (nothing saved); 409 on a conflict
        (someone saved meanwhile: the page must be reloaded); 403 if not allowed now."""
        if self.bewertung is None:
            return JsonResponse({"fehler": self.katalog_fehler or self.eigenes_projekt}, status=403)
        form = bewertung_form(self.bewertung, self.request.POST)
        if not form.is_valid():
            return JsonResponse(
                {"fehler": "Nicht automatisch gespeichert: Bitte prüfen Sie die Eingaben."},
                status=400,
            )
        daten = form.cleaned_data
        try:
            gespeichert = services.bewertung_speichern(
                self.zuweisung,
                self.user,
                form.eingaben(),
                daten["empfehlung"],
                daten["kommentar"],
                daten["version"],
            )
        except services.Konflikt as exc:
            return JsonResponse({"fehler": str(exc)}, status=409)
        except FEHLER as exc:
            return JsonResponse({"fehler": str(exc)}, status=403)
        zeit = timezone.localtime(gespeichert.geaendert)
        return JsonResponse(
            {
                "version": gespeichert.version,
                "punkte": punkte_text(gespeichert.punkte),
                "meldung": f"Entwurf automatisch gespeichert um {zeit:%H:%M} Uhr.",
            }
        )

    def _speichern(self, abschliessen: bool, weiter: bool = False):
        post = self.request.POST
        if self.bewertung is None:
            self.fehler(
                self.katalog_fehler
                or self.eigenes_projekt
                or "Für diesen Steckbrief wurde Befangenheit erklärt; er kann von Ihnen nicht "
                "bewertet werden."
            )
            return None
        self.form = bewertung_form(self.bewertung, post)
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
            self.form = bewertung_form(self.bewertung, post, version=self.konflikt.version)
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
            self.form = bewertung_form(gespeichert, post, version=gespeichert.version)
            for fehlt in getattr(exc, "fehlt", []):
                self.form.add_error(fehlt.feld, f"Zum Abschließen erforderlich: {fehlt.text}")
            return None
        if weiter:
            naechster = arbeitsplatz.naechster_offener(self.user, ausser=self.sb.pk)
            if naechster is not None:
                messages.success(
                    self.request,
                    f"Ihre Bewertung von „{self.sb}“ ist abgeschlossen. Weiter mit dem nächsten "
                    "offenen Steckbrief.",
                )
                return HttpResponseRedirect(
                    reverse("admin:steckbriefe_steckbrief_bewerten", args=[naechster.pk])
                )
            return self.weiter(
                "Ihre Bewertung ist abgeschlossen. Es ist kein weiterer Steckbrief offen; Sie "
                "sehen jetzt auch die Bewertungen der anderen."
            )
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
            bewertung_id = id_aus(self.request.POST.get("bewertung"))
            if bewertung_id is not None:
                self.wieder_oeffnen_fehler[bewertung_id] = form.errors.get("grund", [])
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
            sb = services.entscheiden(
                self.sb,
                self.user,
                daten["entscheidung"],
                daten["begruendung"],
                self.entscheidung_form.ausnahme_text(),
            )
        except FEHLER as exc:
            self.fehler(str(exc))
            return None
        if sb.entscheidung_mitgeteilt_am is not None:
            return self.weiter(
                "Die Entscheidung ist korrigiert; der korrigierte Bescheid ist an die "
                "Einreichenden versendet."
            )
        return self.weiter(
            "Die Entscheidung ist festgehalten. Der Bescheid ist noch nicht versendet: Mit "
            "„Bescheid versenden“ erfahren die Einreichenden sie."
        )

    def aktion_bescheid_versenden(self):
        try:
            versendet, uebersprungen = services.bescheide_versenden([self.sb], self.user)
        except FEHLER as exc:
            self.fehler(str(exc))
            return None
        if not versendet:
            self.fehler(f"Kein Bescheid versendet: {uebersprungen[0][1]}")
            return None
        return self.weiter("Der Bescheid ist an die Einreichenden versendet.")

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
        if self.eigenes_projekt:
            hinweis = self.eigenes_projekt
        elif zuweisung is not None:
            try:
                regeln.pruefe_bewerten(user, zuweisung)
                darf_bewerten = True
            except NichtErlaubt as exc:
                if not zuweisung.ist_befangen:
                    hinweis = str(exc)
        bewertungen = [b for b in map(bewertung_von, self.zuweisungen) if b is not None]
        andere_sichtbar = regeln.darf_andere_sehen(user, eigene, sb)
        # Of the others only the finalised ones (the Geschäftsstelle: all).
        andere = regeln.andere_bewertungen(user, bewertungen, eigene, sb)
        # The catalogue shown: the own Bewertung's, else the active one (taken from a
        # Bewertung loaded if one uses it). One query for its criteria and every score shown.
        katalog = bewertung.katalog if bewertung is not None else None
        if katalog is None:
            katalog = next((b.katalog for b in bewertungen if b.katalog.aktiv), None)
        gezeigt = [*filter(None, [eigene]), *andere]
        werte: dict[int, dict] = {}
        if gezeigt:
            katalog = katalog or aktiver_katalog()
            kriterien, werte = kriterien_und_werte(katalog, gezeigt)
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
        kalibrierung = (
            kalibrierung_zeilen(kriterien, werte.get(eigene.pk, {}), andere)
            if abgeschlossen and andere and not self.steuern
            else []
        )
        if bewertung is not None and self.form is None:
            # The scale labels only for the editable form.
            stufen = [] if abgeschlossen else list(bewertung.katalog.stufen.all())
            self.form = bewertung_form(bewertung, kriterien=kriterien, stufen=stufen)
        rueckfrage_moeglich = sb.status in {Status.FINAL_EINGEREICHT, Status.IN_BEWERTUNG}
        if rueckfrage_moeglich:
            try:
                regeln.pruefe_rueckfrage(user, sb, zuweisung)
            except NichtErlaubt:
                rueckfrage_moeglich = False
        versionen = list(sb.versionen.order_by("nummer"))
        protokoll = list(regeln.protokoll_fuer(user, sb, eigene)[:200])
        return {
            **self.model_admin.admin_site.each_context(self.request),
            "opts": self.model_admin.model._meta,
            "title": f"Bewertung: {sb}",
            "subtitle": None,
            "sb": sb,
            # The read-only content, maybe from the cache (current: bewertung.panel_cache).
            "steckbrief_felder": panel_cache.steckbrief_felder(sb),
            "anlagen": anlagen_mit_links(sb),
            "versionen": versionen,
            # After an answered Rückfrage: the question and what the revision changed.
            "ueberarbeitung": services.ueberarbeitung(versionen),
            "aenderungen": services.aenderungen_seit_rueckfrage(versionen),
            "rueckfrage": next(
                (e for e in protokoll if e.aktion == UEBERGAENGE["rueckfrage_stellen"].label),
                None,
            ),
            "rueckfrage_offen": sb.status == Status.RUECKFRAGE,
            "versionen_url": url_oder_none("steckbriefe:versionen", sb.pk),
            "druck_url": url_oder_none("steckbriefe:druck", sb.pk),
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
            "eigenes_projekt": self.eigenes_projekt,
            # Conflicted in an own project: declared for the Wirtschaftsförderung it would
            # block the colleagues (regeln.pruefe_befangenheit); by name it is the person's.
            "darf_befangenheit": zuweisung is not None
            and not zuweisung.ist_befangen
            and not abgeschlossen
            and not (self.eigenes_projekt and zuweisung.pruefer_id is None),
            "rueckfrage_form": self.rueckfrage_form or RueckfrageForm(),
            "rueckfrage_moeglich": rueckfrage_moeglich,
            "andere_sichtbar": andere_sichtbar,
            "andere": andere,
            # Own finalised scores next to the others' finalised ones, per criterion.
            "kalibrierung": kalibrierung,
            "kriterien": kriterien,
            "steuern": self.steuern,
            "zuweisungen": self.zuweisungen if self.steuern else [],
            "entscheidung_form": self.entscheidung_form or EntscheidungForm(),
            "wieder_oeffnen_fehler": self.wieder_oeffnen_fehler,
            "wieder_oeffnen_moeglich": sb.status in services.WIEDER_OEFFENBAR,
            "nicht_priorisierbar": ist_nicht_priorisierbar(sb),
            "protokoll": protokoll,
            **(self.entscheidung_stand() if self.steuern else {}),
            "rangliste_url": reverse("admin:bewertung_rangliste_changelist")
            if self.steuern
            else None,
            "aenderung_url": reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk]),
            # The reviewers' exchange: a link with the number of messages, for those who may.
            "austausch_url": None
            if regeln.austausch_hindernis(user, sb, zuweisung)
            else reverse("admin:steckbriefe_steckbrief_austausch", args=[sb.pk]),
            # What higher apps show below the Steckbrief (bewertung.erweiterungen).
            "erweiterungen": erweiterungen.abschnitte(sb, user),
        }

    def entscheidung_stand(self) -> dict:
        """For the Geschäftsstelle's decision: how far the Bewertung is (from the
        Zuweisungen already loaded) and whether the notice went out."""
        zaehlend = [z for z in self.zuweisungen if not z.ist_befangen]
        abgeschlossen = [
            z for z in zaehlend if (b := bewertung_von(z)) is not None and b.ist_abgeschlossen
        ]
        return {
            "bewertungsstand": f"{len(abgeschlossen)} von {len(zaehlend)}",
            "bewertung_offen": regeln.bewertung_offen(len(zaehlend), len(abgeschlossen)),
            "entscheidbar": regeln.entscheidbar(self.sb),
            "bescheid": bescheid(self.sb),
            "bescheid_versendbar": regeln.bescheid_nicht_versendbar(self.sb) is None,
        }


def kalibrierung_zeilen(kriterien, eigene_werte: dict, andere) -> list[dict]:
    """Per criterion: the own score, the mean of the others' scores (finalised Bewertungen
    only: `andere` as regeln.andere_bewertungen gives them) and the difference."""
    zeilen = []
    for k in kriterien:
        eigen = eigene_werte.get(k.pk)
        eigen = eigen.wert if eigen is not None else None
        fremd = [e.wert for b in andere if (e := b.werte.get(k.pk)) and e.wert is not None]
        mittel = sum(fremd) / len(fremd) if fremd else None
        zeilen.append(
            {
                "kriterium": k,
                "eigen": eigen,
                "mittel": mittel,
                "anzahl": len(fremd),
                "abweichung": None if eigen is None or mittel is None else eigen - mittel,
            }
        )
    return zeilen


def seite(request, model_admin, object_id):
    return Bewertungsseite(request, model_admin, object_id).antwort()
