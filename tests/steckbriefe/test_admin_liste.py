"""The rows of the Steckbrief changelist rendered by SteckbriefAdmin.listen_zeilen are
exactly the markup Django's items_for_result renders for the same rows (every column, for
the Geschäftsstelle and a Wirtschaftsförderung, with preserved filters, escaping, empty
values), and the page loads only the list's columns."""

import pytest
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bewertung.models import Bewertung, Kriterienkatalog, Zuweisung
from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld
from steckbriefe.models import Entscheidung, Status, Steckbrief
from tests.factories import OrganisationFactory, geschaeftsstelle, wirtschaftsfoerderung

pytestmark = pytest.mark.django_db

CHEMNITZ, ZWICKAU = "14511", "14524"
LISTE = reverse("admin:steckbriefe_steckbrief_changelist")


@pytest.fixture
def steckbriefe():
    """Steckbriefe covering every branch of every column: with and without Handlungsfeld,
    the whole region or some Gebietskörperschaften or none, a decision or none, titles and
    names that need escaping, and Zuweisungen to Chemnitz open, started, finalised and
    befangen."""
    org = OrganisationFactory(name='Verein "A & B" <e.V.>')
    hf = Handlungsfeld.objects.order_by("code").first()
    ch = Gebietskoerperschaft.objects.get(ags=CHEMNITZ)
    zw = Gebietskoerperschaft.objects.get(ags=ZWICKAU)
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    daten = [
        ("<script>alert(1)</script> & Co", hf, [zw, ch], False, "", "abgeschlossen"),
        ("", None, [ch], False, Entscheidung.PRIORISIERT, None),
        ("Region", hf, [], True, Entscheidung.NICHT_BERUECKSICHTIGT, "entwurf"),
        ("Ohne Standort", hf, [], False, "", "befangen"),
        ("Nicht zugewiesen", None, [ch], False, "", "keine"),
    ]
    ergebnis = []
    for titel, feld, gebiete, region, entscheidung, bewertung in daten:
        sb = Steckbrief.objects.create(
            organisation=org,
            titel=titel,
            status=Status.IN_BEWERTUNG,
            handlungsfeld=feld,
            gesamte_region=region,
            entscheidung=entscheidung,
        )
        sb.gebietskoerperschaften.set(gebiete)
        if bewertung != "keine":
            z = Zuweisung.objects.create(steckbrief=sb, gebietskoerperschaft=ch)
            if bewertung == "befangen":
                z.befangen_am = timezone.now()
                z.befangen_grund = "Eigenes Vorhaben"
                z.save()
            elif bewertung:
                Bewertung.objects.create(zuweisung=z, katalog=katalog, status=bewertung)
        ergebnis.append(sb)
    return ergebnis


def _zeilen_wie_django(cl) -> list[str]:
    return ["".join(items_for_result(cl, obj, None)) for obj in cl.result_list]


@pytest.mark.parametrize("rolle", ["gs", "wf"])
@pytest.mark.parametrize("parameter", [{}, {"status__exact": Status.IN_BEWERTUNG, "o": "1"}])
def test_rows_are_the_markup_of_django(client, steckbriefe, rolle, parameter):
    nutzer = geschaeftsstelle() if rolle == "gs" else wirtschaftsfoerderung(CHEMNITZ)
    client.force_login(nutzer)
    antwort = client.get(LISTE, parameter)
    assert antwort.status_code == 200
    cl = antwort.context["cl"]
    assert len(cl.result_list) == len(steckbriefe)
    erwartet = _zeilen_wie_django(cl)
    assert cl.model_admin.listen_zeilen(cl) == erwartet
    html = antwort.content.decode()
    for zeile in erwartet:
        assert f"<tr>{zeile}</tr>" in html
    # spot checks of what the rows must say, independent of either renderer
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>alert(1)" not in html
    assert "Verein &quot;A &amp; B&quot; &lt;e.V.&gt;" in html
    assert '<td class="field-standort">Gesamte Region</td>' in html
    assert '<td class="field-standort">Stadt Chemnitz, Landkreis Zwickau</td>' in html
    assert '<td class="field-standort">–</td>' in html
    assert '<td class="field-entscheidung">-</td>' in html
    assert '<td class="field-entscheidung">nicht berücksichtigt</td>' in html
    if parameter:
        assert "_changelist_filters=status__exact%3Din_bewertung%26o%3D1" in html
    if rolle == "wf":
        assert 'class="field-meine_bewertung">befangen<' in html
        for text in ("nicht zugewiesen", Bewertung.Status.ABGESCHLOSSEN.label):
            assert f'class="field-meine_bewertung">{text}<' in html
        assert html.count(">Bewerten</a>") == 3 and html.count(">Ansehen</a>") == 2
    else:
        assert "field-meine_bewertung" not in html


def test_page_loads_only_the_columns_of_the_list(client, steckbriefe):
    client.force_login(geschaeftsstelle())
    cl = client.get(LISTE).context["cl"]
    geladen = cl.result_list[0].get_deferred_fields()
    assert {"ziele", "kurzbeschreibung", "ausgangssituation"} <= geladen
    assert "titel" not in geladen and "status" not in geladen


def test_actions_get_the_whole_steckbrief(client, steckbriefe):
    """Actions (export of the selection, decisions) get ChangeList.get_queryset: every
    field loaded, the deferred loading of the page's rows does not reach them."""
    client.force_login(geschaeftsstelle())
    sb = steckbriefe[0]
    Steckbrief.objects.filter(pk=sb.pk).update(ziele="Ziele für den Export")
    antwort = client.get(LISTE)
    cl = antwort.context["cl"]
    assert cl.result_list[0].get_deferred_fields()  # the page itself is deferred
    auswahl = cl.get_queryset(antwort.wsgi_request).get(pk=sb.pk)
    assert auswahl.get_deferred_fields() == set()
    with CaptureQueriesContext(connection) as abfragen:
        assert auswahl.ziele == "Ziele für den Export"
    assert not abfragen.captured_queries
