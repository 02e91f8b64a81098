"""Text longer than its limit is kept whole and shown with an error (issue 12, item 3): no
`maxlength` (the browser would cut pasted text silently), a German error from the server,
nothing lost on the page, in the autosave or after a reload."""

import pytest

from steckbriefe.models import Autosave

from .conftest import seite, url
from .hilfen import formular_daten

pytestmark = pytest.mark.django_db

LANG = "".join(str(i % 10) for i in range(1200))


def test_no_input_of_the_form_has_a_maxlength(mc, sb, im_final):
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert "maxlength=" not in html.replace("data-maxlength=", "")
    assert 'id="id_kurzbeschreibung"' in html and 'data-maxlength="1000"' in html


def test_too_long_text_is_kept_whole_with_a_german_error(mc, sb, user, im_final):
    daten = seite(mc, sb, kurzbeschreibung=LANG)
    response = mc.post(url("bearbeiten", sb), daten)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Der Text ist 1200 Zeichen lang, erlaubt sind höchstens 1000." in html
    assert "Bitte kürzen Sie ihn um 200 Zeichen." in html
    assert formular_daten(html)["kurzbeschreibung"] == [LANG]
    sb.refresh_from_db()
    assert sb.kurzbeschreibung != LANG
    # kept whole for the person, also after a reload of the form
    assert Autosave.objects.get(steckbrief=sb, user=user).daten["kurzbeschreibung"] == [LANG]
    assert formular_daten(mc.get(url("bearbeiten", sb)).content.decode())["kurzbeschreibung"] == [
        LANG
    ]


def test_autosave_keeps_an_over_long_paste_whole_but_stays_bounded(mc, sb, user, im_final):
    mc.post(url("autosave", sb), {"kurzbeschreibung": LANG, "titel": "x" * 5000})
    daten = Autosave.objects.get(steckbrief=sb, user=user).daten
    assert daten["kurzbeschreibung"] == [LANG]
    assert len(daten["titel"][0]) == 600  # twice the limit of 300, no more


def test_amounts_and_dates_too_long_get_their_format_error(mc, sb, im_final):
    daten = seite(mc, sb, gesamtvolumen="1" * 40, beginn="0" * 20)
    html = mc.post(url("bearbeiten", sb), daten).content.decode()
    assert "Bitte geben Sie einen Betrag in Euro an" in html
    assert "Bitte geben Sie Monat und Jahr an" in html
    assert formular_daten(html)["gesamtvolumen"] == ["1" * 40]


# --- the error summary (issue 12, item 4) -----------------------------------------------------


def test_the_error_summary_links_to_each_field_in_error(mc, sb, im_final):
    from .hilfen import _Formular

    daten = seite(
        mc,
        sb,
        kurzbeschreibung=LANG,
        gesamtvolumen="-100",
        handlungsfeld="999999",
        **{
            "org-plz": "123",
            "meilensteine-0-bezeichnung": "Start",
            "meilensteine-0-termin": "13/2027",
        },
    )
    html = mc.post(url("bearbeiten", sb), daten).content.decode()
    zusammenfassung = html.split('id="fehler"', 1)[1].split("</div>", 1)[0]
    assert 'role="alert"' in html.split('id="fehler"', 1)[0][-200:]
    assert "Bitte prüfen Sie diese 5 Angaben" in zusammenfassung
    ziele = [
        "id_org-plz",
        "id_kurzbeschreibung",
        "div_id_handlungsfeld",
        "id_gesamtvolumen",
        "id_meilensteine-0-termin",
    ]
    links = [z for z in ziele if f'href="#{z}"' in zusammenfassung]
    assert links == ziele
    assert "Meilenstein 1: Termin (Monat/Jahr): Einen Monat 13 gibt es nicht" in zusammenfassung
    # every link has its target on the page
    formular = _Formular("steckbrief-formular")
    formular.feed(html)
    assert set(ziele) <= formular.ids
