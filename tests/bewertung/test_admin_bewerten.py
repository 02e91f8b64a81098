"""The scoring page in the admin: save, finalise, conflicts, refusals, Befangenheit,
Rückfrage, and the Geschäftsstelle's reopen and decision – through HTTP."""

import pytest
from django.core import mail
from django.urls import reverse

from bewertung import services
from bewertung.models import Bewertung, Kriterienkatalog, Zuweisung
from steckbriefe.models import Status
from tests.factories import wirtschaftsfoerderung
from tests.kern.dom import baum, beschrieben_von

from .conftest import CHEMNITZ, ZWICKAU, final_sb, phase_setzen, zuweisung

pytestmark = pytest.mark.django_db


def _url(sb):
    return reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])


def _kriterien():
    return list(Kriterienkatalog.objects.get(aktiv=True).kriterien.filter(aktiv=True))


def _formular(seite: str):
    """The element tree of the scoring form."""
    html = seite.split('<form method="post" class="bw-bewertungsformular"')[1].split("</form>")[0]
    return baum("<form" + html + "</form>")


def _daten(aktion="speichern", wert=3, version=0, empfehlung="priorisieren", **extra):
    daten = {"aktion": aktion, "version": version, "empfehlung": empfehlung, "kommentar": ""}
    for k in _kriterien():
        daten[f"wert_{k.pk}"] = "" if wert is None else wert
        daten[f"begruendung_{k.pk}"] = f"Begründung {k.code}"
    daten.update(extra)
    return daten


@pytest.fixture
def sb():
    return final_sb(gebiete=[ZWICKAU, CHEMNITZ], titel="Reallabor <script>alert(1)</script>")


def test_page_shows_the_steckbrief_read_only_and_escapes(client, wf_zwickau, sb):
    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    assert "Reallabor &lt;script&gt;alert(1)&lt;/script&gt;" in seite
    assert "<script>alert(1)" not in seite
    assert "Text für kernansatz" in seite  # the Steckbrief's fields
    assert "Baubeginn" in seite  # milestones
    assert reverse("steckbriefe:versionen", args=[sb.pk]) in seite
    for k in _kriterien():
        assert f'name="wert_{k.pk}"' in seite
    assert "herausragend" in seite and "nicht erkennbar" in seite  # scale labels
    assert 'value="abschliessen"' in seite


def test_save_draft_then_finalise(client, wf_zwickau, sb):
    client.force_login(wf_zwickau)
    antwort = client.post(_url(sb), _daten(wert=4, version=0))
    assert antwort.status_code == 302
    b = Bewertung.objects.get(zuweisung=zuweisung(sb, ZWICKAU))
    assert (b.status, b.version, b.empfehlung) == ("entwurf", 1, "priorisieren")
    assert set(b.einzeln.values_list("wert", flat=True)) == {4}
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG

    antwort = client.post(_url(sb), _daten(aktion="abschliessen", wert=5, version=1))
    assert antwort.status_code == 302
    b.refresh_from_db()
    assert b.status == "abgeschlossen"
    seite = client.get(_url(sb)).content.decode()
    assert "Abgeschlossen am" in seite
    assert 'value="speichern"' not in seite  # read-only now
    assert "100,0" in seite


def test_score_outside_the_scale_is_refused_and_input_kept(client, wf_zwickau, sb):
    client.force_login(wf_zwickau)
    k1 = _kriterien()[0]
    daten = _daten(wert=3)
    daten[f"wert_{k1.pk}"] = "7"
    daten[f"begruendung_{k1.pk}"] = "Meine sorgfältige Begründung"
    antwort = client.post(_url(sb), daten)
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert "Bitte wählen Sie eine Punktzahl von 0 bis 5." in seite
    assert "Meine sorgfältige Begründung" in seite
    assert not Bewertung.objects.filter(zuweisung__steckbrief=sb).exists()


def test_saved_scores_are_checked_and_every_radio_button_is_labelled(client, wf_zwickau, sb):
    client.force_login(wf_zwickau)
    kriterien = _kriterien()
    werte = {k.pk: i % 6 for i, k in enumerate(kriterien)}
    daten = _daten(wert=None, empfehlung="zurueckstellen", kommentar="Gut <b>so</b>")
    daten.update({f"wert_{pk}": w for pk, w in werte.items()})
    assert client.post(_url(sb), daten).status_code == 302
    formular = _formular(client.get(_url(sb)).content.decode())
    gruppen = [f for f in formular.alle("fieldset", class_="bw-kriterium") if f.alle("input")]
    assert len(gruppen) == len(kriterien)
    for k, gruppe in zip(kriterien, gruppen, strict=True):
        assert gruppe.eins("legend").text.startswith(f"{k.code} {k.name}")
        radios = gruppe.alle("input", type="radio")
        assert [r["value"] for r in radios] == ["0", "1", "2", "3", "4", "5"]
        assert [r["value"] for r in radios if "checked" in r.attrs] == [str(werte[k.pk])]
        for r in radios:
            assert gruppe.eins("label", **{"for": r["id"]}).text[0] == r["value"]
            assert "aria-invalid" not in r.attrs
        begruendung = gruppe.eins("textarea")
        assert begruendung.roh == f"\nBegründung {k.code}"
        assert gruppe.eins("label", **{"for": begruendung["id"]}).text == f"Begründung zu {k.code}"
        assert beschrieben_von(begruendung, formular) == ["Pflicht bei 0, 1 und 5 Punkten."]
    empfehlung = formular.eins("select", name="empfehlung")
    assert [o["value"] for o in empfehlung.alle("option") if "selected" in o.attrs] == [
        "zurueckstellen"
    ]
    assert formular.eins("label", **{"for": empfehlung["id"]}).text == "Gesamtempfehlung"
    assert formular.eins("textarea", name="kommentar").roh == "\nGut <b>so</b>"
    assert formular.eins("input", name="version")["value"] == "1"


def test_invalid_score_is_described_at_its_radio_buttons_and_the_input_kept(client, wf_zwickau, sb):
    client.force_login(wf_zwickau)
    k1, k2 = _kriterien()[:2]
    daten = _daten(wert=4)
    daten[f"wert_{k1.pk}"] = "7"
    daten[f"begruendung_{k1.pk}"] = "</textarea><script>alert(1)</script>"
    antwort = client.post(_url(sb), daten)
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert "<script>alert(1)" not in seite
    formular = _formular(seite)
    gruppen = [f for f in formular.alle("fieldset", class_="bw-kriterium") if f.alle("input")]
    erste, zweite = gruppen[:2]
    assert "bw-fehlerhaft" in erste.klassen and "bw-fehlerhaft" not in zweite.klassen
    for r in erste.alle("input", type="radio"):
        assert r["aria-invalid"] == "true" and "checked" not in r.attrs
        assert beschrieben_von(r, formular) == [
            "Fehler: Bitte wählen Sie eine Punktzahl von 0 bis 5."
        ]
    assert erste.eins("textarea").roh == "\n</textarea><script>alert(1)</script>"
    assert [r["value"] for r in zweite.alle("input") if "checked" in r.attrs] == ["4"]


def test_incomplete_finalisation_saves_the_draft_and_marks_the_gaps(client, wf_zwickau, sb):
    client.force_login(wf_zwickau)
    k1, k2 = _kriterien()[:2]
    daten = _daten(aktion="abschliessen", wert=3)
    daten[f"wert_{k1.pk}"] = "5"
    daten[f"begruendung_{k1.pk}"] = ""
    daten[f"wert_{k2.pk}"] = ""
    antwort = client.post(_url(sb), daten)
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert "Ihr Entwurf ist gespeichert." in seite
    assert "K1: Begründung (Pflicht bei 5 Punkten)" in seite
    assert "Zum Abschließen erforderlich: K2: Punktzahl" in seite
    b = Bewertung.objects.get(zuweisung__steckbrief=sb)
    assert b.status == "entwurf" and b.version == 1
    assert 'name="version" value="1"' in seite  # the next save does not conflict


def test_finalised_bewertung_cannot_be_edited(client, wf_zwickau, sb):
    client.force_login(wf_zwickau)
    client.post(_url(sb), _daten(aktion="abschliessen", wert=3, version=0))
    b = Bewertung.objects.get(zuweisung__steckbrief=sb)
    assert b.status == "abgeschlossen"
    antwort = client.post(_url(sb), _daten(wert=1, version=b.version, kommentar="geändert"))
    assert antwort.status_code == 200
    assert "abgeschlossen und kann nicht mehr geändert werden" in antwort.content.decode()
    b.refresh_from_db()
    assert set(b.einzeln.values_list("wert", flat=True)) == {3}
    assert b.kommentar == ""


def test_two_saves_of_the_same_bewertung_the_later_gets_a_conflict(client, wf_zwickau, sb):
    kollegin = wirtschaftsfoerderung(ZWICKAU)
    client.force_login(wf_zwickau)
    client.post(_url(sb), _daten(wert=3, version=0))  # version 1
    # Both load version 1; the colleague saves first.
    client.force_login(kollegin)
    assert client.post(_url(sb), _daten(wert=4, version=1)).status_code == 302
    client.force_login(wf_zwickau)
    daten = _daten(wert=2, version=1, kommentar="Mein Kommentar bleibt erhalten")
    antwort = client.post(_url(sb), daten)
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert "inzwischen von" in seite and "geändert" in seite
    assert "Mein Kommentar bleibt erhalten" in seite
    assert "Aktuell gespeichert: 4" in seite
    assert 'name="version" value="2"' in seite
    b = Bewertung.objects.get(zuweisung__steckbrief=sb)
    assert b.version == 2 and set(b.einzeln.values_list("wert", flat=True)) == {4}
    # After reviewing, the same input saved again goes through.
    assert client.post(_url(sb), {**daten, "version": 2}).status_code == 302
    b.refresh_from_db()
    assert set(b.einzeln.values_list("wert", flat=True)) == {2}


def test_not_assigned_steckbrief_by_url(client, wf_zwickau, wf_chemnitz, gs):
    nur_zwickau = final_sb(gebiete=[ZWICKAU])
    client.force_login(wf_chemnitz)
    assert client.get(_url(nur_zwickau)).status_code == 404
    assert client.post(_url(nur_zwickau), _daten()).status_code == 404
    # Visible (own area) but the Zuweisung was removed: reading yes, scoring no.
    chemnitz = final_sb(gebiete=[CHEMNITZ])
    services.zuweisung_entfernen(zuweisung(chemnitz, CHEMNITZ), gs)
    assert client.get(_url(chemnitz)).status_code == 200
    assert client.post(_url(chemnitz), _daten()).status_code == 403
    assert not Bewertung.objects.exists()


def test_others_only_after_finalising_own(client, wf_zwickau, wf_chemnitz, sb):
    client.force_login(wf_chemnitz)
    client.post(
        _url(sb), _daten(aktion="abschliessen", version=0, kommentar="Chemnitzer Einschätzung")
    )
    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    assert "Chemnitzer Einschätzung" not in seite
    assert "sobald Sie Ihre eigene abgeschlossen haben" in seite
    client.post(_url(sb), _daten(aktion="abschliessen", version=0))
    seite = client.get(_url(sb)).content.decode()
    assert "Chemnitzer Einschätzung" in seite
    sb.refresh_from_db()
    assert sb.status == Status.BEWERTET


def test_scoring_refused_outside_the_phase(client, wf_zwickau, sb):
    phase_setzen(False)
    client.force_login(wf_zwickau)
    seite = client.get(_url(sb)).content.decode()
    assert "nur in der Bewertungsphase" in seite
    antwort = client.post(_url(sb), _daten(kommentar="bleibt stehen"))
    assert antwort.status_code == 200
    assert "nur in der Bewertungsphase" in antwort.content.decode()
    assert "bleibt stehen" in antwort.content.decode()
    assert not Bewertung.objects.exists()


def test_befangenheit_declared_on_the_page(client, wf_zwickau, gs, sb):
    client.force_login(wf_zwickau)
    antwort = client.post(_url(sb), {"aktion": "befangen", "grund": ""})
    assert "Bitte geben Sie den Grund der Befangenheit an." in antwort.content.decode()
    antwort = client.post(_url(sb), {"aktion": "befangen", "grund": "Beirat des Trägers"})
    assert antwort.status_code == 302
    seite = client.get(_url(sb)).content.decode()
    assert "Befangenheit erklärt am" in seite and 'value="speichern"' not in seite
    assert client.post(_url(sb), _daten()).status_code == 200
    assert not Bewertung.objects.exists()
    client.force_login(gs)
    fortschritt = client.get(reverse("admin:bewertung_bewertungsfortschritt_changelist"))
    assert "Beirat des Trägers" in fortschritt.content.decode()
    assert "Beirat des Trägers" in client.get(_url(sb)).content.decode()


def test_rueckfrage_from_the_page(client, wf_zwickau, sb, django_capture_on_commit_callbacks):
    client.force_login(wf_zwickau)
    antwort = client.post(_url(sb), {"aktion": "rueckfrage", "frage": ""})
    assert "Bitte formulieren Sie die Rückfrage" in antwort.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(_url(sb), {"aktion": "rueckfrage", "frage": "Wer trägt den Betrieb?"})
    assert antwort.status_code == 302
    sb.refresh_from_db()
    assert sb.status == Status.RUECKFRAGE
    assert "Wer trägt den Betrieb?" in mail.outbox[-1].body
    assert sb.audit.filter(aktion="Rückfrage stellen", akteur=wf_zwickau).exists()


def test_geschaeftsstelle_reopens_and_decides(
    client, wf_zwickau, wf_chemnitz, gs, sb, django_capture_on_commit_callbacks
):
    for wf in (wf_zwickau, wf_chemnitz):
        client.force_login(wf)
        client.post(_url(sb), _daten(aktion="abschliessen", version=0))
    sb.refresh_from_db()
    assert sb.status == Status.BEWERTET
    b = Bewertung.objects.get(zuweisung=zuweisung(sb, ZWICKAU))

    client.force_login(wf_zwickau)
    antwort = client.post(_url(sb), {"aktion": "wieder_oeffnen", "bewertung": b.pk, "grund": "x"})
    assert antwort.status_code == 403

    client.force_login(gs)
    seite = client.get(_url(sb)).content.decode()
    assert "Normiert" in seite and "Wieder öffnen" in seite
    client.post(_url(sb), {"aktion": "wieder_oeffnen", "bewertung": b.pk, "grund": ""})
    b.refresh_from_db()
    assert b.status == "abgeschlossen"
    antwort = client.post(
        _url(sb), {"aktion": "wieder_oeffnen", "bewertung": b.pk, "grund": "K4 prüfen"}
    )
    assert antwort.status_code == 302
    b.refresh_from_db()
    sb.refresh_from_db()
    assert (b.status, sb.status) == ("entwurf", Status.IN_BEWERTUNG)

    antwort = client.post(
        _url(sb), {"aktion": "entscheiden", "entscheidung": "priorisiert", "begruendung": ""}
    )
    assert "Bitte begründen Sie die Entscheidung." in antwort.content.decode()
    # Reopened: 1 of 2 finalised – a decision only as a justified exception.
    entscheidung = {"aktion": "entscheiden", "entscheidung": "priorisiert", "begruendung": "Stark"}
    antwort = client.post(_url(sb), entscheidung)
    assert antwort.status_code == 200
    assert "Noch nicht vollständig bewertet (1 von 2 Bewertungen abgeschlossen)" in (
        antwort.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            _url(sb), {**entscheidung, "ausnahme": "on", "ausnahme_grund": "Sitzung morgen"}
        )
    assert antwort.status_code == 302
    sb.refresh_from_db()
    assert (sb.status, sb.entscheidung) == (Status.ENTSCHIEDEN, "priorisiert")
    assert sb.audit.get(aktion="Entscheidung trotz offener Bewertung").text == "Sitzung morgen"
    assert mail.outbox == []
    seite = client.get(_url(sb)).content.decode()
    assert "Bescheid noch nicht versendet" in seite and 'value="bescheid_versenden"' in seite
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(_url(sb), {"aktion": "bescheid_versenden"})
    assert antwort.status_code == 302
    assert "Stark" in mail.outbox[-1].body
    seite = client.get(_url(sb)).content.decode()
    assert "Bescheid versendet am" in seite and 'value="bescheid_versenden"' not in seite


def test_geschaeftsstelle_without_own_zuweisung_sees_no_form(client, gs, sb):
    client.force_login(gs)
    seite = client.get(_url(sb)).content.decode()
    assert 'value="speichern"' not in seite
    assert "Prüfende hinzufügen" in seite
    assert client.post(_url(sb), _daten()).status_code == 403


def test_bewertung_admin_shows_only_own_and_links_to_the_page(client, wf_zwickau, wf_chemnitz, sb):
    andere = final_sb(gebiete=[CHEMNITZ], titel="Nur Chemnitz")
    client.force_login(wf_chemnitz)
    client.post(_url(andere), _daten(version=0))
    client.force_login(wf_zwickau)
    client.post(_url(sb), _daten(version=0))
    liste = client.get(reverse("admin:bewertung_bewertung_changelist")).content.decode()
    assert "Reallabor" in liste and "Nur Chemnitz" not in liste
    eigene = Bewertung.objects.get(zuweisung__gebietskoerperschaft__ags=ZWICKAU)
    antwort = client.get(reverse("admin:bewertung_bewertung_change", args=[eigene.pk]))
    assert antwort.status_code == 302 and antwort["Location"] == _url(sb)
    fremde = Bewertung.objects.get(zuweisung__steckbrief=andere)
    antwort = client.get(reverse("admin:bewertung_bewertung_change", args=[fremde.pk]))
    assert antwort["Location"] == reverse("admin:index")  # "does not exist" for her
    zuweisungen = client.get(reverse("admin:bewertung_zuweisung_changelist")).content.decode()
    assert "Nur Chemnitz" not in zuweisungen
    assert Zuweisung.objects.count() == 3


def test_setting_allows_seeing_others_before_finalising(
    client, wf_zwickau, wf_chemnitz, sb, settings
):
    settings.BEWERTUNG_ANDERE_ERST_NACH_ABSCHLUSS = False
    client.force_login(wf_chemnitz)
    client.post(_url(sb), _daten(aktion="abschliessen", version=0, kommentar="Sichtbar sofort"))
    client.force_login(wf_zwickau)
    assert "Sichtbar sofort" in client.get(_url(sb)).content.decode()
