"""Query counts of the Steckbrief changelist, the scoring page and the ranking: the same
bound with 1 and with 200 Steckbriefe (no query per row)."""

import pytest
from django.urls import reverse

from bewertung import erweiterungen
from bewertung.aggregation import punkte_aktualisieren, rangliste
from bewertung.models import Bewertung, Einzelbewertung, Kriterienkatalog, Zuweisung
from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld
from steckbriefe.models import AuditEintrag, Meilenstein, Partner, Status, Steckbrief
from tests.factories import OrganisationFactory

from .conftest import CHEMNITZ, ZWICKAU, final_sb

pytestmark = pytest.mark.django_db

# Pinned bounds (same for 1 and 200 Steckbriefe), as measured.
LISTE_MAX = {"gs": 10, "wf_chemnitz": 10}
# Scoring page: the Geschäftsstelle (no form), Chemnitz (finalised: read-only, sees the
# others), Zwickau (draft: the form with its scale).
BEWERTEN_MAX = {"gs": 18, "wf_chemnitz": 19, "wf_zwickau": 20}
RANGLISTE_MAX = 12
EXPORT_MAX = 9


def viele(n: int) -> list[Steckbrief]:
    """n Steckbriefe in Bewertung in Zwickau and Chemnitz, each with two Bewertungen (one
    finalised, one draft), partners, a milestone and audit entries – in bulk."""
    org = OrganisationFactory()
    hf = Handlungsfeld.objects.get(code="HF1")
    zw, ch = (
        Gebietskoerperschaft.objects.get(ags=ZWICKAU),
        Gebietskoerperschaft.objects.get(ags=CHEMNITZ),
    )
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    kriterien = list(katalog.kriterien.all())
    steckbriefe = Steckbrief.objects.bulk_create(
        Steckbrief(
            organisation=org,
            titel=f"Vorhaben {i:03d}",
            status=Status.IN_BEWERTUNG,
            handlungsfeld=hf,
            vorhabenart="investition",
            gesamtvolumen=100000 + i,
            kernansatz="Text",
        )
        for i in range(n)
    )
    durch = Steckbrief.gebietskoerperschaften.through
    durch.objects.bulk_create(
        durch(steckbrief=sb, gebietskoerperschaft=g) for sb in steckbriefe for g in (zw, ch)
    )
    Partner.objects.bulk_create(Partner(steckbrief=sb, name="Partner") for sb in steckbriefe)
    Meilenstein.objects.bulk_create(
        Meilenstein(steckbrief=sb, bezeichnung="Start", termin="2027-01-01") for sb in steckbriefe
    )
    AuditEintrag.objects.bulk_create(
        AuditEintrag(steckbrief=sb, aktion="Zuweisung") for sb in steckbriefe
    )
    zuweisungen = Zuweisung.objects.bulk_create(
        Zuweisung(steckbrief=sb, gebietskoerperschaft=g) for sb in steckbriefe for g in (zw, ch)
    )
    bewertungen = Bewertung.objects.bulk_create(
        Bewertung(
            zuweisung=z,
            katalog=katalog,
            status="abgeschlossen" if z.gebietskoerperschaft_id == ch.pk else "entwurf",
            empfehlung="priorisieren",
        )
        for z in zuweisungen
    )
    Einzelbewertung.objects.bulk_create(
        Einzelbewertung(bewertung=b, kriterium=k, wert=(b.pk + k.pk) % 6, begruendung="x")
        for b in bewertungen
        for k in kriterien
    )
    punkte_aktualisieren(Bewertung.objects.all())
    return steckbriefe


@pytest.fixture(params=[1, 200], ids=["1", "200"])
def steckbriefe(request):
    return viele(request.param)


@pytest.mark.parametrize("rolle", ["gs", "wf_chemnitz"])
def test_steckbrief_changelist(client, request, steckbriefe, rolle, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(rolle))
    with django_assert_max_num_queries(LISTE_MAX[rolle]):
        antwort = client.get(reverse("admin:steckbriefe_steckbrief_changelist"))
    assert antwort.status_code == 200
    assert antwort.context["cl"].result_count == len(steckbriefe)


@pytest.fixture
def ohne_abschnitte(monkeypatch):
    """The scoring page's own queries: without the sections higher apps register
    (bewertung.erweiterungen; each brings its own queries and pins them itself)."""
    monkeypatch.setattr(erweiterungen, "_abschnitte", [])


@pytest.mark.parametrize("rolle", ["gs", "wf_chemnitz", "wf_zwickau"])
@pytest.mark.usefixtures("ohne_abschnitte")
def test_scoring_page(client, request, steckbriefe, rolle, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(rolle))
    sb = steckbriefe[-1]
    url = reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])
    with django_assert_max_num_queries(BEWERTEN_MAX[rolle]):
        antwort = client.get(url)
    assert antwort.status_code == 200
    assert sb.titel in antwort.content.decode()


@pytest.mark.parametrize("rolle", ["gs", "wf_zwickau"])
@pytest.mark.usefixtures("ohne_abschnitte")
def test_scoring_page_before_any_bewertung(
    client, request, steckbriefe, rolle, django_assert_max_num_queries
):
    """A Steckbrief nobody has scored yet (among many that are): the new Bewertung's
    catalogue is read with its criteria."""
    neu = final_sb(gebiete=(ZWICKAU,), status=Status.IN_BEWERTUNG, titel="Noch unbewertet")
    client.force_login(request.getfixturevalue(rolle))
    url = reverse("admin:steckbriefe_steckbrief_bewerten", args=[neu.pk])
    with django_assert_max_num_queries(BEWERTEN_MAX[rolle]):
        antwort = client.get(url)
    assert antwort.status_code == 200
    assert antwort.context["kriterien"]
    assert (antwort.context["form"] is not None) == (rolle == "wf_zwickau")


def test_ranking(client, gs, steckbriefe, django_assert_max_num_queries):
    client.force_login(gs)
    with django_assert_max_num_queries(RANGLISTE_MAX):
        antwort = client.get(reverse("admin:bewertung_rangliste_changelist"))
    assert antwort.status_code == 200
    assert antwort.context["seite"].paginator.count == len(steckbriefe)
    assert len(antwort.context["seite"].object_list) == min(50, len(steckbriefe))
    assert antwort.context["seite"].object_list[0].anzahl_bewertungen == 1


def test_ranking_page_shows_the_ranks_of_the_whole_selection(client, gs, steckbriefe):
    """Page 2 (or the last page) holds exactly those rows of the full ranking, with their
    rank among all of them (the page reads ranks and numbers in two queries)."""
    client.force_login(gs)
    antwort = client.get(reverse("admin:bewertung_rangliste_changelist"), {"p": 2})
    alle = [(z.pk, z.rang, z.mittelwert) for z in rangliste(Steckbrief.objects.all())]
    start = 50 if len(alle) > 50 else 0
    seite = [(z.pk, z.rang, z.mittelwert) for z in antwort.context["seite"].object_list]
    # With 200: ranks 1 (67 tied), 68, 135 – ranked within the page alone, the rows after
    # the ties would get 18 instead of 68.
    assert seite == alle[start : start + 50]


@pytest.mark.parametrize("p", ["999", "x", "0"])
def test_ranking_page_numbers_out_of_range(client, gs, steckbriefe, p):
    """As Paginator.get_page: past the end the last page, nonsense the first."""
    client.force_login(gs)
    seite = client.get(reverse("admin:bewertung_rangliste_changelist"), {"p": p}).context["seite"]
    letzte = (len(steckbriefe) - 1) // 50 + 1
    assert (seite.number, seite.paginator.num_pages) == (letzte if p == "999" else 1, letzte)
    alle = [z.pk for z in rangliste(Steckbrief.objects.all())]
    assert [z.pk for z in seite.object_list] == alle[(seite.number - 1) * 50 :][:50]


def test_ranking_page_without_rows(client, gs, steckbriefe):
    client.force_login(gs)
    antwort = client.get(reverse("admin:bewertung_rangliste_changelist"), {"q": "gibt es nicht"})
    assert antwort.context["seite"].paginator.count == 0
    assert list(antwort.context["seite"].object_list) == []


def test_ranking_export(client, gs, steckbriefe, django_assert_max_num_queries):
    client.force_login(gs)
    with django_assert_max_num_queries(EXPORT_MAX):
        antwort = client.get(reverse("admin:bewertung_rangliste_changelist"), {"export": "xlsx"})
    assert antwort.status_code == 200


def test_phase_is_read_once_per_page(django_assert_num_queries):
    """The scoring page asks several rules that each need the Bewertung phase."""
    from bewertung import regeln

    with regeln.phase_einmal_lesen(), django_assert_num_queries(1):
        assert regeln.bewertungsphase() == regeln.bewertungsphase()
    with django_assert_num_queries(2):
        regeln.bewertungsphase()
        regeln.bewertungsphase()


@pytest.mark.parametrize("rolle", ["gs", "wf_chemnitz", "wf_zwickau"])
def test_scoring_page_with_the_registered_sections(
    client, request, steckbriefe, rolle, django_assert_max_num_queries
):
    """With what higher apps register (the similar Steckbriefe of kooperation, neighbours
    stored) the page stays within its own count: the panel is loaded by the browser
    afterwards (kooperation.views.aehnliche pins its own queries)."""
    from kooperation import berechnung

    assert erweiterungen._abschnitte  # portfolio registered its panel
    berechnung.alle_neu_berechnen()
    client.force_login(request.getfixturevalue(rolle))
    sb = steckbriefe[-1]
    url = reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])
    with django_assert_max_num_queries(BEWERTEN_MAX[rolle]):
        antwort = client.get(url)
    assert antwort.status_code == 200
    assert "Ähnliche Vorhaben" in antwort.content.decode()
