"""The small defects of issue 12, item 8 (server side; the layout at 1280 and 390 px is
checked in the browser, tests/browser/test_einreichen_ux.py)."""

import datetime

import pytest
from django.urls import reverse

from steckbriefe.models import Status, Steckbrief
from tests.factories import final_vollstaendig, geschaeftsstelle, wirtschaftsfoerderung

from .conftest import IM_FINAL, NACH_FINAL, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("wer", "titel"),
    [
        (geschaeftsstelle, "Rückfrage der Geschäftsstelle vom"),
        (
            lambda: wirtschaftsfoerderung("14524"),
            "Rückfrage der Wirtschaftsförderung Landkreis Zwickau vom",
        ),
    ],
    ids=["geschaeftsstelle", "wirtschaftsfoerderung"],
)
def test_the_rueckfrage_says_who_asked(mc, sb, user, uhr, wer, titel):
    from bewertung import services as bw_services
    from steckbriefe import services

    uhr(IM_FINAL)
    final_vollstaendig(sb)
    services.final_einreichen(sb, user)
    uhr(NACH_FINAL)  # the Bewertungsphase
    bw_services.rueckfrage_stellen(sb, wer(), "Bitte Kosten aufschlüsseln.")
    mc.force_login(user)
    for seite in ("detail", "bearbeiten"):
        html = mc.get(url(seite, sb)).content.decode()
        assert titel in html, seite
        if "Geschäftsstelle" in titel:
            assert "Rückfrage der Wirtschaftsförderung" not in html


def test_a_past_deadline_says_abgelaufen(mc, sb, user, uhr):
    """A vorläufig submitted Steckbrief after the final deadline: its page shows the
    deadline with "(abgelaufen)", and the refused form of a new one shows no stale date."""
    from steckbriefe import services

    uhr(datetime.datetime(2026, 2, 15, 10, tzinfo=datetime.UTC))
    services.vorlaeufig_einreichen(sb, user)
    uhr(NACH_FINAL)
    mc.force_login(user)
    html = mc.get(url("detail", sb)).content.decode()
    assert "Frist: <strong>31.08.2026</strong> (abgelaufen)" in html
    html = mc.post(url("neu"), {"titel": "Zu spät", "aktion": "speichern"}).content.decode()
    assert "Frist: <strong>31.08.2026</strong>." not in html
    assert Steckbrief.objects.filter(status=Status.ENTWURF).count() == 0


def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get(reverse("start")).content.decode()
    assert 'rel="icon"' in html and "favicon.ico" in html


def test_the_steckbrief_number_is_on_every_page_of_it(mc, sb, user, im_final):
    from steckbriefe.models import SteckbriefVersion
    from steckbriefe.versionen import momentaufnahme

    for nummer in (1, 2):
        SteckbriefVersion.objects.create(steckbrief=sb, nummer=nummer, daten=momentaufnahme(sb))
    seiten = [
        url("detail", sb),
        url("bearbeiten", sb),
        url("druck", sb),
        url("versionen", sb),
        url("vergleich", sb, alt=1, neu=2),
        url("zurueckziehen", sb),
        url("einreichen", sb),
        url("dashboard"),
    ]
    for adresse in seiten:
        html = mc.get(adresse).content.decode()
        assert f"Nr. {sb.pk}" in html, adresse


def test_after_the_final_submission_the_dashboard_says_what_happens_next(mc, sb, user, uhr):
    from steckbriefe import services

    uhr(IM_FINAL)
    final_vollstaendig(sb)
    services.final_einreichen(sb, user)
    mc.force_login(user)
    for adresse in (url("dashboard"), url("detail", sb)):
        html = mc.get(adresse).content.decode()
        assert (
            "Die Wirtschaftsförderungen bewerten ihn in der Bewertungsphase vom 01.09.2026 bis "
            "31.12.2026" in html
        ), adresse
        assert "über die Entscheidung informieren wir Sie per E-Mail" in html
