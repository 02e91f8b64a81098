"""The authorization matrix: every URL pattern of the portal and the admin × every role, with
the answer the portal must give. tests/sicherheit/test_berechtigungsmatrix.py walks it; a URL
pattern without a row, or a row whose pattern no longer exists, makes it fail.

A row names the pattern (its full route, as django.urls reports it), the object the URL points
at, the method and the expected answer per role in ROLLEN order. ANMELDUNG is a 302 to the
login page (the admin's for admin URLs, else the portal's), VERWALTUNG a 302 to the admin
index (where the admin sends staff, and where it reports a missing object); a plain 302 is a
redirect anywhere else. Objects of organisation A lie in Zwickau, those of B in Chemnitz, so
the rows show who sees what: a foreign Steckbrief is 404 ("does not exist"), never 403.

The generic admin pages (changelist/add/change/delete/history and the bare object URL) are
generated for every registered ModelAdmin from ADMIN_MODELLE, which states the expected answers
per model and page; a registered model missing there fails the walk, too."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

ROLLEN = (
    "anonym",
    "einreichend_a",
    "einreichend_b",
    "wf_zwickau",
    "wf_chemnitz",
    "geschaeftsstelle",
    "superuser",
)
ANMELDUNG = "302→Anmeldung"  # to the login page of the area (admin or portal)
VERWALTUNG = "302→/admin/"  # to the admin index: staff's home, and the admin's "not found"
L, V = ANMELDUNG, VERWALTUNG  # short forms for the table

ZWICKAU, CHEMNITZ = "14524", "14511"
ANLAGE_A = "anlagen/matrix/lageplan-a.pdf"
ANLAGE_B = "anlagen/matrix/lageplan-b.pdf"
JOB_DATEI = "exporte/matrix/export.pdf"


@dataclass(frozen=True)
class Zeile:
    muster: str  # the full route of the URL pattern (Zeile.muster == resolve(url).route)
    objekt: str  # what the URL points at (test id)
    url: Callable[[SimpleNamespace], str]
    erwartet: tuple  # one answer per role, ROLLEN order
    methode: str = "GET"
    daten: dict | None = None  # POST body: minimal, the point is the authorization answer

    @property
    def name(self) -> str:
        return f"{self.methode} {self.muster or '/'} [{self.objekt}]"


# --- the URL patterns of the project ------------------------------------------------------------


def _verbinden(vorne: str, hinten: str) -> str:
    """Join two routes like django.urls.URLResolver does for ResolverMatch.route."""
    return vorne + hinten.removeprefix("^") if vorne else hinten


def alle_muster(patterns=None, vorne: str = "") -> list[str]:
    """The full route of every URL pattern, walking every include (admin, allauth, apps)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    muster = []
    for p in patterns:
        route = _verbinden(vorne, str(p.pattern))
        if isinstance(p, URLResolver):
            muster.extend(alle_muster(p.url_patterns, route))
        elif isinstance(p, URLPattern):
            muster.append(route)
    return muster


# --- test data -----------------------------------------------------------------------------------


def _phasen_um_heute() -> None:
    """The vorläufige phase is open today, final and Bewertung follow: drafts are editable,
    submitted Steckbriefe are not (whatever day the suite runs)."""
    from handlungsfelder.models import PhaseCode, Prozessphase

    heute = timezone.localdate()
    tage = datetime.timedelta
    for code, beginn, ende in [
        (PhaseCode.VORLAEUFIG, -10, 20),
        (PhaseCode.FINAL, 21, 60),
        (PhaseCode.BEWERTUNG, 61, 90),
    ]:
        Prozessphase.objects.filter(code=code).update(
            beginn=heute + tage(beginn), ende=heute + tage(ende)
        )


def _eingereicht(organisation, ags, titel):
    """A complete, finally submitted Steckbrief in `ags`, assigned to its Wirtschaftsförderung."""
    from bewertung import services as bw_services
    from steckbriefe.models import Status, Steckbrief
    from tests.factories import SteckbriefFactory, final_vollstaendig

    sb = SteckbriefFactory(organisation=organisation, gebiete=[ags], titel=titel)
    final_vollstaendig(sb)
    Steckbrief.objects.filter(pk=sb.pk).update(
        status=Status.FINAL_EINGEREICHT, final_eingereicht_am=timezone.now()
    )
    sb.refresh_from_db()
    bw_services.zuweisen(sb)
    return sb


def _anlage(sb, pfad, von):
    from steckbriefe.models import Anlage

    return Anlage.objects.create(
        steckbrief=sb,
        datei=pfad,
        name="Lageplan.pdf",
        groesse=9,
        content_type="application/pdf",
        hochgeladen_von=von,
    )


def _job(user, art, beschreibung):
    from dossiers.models import ExportJob, ExportStatus

    return ExportJob.objects.create(
        erstellt_von=user,
        art=art,
        beschreibung=beschreibung,
        status=ExportStatus.FERTIG,
        fortschritt=100,
        datei=JOB_DATEI,
        dateiname="export.pdf",
        groesse=9,
        abgeschlossen=timezone.now(),
        laeuft_ab=timezone.now() + datetime.timedelta(days=7),
    )


def _ideen(d) -> None:
    """An open Ideenwettbewerb with a draft of einreichend_a (pitch deck, a co-entrant: the
    second member of A, an open invitation) and a submitted idea of einreichend_b."""
    from ideen.models import IdeeEinladung, Mitwirkende, Status
    from tests.factories import idee, ideenaufruf

    d.aufruf = ideenaufruf(slug="matrix-ideen")
    d.idee_a = idee(d.aufruf, d.einreichend_a, titel="Idee A", pitchdeck=ANLAGE_A)
    d.idee_a.pitchdeck_name = "Deck.pdf"
    d.idee_a.save()
    d.idee_b = idee(d.aufruf, d.einreichend_b, titel="Idee B", status=Status.EINGEREICHT)
    d.mitwirkende_a = Mitwirkende.objects.create(idee=d.idee_a, user=d.mitgliedschaft_a2.user)
    d.ideeneinladung_a = IdeeEinladung.objects.create(
        idee=d.idee_a, email="neu-idee@example.org", eingeladen_von=d.einreichend_a
    )
    # The jury of the call (no role of ROLLEN: tests/sicherheit/test_jury.py walks it).
    from bewertung.models import JuryBefangenheit, Jurybescheid
    from tests.factories import jurymitglied

    d.jurymitglied = jurymitglied(d.aufruf, email="jury-matrix@example.org")
    d.jurybefangenheit = JuryBefangenheit.objects.create(
        idee=d.idee_b, mitglied=jurymitglied(d.aufruf), grund="Nachbar"
    )
    d.jurybescheid = Jurybescheid.objects.create(aufruf=d.aufruf, pitch="Zum Pitch.")


def anlegen() -> SimpleNamespace:
    """Organisations A (Zwickau) and B (Chemnitz) with a submitter and a submitted
    Steckbrief each (attachment, versions, Zuweisung, Bewertung draft), a draft of A, export
    jobs of a submitter and of a Wirtschaftsförderung, an open invitation of A, and the
    seven roles of ROLLEN."""
    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django.contrib.sites.models import Site

    from bewertung.models import Bewertung, Entscheidungsvorlage, Kriterienkatalog
    from handlungsfelder.models import (
        Gebietskoerperschaft,
        Handlungsfeld,
        Prozessphase,
        Seite,
        Zieldimension,
    )
    from konten.models import Einladung, Kontoereignis, User
    from steckbriefe.models import AuditEintrag, SteckbriefVersion
    from tests.factories import (
        PASSWORT,
        OrganisationFactory,
        SteckbriefFactory,
        geschaeftsstelle,
        mitglied,
        wirtschaftsfoerderung,
    )

    _phasen_um_heute()
    d = SimpleNamespace()
    d.org_a = OrganisationFactory(name="Stadtwerke Zwickau GmbH", ort="Zwickau")
    d.org_b = OrganisationFactory(name="Chemnitzer Maschinenbau AG", ort="Chemnitz")
    d.einreichend_a = mitglied(d.org_a, email="einreichend-a@example.org")
    d.einreichend_b = mitglied(d.org_b, email="einreichend-b@example.org")
    d.mitgliedschaft_a2 = mitglied(d.org_a, email="mitglied-a2@example.org").mitgliedschaft
    d.wf_zwickau = wirtschaftsfoerderung(ZWICKAU, email="wf-zwickau@example.org")
    d.wf_chemnitz = wirtschaftsfoerderung(CHEMNITZ, email="wf-chemnitz@example.org")
    d.geschaeftsstelle = geschaeftsstelle(email="gs@example.org")
    d.superuser = User.objects.create_superuser("admin@example.org", PASSWORT)
    d.anonym = None

    d.sb_a = _eingereicht(d.org_a, ZWICKAU, "Wärmenetz Zwickau-Nord")
    d.sb_b = _eingereicht(d.org_b, CHEMNITZ, "Wasserstoff-Reallabor Chemnitz")
    d.entwurf_a = SteckbriefFactory(organisation=d.org_a, gebiete=[ZWICKAU], titel="Entwurf A")
    d.anlage_a = _anlage(d.sb_a, ANLAGE_A, d.einreichend_a)
    d.anlage_b = _anlage(d.sb_b, ANLAGE_B, d.einreichend_b)
    for nummer, art in [(1, "vorlaeufig"), (2, "final")]:
        SteckbriefVersion.objects.create(
            steckbrief=d.sb_a,
            nummer=nummer,
            art=art,
            erstellt_von=d.einreichend_a,
            daten={"felder": [["Projekttitel", f"Wärmenetz, Fassung {nummer}"]]},
        )
    d.katalog = Kriterienkatalog.objects.get(aktiv=True)
    d.zuweisung_a = d.sb_a.zuweisungen.get(gebietskoerperschaft__ags=ZWICKAU)
    d.zuweisung_b = d.sb_b.zuweisungen.get(gebietskoerperschaft__ags=CHEMNITZ)
    d.bewertung_a = Bewertung.objects.create(zuweisung=d.zuweisung_a, katalog=d.katalog)
    d.bewertung_b = Bewertung.objects.create(zuweisung=d.zuweisung_b, katalog=d.katalog)
    d.eintrag_a = AuditEintrag.objects.filter(steckbrief=d.sb_a).first()
    d.vorlage = Entscheidungsvorlage.objects.first()

    d.job_a = _job(d.einreichend_a, "steckbrief_pdf", "Steckbrief „Wärmenetz Zwickau-Nord“")
    d.job_wf = _job(d.wf_zwickau, "dossier", "Dossier Zwickau")
    d.einladung_a = Einladung.objects.create(
        organisation=d.org_a, email="neu@example.org", eingeladen_von=d.einreichend_a
    )
    d.kontoereignis = Kontoereignis.objects.create(
        art="einladung", durch=d.einreichend_a, organisation=d.org_a
    )

    # Objects of the other admin pages.
    d.gruppe = Group.objects.get(name="Geschäftsstelle")
    d.site = Site.objects.get_current()
    d.emailadresse = EmailAddress.objects.create(
        user=d.einreichend_a, email=d.einreichend_a.email, verified=True, primary=True
    )
    anfrage = {"user_agent": "Matrix", "ip_address": "192.0.2.1", "http_accept": "*/*"}
    d.zugriffsversuch = AccessAttempt.objects.create(
        username="x@example.org",
        path_info="/konto/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
        **anfrage,
    )
    d.zugriffsprotokoll = AccessLog.objects.create(
        username=d.einreichend_a.email, path_info="/konto/login/", **anfrage
    )
    d.fehlversuch = AccessFailureLog.objects.create(
        username="x@example.org", path_info="/konto/login/", **anfrage
    )
    d.handlungsfeld = Handlungsfeld.objects.get(code="HF1")
    d.zieldimension = Zieldimension.objects.get(code="HF1.1")
    d.gebiet = Gebietskoerperschaft.objects.get(ags=ZWICKAU)
    d.phase = Prozessphase.objects.get(code="vorlaeufig")
    d.seite = Seite.objects.get(slug="datenschutz")
    _ideen(d)
    return d


# --- the table -----------------------------------------------------------------------------------


def u(name: str, *args) -> Callable[[SimpleNamespace], str]:
    """URL of `name`; an argument that names an attribute of the data (e.g. "sb_a") stands
    for that object's pk, any other is used as it is."""

    def bauen(d):
        werte = []
        for a in args:
            if isinstance(a, str) and hasattr(d, a):
                wert = getattr(d, a)
                werte.append(getattr(wert, "pk", wert))
            else:
                werte.append(a)
        return reverse(name, args=werte)

    return bauen


def _einladung(d) -> str:
    return reverse("konten:einladung", args=[d.einladung_a.token])


def _auf_der_seite(attribut: str) -> Callable[[SimpleNamespace], str]:
    """admin/r/<content type>/<id>/ of the object d.<attribut>."""

    def bauen(d):
        from django.contrib.contenttypes.models import ContentType

        obj = getattr(d, attribut)
        ct = ContentType.objects.get_for_model(obj)
        return reverse("admin:view_on_site", args=[ct.pk, obj.pk])

    return bauen


def _app(label: str) -> Callable[[SimpleNamespace], str]:
    return lambda d: reverse("admin:app_list", kwargs={"app_label": label})


# The admin's app index lists the app labels that have registered models.
ADMIN_APPS = (
    "auth sites account axes handlungsfelder konten steckbriefe ideen bewertung dossiers".split()
)
APP_INDEX = "admin/(?P<app_label>" + "|".join(ADMIN_APPS) + ")/$"
ADMIN_REST = "admin/(?P<url>.*)$"

# fmt: off
# Columns: anonym, einreichend_a, einreichend_b, wf_zwickau, wf_chemnitz, geschaeftsstelle,
# superuser. sb_a: organisation A, Zwickau, final eingereicht; sb_b: organisation B,
# Chemnitz, final eingereicht; entwurf_a: a draft of A in Zwickau.
PORTAL = [
    # --- public pages ---------------------------------------------------------------------------
    Zeile("healthz", "-", u("healthz"), (200, 200, 200, 200, 200, 200, 200)),
    Zeile("", "-", u("start"), (200, 200, 200, 200, 200, 200, 200)),
    Zeile("handlungsfelder/", "-", u("handlungsfelder"), (200, 200, 200, 200, 200, 200, 200)),
    Zeile("handlungsfelder/<str:code>/", "HF1", u("handlungsfeld", "HF1"),
          (200, 200, 200, 200, 200, 200, 200)),
    Zeile("handlungsfelder/<str:code>/", "unbekannt", u("handlungsfeld", "HF99"),
          (404, 404, 404, 404, 404, 404, 404)),
    Zeile("seiten/<slug:slug>/", "datenschutz", u("seite", "datenschutz"),
          (200, 200, 200, 200, 200, 200, 200)),
    # Calls: public pages of the published ones.
    Zeile("aufrufe/<slug:slug>/", "matrix-ideen", u("aufruf", "matrix-ideen"),
          (200, 200, 200, 200, 200, 200, 200)),
    Zeile("aufrufe/<slug:slug>/", "unbekannt", u("aufruf", "gibt-es-nicht"),
          (404, 404, 404, 404, 404, 404, 404)),

    # --- Ideenwettbewerb (ideen) ----------------------------------------------------------------
    # Any person takes part without an Organisation; staff accounts go to the admin. An idea
    # is seen only by its owner and co-entrants (idee_a: einreichend_a's draft, idee_b:
    # einreichend_b's submitted idea); a foreign one is 404.
    Zeile("ideen/", "-", u("ideen:liste"), (L, 200, 200, V, V, V, V)),
    Zeile("ideen/neu/<slug:slug>/", "matrix-ideen", u("ideen:neu", "matrix-ideen"),
          (L, 200, 200, V, V, V, V)),
    Zeile("ideen/neu/<slug:slug>/", "matrix-ideen", u("ideen:neu", "matrix-ideen"),
          (L, 400, 400, V, V, V, V), methode="POST", daten={"titel": "Neu"}),
    # A Steckbrief call takes no ideas.
    Zeile("ideen/neu/<slug:slug>/", "masterplan-projekte-2026",
          u("ideen:neu", "masterplan-projekte-2026"), (L, 404, 404, V, V, V, V)),
    # The invitation page explains to anyone logged in with the link why they cannot
    # accept (wrong address, staff); accepting redirects with that message.
    Zeile("ideen/einladung/<str:token>/", "ideeneinladung_a",
          lambda d: reverse("ideen:einladung", args=[d.ideeneinladung_a.token]),
          (L, 200, 200, 200, 200, 200, 200)),
    Zeile("ideen/einladung/<str:token>/", "ideeneinladung_a",
          lambda d: reverse("ideen:einladung", args=[d.ideeneinladung_a.token]),
          (L, 302, 302, 302, 302, 302, 302), methode="POST"),
    Zeile("ideen/einladung/<str:token>/", "unbekannt", u("ideen:einladung", "falsch"),
          (L, 404, 404, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/", "idee_a", u("ideen:detail", "idee_a"),
          (L, 200, 404, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/", "idee_b", u("ideen:detail", "idee_b"),
          (L, 404, 200, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/", "unbekannt", u("ideen:detail", 999999),
          (L, 404, 404, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/bearbeiten/", "idee_a", u("ideen:bearbeiten", "idee_a"),
          (L, 200, 404, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/bearbeiten/", "idee_a", u("ideen:bearbeiten", "idee_a"),
          (L, 400, 404, 404, 404, 404, 404), methode="POST", daten={"titel": "Gekapert"}),
    # Submitted: no longer editable (back to the detail page with the reason).
    Zeile("ideen/<int:pk>/bearbeiten/", "idee_b", u("ideen:bearbeiten", "idee_b"),
          (L, 404, 302, 404, 404, 404, 404)),
    # Autosave: JSON for the script (401 instead of a redirect to the login page).
    Zeile("ideen/<int:pk>/zwischenspeichern/", "idee_a", u("ideen:zwischenspeichern", "idee_a"),
          (401, 200, 404, 404, 404, 404, 404), methode="POST", daten={"titel": "Getippt"}),
    Zeile("ideen/<int:pk>/zwischenspeichern/verwerfen/", "idee_a",
          u("ideen:zwischenstand_verwerfen", "idee_a"),
          (L, 302, 404, 404, 404, 404, 404), methode="POST"),
    Zeile("ideen/<int:pk>/einreichen/", "idee_a", u("ideen:einreichen", "idee_a"),
          (L, 200, 404, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/einreichen/", "idee_a", u("ideen:einreichen", "idee_a"),
          (L, 302, 404, 404, 404, 404, 404), methode="POST"),
    Zeile("ideen/<int:pk>/zurueckziehen/", "idee_a", u("ideen:zurueckziehen", "idee_a"),
          (L, 302, 404, 404, 404, 404, 404), methode="POST"),
    Zeile("ideen/<int:pk>/zurueckziehen/", "idee_a", u("ideen:zurueckziehen", "idee_a"),
          (L, 405, 405, 405, 405, 405, 405)),
    Zeile("ideen/<int:pk>/idee.pdf", "idee_a", u("ideen:pdf", "idee_a"),
          (L, 200, 404, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/pitch-deck/", "idee_a", u("ideen:pitchdeck", "idee_a"),
          (L, 200, 404, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/pitch-deck/", "idee_b (keins)", u("ideen:pitchdeck", "idee_b"),
          (L, 404, 404, 404, 404, 404, 404)),
    Zeile("ideen/<int:pk>/einladen/", "idee_a", u("ideen:einladen", "idee_a"),
          (L, 302, 404, 404, 404, 404, 404), methode="POST", daten={"email": "x@example.org"}),
    Zeile("ideen/<int:pk>/mitwirkende/<int:mitwirkende_pk>/entfernen/", "mitwirkende_a",
          u("ideen:mitwirkende_entfernen", "idee_a", "mitwirkende_a"),
          (L, 302, 404, 404, 404, 404, 404), methode="POST"),
    # Under another idea the co-entrant is not found.
    Zeile("ideen/<int:pk>/mitwirkende/<int:mitwirkende_pk>/entfernen/", "mitwirkende_a unter idee_b",
          u("ideen:mitwirkende_entfernen", "idee_b", "mitwirkende_a"),
          (L, 404, 404, 404, 404, 404, 404), methode="POST"),
    # Cross-over into a draft Steckbrief: the Geschäftsstelle's (403 for the others, like the
    # Bündelung); a draft idea is its people's only (404).
    Zeile("ideen/<int:pk>/als-steckbrief/", "idee_b", u("ideen:als_steckbrief", "idee_b"),
          (L, 403, 403, 403, 403, 200, 200)),
    Zeile("ideen/<int:pk>/als-steckbrief/", "idee_b", u("ideen:als_steckbrief", "idee_b"),
          (L, 403, 403, 403, 403, 302, 302), methode="POST"),
    Zeile("ideen/<int:pk>/als-steckbrief/", "idee_a (Entwurf)", u("ideen:als_steckbrief", "idee_a"),
          (L, 403, 403, 403, 403, 404, 404)),
    Zeile("favicon.ico", "-", u("favicon"), (200, 200, 200, 200, 200, 200, 200)),

    # --- organisation and account (konten) --------------------------------------------------------
    # Without an organisation (the staff roles) the organisation pages lead to "anlegen".
    Zeile("konto/organisation/", "eigene", u("konten:organisation"),
          (L, 200, 200, 302, 302, 302, 302)),
    # Staff roles do not submit (unless the Geschäftsstelle granted it on the account): like
    # the dashboard, "anlegen" sends them to the admin, with the reason as a message.
    Zeile("konto/organisation/anlegen/", "-", u("konten:organisation_anlegen"),
          (L, 302, 302, V, V, V, V)),
    Zeile("konto/organisation/anlegen/", "-", u("konten:organisation_anlegen"),
          (L, 302, 302, V, V, V, V), methode="POST",
          daten={"name": "Eigene GmbH", "typ": "unternehmen"}),
    Zeile("konto/organisation/bearbeiten/", "eigene", u("konten:organisation_bearbeiten"),
          (L, 200, 200, 302, 302, 302, 302)),
    Zeile("konto/organisation/einladen/", "eigene", u("konten:einladen"),
          (L, 200, 200, 302, 302, 302, 302), methode="POST"),
    Zeile("konto/organisation/einladungen/<int:pk>/zurueckziehen/", "einladung_a",
          u("konten:einladung_zurueckziehen", "einladung_a"),
          (L, 302, 404, 302, 302, 302, 302), methode="POST"),
    Zeile("konto/organisation/verlassen/", "eigene", u("konten:organisation_verlassen"),
          (L, 200, 200, 302, 302, 302, 302)),
    # Administering the organisation: members of the own organisation only (einreichend_a
    # administers A; a member of another organisation gets 404). mitglied_a2 is a second
    # member of A; the POSTs act (302 back to "Meine Organisation").
    Zeile("konto/organisation/mitglieder/<int:pk>/entfernen/", "mitglied_a2",
          u("konten:mitglied_entfernen", "mitgliedschaft_a2"),
          (L, 200, 404, 302, 302, 302, 302)),
    Zeile("konto/organisation/mitglieder/<int:pk>/entfernen/", "mitglied_a2",
          u("konten:mitglied_entfernen", "mitgliedschaft_a2"),
          (L, 302, 404, 302, 302, 302, 302), methode="POST"),
    Zeile("konto/organisation/mitglieder/<int:pk>/verwaltung/", "mitglied_a2",
          u("konten:verwaltung_uebertragen", "mitgliedschaft_a2"),
          (L, 302, 404, 302, 302, 302, 302), methode="POST"),
    Zeile("konto/organisation/verwaltung-abgeben/", "eigene", u("konten:verwaltung_abgeben"),
          (L, 302, 302, 302, 302, 302, 302), methode="POST"),
    # The token is the key: whoever has the link sees the invitation (and why they cannot
    # accept it); accepting needs a login with the invited address.
    Zeile("konto/einladung/<str:token>/", "einladung_a", _einladung,
          (200, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/einladung/<str:token>/", "einladung_a", _einladung,
          (L, 302, 302, 302, 302, 302, 302), methode="POST"),
    Zeile("konto/einladung/<str:token>/", "falsches Token", u("konten:einladung", "x" * 43),
          (404, 404, 404, 404, 404, 404, 404)),
    # The one-time login link of a locked-out owner: anyone may ask (the answer never says
    # whether an account exists); a forged token is "not found".
    Zeile("konto/anmeldelink/", "-", u("konten:anmeldelink_anfordern"),
          (200, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/anmeldelink/", "-", u("konten:anmeldelink_anfordern"),
          (200, 200, 200, 200, 200, 200, 200), methode="POST",
          daten={"email": "einreichend-a@example.org"}),
    Zeile("konto/anmeldelink/<str:token>/", "falsches Token", u("konten:anmeldelink", "x" * 43),
          (404, 404, 404, 404, 404, 404, 404)),
    Zeile("konto/anmeldelink/<str:token>/", "falsches Token", u("konten:anmeldelink", "x" * 43),
          (404, 404, 404, 404, 404, 404, 404), methode="POST"),
    Zeile("konto/meine-daten/", "eigene", u("konten:meine_daten"),
          (L, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/meine-daten/export/", "eigene", u("konten:datenexport"),
          (L, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/meine-daten/loeschen/", "eigene", u("konten:konto_loeschen"),
          (L, 200, 200, 200, 200, 200, 200)),

    # --- allauth (konto/) ---------------------------------------------------------------------------
    Zeile("konto/login/", "-", u("account_login"), (200, 302, 302, V, V, V, V)),
    Zeile("konto/logout/", "-", u("account_logout"), (302, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/inactive/", "-", u("account_inactive"), (200, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/signup/", "-", u("account_signup"), (200, 302, 302, V, V, V, V)),
    Zeile("konto/reauthenticate/", "-", u("account_reauthenticate"),
          (L, 200, 200, 200, 200, 200, 200)),
    # Re-authentication by e-mail code is switched off (password only): allauth refuses it.
    Zeile("konto/reauthenticate/code/", "-", u("account_request_reauthentication_code"),
          (L, 403, 403, 403, 403, 403, 403)),
    Zeile("konto/reauthenticate/code/confirm/", "-", u("account_confirm_reauthentication_code"),
          (L, 403, 403, 403, 403, 403, 403)),
    Zeile("konto/email/", "eigene", u("account_email"), (L, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/confirm-email/", "-", u("account_email_verification_sent"),
          (200, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/password/change/", "eigenes", u("account_change_password"),
          (L, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/password/set/", "eigenes", u("account_set_password"),
          (L, 302, 302, 302, 302, 302, 302)),
    Zeile("konto/password/reset/", "-", u("account_reset_password"),
          (200, 200, 200, 200, 200, 200, 200)),
    # Login by code is not enabled: everybody is sent away (anonymous to the login).
    Zeile("konto/login/code/confirm/", "-", u("account_confirm_login_code"),
          (L, 302, 302, V, V, V, V)),
    Zeile("konto/confirm-email/(?P<key>[-:\\w]+)/$", "falscher Schluessel",
          u("account_confirm_email", "falsch"), (200, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/password/reset/key/done/", "-", u("account_reset_password_from_key_done"),
          (200, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
          "falscher Schluessel", u("account_reset_password_from_key", "1", "falsch"),
          (200, 200, 200, 200, 200, 200, 200)),
    Zeile("konto/password/reset/done/", "-", u("account_reset_password_done"),
          (200, 200, 200, 200, 200, 200, 200)),

    # --- Steckbriefe (submitters; reviewers and Geschäftsstelle read) -----------------------------
    # Staff without an organisation work in the admin: the dashboard sends them there.
    Zeile("steckbriefe/", "eigene", u("steckbriefe:dashboard"), (L, 200, 200, V, V, V, V)),
    Zeile("steckbriefe/neu/", "-", u("steckbriefe:neu"), (L, 200, 200, 302, 302, 302, 302)),
    # What a Steckbrief asks for: public, as a page and as a PDF checklist.
    Zeile("steckbriefe/felder/", "-", u("steckbriefe:felder"),
          (200, 200, 200, 200, 200, 200, 200)),
    Zeile("steckbriefe/felder/checkliste.pdf", "-", u("steckbriefe:checkliste"),
          (200, 200, 200, 200, 200, 200, 200)),
    # Autosave answers JSON, never a redirect: 401 without session, 403 without organisation.
    Zeile("steckbriefe/neu/zwischenspeichern/", "-", u("steckbriefe:autosave_neu"),
          (401, 200, 200, 403, 403, 403, 403), methode="POST"),
    Zeile("steckbriefe/<int:pk>/", "sb_a", u("steckbriefe:detail", "sb_a"),
          (L, 200, 404, 200, 404, 200, 200)),
    Zeile("steckbriefe/<int:pk>/", "sb_b", u("steckbriefe:detail", "sb_b"),
          (L, 404, 200, 404, 200, 200, 200)),
    # Drafts are the submitters' own: no Wirtschaftsförderung sees them.
    Zeile("steckbriefe/<int:pk>/", "entwurf_a", u("steckbriefe:detail", "entwurf_a"),
          (L, 200, 404, 404, 404, 200, 200)),
    Zeile("steckbriefe/<int:pk>/", "unbekannt", u("steckbriefe:detail", 999999),
          (L, 404, 404, 404, 404, 404, 404)),
    Zeile("steckbriefe/<int:pk>/bearbeiten/", "entwurf_a",
          u("steckbriefe:bearbeiten", "entwurf_a"), (L, 200, 404, 302, 302, 302, 302)),
    # Submitted: locked, the member is sent to the detail page.
    Zeile("steckbriefe/<int:pk>/bearbeiten/", "sb_a", u("steckbriefe:bearbeiten", "sb_a"),
          (L, 302, 404, 302, 302, 302, 302)),
    Zeile("steckbriefe/<int:pk>/zwischenspeichern/", "entwurf_a",
          u("steckbriefe:autosave", "entwurf_a"),
          (401, 200, 404, 403, 403, 403, 403), methode="POST"),
    # Submitted: kept, but 423 (locked).
    Zeile("steckbriefe/<int:pk>/zwischenspeichern/", "sb_a", u("steckbriefe:autosave", "sb_a"),
          (401, 423, 404, 403, 403, 403, 403), methode="POST"),
    Zeile("steckbriefe/<int:pk>/zwischenspeichern/verwerfen/", "entwurf_a",
          u("steckbriefe:autosave_verwerfen", "entwurf_a"),
          (L, 302, 404, 302, 302, 302, 302), methode="POST"),
    Zeile("steckbriefe/<int:pk>/finalisieren/", "entwurf_a",
          u("steckbriefe:finalisieren", "entwurf_a"),
          (L, 302, 404, 302, 302, 302, 302), methode="POST"),
    # Preview and confirmation of the final submission: only in the final phase (the matrix
    # runs outside it: the member is sent to the Steckbrief's page).
    Zeile("steckbriefe/<int:pk>/einreichen/", "entwurf_a",
          u("steckbriefe:einreichen", "entwurf_a"), (L, 302, 404, 302, 302, 302, 302)),
    Zeile("steckbriefe/<int:pk>/einreichen/", "entwurf_a",
          u("steckbriefe:einreichen", "entwurf_a"), (L, 302, 404, 302, 302, 302, 302),
          methode="POST", daten={"bestaetigt": "ja"}),
    Zeile("steckbriefe/<int:pk>/zurueckziehen/", "sb_a", u("steckbriefe:zurueckziehen", "sb_a"),
          (L, 200, 404, 302, 302, 302, 302)),
    Zeile("steckbriefe/<int:pk>/zurueckziehen/", "sb_a", u("steckbriefe:zurueckziehen", "sb_a"),
          (L, 302, 404, 302, 302, 302, 302), methode="POST"),
    Zeile("steckbriefe/<int:pk>/druck/", "sb_a", u("steckbriefe:druck", "sb_a"),
          (L, 200, 404, 200, 404, 200, 200)),
    Zeile("steckbriefe/<int:pk>/versionen/", "sb_a", u("steckbriefe:versionen", "sb_a"),
          (L, 200, 404, 200, 404, 200, 200)),
    Zeile("steckbriefe/<int:pk>/versionen/<int:alt>/<int:neu>/", "sb_a 1-2",
          u("steckbriefe:vergleich", "sb_a", 1, 2), (L, 200, 404, 200, 404, 200, 200)),
    Zeile("steckbriefe/<int:pk>/anlagen/<int:anlage_pk>/", "anlage_a",
          u("steckbriefe:anlage", "sb_a", "anlage_a"), (L, 200, 404, 200, 404, 200, 200)),
    # B's attachment through A's Steckbrief: never found, for nobody.
    Zeile("steckbriefe/<int:pk>/anlagen/<int:anlage_pk>/", "anlage_b unter sb_a",
          u("steckbriefe:anlage", "sb_a", "anlage_b"), (L, 404, 404, 404, 404, 404, 404)),

    # --- exports (dossiers) ------------------------------------------------------------------------
    Zeile("exporte/", "eigene", u("dossiers:uebersicht"), (L, 200, 200, 200, 200, 200, 200)),
    # Dossiers and tables: Wirtschaftsförderung and Geschäftsstelle only.
    Zeile("exporte/neu/", "-", u("dossiers:neu"), (L, 404, 404, 200, 200, 200, 200)),
    Zeile("exporte/steckbrief/<int:pk>/pdf/", "sb_a", u("dossiers:steckbrief_pdf", "sb_a"),
          (L, 200, 404, 200, 404, 200, 200)),
    Zeile("exporte/steckbrief/<int:pk>/pdf/", "sb_a", u("dossiers:steckbrief_pdf", "sb_a"),
          (L, 302, 404, 302, 404, 302, 302), methode="POST"),
    # A job is its owner's (and the Geschäftsstelle's).
    Zeile("exporte/<int:pk>/", "job von einreichend_a", u("dossiers:job", "job_a"),
          (L, 200, 404, 404, 404, 200, 200)),
    Zeile("exporte/<int:pk>/", "job von wf_zwickau", u("dossiers:job", "job_wf"),
          (L, 404, 404, 200, 404, 200, 200)),
    Zeile("exporte/<int:pk>/status/", "job von einreichend_a",
          u("dossiers:job_status", "job_a"), (L, 200, 404, 404, 404, 200, 200)),
    Zeile("exporte/<int:pk>/herunterladen/", "job von einreichend_a",
          u("dossiers:herunterladen", "job_a"), (L, 200, 404, 404, 404, 200, 200)),
    Zeile("exporte/<int:pk>/herunterladen/", "job von wf_zwickau",
          u("dossiers:herunterladen", "job_wf"), (L, 404, 404, 200, 404, 200, 200)),
    Zeile("exporte/<int:pk>/neu-starten/", "job von einreichend_a",
          u("dossiers:neu_starten", "job_a"), (L, 302, 404, 404, 404, 302, 302), methode="POST"),

    # --- Kooperationsbörse and Bündelung (kooperation) ---------------------------------------------
    # The Börse page of a submitted Steckbrief: its Organisation's members only (staff
    # included: it is the submitters' page); a draft has none.
    Zeile("kooperation/steckbrief/<int:pk>/", "sb_a", u("kooperation:boerse", "sb_a"),
          (L, 200, 404, 404, 404, 404, 404)),
    Zeile("kooperation/steckbrief/<int:pk>/", "sb_a", u("kooperation:boerse", "sb_a"),
          (L, 302, 404, 404, 404, 404, 404), methode="POST",
          daten={"kontakt_erlaubt": "on", "angebot": "Labor"}),
    Zeile("kooperation/steckbrief/<int:pk>/", "entwurf_a", u("kooperation:boerse", "entwurf_a"),
          (L, 404, 404, 404, 404, 404, 404)),
    # The „Ähnliche Vorhaben“ panel (the scoring page loads it): whoever may see the
    # Steckbrief, like its detail page; it names only what the reader may see.
    Zeile("kooperation/steckbrief/<int:pk>/aehnliche/", "sb_a", u("kooperation:aehnliche", "sb_a"),
          (L, 200, 404, 200, 404, 200, 200)),
    Zeile("kooperation/steckbrief/<int:pk>/aehnliche/", "sb_b", u("kooperation:aehnliche", "sb_b"),
          (L, 404, 200, 404, 200, 200, 200)),
    # Neither sb_a nor sb_b is in the Börse (no consent): nobody contacts anybody.
    Zeile("kooperation/steckbrief/<int:pk>/kontakt/<int:anderer>/", "sb_a an sb_b",
          u("kooperation:kontakt", "sb_a", "sb_b"), (L, 404, 404, 404, 404, 404, 404)),
    Zeile("kooperation/steckbrief/<int:pk>/kontakt/<int:anderer>/", "sb_a an sb_b",
          u("kooperation:kontakt", "sb_a", "sb_b"), (L, 404, 404, 404, 404, 404, 404),
          methode="POST", daten={"nachricht": "Hallo"}),
    # An idea's similar Steckbriefe and ideas: the Geschäftsstelle's; a draft is not found.
    Zeile("kooperation/idee/<int:pk>/aehnliche/", "idee_b",
          u("kooperation:aehnliche_idee", "idee_b"), (L, 403, 403, 403, 403, 200, 200)),
    Zeile("kooperation/idee/<int:pk>/aehnliche/", "idee_a (Entwurf)",
          u("kooperation:aehnliche_idee", "idee_a"), (L, 403, 403, 403, 403, 404, 404)),
    Zeile("kooperation/buendelung/", "-", u("kooperation:buendelung"),
          (L, 403, 403, 403, 403, 200, 200)),
    Zeile("kooperation/buendelung/<int:erster>/<int:zweiter>/", "sb_a und sb_b",
          u("kooperation:urteilen", "sb_a", "sb_b"), (L, 403, 403, 403, 403, 302, 302),
          methode="POST", daten={"urteil": "kein_zusammenhang"}),

    # --- portfolio: Geschäftsstelle and Lenkungskreis (tests/sicherheit/test_lenkungskreis.py)
    Zeile("portfolio/", "-", u("portfolio:uebersicht"), (L, 403, 403, 403, 403, 200, 200)),
    # The public Projektpipeline: only Steckbriefe whose submitters allowed it.
    Zeile("portfolio/projektpipeline/", "-", u("portfolio:projektpipeline"),
          (200, 200, 200, 200, 200, 200, 200)),

    # --- admin: the site's own pages ------------------------------------------------------------
    # Non-staff users (submitters) are sent to the admin login like anonymous visitors.
    Zeile("admin/", "-", u("admin:index"), (L, L, L, 200, 200, 200, 200)),
    Zeile("admin/login/", "-", u("admin:login"), (200, 200, 200, V, V, V, V)),
    # Logging out is POST only; non-staff are sent to the admin index.
    Zeile("admin/logout/", "-", u("admin:logout"), (V, V, V, 405, 405, 405, 405)),
    Zeile("admin/logout/", "-", u("admin:logout"), (V, V, V, 302, 302, 302, 302),
          methode="POST"),
    Zeile("admin/password_change/", "eigenes", u("admin:password_change"),
          (L, L, L, 200, 200, 200, 200)),
    Zeile("admin/password_change/done/", "-", u("admin:password_change_done"),
          (L, L, L, 200, 200, 200, 200)),
    # Without app/model/field parameters the autocomplete refuses everybody.
    Zeile("admin/autocomplete/", "ohne Parameter", u("admin:autocomplete"),
          (L, L, L, 403, 403, 403, 403)),
    Zeile("admin/jsi18n/", "-", u("admin:jsi18n"), (L, L, L, 200, 200, 200, 200)),
    # "View on site": only for objects the user may see in the admin (masterplan.verwaltung).
    Zeile("admin/r/<path:content_type_id>/<path:object_id>/", "sb_a", _auf_der_seite("sb_a"),
          (L, L, L, 302, 404, 302, 302)),
    Zeile("admin/r/<path:content_type_id>/<path:object_id>/", "entwurf_a",
          _auf_der_seite("entwurf_a"), (L, L, L, 404, 404, 302, 302)),
    # The invitation link carries the token: no admin page, no redirect, for nobody.
    Zeile("admin/r/<path:content_type_id>/<path:object_id>/", "einladung_a",
          _auf_der_seite("einladung_a"), (L, L, L, 404, 404, 404, 404)),
    Zeile(ADMIN_REST, "unbekannte Seite", lambda d: "/admin/gibt-es-nicht/",
          (L, L, L, 404, 404, 404, 404)),
    # An app's index exists for whoever may see one of its models.
    Zeile(APP_INDEX, "auth", _app("auth"), (L, L, L, 404, 404, 404, 200)),
    Zeile(APP_INDEX, "sites", _app("sites"), (L, L, L, 404, 404, 404, 200)),
    Zeile(APP_INDEX, "account", _app("account"), (L, L, L, 404, 404, 404, 200)),
    Zeile(APP_INDEX, "axes", _app("axes"), (L, L, L, 404, 404, 404, 200)),
    Zeile(APP_INDEX, "handlungsfelder", _app("handlungsfelder"), (L, L, L, 404, 404, 200, 200)),
    Zeile(APP_INDEX, "konten", _app("konten"), (L, L, L, 404, 404, 200, 200)),
    Zeile(APP_INDEX, "dossiers", _app("dossiers"), (L, L, L, 404, 404, 200, 200)),
    Zeile(APP_INDEX, "steckbriefe", _app("steckbriefe"), (L, L, L, 200, 200, 200, 200)),
    Zeile(APP_INDEX, "bewertung", _app("bewertung"), (L, L, L, 200, 200, 200, 200)),
    Zeile(APP_INDEX, "ideen", _app("ideen"), (L, L, L, 404, 404, 200, 200)),

    # --- admin: the jury of the Ideenwettbewerb (tests/sicherheit/test_jury.py: the jury role)
    # The scoring page: for jury members of the call; the Geschäftsstelle reads it (no form),
    # a draft is no idea in the procedure; other staff are refused.
    Zeile("admin/bewertung/juryidee/<path:object_id>/bewerten/", "idee_b",
          u("admin:bewertung_juryidee_bewerten", "idee_b"), (L, L, L, 403, 403, 200, 200)),
    Zeile("admin/bewertung/juryidee/<path:object_id>/bewerten/", "idee_a (Entwurf)",
          u("admin:bewertung_juryidee_bewerten", "idee_a"), (L, L, L, 403, 403, 404, 404)),
    Zeile("admin/bewertung/juryidee/<path:object_id>/bewerten/", "idee_b",
          u("admin:bewertung_juryidee_bewerten", "idee_b"), (L, L, L, 403, 403, 403, 403),
          methode="POST", daten={"aktion": "speichern"}),
    # Its pitch deck: as the scoring page (idee_b has none, a draft is not in the procedure).
    Zeile("admin/bewertung/juryidee/<path:object_id>/pitch-deck/", "idee_b (keins)",
          u("admin:bewertung_juryidee_pitchdeck", "idee_b"), (L, L, L, 403, 403, 404, 404)),

    # --- admin: Bewertung pages (custom views) ----------------------------------------------------
    # The scoring page of a Steckbrief outside the reviewer's area does not exist for them.
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/bewerten/", "sb_a",
          u("admin:steckbriefe_steckbrief_bewerten", "sb_a"), (L, L, L, 200, 404, 200, 200)),
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/bewerten/", "sb_b",
          u("admin:steckbriefe_steckbrief_bewerten", "sb_b"), (L, L, L, 404, 200, 200, 200)),
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/bewerten/", "entwurf_a",
          u("admin:steckbriefe_steckbrief_bewerten", "entwurf_a"),
          (L, L, L, 404, 404, 200, 200)),
    # The exchange among a Steckbrief's reviewers and the Geschäftsstelle (issue 13).
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/austausch/", "sb_a",
          u("admin:steckbriefe_steckbrief_austausch", "sb_a"), (L, L, L, 200, 404, 200, 200)),
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/austausch/", "sb_b",
          u("admin:steckbriefe_steckbrief_austausch", "sb_b"), (L, L, L, 404, 200, 200, 200)),
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/bewerten/", "unbekannt",
          u("admin:steckbriefe_steckbrief_bewerten", 999999), (L, L, L, 404, 404, 404, 404)),
    # Scoring: only through an own Zuweisung (Chemnitz may try: the empty form comes back);
    # another area's Steckbrief is not found, the Geschäftsstelle has no Zuweisung.
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/bewerten/", "sb_b",
          u("admin:steckbriefe_steckbrief_bewerten", "sb_b"), (L, L, L, 404, 200, 403, 403),
          methode="POST", daten={"aktion": "speichern"}),
    # Steering actions of the Geschäftsstelle on the scoring page.
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/bewerten/", "sb_a",
          u("admin:steckbriefe_steckbrief_bewerten", "sb_a"), (L, L, L, 403, 404, 200, 200),
          methode="POST", daten={"aktion": "entscheiden"}),
    # Releasing notices: the Geschäftsstelle's (the scoring page names why sb_a has none to
    # send, the ranking asks for a selection); reviewers are refused, another area's
    # Steckbrief is not found.
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/bewerten/", "sb_a (Bescheid)",
          u("admin:steckbriefe_steckbrief_bewerten", "sb_a"), (L, L, L, 403, 404, 200, 200),
          methode="POST", daten={"aktion": "bescheid_versenden"}),
    Zeile("admin/bewertung/rangliste/", "-", u("admin:bewertung_rangliste_changelist"),
          (L, L, L, 403, 403, 302, 302), methode="POST",
          daten={"schritt": "versenden", "anwenden": "1"}),
    Zeile("admin/bewertung/rangliste/", "xlsx",
          lambda d: reverse("admin:bewertung_rangliste_changelist") + "?export=xlsx",
          (L, L, L, 403, 403, 200, 200)),

    # --- admin: objects of other areas and changes nobody may make --------------------------------
    # Another area's object: "does not exist" (the admin redirects to its index), like a
    # missing one.
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/change/", "sb_b",
          u("admin:steckbriefe_steckbrief_change", "sb_b"), (L, L, L, V, 200, 200, 200)),
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/change/", "entwurf_a",
          u("admin:steckbriefe_steckbrief_change", "entwurf_a"), (L, L, L, V, V, 200, 200)),
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/history/", "sb_b",
          u("admin:steckbriefe_steckbrief_history", "sb_b"), (L, L, L, V, 200, 200, 200)),
    # The Steckbrief is read-only in the admin for everybody, the audit trail too.
    Zeile("admin/steckbriefe/steckbrief/<path:object_id>/change/", "sb_a",
          u("admin:steckbriefe_steckbrief_change", "sb_a"), (L, L, L, 403, 403, 403, 403),
          methode="POST", daten={"titel": "Übernommen"}),
    Zeile("admin/steckbriefe/auditeintrag/<path:object_id>/change/", "eintrag_a",
          u("admin:steckbriefe_auditeintrag_change", "eintrag_a"), (L, L, L, 403, 403, 403, 403),
          methode="POST", daten={"aktion": "gefälscht"}),
    Zeile("admin/steckbriefe/auditeintrag/<path:object_id>/delete/", "eintrag_a",
          u("admin:steckbriefe_auditeintrag_delete", "eintrag_a"), (L, L, L, 403, 403, 403, 403),
          methode="POST", daten={"post": "yes"}),
    Zeile("admin/bewertung/zuweisung/<path:object_id>/change/", "zuweisung_b",
          u("admin:bewertung_zuweisung_change", "zuweisung_b"), (L, L, L, V, 200, 200, 200)),
    # The Bewertung's change page leads to the scoring page (another area's: not found).
    Zeile("admin/bewertung/bewertung/<path:object_id>/change/", "bewertung_b",
          u("admin:bewertung_bewertung_change", "bewertung_b"), (L, L, L, V, 302, 302, 302)),
    Zeile("admin/bewertung/bewertung/<path:object_id>/history/", "bewertung_b",
          u("admin:bewertung_bewertung_history", "bewertung_b"), (L, L, L, V, 200, 200, 200)),
    # A reviewer's own Bewertungen as CSV/XLSX (the Geschäftsstelle: those by name).
    Zeile("admin/bewertung/bewertung/export/<str:art>/", "csv",
          lambda d: reverse("admin:bewertung_bewertung_export", args=["csv"]),
          (L, L, L, 200, 200, 200, 200)),
    Zeile("admin/dossiers/exportjob/<path:object_id>/change/", "job von wf_zwickau",
          u("admin:dossiers_exportjob_change", "job_wf"), (L, L, L, 403, 403, 200, 200)),
    # The grant "Darf trotz Rolle einreichen": set by the Geschäftsstelle (saved: back to
    # the list), never by the account itself or another role.
    Zeile("admin/konten/user/<path:object_id>/change/", "wf_zwickau",
          u("admin:konten_user_change", "wf_zwickau"), (L, L, L, 403, 403, 302, 302),
          methode="POST", daten={"darf_einreichen": "on"}),
    Zeile("admin/konten/user/<path:object_id>/change/", "geschaeftsstelle (eigenes Konto)",
          u("admin:konten_user_change", "geschaeftsstelle"), (L, L, L, 403, 403, 403, 302),
          methode="POST", daten={"darf_einreichen": "on"}),
    # Submitters' accounts: listed and shown read-only to the Geschäftsstelle (deactivated by
    # an action), the grant is only for staff accounts.
    Zeile("admin/konten/user/<path:object_id>/change/", "einreichend_a",
          u("admin:konten_user_change", "einreichend_a"), (L, L, L, 403, 403, 200, 200)),
    Zeile("admin/konten/user/<path:object_id>/change/", "einreichend_a",
          u("admin:konten_user_change", "einreichend_a"), (L, L, L, 403, 403, 403, 403),
          methode="POST", daten={"darf_einreichen": "on"}),
]
# fmt: on


# --- the generic admin pages, per registered model ------------------------------------------------


@dataclass(frozen=True)
class AdminModell:
    objekt: str  # attribute of the data: the object of change/delete/history
    seiten: dict  # page → expected answers (ROLLEN order)


# The generic pages of a ModelAdmin (get_urls): "umleitung" is the bare object URL
# (<path:object_id>/), which redirects to its change page without looking at the object.
SEITEN = ("changelist", "add", "change", "delete", "history", "umleitung")

# fmt: off
NUR_SUPERUSER = {
    "changelist": (L, L, L, 403, 403, 403, 200),
    "add": (L, L, L, 403, 403, 403, 200),
    "change": (L, L, L, 403, 403, 403, 200),
    "delete": (L, L, L, 403, 403, 403, 200),
    "history": (L, L, L, 403, 403, 403, 200),
    "umleitung": (L, L, L, 302, 302, 302, 302),
}
# axes records login attempts itself; nobody adds them by hand.
AXES = {**NUR_SUPERUSER, "add": (L, L, L, 403, 403, 403, 403)}
# The Masterplan catalogue: shown to the Geschäftsstelle, changed by nobody.
KATALOG = {
    "changelist": (L, L, L, 403, 403, 200, 200),
    "add": (L, L, L, 403, 403, 403, 403),
    "change": (L, L, L, 403, 403, 200, 200),
    "delete": (L, L, L, 403, 403, 403, 403),
    "history": (L, L, L, 403, 403, 200, 200),
    "umleitung": (L, L, L, 302, 302, 302, 302),
}
# Phases and pages: the Geschäftsstelle changes them (change page 200), nobody adds/deletes.
GESCHAEFTSSTELLE_AENDERT = KATALOG
# Shown to the Geschäftsstelle (the change page read-only), added and deleted by nobody.
GESCHAEFTSSTELLE_LIEST = KATALOG

ADMIN_MODELLE = {
    "auth.group": AdminModell("gruppe", NUR_SUPERUSER),
    # Staff accounts: the Geschäftsstelle reads them and grants "Darf trotz Rolle
    # einreichen" (its own account read-only); nobody adds or deletes accounts here.
    "konten.user": AdminModell("wf_zwickau", {
        "changelist": (L, L, L, 403, 403, 200, 200),
        "add": (L, L, L, 403, 403, 403, 403),
        "change": (L, L, L, 403, 403, 200, 200),
        "delete": (L, L, L, 403, 403, 403, 403),
        "history": (L, L, L, 403, 403, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    # Organisations, memberships, invitations and the account audit: the Geschäftsstelle
    # reads them; memberships are ended, invitations withdrawn, accounts deactivated by
    # actions (konten.services, audited); nobody adds, changes or deletes on these pages.
    "konten.organisation": AdminModell("org_a", GESCHAEFTSSTELLE_LIEST),
    "konten.mitgliedschaft": AdminModell("mitgliedschaft_a2", GESCHAEFTSSTELLE_LIEST),
    "konten.einladung": AdminModell("einladung_a", GESCHAEFTSSTELLE_LIEST),
    "konten.kontoereignis": AdminModell("kontoereignis", GESCHAEFTSSTELLE_LIEST),
    "sites.site": AdminModell("site", NUR_SUPERUSER),
    "account.emailaddress": AdminModell("emailadresse", NUR_SUPERUSER),
    "axes.accessattempt": AdminModell("zugriffsversuch", AXES),
    "axes.accesslog": AdminModell("zugriffsprotokoll", AXES),
    "axes.accessfailurelog": AdminModell("fehlversuch", AXES),
    "handlungsfelder.handlungsfeld": AdminModell("handlungsfeld", KATALOG),
    "handlungsfelder.zieldimension": AdminModell("zieldimension", KATALOG),
    "handlungsfelder.gebietskoerperschaft": AdminModell("gebiet", KATALOG),
    "handlungsfelder.prozessphase": AdminModell("phase", GESCHAEFTSSTELLE_AENDERT),
    "handlungsfelder.seite": AdminModell("seite", GESCHAEFTSSTELLE_AENDERT),
    # Calls with their phases: the Geschäftsstelle enters and changes them; nobody deletes.
    "handlungsfelder.aufruf": AdminModell("aufruf", {
        "changelist": (L, L, L, 403, 403, 200, 200),
        "add": (L, L, L, 403, 403, 200, 200),
        "change": (L, L, L, 403, 403, 200, 200),
        "delete": (L, L, L, 403, 403, 403, 403),
        "history": (L, L, L, 403, 403, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    # Export jobs: the Geschäftsstelle reads them, only the superuser deletes.
    "dossiers.exportjob": AdminModell("job_a", {
        "changelist": (L, L, L, 403, 403, 200, 200),
        "add": (L, L, L, 403, 403, 403, 403),
        "change": (L, L, L, 403, 403, 200, 200),
        "delete": (L, L, L, 403, 403, 403, 200),
        "history": (L, L, L, 403, 403, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    # Read-only, scoped to the reviewer's area: sb_a (Zwickau) is "not found" for Chemnitz.
    "steckbriefe.steckbrief": AdminModell("sb_a", {
        "changelist": (L, L, L, 200, 200, 200, 200),
        "add": (L, L, L, 403, 403, 403, 403),
        "change": (L, L, L, 200, V, 200, 200),
        "delete": (L, L, L, 403, 403, 403, 403),
        "history": (L, L, L, 200, V, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    # The audit trail: read by the Geschäftsstelle, changed by nobody.
    "steckbriefe.auditeintrag": AdminModell("eintrag_a", {
        "changelist": (L, L, L, 403, 403, 200, 200),
        "add": (L, L, L, 403, 403, 403, 403),
        "change": (L, L, L, 403, 403, 200, 200),
        "delete": (L, L, L, 403, 403, 403, 403),
        "history": (L, L, L, 403, 403, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    # Reviewers read the catalogue; the Geschäftsstelle maintains it; the active one is
    # never deleted.
    "bewertung.kriterienkatalog": AdminModell("katalog", {
        "changelist": (L, L, L, 200, 200, 200, 200),
        "add": (L, L, L, 403, 403, 200, 200),
        "change": (L, L, L, 200, 200, 200, 200),
        "delete": (L, L, L, 403, 403, 403, 403),
        "history": (L, L, L, 200, 200, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    # Reviewers see their own Zuweisungen; the Geschäftsstelle removes unscored ones.
    "bewertung.zuweisung": AdminModell("zuweisung_a", {
        "changelist": (L, L, L, 200, 200, 200, 200),
        "add": (L, L, L, 403, 403, 403, 403),
        "change": (L, L, L, 200, V, 200, 200),
        "delete": (L, L, L, 403, 403, 200, 200),
        "history": (L, L, L, 200, V, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    # Scored on the scoring page: the change page redirects there (others': not found).
    "bewertung.bewertung": AdminModell("bewertung_a", {
        "changelist": (L, L, L, 200, 200, 200, 200),
        "add": (L, L, L, 403, 403, 403, 403),
        "change": (L, L, L, 302, V, 302, 302),
        "delete": (L, L, L, 403, 403, 403, 403),
        "history": (L, L, L, 200, V, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    "bewertung.entscheidungsvorlage": AdminModell("vorlage", {
        "changelist": (L, L, L, 403, 403, 200, 200),
        "add": (L, L, L, 403, 403, 403, 403),
        "change": (L, L, L, 403, 403, 200, 200),
        "delete": (L, L, L, 403, 403, 403, 403),
        "history": (L, L, L, 403, 403, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    # Pages of the Geschäftsstelle (proxy models with a changelist only).
    "bewertung.rangliste": AdminModell("-", {"changelist": (L, L, L, 403, 403, 200, 200)}),
    "bewertung.bewertungsfortschritt": AdminModell("-", {
        "changelist": (L, L, L, 403, 403, 200, 200),
    }),
    # The jury (issue 16): kept by the Geschäftsstelle; members are added and removed (while
    # they have not scored), never changed. Befangenheiten are read, notice texts edited.
    "bewertung.jurymitglied": AdminModell("jurymitglied", {
        "changelist": (L, L, L, 403, 403, 200, 200),
        "add": (L, L, L, 403, 403, 200, 200),
        "change": (L, L, L, 403, 403, 200, 200),
        "delete": (L, L, L, 403, 403, 200, 200),
        "history": (L, L, L, 403, 403, 200, 200),
        "umleitung": (L, L, L, 302, 302, 302, 302),
    }),
    "bewertung.jurybefangenheit": AdminModell("jurybefangenheit", GESCHAEFTSSTELLE_LIEST),
    "bewertung.jurybescheid": AdminModell("jurybescheid", GESCHAEFTSSTELLE_LIEST),
    # The jury's list (jury members and the Geschäftsstelle) and the ranking of the ideas.
    "bewertung.juryidee": AdminModell("-", {"changelist": (L, L, L, 403, 403, 200, 200)}),
    "bewertung.ideenrangliste": AdminModell("-", {"changelist": (L, L, L, 403, 403, 200, 200)}),
    # The ideas: the Geschäftsstelle reads them; they change only through ideen.services.
    "ideen.idee": AdminModell("idee_b", GESCHAEFTSSTELLE_LIEST),
}
# fmt: on


def _seite(modell, name: str | None) -> str | None:
    """The generic page a ModelAdmin URL name stands for; None for custom views."""
    if name is None:
        return "umleitung"
    vorne = f"{modell._meta.app_label}_{modell._meta.model_name}_"
    seite = name.removeprefix(vorne)
    return seite if name.startswith(vorne) and seite in SEITEN else None


def generische_seiten(modell, model_admin) -> dict[str, str]:
    """page → full route of the generic pages the ModelAdmin provides."""
    vorne = f"admin/{modell._meta.app_label}/{modell._meta.model_name}/"
    seiten = {}
    for muster in model_admin.get_urls():
        seite = _seite(modell, getattr(muster, "name", None))
        if seite is not None:
            seiten[seite] = _verbinden(vorne, str(muster.pattern))
    return seiten


def _admin_url(modell, seite: str, objekt: str) -> Callable[[SimpleNamespace], str]:
    info = f"admin:{modell._meta.app_label}_{modell._meta.model_name}"

    def bauen(d):
        if seite in ("changelist", "add"):
            return reverse(f"{info}_{seite}")
        pk = getattr(d, objekt).pk
        if seite == "umleitung":
            return reverse(f"{info}_changelist") + f"{pk}/"
        return reverse(f"{info}_{seite}", args=[pk])

    return bauen


def admin_zeilen() -> list[Zeile]:
    """Rows of the generic pages of every registered model declared in ADMIN_MODELLE (an
    undeclared one gets no rows, so its patterns fail the coverage test)."""
    zeilen = []
    for modell, model_admin in admin.site._registry.items():
        erklaerung = ADMIN_MODELLE.get(modell._meta.label_lower)
        if erklaerung is None:
            continue
        for seite, muster in generische_seiten(modell, model_admin).items():
            if seite in erklaerung.seiten:
                zeilen.append(
                    Zeile(
                        muster,
                        erklaerung.objekt,
                        _admin_url(modell, seite, erklaerung.objekt),
                        erklaerung.seiten[seite],
                    )
                )
    return zeilen


ZEILEN = PORTAL + admin_zeilen()
