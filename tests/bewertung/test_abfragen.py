"""Query counts of the Steckbrief changelist, the scoring page and the ranking: the same
bound with 1 and with 200 Steckbriefe (no query per row)."""

import pytest
from django.urls import reverse

from bewertung.aggregation import punkte_aktualisieren
from bewertung.models import Bewertung, Einzelbewertung, Kriterienkatalog, Zuweisung
from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld
from steckbriefe.models import AuditEintrag, Meilenstein, Partner, Status, Steckbrief
from tests.factories import OrganisationFactory

from .conftest import CHEMNITZ, ZWICKAU

pytestmark = pytest.mark.django_db

# Pinned bounds (same for 1 and 200 Steckbriefe).
LISTE_MAX = 11
BEWERTEN_MAX = 31
RANGLISTE_MAX = 15
EXPORT_MAX = 11


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
    with django_assert_max_num_queries(LISTE_MAX):
        antwort = client.get(reverse("admin:steckbriefe_steckbrief_changelist"))
    assert antwort.status_code == 200
    assert antwort.context["cl"].result_count == len(steckbriefe)


@pytest.mark.parametrize("rolle", ["gs", "wf_chemnitz", "wf_zwickau"])
def test_scoring_page(client, request, steckbriefe, rolle, django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(rolle))
    sb = steckbriefe[-1]
    url = reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])
    with django_assert_max_num_queries(BEWERTEN_MAX):
        antwort = client.get(url)
    assert antwort.status_code == 200
    assert sb.titel in antwort.content.decode()


def test_ranking(client, gs, steckbriefe, django_assert_max_num_queries):
    client.force_login(gs)
    with django_assert_max_num_queries(RANGLISTE_MAX):
        antwort = client.get(reverse("admin:bewertung_rangliste_changelist"))
    assert antwort.status_code == 200
    assert antwort.context["seite"].paginator.count == len(steckbriefe)
    assert len(antwort.context["seite"].object_list) == min(50, len(steckbriefe))
    assert antwort.context["seite"].object_list[0].anzahl_bewertungen == 1


def test_ranking_export(client, gs, steckbriefe, django_assert_max_num_queries):
    client.force_login(gs)
    with django_assert_max_num_queries(EXPORT_MAX):
        antwort = client.get(reverse("admin:bewertung_rangliste_changelist"), {"export": "xlsx"})
    assert antwort.status_code == 200
