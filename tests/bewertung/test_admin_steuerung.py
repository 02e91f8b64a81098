"""The Geschäftsstelle in the admin: Steckbrief actions, catalogue, Zuweisungen, ranking
(filters, sorting, pagination, CSV/XLSX, decisions), progress and reminders."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bewertung.models import Entscheidungsvorlage, Kriterienkatalog, Kriterium, Zuweisung
from handlungsfelder.models import Handlungsfeld, Zieldimension
from konten.models import Organisation
from steckbriefe.models import Status, Steckbrief

from .conftest import (
    CHEMNITZ,
    ERZGEBIRGE,
    ZWICKAU,
    bewertet_sb,
    bewertung_anlegen,
    final_sb,
    gk,
    zuweisung,
)

pytestmark = pytest.mark.django_db

LISTE = "admin:steckbriefe_steckbrief_changelist"
RANGLISTE = "admin:bewertung_rangliste_changelist"


def _aktion(client, aktion, steckbriefe, **daten):
    return client.post(
        reverse(LISTE),
        {"action": aktion, "_selected_action": [sb.pk for sb in steckbriefe], **daten},
    )


# --- Steckbrief actions --------------------------------------------------------------------


def test_add_reviewers_in_bulk_with_an_intermediate_page(client, gs):
    a, b = final_sb(titel="A"), final_sb(titel="B")
    client.force_login(gs)
    seite = _aktion(client, "pruefende_hinzufuegen", [a, b])
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "Prüfende hinzufügen" in inhalt and "Stadt Chemnitz" in inhalt
    fehler = _aktion(client, "pruefende_hinzufuegen", [a, b], anwenden="1")
    assert "mindestens eine Wirtschaftsförderung oder Person" in fehler.content.decode()
    antwort = _aktion(
        client,
        "pruefende_hinzufuegen",
        [a, b],
        anwenden="1",
        gebiete=[gk(CHEMNITZ).pk],
        personen=[gs.pk],
    )
    assert antwort.status_code == 302
    assert Zuweisung.objects.filter(herkunft="manuell").count() == 4
    assert a.zuweisungen.filter(gebietskoerperschaft__ags=CHEMNITZ).exists()
    assert b.zuweisungen.filter(pruefer=gs).exists()


def test_generate_assignments_for_existing_final_steckbriefe(client, gs):
    alt = final_sb(gebiete=[ZWICKAU, ERZGEBIRGE], zuweisen=False)
    entwurf = final_sb(status=Status.ENTWURF, zuweisen=False)
    client.force_login(gs)
    antwort = _aktion(client, "zuweisungen_erzeugen", [alt, entwurf])
    assert antwort.status_code == 302
    assert alt.zuweisungen.count() == 2 and not entwurf.zuweisungen.exists()
    alt.refresh_from_db()
    assert alt.status == Status.IN_BEWERTUNG  # in the open Bewertung phase


def test_extend_deadline_decide_and_release_from_the_list(
    client, gs, django_capture_on_commit_callbacks
):
    sb = bewertet_sb(titel="Entscheidungsreif")
    client.force_login(gs)
    bis = timezone.localdate() + datetime.timedelta(days=10)
    antwort = _aktion(client, "frist_verlaengern", [sb], anwenden="1", bis="2000-01-01")
    assert "Bitte wählen Sie ein Datum ab heute." in antwort.content.decode()
    antwort = _aktion(client, "frist_verlaengern", [sb], anwenden="1", bis=bis.isoformat())
    assert antwort.status_code == 302
    sb.refresh_from_db()
    assert sb.verlaengert_bis == bis
    with django_capture_on_commit_callbacks(execute=True):
        antwort = _aktion(
            client,
            "entscheidung_festhalten",
            [sb],
            anwenden="1",
            entscheidung="nicht_beruecksichtigt",
            begruendung="Kein Bezug zur Transformation.",
        )
    assert antwort.status_code == 302
    sb.refresh_from_db()
    assert (sb.status, sb.entscheidung) == (Status.ENTSCHIEDEN, "nicht_beruecksichtigt")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        antwort = _aktion(client, "bescheide_versenden", [sb], anwenden="1")
    assert antwort.status_code == 302
    assert "Kein Bezug zur Transformation." in mail.outbox[-1].body


def test_wirtschaftsfoerderung_has_no_steering_actions(client, wf_zwickau):
    sb = final_sb()
    client.force_login(wf_zwickau)
    seite = client.get(reverse(LISTE)).content.decode()
    assert "pruefende_hinzufuegen" not in seite and "Frist verlängern" not in seite
    _aktion(client, "frist_verlaengern", [sb], anwenden="1", bis="2030-01-01")
    sb.refresh_from_db()
    assert sb.verlaengert_bis is None
    assert "Meine Bewertung" in seite and "offen" in seite


# --- catalogue -----------------------------------------------------------------------------


def _katalog_daten(katalog, gewichte):
    daten = {"name": katalog.name, "runde": katalog.runde}
    stufen = list(katalog.stufen.all())
    daten.update(
        {
            "stufen-TOTAL_FORMS": len(stufen),
            "stufen-INITIAL_FORMS": len(stufen),
            "stufen-MIN_NUM_FORMS": 0,
            "stufen-MAX_NUM_FORMS": 1000,
        }
    )
    for i, s in enumerate(stufen):
        daten.update(
            {
                f"stufen-{i}-id": s.pk,
                f"stufen-{i}-katalog": katalog.pk,
                f"stufen-{i}-wert": s.wert,
                f"stufen-{i}-bezeichnung": s.bezeichnung,
            }
        )
    kriterien = list(katalog.kriterien.all())
    daten.update(
        {
            "kriterien-TOTAL_FORMS": len(kriterien),
            "kriterien-INITIAL_FORMS": len(kriterien),
            "kriterien-MIN_NUM_FORMS": 0,
            "kriterien-MAX_NUM_FORMS": 1000,
        }
    )
    for i, (k, g) in enumerate(zip(kriterien, gewichte, strict=True)):
        daten.update(
            {
                f"kriterien-{i}-id": k.pk,
                f"kriterien-{i}-katalog": katalog.pk,
                f"kriterien-{i}-reihenfolge": k.reihenfolge,
                f"kriterien-{i}-code": k.code,
                f"kriterien-{i}-name": k.name,
                f"kriterien-{i}-leitfrage": k.leitfrage,
                f"kriterien-{i}-gewicht": g,
                f"kriterien-{i}-ko_schwelle": k.ko_schwelle or "",
                f"kriterien-{i}-aktiv": "on",
            }
        )
    return daten


def test_weights_must_add_up_to_100(client, gs):
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    url = reverse("admin:bewertung_kriterienkatalog_change", args=[katalog.pk])
    client.force_login(gs)
    gewichte = list(katalog.kriterien.values_list("gewicht", flat=True))
    falsch = [gewichte[0] + 5, *gewichte[1:]]
    antwort = client.post(url, _katalog_daten(katalog, falsch))
    assert antwort.status_code == 200
    assert "müssen zusammen 100 ergeben (derzeit 105)" in antwort.content.decode()
    assert Kriterium.objects.get(katalog=katalog, code="K1").gewicht == gewichte[0]
    richtig = [gewichte[0] + 5, gewichte[1] - 5, *gewichte[2:]]
    antwort = client.post(url, _katalog_daten(katalog, richtig))
    assert antwort.status_code == 302
    assert Kriterium.objects.get(katalog=katalog, code="K1").gewicht == gewichte[0] + 5


def test_frozen_catalogue_refuses_edits_and_can_be_copied(client, gs, wf_zwickau):
    katalog = Kriterienkatalog.objects.get(aktiv=True)
    sb = final_sb()
    bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 12, abgeschlossen=False)
    url = reverse("admin:bewertung_kriterienkatalog_change", args=[katalog.pk])
    client.force_login(gs)
    seite = client.get(url).content.decode()
    assert "ist eingefroren" in seite and 'name="kriterien-0-gewicht"' not in seite
    gewichte = list(katalog.kriterien.values_list("gewicht", flat=True))
    antwort = client.post(url, _katalog_daten(katalog, [50, 50] + [0] * 10), follow=True)
    assert "ist eingefroren" in antwort.content.decode()
    assert list(katalog.kriterien.values_list("gewicht", flat=True)) == gewichte
    liste = reverse("admin:bewertung_kriterienkatalog_changelist")
    client.post(liste, {"action": "katalog_kopieren", "_selected_action": [katalog.pk]})
    kopie = Kriterienkatalog.objects.exclude(pk=katalog.pk).get()
    assert kopie.kriterien.count() == 12 and not kopie.aktiv
    # The running round keeps its catalogue (issue 13, item 4) …
    antwort = client.post(
        liste, {"action": "als_aktiv_festlegen", "_selected_action": [kopie.pk]}, follow=True
    )
    assert "laufende Runde" in antwort.content.decode()
    kopie.refresh_from_db()
    assert not kopie.aktiv
    # … until its Steckbriefe are decided.
    Steckbrief.objects.filter(pk=sb.pk).update(status=Status.ENTSCHIEDEN)
    client.post(liste, {"action": "als_aktiv_festlegen", "_selected_action": [kopie.pk]})
    kopie.refresh_from_db()
    katalog.refresh_from_db()
    assert kopie.aktiv and not katalog.aktiv


# --- Zuweisungen ---------------------------------------------------------------------------


def test_extension_per_zuweisung_and_removal_rules(client, gs):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    z_zw, z_ch = zuweisung(sb, ZWICKAU), zuweisung(sb, CHEMNITZ)
    bewertung_anlegen(z_zw, [3] * 12, abgeschlossen=False)
    client.force_login(gs)
    url = reverse("admin:bewertung_zuweisung_change", args=[z_zw.pk])
    bis = timezone.localdate() + datetime.timedelta(days=7)
    antwort = client.post(url, {"bewertbar_bis": bis.isoformat()})
    assert antwort.status_code == 302
    z_zw.refresh_from_db()
    assert z_zw.bewertbar_bis == bis
    assert sb.audit.filter(aktion="Nachfrist für Bewertung").exists()
    assert (
        client.get(reverse("admin:bewertung_zuweisung_delete", args=[z_zw.pk])).status_code == 403
    )
    antwort = client.post(
        reverse("admin:bewertung_zuweisung_delete", args=[z_ch.pk]), {"post": "yes"}
    )
    assert antwort.status_code == 302
    assert not Zuweisung.objects.filter(pk=z_ch.pk).exists()
    assert sb.audit.filter(aktion="Zuweisung entfernt").exists()


# --- ranking -------------------------------------------------------------------------------


@pytest.fixture
def rangdaten(db):
    hf1, hf2 = Handlungsfeld.objects.get(code="HF1"), Handlungsfeld.objects.get(code="HF2")
    gut = final_sb(gebiete=[ZWICKAU, CHEMNITZ], status=Status.IN_BEWERTUNG, titel="Gut")
    bewertung_anlegen(zuweisung(gut, ZWICKAU), [5] * 12)  # 100
    bewertung_anlegen(zuweisung(gut, CHEMNITZ), [3] * 12)  # 60 → spread 40: uneinig
    mittel = final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG, titel="=Mittel")
    bewertung_anlegen(zuweisung(mittel, ZWICKAU), [3] * 12)  # 60
    ko = final_sb(gebiete=[CHEMNITZ], status=Status.IN_BEWERTUNG, titel="Knapp")
    bewertung_anlegen(zuweisung(ko, CHEMNITZ), [1] + [5] * 11)  # K1 = 1 < 2
    Steckbrief.objects.filter(pk=ko.pk).update(
        handlungsfeld=hf2, gesamtvolumen=Decimal("50000"), vorhabenart="fue"
    )
    ko.zieldimensionen.set(Zieldimension.objects.filter(code="HF2.1"))
    Organisation.objects.filter(pk=ko.organisation_id).update(typ="kommune")
    offen = final_sb(gebiete=[ZWICKAU], titel="Offen")
    Steckbrief.objects.filter(pk=offen.pk).update(handlungsfeld=hf1)
    return {"gut": gut, "mittel": mittel, "ko": ko, "offen": offen}


def _titel(antwort):
    return [sb.titel for sb in antwort.context["seite"].object_list]


def test_ranking_matrix_rows_columns_and_flags(client, gs, rangdaten):
    client.force_login(gs)
    antwort = client.get(reverse(RANGLISTE))
    assert _titel(antwort) == ["Gut", "=Mittel", "Knapp", "Offen"]
    zeilen = list(antwort.context["seite"].object_list)
    assert [z.rang for z in zeilen] == [1, 2, 3, None]
    inhalt = antwort.content.decode()
    assert "K.-o." in inhalt and "Uneinigkeit" in inhalt
    for code in ["K1", "K6", "K12"]:
        assert f">{code}</a>" in inhalt
    assert "80,0" in inhalt  # mean of „Gut“


@pytest.mark.parametrize(
    "parameter,erwartet",
    [
        ({"ko": "true"}, ["Knapp"]),
        ({"ko": "false"}, ["Gut", "=Mittel", "Offen"]),
        ({"uneinig": "true"}, ["Gut"]),
        ({"vollstaendig": "true"}, ["Gut", "=Mittel", "Knapp"]),
        ({"vollstaendig": "false"}, ["Offen"]),
        ({"handlungsfeld": "HF2"}, ["Knapp"]),
        ({"gebietskoerperschaft": CHEMNITZ}, ["Gut", "Knapp"]),
        ({"status": "final_eingereicht"}, ["Offen"]),
        ({"volumen_min": "1000000"}, ["Gut", "=Mittel", "Offen"]),
        ({"volumen_max": "100000"}, ["Knapp"]),
        ({"q": "mitt"}, ["=Mittel"]),
        ({"vorhabenart": "fue"}, ["Knapp"]),
        ({"organisationstyp": "kommune"}, ["Knapp"]),
        ({"zieldimension": "HF2.1"}, ["Knapp"]),
        ({"zieldimension": "HF1.1"}, ["Gut", "=Mittel", "Offen"]),
        ({"o": "titel"}, ["=Mittel", "Gut", "Knapp", "Offen"]),
        ({"o": "-titel"}, ["Offen", "Knapp", "Gut", "=Mittel"]),
        ({"o": "-mittelwert"}, ["Knapp", "Gut", "=Mittel", "Offen"]),  # K.O. 88 beats 80
        ({"o": "unbekannt"}, ["Gut", "=Mittel", "Knapp", "Offen"]),
    ],
)
def test_ranking_filters_and_sorting(client, gs, rangdaten, parameter, erwartet):
    from handlungsfelder.models import Gebietskoerperschaft

    if "handlungsfeld" in parameter:
        parameter = {"handlungsfeld": Handlungsfeld.objects.get(code=parameter["handlungsfeld"]).pk}
    if "zieldimension" in parameter:
        parameter = {"zieldimension": Zieldimension.objects.get(code=parameter["zieldimension"]).pk}
    if "gebietskoerperschaft" in parameter:
        parameter = {
            "gebietskoerperschaft": Gebietskoerperschaft.objects.get(
                ags=parameter["gebietskoerperschaft"]
            ).pk
        }
    client.force_login(gs)
    assert _titel(client.get(reverse(RANGLISTE), parameter)) == erwartet


def test_ranking_rank_is_within_the_filter(client, gs, rangdaten):
    client.force_login(gs)
    antwort = client.get(reverse(RANGLISTE), {"ko": "false", "uneinig": "false"})
    assert [(z.titel, z.rang) for z in antwort.context["seite"].object_list] == [
        ("=Mittel", 1),
        ("Offen", None),
    ]


def test_csv_and_xlsx_are_exactly_the_filtered_view(client, gs, rangdaten):
    client.force_login(gs)
    parameter = {"ko": "false", "o": "titel"}
    antwort = client.get(reverse(RANGLISTE), {**parameter, "export": "csv"})
    assert antwort["Content-Type"].startswith("text/csv")
    assert "attachment" in antwort["Content-Disposition"]
    zeilen = list(csv.reader(io.StringIO(antwort.content.decode("utf-8-sig")), delimiter=";"))
    kopf = zeilen[0]
    titel = [z[kopf.index("Titel")] for z in zeilen[1:]]
    assert titel == ["'=Mittel", "Gut", "Offen"]  # formula injection neutralised
    gut = zeilen[2]
    assert gut[kopf.index("Mittelwert (0–100)")] == "80,0"
    assert gut[kopf.index("Uneinigkeit")] == "ja"

    antwort = client.get(reverse(RANGLISTE), {**parameter, "export": "xlsx"})
    assert antwort["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    blatt = load_workbook(io.BytesIO(antwort.content)).active
    zeilen = list(blatt.values)
    kopf = list(zeilen[0])
    assert [z[kopf.index("Titel")] for z in zeilen[1:]] == ["=Mittel", "Gut", "Offen"]
    assert blatt.cell(row=2, column=kopf.index("Titel") + 1).data_type == "s"  # text, no formula
    assert zeilen[2][kopf.index("Mittelwert (0–100)")] == 80.0
    assert zeilen[2][kopf.index("K1 Bezug zur Transformation der Region (Ø 0–5)")] == 4.0


def test_ranking_pagination(client, gs):
    for i in range(55):
        final_sb(titel=f"Vorhaben {i:02d}", zuweisen=False)
    client.force_login(gs)
    erste = client.get(reverse(RANGLISTE), {"o": "titel"})
    assert len(erste.context["seite"].object_list) == 50
    zweite = client.get(reverse(RANGLISTE), {"o": "titel", "p": 2})
    assert _titel(zweite) == [f"Vorhaben {i}" for i in range(50, 55)]
    export = client.get(reverse(RANGLISTE), {"o": "titel", "export": "csv"})
    assert export.content.decode("utf-8-sig").count("\r\n") == 56  # header + all 55 rows


def test_bulk_decision_from_the_ranking(client, gs, rangdaten, django_capture_on_commit_callbacks):
    Entscheidungsvorlage.objects.filter(entscheidung="priorisiert").update(
        text="Herzlichen Glückwunsch zur Priorisierung."
    )
    client.force_login(gs)
    url = reverse(RANGLISTE)
    weiter = url + "?ko=false"
    antwort = client.post(
        url,
        {"auswahl": [rangdaten["gut"].pk], "entscheidung": "priorisiert", "anwenden": "1"},
    )
    assert antwort.status_code == 200  # the confirmation page again, with the error
    assert "Bitte begründen Sie die Entscheidung." in antwort.content.decode()
    rangdaten["gut"].refresh_from_db()
    assert rangdaten["gut"].status != Status.ENTSCHIEDEN
    auswahl = {
        "auswahl": [rangdaten["gut"].pk, rangdaten["mittel"].pk],
        "entscheidung": "priorisiert",
        "begruendung": "Starke Bewertung.",
        "weiter": weiter,
    }
    bestaetigung = client.post(url, {**auswahl, "schritt": "entscheiden"})
    assert bestaetigung.status_code == 200
    inhalt = bestaetigung.content.decode()
    assert "Gut" in inhalt and "=Mittel" in inhalt and "Noch nicht vollständig" not in inhalt
    assert not Steckbrief.objects.filter(status=Status.ENTSCHIEDEN).exists()
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(url, {**auswahl, "anwenden": "1"})
    assert antwort.status_code == 302 and antwort["Location"] == weiter
    for sb in (rangdaten["gut"], rangdaten["mittel"]):
        sb.refresh_from_db()
        assert (sb.status, sb.entscheidung) == (Status.ENTSCHIEDEN, "priorisiert")
    assert mail.outbox == []
    seite = client.get(url).content.decode()
    assert seite.count("Bescheid noch nicht versendet") == 2
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(url, {**auswahl, "schritt": "versenden", "anwenden": "1"})
    assert antwort.status_code == 302 and antwort["Location"] == weiter
    assert len(mail.outbox) == 2
    assert "Herzlichen Glückwunsch zur Priorisierung." in mail.outbox[-1].body
    assert client.get(url).content.decode().count("Bescheid versendet am") == 2
    antwort = client.post(
        url,
        {
            "auswahl": [rangdaten["gut"].pk],
            "entscheidung": "zurueckgestellt",
            "begruendung": "x",
            "weiter": "https://boese.example/",
            "anwenden": "1",
        },
    )
    assert antwort["Location"] == url


def test_decision_text_is_editable_by_the_geschaeftsstelle(client, gs):
    vorlage = Entscheidungsvorlage.objects.get(entscheidung="zurueckgestellt")
    client.force_login(gs)
    url = reverse("admin:bewertung_entscheidungsvorlage_change", args=[vorlage.pk])
    antwort = client.post(url, {"text": "Neuer Text für zurückgestellte Vorhaben."})
    assert antwort.status_code == 302
    vorlage.refresh_from_db()
    assert vorlage.text == "Neuer Text für zurückgestellte Vorhaben."


# --- progress ------------------------------------------------------------------------------


def test_progress_per_wirtschaftsfoerderung_and_reminder(
    client, gs, wf_zwickau, django_capture_on_commit_callbacks
):
    a = final_sb(gebiete=[ZWICKAU, CHEMNITZ], status=Status.IN_BEWERTUNG, titel="Eins")
    b = final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG, titel="Zwei")
    bewertung_anlegen(zuweisung(a, ZWICKAU), [3] * 12)
    bewertung_anlegen(zuweisung(b, ZWICKAU), [3] * 12, abgeschlossen=False)
    client.force_login(gs)
    url = reverse("admin:bewertung_bewertungsfortschritt_changelist")
    antwort = client.get(url)
    zeilen = {g.ags: g for g in antwort.context["wirtschaftsfoerderungen"]}
    zw, ch = zeilen[ZWICKAU], zeilen[CHEMNITZ]
    assert (zw.zugewiesen, zw.abgeschlossen, zw.entwuerfe, zw.offen) == (2, 1, 1, 1)
    assert (ch.zugewiesen, ch.abgeschlossen, ch.offen) == (1, 0, 1)
    assert wf_zwickau in zw.personen
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(url, {"gebietskoerperschaft": gk(ZWICKAU).pk})
    assert antwort.status_code == 302
    nachricht = mail.outbox[-1]
    assert nachricht.to == [wf_zwickau.email]
    assert "Zwei" in nachricht.body and "Eins" not in nachricht.body
    antwort = client.post(url, {"gebietskoerperschaft": gk(CHEMNITZ).pk}, follow=True)
    assert "keine aktive E-Mail-Adresse" in antwort.content.decode()


def test_large_ids_are_not_localised_in_forms(client, gs, django_capture_on_commit_callbacks):
    """German number format must not turn id 12345 into „12.345“ in form values."""
    sb = bewertet_sb(titel="Große Nummer", id=12345)
    client.force_login(gs)
    seite = client.get(reverse(RANGLISTE)).content.decode()
    assert 'value="12345"' in seite
    daten = {"auswahl": ["12345"], "entscheidung": "zurueckgestellt", "begruendung": "Später."}
    bestaetigung = client.post(reverse(RANGLISTE), daten).content.decode()
    assert 'name="auswahl" value="12345"' in bestaetigung
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(RANGLISTE), {**daten, "anwenden": "1"})
    sb.refresh_from_db()
    assert sb.status == Status.ENTSCHIEDEN
    seite = _aktion(client, "frist_verlaengern", [sb]).content.decode()
    assert 'name="_selected_action" value="12345"' in seite


def test_reopen_action_in_the_bewertung_list(client, gs):
    sb = final_sb(status=Status.IN_BEWERTUNG)
    b = bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 12)
    client.force_login(gs)
    liste = reverse("admin:bewertung_bewertung_changelist")
    seite = client.post(liste, {"action": "wieder_oeffnen", "_selected_action": [b.pk]})
    assert "Bewertungen wieder öffnen" in seite.content.decode()
    antwort = client.post(
        liste,
        {
            "action": "wieder_oeffnen",
            "_selected_action": [b.pk],
            "anwenden": "1",
            "grund": "Bitte K3",
        },
    )
    assert antwort.status_code == 302
    b.refresh_from_db()
    assert b.status == "entwurf"
    assert sb.audit.filter(aktion="Bewertung wieder geöffnet", text="Bitte K3").exists()
