"""Every Steckbrief page with its permissions: own Organisation 200, another one 404,
anonymous → login; reviewers and the Geschäftsstelle on the read-only pages."""

import pytest
from django.core.files.base import ContentFile

from steckbriefe import services
from steckbriefe.models import Anlage
from tests.factories import final_vollstaendig, geschaeftsstelle, mitglied, wirtschaftsfoerderung

from .conftest import IM_FINAL, IM_VORLAEUFIG, url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def eingereicht(sb, user, uhr):
    """sb with two versions (vorläufig, final) and one attachment."""
    uhr(IM_VORLAEUFIG)
    services.vorlaeufig_einreichen(sb, user)
    uhr(IM_FINAL)
    services.finalisierung_beginnen(sb, user)
    final_vollstaendig(sb)
    services.final_einreichen(sb, user)
    anlage = Anlage(
        steckbrief=sb, name="plan.pdf", groesse=len(PDF), content_type="application/pdf"
    )
    anlage.datei.save("x", ContentFile(PDF), save=False)
    anlage.save()
    sb.refresh_from_db()
    sb.anlage = anlage
    return sb


def lese_urls(sb):
    return [
        url("detail", sb),
        url("druck", sb),
        url("versionen", sb),
        url("vergleich", sb, alt=1, neu=2),
        url("anlage", sb, anlage_pk=sb.anlage.pk),
    ]


def mitglieder_urls(sb):
    return [url("bearbeiten", sb), url("zurueckziehen", sb)]


def test_member_reads_every_page(client, eingereicht, user):
    client.force_login(user)
    for adresse in lese_urls(eingereicht) + mitglieder_urls(eingereicht):
        assert client.get(adresse).status_code in {200, 302}, adresse
    assert client.get(url("detail", eingereicht)).status_code == 200
    assert client.get(url("zurueckziehen", eingereicht)).status_code == 200
    # final submitted: the form redirects to the read-only view
    response = client.get(url("bearbeiten", eingereicht))
    assert response.status_code == 302
    assert response["Location"] == url("detail", eingereicht)


def test_other_organisation_gets_404_everywhere(client, eingereicht):
    client.force_login(mitglied())
    for adresse in lese_urls(eingereicht) + mitglieder_urls(eingereicht):
        assert client.get(adresse).status_code == 404, adresse
    for adresse in [
        url("bearbeiten", eingereicht),
        url("finalisieren", eingereicht),
        url("zurueckziehen", eingereicht),
        url("autosave_verwerfen", eingereicht),
    ]:
        assert client.post(adresse, {"titel": "Übernommen"}).status_code == 404, adresse
    response = client.post(url("autosave", eingereicht), {"titel": "x"})
    assert response.status_code == 404
    assert response.json()["status"] == "fehler"
    eingereicht.refresh_from_db()
    assert eingereicht.titel != "Übernommen"


def test_anonymous_is_sent_to_login(client, eingereicht):
    for adresse in (
        [url("dashboard"), url("neu")] + lese_urls(eingereicht) + mitglieder_urls(eingereicht)
    ):
        response = client.get(adresse)
        assert response.status_code == 302, adresse
        assert response["Location"].startswith("/konto/login/"), adresse
    response = client.post(url("autosave", eingereicht), {"titel": "x"})
    assert response.status_code == 401
    assert "Sitzung ist abgelaufen" in response.json()["meldung"]


@pytest.mark.parametrize("rolle", ["geschaeftsstelle", "wf_zwickau"])
def test_reviewers_read_but_do_not_edit(client, eingereicht, rolle):
    user = geschaeftsstelle() if rolle == "geschaeftsstelle" else wirtschaftsfoerderung("14524")
    client.force_login(user)
    for adresse in lese_urls(eingereicht):
        assert client.get(adresse).status_code == 200, adresse
    assert client.get(url("bearbeiten", eingereicht)).status_code in {302, 404}
    assert client.post(url("bearbeiten", eingereicht), {"titel": "x"}).status_code in {302, 404}
    eingereicht.refresh_from_db()
    assert eingereicht.titel != "x"


def test_reviewer_of_another_area_gets_404(client, eingereicht):
    client.force_login(wirtschaftsfoerderung("14523"))
    for adresse in lese_urls(eingereicht):
        assert client.get(adresse).status_code == 404, adresse


def test_staff_without_organisation_is_sent_to_the_admin(client):
    client.force_login(geschaeftsstelle())
    response = client.get(url("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_dashboard_lists_only_the_own_organisation(client, sb, user, im_final):
    fremd = mitglied()
    from tests.factories import SteckbriefFactory

    anderer = SteckbriefFactory(organisation=fremd.mitgliedschaft.organisation, titel="Fremd")
    client.force_login(user)
    html = client.get(url("dashboard")).content.decode()
    assert sb.titel in html
    assert anderer.titel not in html
