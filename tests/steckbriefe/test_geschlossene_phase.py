"""One rule for drafts (issue 12, item 2): a Steckbrief is created and edited only while a
submission phase accepts drafts. The dashboard, the form, "Entwurf speichern" and the
autosave give the same answer, each once, whatever the order of events."""

import datetime

import pytest

from steckbriefe.models import Autosave, Steckbrief

from .conftest import IM_FINAL, NACH_FINAL, seite, url

pytestmark = pytest.mark.django_db

VOR_START = datetime.datetime(2025, 12, 1, 10, tzinfo=datetime.UTC)
NACH_FRIST = "Neue Steckbriefe können nicht mehr angelegt werden"
VOR_BEGINN = "Neue Steckbriefe können erst ab dem 01.01.2026 angelegt werden"


@pytest.mark.parametrize(
    ("moment", "grund"), [(NACH_FINAL, NACH_FRIST), (VOR_START, VOR_BEGINN)], ids=["nach", "vor"]
)
def test_the_dashboard_offers_no_new_steckbrief_and_says_why(mc, uhr, moment, grund):
    uhr(moment)
    html = mc.get(url("dashboard")).content.decode()
    assert url("neu") not in html
    assert html.count(grund) == 1
    assert "jederzeit" not in html


def test_the_dashboard_offers_a_new_steckbrief_in_a_phase(mc, im_final):
    html = mc.get(url("dashboard")).content.decode()
    assert f'href="{url("neu")}"' in html
    assert "neu-hindernis" not in html


def _autosave_neu(mc, token="t" * 32):
    return mc.post(url("autosave_neu"), {"titel": "Spät dran", "entwurf_token": token})


def _speichern_neu(mc, token="t" * 32):
    return mc.post(
        url("neu"), {"titel": "Spät dran", "entwurf_token": token, "aktion": "speichern"}
    )


def _pruefe_formular(response, grund):
    assert response.status_code == 403
    html = response.content.decode()
    assert html.count(grund) == 1  # once, not as a message and an alert and a footnote
    assert "jederzeit" not in html and "zwischengespeichert (nur für Sie)" not in html
    assert 'value="Spät dran"' in html  # the input stays on the page


@pytest.mark.parametrize("moment", [NACH_FINAL, VOR_START], ids=["nach", "vor"])
def test_new_form_autosave_then_save(mc, sb, uhr, moment):
    uhr(moment)
    antwort = _autosave_neu(mc)
    assert antwort.status_code == 403 and antwort.json()["status"] == "abgelehnt"
    grund = antwort.json()["meldung"].split(" Ihre Eingaben")[0]
    _pruefe_formular(_speichern_neu(mc), grund)
    assert list(Steckbrief.objects.values_list("pk", flat=True)) == [sb.pk]


@pytest.mark.parametrize("moment", [NACH_FINAL, VOR_START], ids=["nach", "vor"])
def test_new_form_save_then_autosave(mc, sb, uhr, moment):
    uhr(moment)
    response = _speichern_neu(mc)
    grund = NACH_FRIST if moment == NACH_FINAL else VOR_BEGINN
    _pruefe_formular(response, grund)
    antwort = _autosave_neu(mc)
    assert antwort.status_code == 403 and grund in antwort.json()["meldung"]
    assert list(Steckbrief.objects.values_list("pk", flat=True)) == [sb.pk]


def _grund_beim_bearbeiten(moment) -> str:
    if moment == NACH_FINAL:
        return "Die Frist für finale Steckbriefe ist am 31.08.2026 abgelaufen."
    return "Zurzeit läuft keine Einreichungsphase. Steckbriefe können ab dem 01.01.2027"


@pytest.fixture
def offenes_formular(mc, sb, uhr):
    """The form of sb, loaded while the final phase ran; then the phase closed. The
    second case: the next phases of a new round are planned, none runs yet."""

    def oeffnen(moment):
        uhr(IM_FINAL)
        daten = seite(mc, sb, ziele="Nach Fristende getippt")
        if moment != NACH_FINAL:
            from handlungsfelder.models import Prozessphase

            for code, beginn in (("vorlaeufig", (2027, 1, 1)), ("final", (2027, 4, 1))):
                Prozessphase.objects.filter(code=code).update(
                    beginn=datetime.date(*beginn), ende=datetime.date(beginn[0], beginn[1] + 2, 28)
                )
        uhr(moment)
        return daten

    return oeffnen


@pytest.mark.parametrize(
    "moment", [NACH_FINAL, datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)]
)
def test_draft_autosave_then_save(mc, sb, user, offenes_formular, moment):
    daten = offenes_formular(moment)
    grund = _grund_beim_bearbeiten(moment)
    antwort = mc.post(url("autosave", sb), daten)
    assert antwort.status_code == 423 and grund in antwort.json()["meldung"]
    response = mc.post(url("bearbeiten", sb), daten, follow=True)
    assert response.redirect_chain == [(url("detail", sb), 302)]
    html = response.content.decode()
    assert html.count(grund) == 1
    assert "Nach Fristende getippt" in html
    sb.refresh_from_db()
    assert sb.ziele == ""
    assert Autosave.objects.get(steckbrief=sb, user=user).daten["ziele"] == [
        "Nach Fristende getippt"
    ]


@pytest.mark.parametrize(
    "moment", [NACH_FINAL, datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)]
)
def test_draft_save_then_autosave(mc, sb, user, offenes_formular, moment):
    daten = offenes_formular(moment)
    grund = _grund_beim_bearbeiten(moment)
    response = mc.post(url("bearbeiten", sb), daten, follow=True)
    assert response.content.decode().count(grund) == 1
    antwort = mc.post(url("autosave", sb), daten)
    assert antwort.status_code == 423 and grund in antwort.json()["meldung"]
    sb.refresh_from_db()
    assert sb.ziele == "" and sb.revision == 1


def test_the_form_tells_saved_for_all_from_kept_for_you(mc, sb, im_final):
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert "gespeichert (für alle Mitglieder Ihrer Organisation sichtbar)" in html
    assert "zwischengespeichert (nur für Sie)" in html
    assert "jederzeit" not in html
