"""Query counts of the Steckbrief changelist in the admin with filters and search (the
unfiltered list is pinned in tests/bewertung/test_abfragen.py): the same bound with 1 and
with 60 Steckbriefe (more than one page), for the Geschäftsstelle and a
Wirtschaftsförderung."""

import pytest
from django.urls import reverse

from bewertung.models import Bewertung, Kriterienkatalog, Zuweisung
from handlungsfelder.models import Gebietskoerperschaft, Handlungsfeld
from steckbriefe.models import Status, Steckbrief
from tests.factories import OrganisationFactory, geschaeftsstelle, wirtschaftsfoerderung

pytestmark = pytest.mark.django_db

CHEMNITZ, ZWICKAU = "14511", "14524"

# Pinned count (the same for 1 and 60 Steckbriefe): session, user, permissions (2), roles,
# the two filter lists (Handlungsfelder, Gebietskörperschaften), the filtered count, the
# page with its progress annotations, the Standorte of the page.
GEFILTERT = 10


def viele(n: int) -> list[Steckbrief]:
    """n Steckbriefe in Bewertung (HF1, Chemnitz and Zwickau), their Zuweisungen and a
    finalised Bewertung of Chemnitz for every other one, in bulk; plus drafts elsewhere
    that no filter below selects."""
    org = OrganisationFactory()
    hf1, hf2 = Handlungsfeld.objects.order_by("code")[:2]
    ch = Gebietskoerperschaft.objects.get(ags=CHEMNITZ)
    zw = Gebietskoerperschaft.objects.get(ags=ZWICKAU)
    steckbriefe = Steckbrief.objects.bulk_create(
        Steckbrief(
            organisation=org,
            titel=f"Vorhaben {i:03d}",
            status=Status.IN_BEWERTUNG,
            handlungsfeld=hf1,
        )
        for i in range(n)
    )
    Steckbrief.objects.bulk_create(
        Steckbrief(organisation=org, titel=f"Entwurf {i}", handlungsfeld=hf2) for i in range(5)
    )
    durch = Steckbrief.gebietskoerperschaften.through
    durch.objects.bulk_create(
        durch(steckbrief=sb, gebietskoerperschaft=g) for sb in steckbriefe for g in (ch, zw)
    )
    zuweisungen = Zuweisung.objects.bulk_create(
        Zuweisung(steckbrief=sb, gebietskoerperschaft=g) for sb in steckbriefe for g in (ch, zw)
    )
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    Bewertung.objects.bulk_create(
        Bewertung(zuweisung=z, katalog=katalog, status="abgeschlossen")
        for i, z in enumerate(zuweisungen)
        if z.gebietskoerperschaft_id == ch.pk and i % 4 == 0
    )
    return steckbriefe


@pytest.fixture(params=[1, 60], ids=["1", "60"])
def steckbriefe(request):
    return viele(request.param)


def _filter(rolle: str) -> list[dict]:
    hf1 = Handlungsfeld.objects.order_by("code").first()
    ch = Gebietskoerperschaft.objects.get(ags=CHEMNITZ)
    filter_ = [{"status__exact": Status.IN_BEWERTUNG}]
    if rolle == "gs":
        filter_ += [
            {"status__exact": Status.IN_BEWERTUNG, "handlungsfeld__id__exact": hf1.pk},
            {"gebietskoerperschaften__id__exact": ch.pk, "q": "Vorhaben"},
        ]
    return filter_


@pytest.mark.parametrize("rolle", ["gs", "wf"])
def test_filtered_changelist_query_count(client, steckbriefe, rolle, django_assert_num_queries):
    nutzer = geschaeftsstelle() if rolle == "gs" else wirtschaftsfoerderung(CHEMNITZ)
    client.force_login(nutzer)
    url = reverse("admin:steckbriefe_steckbrief_changelist")
    for parameter in _filter(rolle):
        with django_assert_num_queries(GEFILTERT):
            antwort = client.get(url, parameter)
        assert antwort.status_code == 200, parameter
        cl = antwort.context["cl"]
        assert cl.result_count == len(steckbriefe), parameter
        assert len(cl.result_list) == min(50, len(steckbriefe))
        html = antwort.content.decode()
        assert html.count('class="action-select"') == min(50, len(steckbriefe))
        assert "Entwurf 0" not in html
