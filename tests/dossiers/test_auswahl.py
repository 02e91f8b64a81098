"""What a dossier includes and says it includes (issue 15, defects 3, 4 and 6) and how many
exports one user may have in work (issue 14, item 10)."""

import re
from unittest import mock

import pytest
from django.test import TestCase

from dossiers import services
from dossiers.jobs import ZuVieleExporte
from dossiers.models import ExportJob, ExportStatus
from handlungsfelder.models import Handlungsfeld
from steckbriefe.models import Status
from tests.factories import SteckbriefFactory, wirtschaftsfoerderung

from .hilfen import dossier_erstellen, eingereicht, pdf_text

pytestmark = pytest.mark.django_db


def _flach(text: str) -> str:
    return " ".join(text.split())


def _zurueckziehen(sb):
    sb.status = Status.ZURUECKGEZOGEN
    sb.save()


@pytest.fixture
def ohne_worker():
    """Jobs stay queued: nothing is handed to a broker."""
    with mock.patch("dossiers.tasks.export_ausfuehren.apply_async"):
        yield


# --- defect 3: withdrawn Steckbriefe ---------------------------------------------------------
@pytest.mark.parametrize("auswahl", ["alle", "handlungsfeld"])
def test_withdrawn_steckbriefe_stay_out_of_dossiers_and_are_named(gs, fuenf, auswahl, client):
    zurueck = fuenf[2]
    _zurueckziehen(zurueck)
    parameter = (
        {"alle": True}
        if auswahl == "alle"
        else {"handlungsfeld": Handlungsfeld.objects.get(code="HF1").pk}
    )
    job = dossier_erstellen(gs, parameter)
    assert job.status == ExportStatus.FERTIG, job.fehler
    erwartet = 4 if auswahl == "alle" else 3
    assert job.anzahl == erwartet
    texte = pdf_text(job.datei.path)
    alles = _flach("\n".join(texte))
    # No section, no ranking row, no contents line of the withdrawn one ...
    assert f"Steckbrief Nr. {zurueck.pk} ·" not in alles
    rangliste = _flach(next(t for t in texte if t.startswith("Rangliste")))
    assert zurueck.titel not in rangliste
    # ... but named as left out, with the reason, in the summary, counted on the cover.
    zusammenfassung = _flach(next(t for t in texte if t.startswith("Zusammenfassung")))
    assert f"1 – zurückgezogen: Nr. {zurueck.pk} „{zurueck.titel}“" in zusammenfassung
    deckblatt = _flach(texte[0])
    assert f"Steckbriefe im Dossier {erwartet}" in deckblatt
    assert "Nicht aufgenommen 1 – zurückgezogen" in deckblatt
    # The ranking has a status column, and nothing undecided reads "offen".
    assert "Status" in rangliste and "In Bewertung" in rangliste
    assert " offen" not in rangliste
    client.force_login(gs)
    seite = _flach(client.get(job.get_absolute_url()).content.decode())
    assert "Nicht aufgenommen" in seite and f"Nr. {zurueck.pk} „{zurueck.titel}“" in seite


def test_withdrawn_steckbriefe_stay_out_of_tables(gs, fuenf, client):
    _zurueckziehen(fuenf[0])
    client.force_login(gs)
    antwort = client.post("/exporte/neu/", {"art": "csv", "auswahl": "alle"})
    inhalt = antwort.content.decode()
    assert inhalt.count("\r\n") == 5  # header + 4 rows
    assert fuenf[0].titel not in inhalt


# --- defect 4: the cover counts what is inside ----------------------------------------------
def test_selection_by_numbers_counts_what_is_inside_and_says_what_was_left_out(gs, fuenf):
    entwurf = SteckbriefFactory(titel="Geheimer Entwurf")
    job = dossier_erstellen(gs, {"ids": [fuenf[1].pk, entwurf.pk, 999999]})
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert job.anzahl == 1
    assert job.beschreibung == "1 ausgewählter Steckbrief"
    assert job.ausgelassen == [
        {
            "grund": "Entwurf, nicht eingereicht",
            "anzahl": 1,
            "eintraege": [{"id": entwurf.pk, "titel": None}],
            "weitere": 0,
        },
        {
            "grund": "Nummer gibt es nicht oder Sie dürfen den Steckbrief nicht sehen",
            "anzahl": 1,
            "eintraege": [{"id": 999999, "titel": None}],
            "weitere": 0,
        },
    ]
    texte = pdf_text(job.datei.path)
    deckblatt = _flach(texte[0])
    assert "1 ausgewählter Steckbrief" in deckblatt
    assert "Steckbriefe im Dossier 1" in deckblatt
    assert f"Steckbrief-Nummern {fuenf[1].pk}, {entwurf.pk}, 999999" in deckblatt
    alles = _flach("\n".join(texte))
    assert f"1 – Entwurf, nicht eingereicht: Nr. {entwurf.pk}" in alles
    assert "Nr. 999999" in alles
    assert "Geheimer Entwurf" not in alles  # a draft's title is never handed on


def test_left_out_numbers_reveal_nothing_the_user_may_not_see(fuenf):
    fremdes = eingereicht("Fremdes Vorhaben im Vogtland", gebiete=("14523",))
    wf = wirtschaftsfoerderung("14524")
    job = dossier_erstellen(wf, {"ids": [fuenf[0].pk, fremdes.pk]})
    assert job.status == ExportStatus.FERTIG, job.fehler
    [gruppe] = job.ausgelassen
    assert gruppe["eintraege"] == [{"id": fremdes.pk, "titel": None}]
    assert gruppe["grund"].startswith("Nummer gibt es nicht oder")
    assert "Fremdes Vorhaben" not in "\n".join(pdf_text(job.datei.path))


def test_a_steckbrief_withdrawn_after_the_request_is_left_out_when_planned(gs, fuenf):
    with TestCase.captureOnCommitCallbacks(execute=False) as rueckrufe:
        job = services.export_anlegen(gs, "dossier", {"ids": [fuenf[0].pk, fuenf[1].pk]})
    assert job.beschreibung == "2 ausgewählte Steckbriefe"
    _zurueckziehen(fuenf[1])
    with TestCase.captureOnCommitCallbacks(execute=True):
        for rueckruf in rueckrufe:
            rueckruf()
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert job.anzahl == 1 and job.beschreibung == "1 ausgewählter Steckbrief"
    assert job.ausgelassen[0]["grund"] == "zurückgezogen"
    assert "Steckbriefe im Dossier 1" in _flach(pdf_text(job.datei.path)[0])


# --- defect 6: the export form ------------------------------------------------------------
def _fehler(html: str) -> list[str]:
    """The error messages a page shows (crispy: invalid-feedback and alert blocks)."""
    texte = re.findall(
        r'class="[^"]*(?:invalid-feedback|alert-block)[^"]*"[^>]*>(.*?)</', html, re.S
    )
    return [" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in texte if t.strip()]


def test_a_handlungsfeld_with_all_chosen_is_one_clear_error_not_everything(gs, fuenf, client):
    client.force_login(gs)
    hf2 = Handlungsfeld.objects.get(code="HF2")
    antwort = client.post(
        "/exporte/neu/", {"art": "dossier", "auswahl": "alle", "handlungsfeld": hf2.pk}
    )
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "aber auch ein Handlungsfeld angegeben" in html
    assert html.count("aber auch") == 1
    assert not ExportJob.objects.exists()
    # Chosen consistently, it is the Handlungsfeld's dossier.
    with mock.patch("dossiers.tasks.export_ausfuehren.apply_async"):
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(
                "/exporte/neu/",
                {"art": "dossier", "auswahl": "handlungsfeld", "handlungsfeld": hf2.pk},
            )
    assert ExportJob.objects.get().parameter == {"handlungsfeld": hf2.pk}


def test_numbers_with_a_typo_give_one_error(gs, fuenf, client):
    client.force_login(gs)
    html = client.post(
        "/exporte/neu/", {"art": "dossier", "auswahl": "ids", "ids": "7, abc"}
    ).content.decode()
    assert "Bitte nur Nummern angeben" in html
    assert "mindestens eine Steckbrief-Nummer" not in html
    # Numbers typed while another choice is set: one message about the contradiction,
    # not the typo besides.
    html = client.post(
        "/exporte/neu/", {"art": "dossier", "auswahl": "alle", "ids": "7, abc"}
    ).content.decode()
    assert "aber auch Steckbrief-Nummern angegeben" in html
    assert "Bitte nur Nummern angeben" not in html
    assert not ExportJob.objects.exists()


# --- issue 14, item 10: per-user cap and identical requests ----------------------------------
def test_an_identical_request_returns_the_running_job(gs, fuenf, ohne_worker, client):
    erster = dossier_erstellen(gs, {"alle": True})
    zweiter = dossier_erstellen(gs, {"alle": True})
    assert erster.pk == zweiter.pk and ExportJob.objects.count() == 1
    # A different selection or kind is a new job; so is the same after the first ended.
    anderer = dossier_erstellen(gs, {"ids": [fuenf[0].pk]})
    assert anderer.pk != erster.pk
    ExportJob.objects.filter(pk=erster.pk).update(status=ExportStatus.FEHLGESCHLAGEN)
    assert dossier_erstellen(gs, {"alle": True}).pk not in (erster.pk, anderer.pk)
    # Through the form: the second click leads to the first job's page.
    client.force_login(gs)
    antwort = client.post("/exporte/neu/", {"art": "dossier", "auswahl": "ids", "ids": fuenf[0].pk})
    assert antwort["Location"] == anderer.get_absolute_url()


def test_a_user_has_at_most_the_configured_number_of_exports_in_work(
    gs, wf, fuenf, ohne_worker, settings, client
):
    settings.EXPORT_MAX_AKTIV_JE_NUTZER = 2
    a = dossier_erstellen(gs, {"ids": [fuenf[0].pk]})
    dossier_erstellen(gs, {"ids": [fuenf[1].pk]})
    with pytest.raises(ZuVieleExporte, match="bereits 2 Exporte in Arbeit"):
        dossier_erstellen(gs, {"ids": [fuenf[2].pk]})
    client.force_login(gs)
    html = client.post(
        "/exporte/neu/", {"art": "dossier", "auswahl": "ids", "ids": fuenf[3].pk}
    ).content.decode()
    assert "Sie haben bereits 2 Exporte in Arbeit" in html
    assert ExportJob.objects.filter(erstellt_von=gs).count() == 2
    # Another user is not affected; an identical request still finds its job.
    assert dossier_erstellen(wf, {"alle": True}).erstellt_von == wf
    assert dossier_erstellen(gs, {"ids": [fuenf[0].pk]}).pk == a.pk
    # One of them fails: room for a new one, but a restart of the failed one has to wait
    # when the new one takes the place.
    ExportJob.objects.filter(pk=a.pk).update(status=ExportStatus.FEHLGESCHLAGEN)
    dossier_erstellen(gs, {"ids": [fuenf[2].pk]})
    a.refresh_from_db()
    with pytest.raises(ZuVieleExporte):
        services.neu_starten(a, gs)
    # A queued job whose message was lost long ago does not count.
    import datetime

    from django.utils import timezone

    ExportJob.objects.filter(erstellt_von=gs, status=ExportStatus.WARTEND).update(
        erstellt=timezone.now() - datetime.timedelta(hours=1)
    )
    assert dossier_erstellen(gs, {"ids": [fuenf[4].pk]}).status == ExportStatus.WARTEND


def test_steckbrief_pdf_requests_count_too(einreichend, fuenf, ohne_worker, settings, client):
    settings.EXPORT_MAX_AKTIV_JE_NUTZER = 1
    dossier_erstellen(einreichend, {"steckbrief": fuenf[0].pk}, art="steckbrief_pdf")
    zweiter = eingereicht("Zweites Vorhaben", organisation=fuenf[0].organisation)
    client.force_login(einreichend)
    antwort = client.post(f"/exporte/steckbrief/{zweiter.pk}/pdf/", follow=True)
    assert "Sie haben bereits 1 Export in Arbeit" in antwort.content.decode()
    assert ExportJob.objects.count() == 1


def test_download_names_keep_umlauts_after_rfc_6266(gs, fuenf, client):
    hf = Handlungsfeld.objects.get(code="HF2")
    job = dossier_erstellen(gs, {"handlungsfeld": hf.pk})
    assert job.status == ExportStatus.FERTIG
    client.force_login(gs)
    kopf = client.get(f"/exporte/{job.pk}/herunterladen/")["Content-Disposition"]
    assert kopf.startswith('attachment; filename="dossier-handlungsfeld-hf2-')
    assert "mobilitaet" in kopf  # the ASCII fallback transcribes
    assert "filename*=UTF-8''dossier-handlungsfeld-hf2-infrastruktur-und-mobilit%C3%A4t-" in kopf
    assert "mobilität" in job.dateiname
    antwort = client.post(
        "/exporte/neu/", {"art": "csv", "auswahl": "handlungsfeld", "handlungsfeld": hf.pk}
    )
    assert "filename*=UTF-8''steckbriefe-handlungsfeld-hf2-" in antwort["Content-Disposition"]


def test_the_mail_links_to_site_url_whatever_host_was_asked(gs, fuenf, client, settings):
    """Issue 15, defect 9 and issue 14, item 7: the link comes from SITE_URL (which
    `make run` sets from HOST and PORT), never from the request's Host header."""
    from django.core import mail

    settings.SITE_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["portal.example.org", "127.0.0.1"]
    settings.EXPORT_MAIL_AB_SEKUNDEN = 0
    client.force_login(gs)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            "/exporte/neu/",
            {"art": "dossier", "auswahl": "ids", "ids": fuenf[0].pk},
            HTTP_HOST="127.0.0.1:9999",
        )
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FERTIG
    [nachricht] = mail.outbox
    assert f"https://portal.example.org/exporte/{job.pk}/" in nachricht.body
    assert "9999" not in nachricht.body
