"""Preview and confirmation before "Final einreichen" (issue 12): the page lists what will
be submitted and to whom; only the confirmed POST submits, and it locks the Steckbrief."""

import pytest
from django.core import mail

from steckbriefe.models import Status
from tests.factories import final_vollstaendig, mitglied

from .conftest import seite, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def fertig(sb, im_final):
    final_vollstaendig(sb)
    return sb


def test_the_form_leads_to_the_preview_which_lists_content_and_recipients(mc, fertig):
    daten = seite(mc, fertig)
    daten["aktion"] = ["final_einreichen"]
    response = mc.post(url("bearbeiten", fertig), daten, follow=True)
    assert response.redirect_chain == [(url("einreichen", fertig), 302)]
    html = response.content.decode()
    assert f"Steckbrief Nr. {fertig.pk}" in html
    assert "die Wirtschaftsförderung Landkreis Zwickau" in html
    assert "die Geschäftsstelle des Masterplans" in html
    assert fertig.titel in html and "Text für zusatzeffekt" in html  # the content
    assert "gesperrt" in html
    fertig.refresh_from_db()
    assert fertig.status == Status.ENTWURF and not mail.outbox


def test_without_confirmation_nothing_is_submitted(mc, fertig):
    response = mc.post(url("einreichen", fertig), {})
    assert response.status_code == 400
    assert "Bitte bestätigen Sie" in response.content.decode()
    fertig.refresh_from_db()
    assert fertig.status == Status.ENTWURF


def test_confirmed_it_is_submitted_and_locked(mc, fertig, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = mc.post(url("einreichen", fertig), {"bestaetigt": "ja"})
    assert response["Location"] == url("detail", fertig)
    fertig.refresh_from_db()
    assert fertig.status == Status.FINAL_EINGEREICHT
    assert any("Eingangsbestätigung" in m.subject for m in mail.outbox)
    # a second confirmation (a reload, another tab) does not submit again
    response = mc.post(url("einreichen", fertig), {"bestaetigt": "ja"})
    assert response.status_code == 302
    assert fertig.versionen.count() == 1


def test_missing_fields_are_listed_and_no_confirmation_offered(mc, sb, im_final):
    html = mc.get(url("einreichen", sb)).content.decode()
    assert "Es fehlen noch Pflichtangaben" in html
    assert 'name="bestaetigt"' not in html
    mc.post(url("einreichen", sb), {"bestaetigt": "ja"})
    sb.refresh_from_db()
    assert sb.status == Status.ENTWURF


def test_the_whole_region_goes_to_all_five(mc, fertig):
    fertig.gesamte_region = True
    fertig.save()
    from handlungsfelder.models import Gebietskoerperschaft

    html = mc.get(url("einreichen", fertig)).content.decode()
    namen = list(Gebietskoerperschaft.objects.values_list("name", flat=True))
    assert len(namen) == 5
    for name in namen:
        assert f"die Wirtschaftsförderung {name}" in html


def test_unsaved_input_is_not_submitted_and_says_so(mc, fertig):
    mc.post(url("autosave", fertig), {"revision": "1", "ziele": "Nur getippt"})
    html = mc.get(url("einreichen", fertig)).content.decode()
    assert "werden <strong>nicht</strong> eingereicht" in html


def test_only_members_and_only_in_the_final_phase(client, fertig, user, uhr):
    from .conftest import NACH_FINAL

    client.force_login(mitglied())  # another organisation
    assert client.get(url("einreichen", fertig)).status_code == 404
    assert client.post(url("einreichen", fertig), {"bestaetigt": "ja"}).status_code == 404
    uhr(NACH_FINAL)
    client.force_login(user)
    response = client.post(url("einreichen", fertig), {"bestaetigt": "ja"})
    assert response["Location"] == url("detail", fertig)
    fertig.refresh_from_db()
    assert fertig.status == Status.ENTWURF


@pytest.mark.parametrize("anzahl", [1, 30])
def test_query_count_of_the_preview(mc, fertig, anzahl, django_assert_max_num_queries):
    from steckbriefe.models import Partner

    Partner.objects.bulk_create(
        Partner(steckbrief=fertig, name=f"Partner {i}", zusage="angefragt") for i in range(anzahl)
    )
    with django_assert_max_num_queries(20):
        response = mc.get(url("einreichen", fertig))
    assert response.status_code == 200
