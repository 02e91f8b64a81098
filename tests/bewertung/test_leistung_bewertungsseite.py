"""Issue 18: the scoring page's read-only Steckbrief panel from the cache
(bewertung/panel_cache.py, BEWERTUNG_PANEL_CACHEN). A reviewer never scores stale content:
after every kind of write the next page shows what the Steckbrief says now; the page is the
same with and without the cache; a warm panel reads none of the Steckbrief's lists."""

import re

import pytest
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bewertung import panel_cache, services
from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld, Zieldimension
from konten import services as konten_services
from konten.models import Organisation
from steckbriefe.models import Meilenstein, Partner, Status, Steckbrief
from tests.factories import mitglied
from tests.steckbriefe.hilfen import formular, formular_daten

from .conftest import ZWICKAU, final_sb
from .test_abfragen import BEWERTEN_MAX, viele

pytestmark = pytest.mark.django_db

# The queries of the Steckbrief's content (mit_inhalt's prefetches): none on a warm page.
INHALT_MERKMALE = (
    'FROM "steckbriefe_partner"',
    'FROM "steckbriefe_meilenstein"',
    # the five lists (Zieldimensionen, Teilziele, KPIs, Handlungsfelder, Gebiete)
    '"_prefetch_related_val_steckbrief_id"',
)
INHALT_ABFRAGEN = 7


@pytest.fixture
def mit_cache(settings):
    """The panel cache on, in a locmem cache of its own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "panel-tests",
        }
    }
    settings.BEWERTUNG_PANEL_CACHEN = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ohne_abschnitte(monkeypatch):
    """Without the sections higher apps register (they pin their own queries)."""
    from bewertung import erweiterungen

    monkeypatch.setattr(erweiterungen, "_abschnitte", [])


@pytest.fixture
def sb(db):
    sb = final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG)
    Steckbrief.objects.filter(pk=sb.pk).update(ziele="Ziele vorher")
    Partner.objects.create(steckbrief=sb, name="Partner vorher", reihenfolge=1)
    sb.refresh_from_db()
    return sb


@pytest.fixture
def prueferin(client, wf_zwickau):
    client.force_login(wf_zwickau)
    return client


def _url(sb) -> str:
    return reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])


def _inhalt_gelesen(queries) -> bool:
    return any(t in q["sql"] for q in queries for t in INHALT_MERKMALE)


def _seite(client, sb) -> tuple[str, bool]:
    """(page, whether the Steckbrief's content was read from the database)."""
    with CaptureQueriesContext(connection) as abfragen:
        antwort = client.get(_url(sb))
    assert antwort.status_code == 200
    return antwort.content.decode(), _inhalt_gelesen(abfragen.captured_queries)


def _panel(client, sb) -> str:
    html, _ = _seite(client, sb)
    return re.search(r'<dl class="bw-felder">.*?</dl>', html, re.S).group(0)


def _aufwaermen(client, sb) -> str:
    """Render the panel into the cache and check that the next page takes it from there."""
    _seite(client, sb)
    html, gelesen = _seite(client, sb)
    assert not gelesen, "the second page must take the panel from the cache"
    return html


def _ohne_csrf(html: str) -> str:
    # The CSRF token is masked anew for every response; nothing else may differ.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# --- same page, fewer queries --------------------------------------------------------------


def test_page_is_the_same_with_and_without_the_cache(client, settings, prueferin, sb, mit_cache):
    settings.BEWERTUNG_PANEL_CACHEN = False
    ohne, gelesen = _seite(client, sb)
    assert gelesen
    settings.BEWERTUNG_PANEL_CACHEN = True
    kalt, gelesen = _seite(client, sb)
    assert gelesen
    warm, gelesen = _seite(client, sb)
    assert not gelesen
    assert _ohne_csrf(kalt) == _ohne_csrf(ohne)
    assert _ohne_csrf(warm) == _ohne_csrf(ohne)
    assert "Partner vorher" in warm and "Ziele vorher" in warm and "Baubeginn" in warm


@pytest.fixture(params=[1, 200], ids=["1", "200"])
def steckbriefe(request):
    return viele(request.param)


@pytest.mark.parametrize("rolle", ["gs", "wf_chemnitz", "wf_zwickau"])
@pytest.mark.usefixtures("ohne_abschnitte", "mit_cache")
def test_query_count_cold_and_warm(
    client, request, steckbriefe, rolle, django_assert_max_num_queries
):
    """Cold: as without the cache (the content read on demand); warm: the seven queries of
    the content less. The cache's own reads are no database queries."""
    client.force_login(request.getfixturevalue(rolle))
    sb = steckbriefe[-1]
    with django_assert_max_num_queries(BEWERTEN_MAX[rolle]):
        kalt = client.get(_url(sb))
    with django_assert_max_num_queries(BEWERTEN_MAX[rolle] - INHALT_ABFRAGEN):
        warm = client.get(_url(sb))
    assert kalt.status_code == warm.status_code == 200
    assert _ohne_csrf(kalt.content.decode()) == _ohne_csrf(warm.content.decode())
    assert sb.titel in warm.content.decode()


def test_hostile_text_is_escaped_cold_and_warm(client, prueferin, sb, mit_cache):
    Steckbrief.objects.filter(pk=sb.pk).update(ziele='<script>alert("z")</script>')
    Partner.objects.create(steckbrief=sb, name="<img src=x onerror=alert(1)>", reihenfolge=2)
    Organisation.objects.filter(pk=sb.organisation_id).update(name="<b>Org</b>")
    for _ in range(2):
        panel = _panel(client, sb)
        assert "<script>" not in panel and "<img" not in panel and "<b>" not in panel
        assert "&lt;script&gt;alert(&quot;z&quot;)&lt;/script&gt;" in panel
        assert "&lt;img src=x onerror=alert(1)&gt;" in panel
        assert "&lt;b&gt;Org&lt;/b&gt;" in panel


def test_without_a_reachable_cache_the_panel_is_rendered_every_time(
    client, settings, prueferin, sb
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.BEWERTUNG_PANEL_CACHEN = True
    _, gelesen = _seite(client, sb)
    assert gelesen
    Partner.objects.filter(steckbrief=sb).update(name="Partner nachher")
    html, gelesen = _seite(client, sb)
    assert gelesen and "Partner nachher" in html


# --- every write shows on the next page ---------------------------------------------------


def test_submitters_form_save_after_a_rueckfrage(client, wf_zwickau, sb, mit_cache):
    """The portal form (entwuerfe.entwurf_speichern: conditional UPDATE of the revision,
    the row, the lists, partners and milestones)."""
    client.force_login(wf_zwickau)
    _aufwaermen(client, sb)
    services.rueckfrage_stellen(sb, wf_zwickau, "Welche Partner genau?")
    einreichend = mitglied(sb.organisation, is_staff=False)
    client.force_login(einreichend)
    url = reverse("steckbriefe:bearbeiten", args=[sb.pk])
    antwort = client.get(url)
    assert antwort.status_code == 200
    daten = formular_daten(
        antwort.content.decode(),
        **{"partner-0-name": "Stadtwerke Neu", "org-ort": "Neustadt", "ziele": "Ziele neu"},
    )
    zd = Zieldimension.objects.exclude(code="HF1.1").filter(handlungsfeld__code="HF1").first()
    daten["zieldimensionen"] = [*daten.get("zieldimensionen", []), str(zd.pk)]
    antwort = client.post(url, {**daten, "aktion": "speichern"})
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    assert sb.partner.filter(name="Stadtwerke Neu").exists()
    client.force_login(wf_zwickau)
    panel = _panel(client, sb)
    assert "Stadtwerke Neu" in panel and "Partner vorher" not in panel
    assert zd.name in panel and "Neustadt" in panel and "Ziele neu" in panel


def test_the_admin_does_not_edit_the_content(client, gs, sb, mit_cache):
    """The Steckbrief, its partners and milestones and the catalogue are read-only in the
    admin (kern.verwaltung.NurLesen): no write path to invalidate there. Should that
    change, the admin's saves go through the signals and the row hash like the form's."""
    client.force_login(gs)
    _aufwaermen(client, sb)
    url = reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk])
    daten, _ = formular(client.get(url).content.decode(), "steckbrief_form")
    assert client.post(url, {**daten, "ziele": "Ziele der Geschäftsstelle"}).status_code == 403
    zd = sb.zieldimensionen.get()
    url = reverse("admin:handlungsfelder_zieldimension_change", args=[zd.pk])
    assert client.post(url, {"name": "Umbenannt"}).status_code == 403
    panel = _panel(client, sb)
    assert "Ziele vorher" in panel and zd.name in panel


def test_art_17_deletion_of_the_contact_person(client, prueferin, sb, mit_cache):
    """The DSGVO deletion empties the contact fields by queryset.update (no signal)."""
    person = mitglied(sb.organisation, email="erika@example.org", is_staff=False)
    mitglied(sb.organisation, email="kollege@example.org", is_staff=False)
    vorher = _aufwaermen(client, sb)
    assert "erika@example.org" in vorher
    konten_services.konto_loeschen(person)
    panel = _panel(client, sb)
    assert "erika@example.org" not in panel and "Erika Muster" not in panel


def test_row_updated_without_revision_or_signal(client, prueferin, sb, mit_cache):
    """A data migration or a queryset.update that bumps neither revision nor geaendert."""
    _aufwaermen(client, sb)
    Steckbrief.objects.filter(pk=sb.pk).update(ziele="Ziele nachher")
    assert "Ziele nachher" in _panel(client, sb)


def test_list_changed_alone(client, prueferin, sb, mit_cache):
    _aufwaermen(client, sb)
    zd = Zieldimension.objects.exclude(code="HF1.1").first()
    sb.zieldimensionen.add(zd)
    assert zd.name in _panel(client, sb)
    _aufwaermen(client, sb)
    zd.steckbrief_set.remove(sb)  # from the catalogue's side
    assert zd.name not in _panel(client, sb)
    _aufwaermen(client, sb)
    weitere = Gebietskoerperschaft.objects.exclude(ags=ZWICKAU).first()
    weitere.steckbriefe.add(sb)
    assert weitere.name in _panel(client, sb)


def test_partner_and_milestone_rows_changed_alone(client, prueferin, sb, mit_cache):
    _aufwaermen(client, sb)
    partner = sb.partner.get()
    partner.name = "Partner nachher"
    partner.save()
    assert "Partner nachher" in _panel(client, sb)
    _aufwaermen(client, sb)
    partner.delete()
    assert "Partner nachher" not in _panel(client, sb)
    _aufwaermen(client, sb)
    Meilenstein.objects.create(steckbrief=sb, bezeichnung="Inbetriebnahme", termin="2028-03-01")
    assert "03/2028: Inbetriebnahme" in _panel(client, sb)


def test_writer_without_signals_renews_the_token(client, prueferin, sb, mit_cache):
    """bulk writes of related rows send no signals: the writer says so."""
    _aufwaermen(client, sb)
    Partner.objects.filter(steckbrief=sb).update(name="Partner in Masse")
    panel_cache.steckbrief_geaendert(sb.pk)
    assert "Partner in Masse" in _panel(client, sb)


def test_organisation_edited(client, prueferin, sb, mit_cache):
    _aufwaermen(client, sb)
    org = sb.organisation
    org.name = "Neuer Name e. V."
    org.save()
    assert "Neuer Name e. V." in _panel(client, sb)
    _aufwaermen(client, sb)
    Organisation.objects.filter(pk=org.pk).update(strasse="Neue Straße 5", plz="09111")
    assert "Neue Straße 5, 09111" in _panel(client, sb)


def test_catalogue_labels_edited(client, prueferin, sb, mit_cache):
    _aufwaermen(client, sb)
    zd = sb.zieldimensionen.get()
    zd.name = "Umbenannte Zieldimension"
    zd.save()
    assert "Umbenannte Zieldimension" in _panel(client, sb)
    _aufwaermen(client, sb)
    hf = Handlungsfeld.objects.get(pk=sb.handlungsfeld_id)
    hf.name = "Umbenanntes Handlungsfeld"
    hf.save()
    assert "Umbenanntes Handlungsfeld" in _panel(client, sb)
    _aufwaermen(client, sb)
    gk = sb.gebietskoerperschaften.get()
    gk.name = "Landkreis Umbenannt"
    gk.save()
    assert "Landkreis Umbenannt" in _panel(client, sb)


def test_data_migration_of_the_catalogue(client, prueferin, sb, mit_cache):
    """A data migration writes without model signals; `migrate` ends with post_migrate."""
    _aufwaermen(client, sb)
    Zieldimension.objects.filter(pk=sb.zieldimensionen.get().pk).update(name="Migriert")
    assert "Migriert" not in _panel(client, sb)  # (what the post_migrate receiver is for)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert "Migriert" in _panel(client, sb)


def test_evicted_token_misses(client, prueferin, sb, mit_cache):
    _aufwaermen(client, sb)
    cache.delete(panel_cache._token_schluessel(sb.pk))
    _, gelesen = _seite(client, sb)
    assert gelesen


def test_token_is_renewed_again_after_the_commit(sb, mit_cache, django_capture_on_commit_callbacks):
    """A page rendered between the write and its commit read the old rows under the token
    set by the write: the commit must renew it once more."""
    schluessel = panel_cache._token_schluessel(sb.pk)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            Meilenstein.objects.create(steckbrief=sb, bezeichnung="X", termin="2028-01-01")
            waehrend = cache.get(schluessel)
            assert waehrend is not None
    assert cache.get(schluessel) not in (None, waehrend)
