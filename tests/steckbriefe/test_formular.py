"""The form "Steckbrief bearbeiten": drafts, server-side validation, rows without
JavaScript, submit buttons and the phase rules (clock frozen with time_machine)."""

import datetime
import re
from decimal import Decimal

import pytest
from django import forms
from django.core import mail
from django.utils.datastructures import MultiValueDict

from handlungsfelder.models import KPI, Gebietskoerperschaft, Handlungsfeld, Teilziel, Zieldimension
from kern.felder import feld_html
from steckbriefe.forms import KatalogAuswahl, KatalogMehrfachauswahl, SteckbriefForm, euro_parsen
from steckbriefe.models import Autosave, Status, Steckbrief
from tests.factories import final_vollstaendig, geschaeftsstelle
from tests.kern.dom import baum, beschrieben_von

from .conftest import IM_FINAL, NACH_FINAL, seite, url
from .hilfen import formular_daten

pytestmark = pytest.mark.django_db


def fehler(response) -> list[str]:
    """The error messages shown at the fields (kern.felder: one list per field)."""
    html = response.content.decode()
    listen = re.findall(r'<ul[^>]*class="invalid-feedback[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m)).strip().removeprefix("Fehler: ")
        for liste in listen
        for m in re.findall(r"<li>(.*?)</li>", liste, re.S)
    ]


def formular_baum(response):
    """The element tree of the edit form (without the template of an empty row)."""
    html = response.content.decode()
    formular = re.search(r'<form[^>]*id="steckbrief-formular".*?</form>', html, re.S).group(0)
    return baum(re.sub(r"<template.*?</template>", "", formular, flags=re.S))


# --- drafts ----------------------------------------------------------------------------------


def test_new_steckbrief_saved_as_draft_with_required_fields_empty(client, sb, user, im_final):
    client.force_login(user)
    response = client.get(url("neu"))
    assert response.status_code == 200
    html = response.content.decode()
    for abschnitt in [
        "Träger und Kontakt",
        "Vorhaben",
        "Ausgangslage und Ziele",
        "Vorgehen",
        "Wirkung",
        "Partner",
        "Finanzierung",
        "Anlagen",
        "Einwilligungen",
    ]:
        assert re.search(rf"<legend[^>]*>\d\. {abschnitt}</legend>", html), abschnitt
    assert 'aria-live="polite"' in html and 'id="autosave-status"' in html
    assert "/seiten/datenschutz/" in html
    daten = formular_daten(html, titel="", kurzbeschreibung="")
    response = client.post(url("neu"), daten)
    assert response.status_code == 302
    neu = Steckbrief.objects.exclude(pk=sb.pk).get()
    assert neu.status == Status.ENTWURF
    assert neu.erstellt_von == user and neu.organisation == user.mitgliedschaft.organisation
    assert response["Location"] == url("bearbeiten", neu)
    assert neu.audit.filter(aktion="Steckbrief angelegt").exists()
    html = client.get(response["Location"]).content.decode()
    assert "Ihr Entwurf wurde gespeichert." in html
    # the summary lists what is missing for the next step, linking to the fields
    zusammenfassung = html.split('id="zusammenfassung"')[1].split("</section>")[0]
    assert "für die finale Einreichung" in zusammenfassung  # final phase
    assert '<a href="#id_titel">Projekttitel</a>' in zusammenfassung
    assert '<a href="#div_id_handlungsfeld">Federführendes Handlungsfeld</a>' in zusammenfassung
    assert 'href="#abschnitt-meilensteine"' in zusammenfassung
    assert 'id="id_titel"' in html and 'id="div_id_handlungsfeld"' in html


def test_summary_in_the_vorlaeufig_phase_asks_only_for_v_fields(mc, sb, im_final, uhr):
    from .conftest import IM_VORLAEUFIG

    uhr(IM_VORLAEUFIG)
    sb.titel = ""
    sb.save()
    html = mc.get(url("bearbeiten", sb)).content.decode()
    zusammenfassung = html.split('id="zusammenfassung"')[1].split("</section>")[0]
    assert "für die vorläufige Einreichung" in zusammenfassung
    assert "Projekttitel" in zusammenfassung
    assert "Meilenstein" not in zusammenfassung


def test_edit_saves_every_section_and_increments_the_revision(mc, sb, user, im_final):
    hf2 = Handlungsfeld.objects.get(code="HF2")
    zd = Zieldimension.objects.get(code="HF1.1")
    tz = Teilziel.objects.filter(zieldimension=zd).first()
    kpi = KPI.objects.filter(zieldimension=zd).first()
    daten = seite(
        mc,
        sb,
        **{
            "org-strasse": "Annaberger Str. 240",
            "org-plz": "09125",
            "ansprechperson_telefon": "+49 371 123-45",
            "weitere_handlungsfelder": str(hf2.pk),
            "zieldimensionen": str(zd.pk),
            "teilziele": str(tz.pk),
            "kpis": str(kpi.pk),
            "gesamte_region": "on",
            "beginn": "3/2027",
            "ende": "2029-12",
            "gesamtvolumen": "2.500.000",
            "eigenanteil": "500000,50",
            "foerdermittel": "1.999.999,50 €",
            "partner-0-name": "TU Chemnitz",
            "partner-0-rolle": "Begleitforschung",
            "partner-0-zusage": "zugesagt",
            "meilensteine-0-bezeichnung": "Baubeginn",
            "meilensteine-0-termin": "06/2027",
            "oeffentlich_listen": "on",
        },
    )
    response = mc.post(url("bearbeiten", sb), daten)
    assert response.status_code == 302, fehler(response)
    sb.refresh_from_db()
    assert sb.revision == 2
    assert sb.zuletzt_bearbeitet_von == user
    assert sb.organisation.strasse == "Annaberger Str. 240"
    assert list(sb.weitere_handlungsfelder.all()) == [hf2]
    assert list(sb.zieldimensionen.all()) == [zd]
    assert list(sb.teilziele.all()) == [tz] and list(sb.kpis.all()) == [kpi]
    assert sb.gesamte_region
    assert (sb.beginn, sb.ende) == (datetime.date(2027, 3, 1), datetime.date(2029, 12, 1))
    assert sb.gesamtvolumen == Decimal("2500000")
    assert sb.eigenanteil == Decimal("500000.50")
    assert sb.foerdermittel == Decimal("1999999.50")
    assert [(p.name, p.zusage) for p in sb.partner.all()] == [("TU Chemnitz", "zugesagt")]
    assert [(m.bezeichnung, m.termin) for m in sb.meilensteine.all()] == [
        ("Baubeginn", datetime.date(2027, 6, 1))
    ]
    assert sb.oeffentlich_listen
    # shown again in German notation
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert 'value="2.500.000"' in html and 'value="500.000,50"' in html
    assert 'value="03/2027"' in html


def test_opt_in_for_the_public_list_is_off_by_default(mc, user, im_final):
    html = mc.get(url("neu")).content.decode()
    daten = formular_daten(html)
    assert "oeffentlich_listen" not in daten
    assert "datenschutz_akzeptiert" not in daten


@pytest.mark.parametrize(
    ("eingabe", "erwartet"),
    [
        ("2.500.000", Decimal("2500000")),
        ("2500000,50", Decimal("2500000.50")),
        ("2500000", Decimal("2500000")),
        ("2.500.000,5 €", Decimal("2500000.5")),
        ("1.000,-", Decimal("1000")),
        ("2500000.50", Decimal("2500000.50")),
        ("", None),
    ],
)
def test_german_amounts(eingabe, erwartet):
    assert euro_parsen(eingabe) == erwartet


@pytest.mark.parametrize("eingabe", ["-5", "−1.000", "2,5,0", "2.50.000", "abc", "1e6", "12,345"])
def test_bad_amounts(eingabe):
    with pytest.raises(ValueError):
        euro_parsen(eingabe)


# --- validation ------------------------------------------------------------------------------


def test_hostile_and_impossible_input_is_rejected_in_german_and_kept(mc, sb, im_final):
    zd_fremd = Zieldimension.objects.get(code="HF3.1")  # sb's Handlungsfeld is HF1
    daten = seite(
        mc,
        sb,
        titel="<script>alert(1)</script> Wasserstoff",
        gesamtvolumen="-100",
        eigenanteil="viel",
        beginn="13/2027",
        ende="31.02.",
        ansprechperson_email="keine-adresse",
        ansprechperson_telefon="<b>0371</b>",
        **{"org-plz": "123"},
        zieldimensionen=str(zd_fremd.pk),
        kurzbeschreibung="x" * 1001,
        **{"meilensteine-0-bezeichnung": "Ohne Termin"},
    )
    response = mc.post(url("bearbeiten", sb), daten)
    assert response.status_code == 200
    meldungen = " | ".join(fehler(response))
    for text in [
        "Bitte geben Sie keinen negativen Betrag an.",
        "Bitte geben Sie einen Betrag in Euro an",
        "Einen Monat 13 gibt es nicht.",
        "Bitte geben Sie Monat und Jahr an, z. B. 03/2027.",
        "gültige E-Mail-Adresse",
        "Bitte geben Sie eine Telefonnummer an",
        "fünfstellige Postleitzahl",
        "gehören zu keinem gewählten Handlungsfeld: HF3.1",
        "erlaubt sind höchstens 1000",
        "Dieses Feld ist zwingend erforderlich.",
    ]:
        assert text in meldungen, (text, meldungen)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Wasserstoff" in html  # input kept, escaped
    assert "Bitte prüfen Sie diese" in html
    sb.refresh_from_db()
    assert sb.revision == 1 and "script" not in sb.titel
    # the input is kept server-side as well
    assert Autosave.objects.get(steckbrief=sb).daten["gesamtvolumen"] == ["-100"]


def test_sums_and_dates_are_checked(mc, sb, im_final):
    daten = seite(
        mc,
        sb,
        gesamtvolumen="1.000.000",
        eigenanteil="400.000",
        foerdermittel="700.000",
        beginn="06/2028",
        ende="05/2028",
    )
    meldungen = " | ".join(fehler(mc.post(url("bearbeiten", sb), daten)))
    assert "dürfen zusammen nicht mehr als das Gesamtvolumen (1.000.000 €)" in meldungen
    assert "Das Ende darf nicht vor dem Beginn liegen." in meldungen


def test_teilziele_and_kpis_only_of_chosen_zieldimensionen(mc, sb, im_final):
    zd = Zieldimension.objects.get(code="HF1.1")
    andere = Zieldimension.objects.get(code="HF1.2")
    daten = seite(
        mc,
        sb,
        zieldimensionen=str(zd.pk),
        teilziele=str(Teilziel.objects.filter(zieldimension=andere).first().pk),
        kpis=str(KPI.objects.filter(zieldimension=andere).first().pk),
    )
    meldungen = " | ".join(fehler(mc.post(url("bearbeiten", sb), daten)))
    assert "Diese Teilziele gehören zu keiner gewählten Zieldimension" in meldungen
    assert "Diese KPIs gehören zu keiner gewählten Zieldimension" in meldungen


def test_lead_handlungsfeld_not_again_as_further_one(mc, sb, im_final):
    daten = seite(mc, sb, weitere_handlungsfelder=str(sb.handlungsfeld_id))
    meldungen = " | ".join(fehler(mc.post(url("bearbeiten", sb), daten)))
    assert "ist bereits das federführende Handlungsfeld" in meldungen


def test_catalogue_options_carry_their_group_for_the_filter(mc, sb, im_final):
    html = mc.get(url("bearbeiten", sb)).content.decode()
    zd = Zieldimension.objects.get(code="HF2.1")
    assert re.search(
        rf'<input type="checkbox" name="zieldimensionen" value="{zd.pk}"[^>]*data-gruppe="{zd.handlungsfeld_id}"',
        html,
    )
    assert f'class="katalog-gruppe" data-gruppe="{zd.pk}"' in html  # Teilziele/KPIs of zd
    assert '<script src="/static/js/steckbrief.js" defer></script>' in html
    assert "<script>" not in html  # no inline script (CSP)


# --- rows without JavaScript -------------------------------------------------------------------


def test_add_row_button_saves_and_offers_another_empty_row(mc, sb, im_final):
    daten = seite(mc, sb, **{"partner-0-name": "IHK Chemnitz"})
    daten["zeile"] = ["partner"]
    response = mc.post(url("bearbeiten", sb), daten)
    assert response.status_code == 302
    assert response["Location"] == url("bearbeiten", sb) + "?partner=1#abschnitt-partner"
    assert sb.partner.get().name == "IHK Chemnitz"
    # an empty row was still there: clicking again without filling it offers two
    daten = seite(mc, sb)
    daten["zeile"] = ["partner"]
    response = mc.post(url("bearbeiten", sb), daten)
    assert response["Location"].endswith("?partner=2#abschnitt-partner")
    html = mc.get(response["Location"]).content.decode()
    daten = formular_daten(html)
    assert daten["partner-TOTAL_FORMS"] == ["3"]
    # delete a row
    daten = seite(mc, sb, **{"partner-0-DELETE": "on"})
    assert mc.post(url("bearbeiten", sb), daten).status_code == 302
    assert not sb.partner.exists()


# --- submit buttons --------------------------------------------------------------------------------


def test_submit_saves_first_then_calls_the_service(
    mc, sb, user, im_final, uhr, django_capture_on_commit_callbacks
):
    from .conftest import IM_VORLAEUFIG

    uhr(IM_VORLAEUFIG)
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert 'value="vorlaeufig_einreichen"' in html
    assert 'value="final_einreichen"' not in html
    daten = formular_daten(html, kurzbeschreibung="Neu <b>fett</b> & mehr")
    daten["aktion"] = ["vorlaeufig_einreichen"]
    with django_capture_on_commit_callbacks(execute=True):
        response = mc.post(url("bearbeiten", sb), daten)
    assert response.status_code == 302
    assert response["Location"] == url("detail", sb)
    sb.refresh_from_db()
    assert sb.status == Status.VORLAEUFIG_EINGEREICHT
    assert sb.kurzbeschreibung == "Neu <b>fett</b> & mehr"
    assert dict(sb.versionen.get().daten["felder"])["Kurzbeschreibung"] == "Neu <b>fett</b> & mehr"
    # receipt: text as typed, HTML escaped
    eingang = mail.outbox[-1]
    assert "Eingangsbestätigung" in eingang.subject
    assert "Neu <b>fett</b> & mehr" in eingang.body
    assert "Neu &lt;b&gt;fett&lt;/b&gt; &amp; mehr" in eingang.alternatives[0].content
    html = mc.get(response["Location"]).content.decode()
    assert "„Vorläufig einreichen“ ist erfolgt." in html
    assert "Neu &lt;b&gt;fett&lt;/b&gt; &amp; mehr" in html


def test_failed_submit_keeps_the_input_and_says_why(mc, sb, im_final, uhr):
    from .conftest import IM_VORLAEUFIG

    uhr(IM_VORLAEUFIG)
    daten = seite(mc, sb, titel="", ziele="Meine Ziele")
    daten["datenschutz_akzeptiert"] = []
    daten["aktion"] = ["vorlaeufig_einreichen"]
    response = mc.post(url("bearbeiten", sb), daten, follow=True)
    html = response.content.decode()
    assert "Ihr Entwurf wurde gespeichert, aber „Vorläufig einreichen“ war nicht möglich" in html
    assert "Es fehlen noch Angaben: Projekttitel" in html
    assert "Datenschutzhinweise zur Kenntnis genommen" in html
    sb.refresh_from_db()
    assert sb.status == Status.ENTWURF
    assert sb.ziele == "Meine Ziele"  # saved before the attempt


def test_submitting_a_transition_not_offered_shows_the_service_message(mc, sb, im_final):
    daten = seite(mc, sb)
    daten["aktion"] = ["vorlaeufig_einreichen"]  # final phase: no longer possible
    html = mc.post(url("bearbeiten", sb), daten, follow=True).content.decode()
    assert "nur in der Phase „vorläufiger Steckbrief“ eingereicht werden" in html


def test_final_path_through_the_pages(mc, sb, user, uhr):
    from .conftest import IM_VORLAEUFIG

    uhr(IM_VORLAEUFIG)
    daten = seite(mc, sb)
    daten["aktion"] = ["vorlaeufig_einreichen"]
    mc.post(url("bearbeiten", sb), daten)
    uhr(IM_FINAL)
    mc.force_login(user)  # months later: the session has expired
    html = mc.get(url("dashboard")).content.decode()
    assert "Zum finalen Steckbrief vervollständigen" in html
    response = mc.post(url("finalisieren", sb))
    assert response["Location"] == url("bearbeiten", sb)
    sb.refresh_from_db()
    final_vollstaendig(sb)
    daten = seite(mc, sb)
    daten["aktion"] = ["final_einreichen"]
    response = mc.post(url("bearbeiten", sb), daten)
    # saved, then the preview and confirmation (issue 12)
    assert response["Location"] == url("einreichen", sb)
    sb.refresh_from_db()
    assert sb.status == Status.FINALISIERUNG
    response = mc.post(url("einreichen", sb), {"bestaetigt": "ja"})
    assert response["Location"] == url("detail", sb)
    sb.refresh_from_db()
    assert sb.status == Status.FINAL_EINGEREICHT
    assert list(sb.versionen.values_list("art", flat=True)) == ["vorlaeufig", "final"]


def test_rueckfrage_is_shown_and_answered(mc, sb, user, uhr):
    uhr(IM_FINAL)
    from bewertung import services as bw_services
    from steckbriefe import services

    final_vollstaendig(sb)
    services.final_einreichen(sb, user)
    gs = geschaeftsstelle()
    bw_services.rueckfrage_stellen(sb, gs, "Bitte <i>Kosten</i> aufschlüsseln.")
    uhr(NACH_FINAL)  # a Rückfrage may be answered after the deadline
    mc.force_login(user)
    html = mc.get(url("dashboard")).content.decode()
    assert "Rückfrage beantworten" in html
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert "Bitte &lt;i&gt;Kosten&lt;/i&gt; aufschlüsseln." in html
    daten = formular_daten(html, finanzierungsplan="Aufgeschlüsselt")
    daten["aktion"] = ["rueckfrage_beantworten"]
    mc.post(url("bearbeiten", sb), daten)
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG
    assert sb.versionen.last().art == "rueckfrage"


def test_withdraw_with_confirmation(mc, sb, im_final):
    html = mc.get(url("zurueckziehen", sb)).content.decode()
    assert "wirklich zurückziehen" in html
    response = mc.post(url("zurueckziehen", sb), {"grund": "Projekt entfällt"})
    assert response["Location"] == url("dashboard")
    sb.refresh_from_db()
    assert sb.status == Status.ZURUECKGEZOGEN
    assert sb.audit.filter(aktion="Zurückziehen", text="Projekt entfällt").exists()
    response = mc.post(url("zurueckziehen", sb), {"grund": ""}, follow=True)
    assert "nicht möglich" in response.content.decode()


# --- phase rules -------------------------------------------------------------------------------


def test_phase_closed_while_editing_keeps_the_draft_and_says_whom_to_contact(mc, sb, user, uhr):
    uhr(IM_FINAL)
    mc.force_login(user)
    daten = seite(mc, sb, ziele="Kurz vor Fristende getippt")
    uhr(NACH_FINAL)
    mc.force_login(user)  # the session of June would have expired by September
    response = mc.post(url("bearbeiten", sb), daten, follow=True)
    html = response.content.decode()
    # the reason once (issue 12, item 2: it was shown twice), the kept input below it
    assert html.count("Die Frist für finale Steckbriefe ist am 31.08.2026 abgelaufen.") == 1
    assert "Geschäftsstelle" in html
    assert "aufbewahrt, aber nicht in den Steckbrief übernommen" in html
    assert "Kurz vor Fristende getippt" in html  # shown as kept input
    sb.refresh_from_db()
    assert sb.ziele == "" and sb.revision == 1
    autosave = Autosave.objects.get(steckbrief=sb)
    assert autosave.daten["ziele"] == ["Kurz vor Fristende getippt"]
    # read-only afterwards
    response = mc.get(url("bearbeiten", sb))
    assert response.status_code == 302 and response["Location"] == url("detail", sb)
    # the Geschäftsstelle extends the deadline: editing works again, with the kept input
    from steckbriefe import services

    services.verlaengerung_setzen(sb, geschaeftsstelle(), datetime.date(2026, 9, 30))
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert "Kurz vor Fristende getippt" in html
    assert "wiederhergestellt" in html
    assert 'value="final_einreichen"' in html


def test_before_the_first_phase_drafts_are_not_edited(mc, sb, user, uhr):
    """Issue 12, item 2: one rule for drafts, only while a submission phase accepts them;
    the page says when they can be edited, and the input of a save is kept."""
    uhr(IM_FINAL)
    daten = seite(mc, sb, titel="Früh dran")  # the form was open in a phase …
    uhr(datetime.datetime(2025, 12, 1, 10, tzinfo=datetime.UTC))  # … and now none runs
    response = mc.get(url("bearbeiten", sb), follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(url("detail", sb), 302)]
    hinweis = "Steckbriefe können ab dem 01.01.2026 angelegt, bearbeitet und eingereicht werden"
    assert html.count(hinweis) == 1
    response = mc.post(url("bearbeiten", sb), daten, follow=True)
    assert response.redirect_chain == [(url("detail", sb), 302)]
    html = response.content.decode()
    assert html.count(hinweis) == 1
    assert "Früh dran" in html  # kept, shown next to the stored value
    sb.refresh_from_db()
    assert sb.titel != "Früh dran"


def test_every_control_has_a_label_and_sections_are_fieldsets(mc, sb, im_final):
    from tests.konten.hilfen import unbeschriftete_felder

    html = mc.get(url("bearbeiten", sb)).content.decode()
    formular = html.split('id="steckbrief-formular"')[1].split("</form>")[0]
    formular = re.sub(r"<template.*?</template>", "", formular, flags=re.S)
    assert unbeschriftete_felder(formular) == []
    assert len(re.findall(r'<fieldset id="abschnitt-', formular)) == 9
    assert 'role="status" aria-live="polite"' in formular


# --- the fields' markup (kern.felder) ------------------------------------------------------------


def test_failed_submit_marks_the_fields_and_keeps_every_choice(mc, sb, im_final):
    hf2 = Handlungsfeld.objects.get(code="HF2")
    zd = Zieldimension.objects.get(code="HF1.1")
    gebiete = [str(g.pk) for g in Gebietskoerperschaft.objects.all()[:2]]
    daten = seite(
        mc,
        sb,
        titel="x" * 301,
        gesamtvolumen="zwei Millionen",
        vorhabenart="investition",
        weitere_handlungsfelder=[str(sb.handlungsfeld_id), str(hf2.pk)],
        zieldimensionen=str(zd.pk),
        gebietskoerperschaften=gebiete,
        **{"partner-0-rolle": "Rolle ohne Namen"},
    )
    response = mc.post(url("bearbeiten", sb), daten)
    assert response.status_code == 200
    wurzel = formular_baum(response)

    titel = wurzel.eins("input", id="id_titel")
    assert titel["value"] == "x" * 301 and titel["aria-invalid"] == "true"
    meldung, hinweis = beschrieben_von(titel, wurzel)
    assert "erlaubt sind höchstens 300" in meldung and hinweis.startswith("Pflichtangabe")
    assert wurzel.eins("label", **{"for": "id_titel"}).text == "Projekttitel"
    volumen = wurzel.eins("input", id="id_gesamtvolumen")
    assert volumen["value"] == "zwei Millionen" and "is-invalid" in volumen.klassen
    assert wurzel.eins("input", id="id_kurztitel").get("aria-invalid") is None  # valid

    art = wurzel.eins("select", id="id_vorhabenart")
    assert [o["value"] for o in art.alle("option") if "selected" in o.attrs] == ["investition"]

    # the further Handlungsfelder: a fieldset described by its error, both choices kept
    gruppe = wurzel.eins("div", id="div_id_weitere_handlungsfelder").eins("fieldset")
    assert gruppe.eins("legend").text == "Weitere berührte Handlungsfelder"
    assert "bereits das federführende Handlungsfeld" in beschrieben_von(gruppe, wurzel)[0]
    gewaehlt = [e["value"] for e in gruppe.alle("input") if "checked" in e.attrs]
    assert gewaehlt == [str(sb.handlungsfeld_id), str(hf2.pk)]
    assert all(e["aria-invalid"] == "true" for e in gruppe.alle("input"))

    # valid groups keep their choices and are not marked
    federfuehrend = wurzel.eins("div", id="div_id_handlungsfeld")
    assert [e["value"] for e in federfuehrend.alle("input") if "checked" in e.attrs] == [
        str(sb.handlungsfeld_id)
    ]
    orte = wurzel.eins("div", id="div_id_gebietskoerperschaften")
    assert [e["value"] for e in orte.alle("input") if "checked" in e.attrs] == gebiete
    assert not [e for e in orte.alle("input") if "aria-invalid" in e.attrs]
    katalog = wurzel.eins("div", id="div_id_zieldimensionen")
    box = katalog.eins("input", value=str(zd.pk))
    assert "checked" in box.attrs
    assert box.eltern.eltern.eins("legend").text == str(zd.handlungsfeld)  # its group

    # a row of the formset: the required name is marked and its error described
    name = wurzel.eins("input", id="id_partner-0-name")
    assert wurzel.eins("label", **{"for": "id_partner-0-name"}).text == "Name des Partners*"
    assert beschrieben_von(name, wurzel) == ["Fehler: Dieses Feld ist zwingend erforderlich."]
    assert wurzel.eins("input", id="id_partner-0-rolle")["value"] == "Rolle ohne Namen"


def test_every_description_and_label_points_to_an_element(mc, sb, im_final):
    daten = seite(mc, sb, titel="x" * 301, beginn="13/2027", handlungsfeld="999999")
    wurzel = formular_baum(mc.post(url("bearbeiten", sb), daten))
    ids = [el["id"] for el in wurzel.alle() if el.get("id")]
    doppelt = {i for i in ids if ids.count(i) > 1} - {"abschnitt-partner"}  # section + rows
    assert not doppelt
    beschrieben = [el for el in wurzel.alle() if el.get("aria-describedby")]
    assert len(beschrieben) > 20
    for el in beschrieben:
        assert all(beschrieben_von(el, wurzel))
    for label in wurzel.alle("label"):
        assert label["for"] in ids, label["for"]


def test_catalogue_fields_are_fieldsets_grouped_by_their_parent(mc, sb, im_final):
    wurzel = formular_baum(mc.get(url("bearbeiten", sb)))
    for name, modell, eltern in [
        ("zieldimensionen", Zieldimension, "handlungsfeld"),
        ("teilziele", Teilziel, "zieldimension"),
        ("kpis", KPI, "zieldimension"),
    ]:
        rahmen = wurzel.eins("div", id=f"div_id_{name}")
        assert rahmen["data-katalog"] == name
        aussen = rahmen.alle("fieldset")[0]
        assert beschrieben_von(aussen, wurzel)[0].startswith("Nur ")
        gruppen = rahmen.alle("fieldset", class_="katalog-gruppe")
        assert {g["data-gruppe"] for g in gruppen} == {
            str(pk) for pk in modell.objects.values_list(f"{eltern}_id", flat=True)
        }
        boxen = rahmen.alle("input")
        assert len(boxen) == modell.objects.count()
        for box in boxen:
            gruppe = box.vorfahren()[1]
            assert box["data-gruppe"] == gruppe["data-gruppe"]
            assert wurzel.eins("label", **{"for": box["id"]}).text


# --- the catalogue fields check the input against the options they list ----------------------

# {a} and {b}: primary keys of two Handlungsfelder.
EINZEL = ["{a}", " {a}", "0{a}", "abc", "{a}.0", "999999", "", None, "\x00"]
MEHRFACH = [["{a}", "{b}"], ["{a}", " {b}"], ["{b}", "{a}", "{a}"], ["abc"], ["999999"], [], "{a}"]


def _einsetzen(wert):
    a, b = Handlungsfeld.objects.values_list("pk", flat=True)[:2]
    if isinstance(wert, str):
        return wert.format(a=a, b=b)
    if isinstance(wert, list):
        return [_einsetzen(w) for w in wert]
    return wert


def _ergebnis(field, wert):
    try:
        ergebnis = field.clean(wert)
    except forms.ValidationError as fehler:
        return ("fehler", [e.code for e in fehler.error_list], fehler.messages)
    if ergebnis is None or isinstance(ergebnis, Handlungsfeld):
        return ("ok", ergebnis)
    return ("ok", list(ergebnis))


@pytest.mark.parametrize("wert", EINZEL)
def test_single_choice_accepts_and_rejects_like_django(wert):
    eigen = KatalogAuswahl(queryset=Handlungsfeld.objects.all(), required=False)
    django_ = forms.ModelChoiceField(queryset=Handlungsfeld.objects.all(), required=False)
    wert = _einsetzen(wert)
    assert _ergebnis(eigen, wert) == _ergebnis(django_, wert)


@pytest.mark.parametrize("wert", MEHRFACH)
def test_multiple_choice_accepts_and_rejects_like_django(wert):
    eigen = KatalogMehrfachauswahl(queryset=Handlungsfeld.objects.all(), required=False)
    django_ = forms.ModelMultipleChoiceField(queryset=Handlungsfeld.objects.all(), required=False)
    wert = _einsetzen(wert)
    assert _ergebnis(eigen, wert) == _ergebnis(django_, wert)


def test_multiple_choice_rejects_a_nested_list_like_django():
    eigen = KatalogMehrfachauswahl(queryset=Handlungsfeld.objects.all(), required=False)
    django_ = forms.ModelMultipleChoiceField(queryset=Handlungsfeld.objects.all(), required=False)
    assert _ergebnis(eigen, [["1"]]) == _ergebnis(django_, [["1"]])
    assert _ergebnis(eigen, [["1"]])[1] == ["invalid_list"]


def test_catalogue_read_once_per_form(django_assert_num_queries):
    a, b, c = Handlungsfeld.objects.values_list("pk", flat=True)[:3]
    daten = MultiValueDict({"handlungsfeld": [str(a)], "weitere_handlungsfelder": [str(c), str(b)]})
    form = SteckbriefForm(daten)
    with django_assert_num_queries(1):  # both Handlungsfeld fields: one query
        assert form.is_valid(), form.errors
        html = feld_html(form["handlungsfeld"]) + feld_html(form["weitere_handlungsfelder"])
    assert form.cleaned_data["handlungsfeld"].pk == a
    assert [hf.pk for hf in form.cleaned_data["weitere_handlungsfelder"]] == [b, c]
    assert html.count(" checked") == 3
