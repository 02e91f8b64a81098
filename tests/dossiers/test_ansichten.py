"""Pages and permissions: downloads, status pages and JSON only for the job's owner and the
Geschäftsstelle; who may request which export; the progress page works with static JS."""

import re

import pytest
from django.test import TestCase
from django.urls import reverse

from dossiers.models import ExportJob, ExportStatus
from tests.factories import mitglied, wirtschaftsfoerderung

from .hilfen import dossier_erstellen

pytestmark = pytest.mark.django_db


@pytest.fixture
def rollen(fuenf, einreichend, fremd, wf, gs, superuser):
    return {
        "anonym": None,
        "einreichend_eigentuemer": einreichend,
        "andere_einreichende": fremd,
        "kollegin_derselben_organisation": mitglied(fuenf[0].organisation),
        "wirtschaftsfoerderung": wf,
        "geschaeftsstelle": gs,
        "superuser": superuser,
    }


ERLAUBT = {"einreichend_eigentuemer", "geschaeftsstelle", "superuser"}


@pytest.mark.parametrize(
    "rolle",
    [
        "anonym",
        "einreichend_eigentuemer",
        "andere_einreichende",
        "kollegin_derselben_organisation",
        "wirtschaftsfoerderung",
        "geschaeftsstelle",
        "superuser",
    ],
)
def test_download_status_and_restart_only_for_owner_and_geschaeftsstelle(
    rolle, rollen, fuenf, client
):
    eigentuemer = rollen["einreichend_eigentuemer"]
    job = dossier_erstellen(eigentuemer, {"steckbrief": fuenf[0].pk}, art="steckbrief_pdf")
    assert job.ist_fertig
    user = rollen[rolle]
    if user is not None:
        client.force_login(user)
    urls = {
        "download": reverse("dossiers:herunterladen", args=[job.pk]),
        "seite": reverse("dossiers:job", args=[job.pk]),
        "status": reverse("dossiers:job_status", args=[job.pk]),
    }
    antworten = {name: client.get(url) for name, url in urls.items()}
    neustart = client.post(reverse("dossiers:neu_starten", args=[job.pk]))
    if user is None:
        for antwort in [*antworten.values(), neustart]:
            assert antwort.status_code == 302 and "/konto/login/" in antwort["Location"]
        return
    if rolle not in ERLAUBT:
        for antwort in [*antworten.values(), neustart]:
            assert antwort.status_code == 404
        return
    download = antworten["download"]
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.7")
    assert antworten["seite"].status_code == 200
    assert antworten["status"].json()["fertig"] is True
    # A finished, unexpired job cannot be restarted (by anybody).
    assert neustart.status_code == 302
    job.refresh_from_db()
    assert job.lauf == 1


def test_wirtschaftsfoerderung_downloads_its_own_dossier_but_not_others(wf, gs, fuenf, client):
    eigener = dossier_erstellen(wf, {"alle": True})
    fremder = dossier_erstellen(gs, {"alle": True})
    andere_wf = wirtschaftsfoerderung("14521")
    client.force_login(wf)
    assert client.get(f"/exporte/{eigener.pk}/herunterladen/").status_code == 200
    assert client.get(f"/exporte/{fremder.pk}/herunterladen/").status_code == 404
    client.force_login(andere_wf)
    assert client.get(f"/exporte/{eigener.pk}/herunterladen/").status_code == 404
    client.force_login(gs)
    assert client.get(f"/exporte/{eigener.pk}/herunterladen/").status_code == 200


def test_steckbrief_pdf_link_for_submitters_and_reviewers(einreichend, fremd, wf, fuenf, client):
    url = reverse("dossiers:steckbrief_pdf", args=[fuenf[0].pk])
    assert client.get(url).status_code == 302  # login first
    client.force_login(fremd)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not ExportJob.objects.exists()
    for user in [einreichend, wf]:
        client.force_login(user)
        seite = client.get(url)
        assert seite.status_code == 200 and "PDF erstellen" in seite.content.decode()
        with TestCase.captureOnCommitCallbacks(execute=True):
            antwort = client.post(url)
        job = ExportJob.objects.filter(erstellt_von=user).get()
        assert antwort.status_code == 302 and antwort["Location"] == job.get_absolute_url()
        job.refresh_from_db()
        assert job.status == ExportStatus.FERTIG and job.seiten >= 2


def test_progress_page_uses_static_script_and_works_without_it(gs, fuenf, client):
    from unittest import mock

    with mock.patch("dossiers.tasks.export_ausfuehren.apply_async"):
        job = dossier_erstellen(gs, {"alle": True})
    client.force_login(gs)
    html = client.get(job.get_absolute_url()).content.decode()
    assert f'data-status-url="/exporte/{job.pk}/status/"' in html
    assert '<script src="/static/dossiers/export-status.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline scripts
    assert 'http-equiv="refresh"' not in html
    assert f'<a href="/exporte/{job.pk}/">Seite neu laden</a>' in html
    assert '<progress id="export-fortschritt"' in html
    daten = client.get(f"/exporte/{job.pk}/status/").json()
    assert daten == {
        "id": job.pk,
        "status": "wartend",
        "status_text": "In der Warteschlange",
        "zustand": "wartend",
        "haengt_seit": "",
        "steckbriefe_text": "",
        "rest": "",
        "fortschritt": 0,
        "fertig": False,
        "fehler": "",
        "kann_neu_starten": False,
        "download_url": "",
        "dateiname": "",
        "groesse": "",
        "seiten": None,
        "seiten_text": "",
        "laeuft_ab": "",
    }
    antwort = client.get(f"/exporte/{job.pk}/status/")
    assert "no-cache" in antwort["Cache-Control"]


def test_export_form_for_reviewers_only(gs, wf, einreichend, client):
    client.force_login(einreichend)
    assert client.get("/exporte/neu/").status_code == 404
    assert client.get("/exporte/").status_code == 200  # own jobs list
    client.force_login(wf)
    html = client.get("/exporte/neu/").content.decode()
    assert "Kommentare der Bewertenden" not in html
    client.force_login(gs)
    html = client.get("/exporte/neu/?ids=3,4").content.decode()
    assert "Kommentare der Bewertenden" in html and 'value="3,4"' in html


def test_export_form_creates_a_dossier_job(gs, fuenf, client):
    client.force_login(gs)
    with TestCase.captureOnCommitCallbacks(execute=True):
        antwort = client.post(
            "/exporte/neu/",
            {"art": "dossier", "auswahl": "ids", "ids": f"{fuenf[1].pk}, {fuenf[2].pk}"},
        )
    job = ExportJob.objects.get()
    assert antwort.status_code == 302 and antwort["Location"] == f"/exporte/{job.pk}/"
    assert job.parameter == {"ids": sorted([fuenf[1].pk, fuenf[2].pk])}
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG
    uebersicht = client.get("/exporte/").content.decode()
    assert "2 ausgewählte Steckbriefe" in uebersicht and "Herunterladen" in uebersicht


def test_export_form_errors_in_german(gs, fuenf, client):
    client.force_login(gs)
    html = client.post(
        "/exporte/neu/", {"art": "dossier", "auswahl": "ids", "ids": "12, x"}
    ).content.decode()
    assert "Bitte nur Nummern angeben" in html
    html = client.post(
        "/exporte/neu/", {"art": "dossier", "auswahl": "ids", "ids": "999999"}
    ).content.decode()
    assert "keine eingereichten Steckbriefe" in html
    html = client.post(
        "/exporte/neu/", {"art": "dossier", "auswahl": "handlungsfeld"}
    ).content.decode()
    assert "Bitte wählen Sie ein Handlungsfeld." in html
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("art", ["dossier", "csv", "xlsx"])
def test_export_of_numbers_beyond_any_id_is_a_german_message(gs, fuenf, client, art):
    """Issue 14, item 11: ids=99999999999999999999 answered 500."""
    client.force_login(gs)
    for ids in ("99999999999999999999", f"{fuenf[0].pk}, {2**63}", "0"):
        response = client.post("/exporte/neu/", {"art": art, "auswahl": "ids", "ids": ids})
        assert response.status_code == 200, ids
        assert "gibt es nicht. Bitte prüfen Sie die Nummern." in response.content.decode()
    assert client.get("/exporte/neu/?ids=99999999999999999999").status_code == 200
    assert not ExportJob.objects.exists()


def test_stored_selection_beyond_any_id_selects_nothing(gs, fuenf):
    from dossiers import regeln

    assert regeln.parameter_bereinigen({"ids": ["99999999999999999999", "x"]}, gs) == {"ids": []}
    assert not regeln.auswahl(gs, {"ids": [10**30, fuenf[0].pk]}).exclude(pk=fuenf[0].pk).exists()


def test_small_tables_come_directly_large_ones_through_a_job(gs, fuenf, client, settings):
    client.force_login(gs)
    antwort = client.post("/exporte/neu/", {"art": "csv", "auswahl": "alle"})
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "text/csv; charset=utf-8"
    assert antwort["Content-Disposition"].startswith('attachment; filename="steckbriefe-')
    assert antwort.content.decode("utf-8").count("\r\n") == 6  # header + 5 rows
    assert not ExportJob.objects.exists()

    settings.EXPORT_DIREKT_MAX = 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        antwort = client.post("/exporte/neu/", {"art": "xlsx", "auswahl": "alle"})
    job = ExportJob.objects.get()
    assert antwort["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG and job.anzahl == 5
    download = client.get(f"/exporte/{job.pk}/herunterladen/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_admin_actions_create_jobs_for_the_selection(gs, fuenf, rf, settings):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from dossiers.admin import EXPORT_AKTIONEN, csv_exportieren, dossier_erstellen
    from steckbriefe.models import Steckbrief

    assert len(EXPORT_AKTIONEN) == 3
    request = rf.post("/admin/steckbriefe/steckbrief/")
    request.user = gs
    request.session = {}
    request._messages = FallbackStorage(request)
    auswahl = Steckbrief.objects.filter(pk__in=[fuenf[0].pk, fuenf[3].pk])
    antwort = csv_exportieren(None, request, auswahl)
    assert antwort.status_code == 200 and antwort.content.decode().count("\r\n") == 3
    with TestCase.captureOnCommitCallbacks(execute=True):
        antwort = dossier_erstellen(None, request, auswahl)
    job = ExportJob.objects.get()
    assert antwort.status_code == 302 and antwort["Location"] == job.get_absolute_url()
    assert job.parameter == {"ids": sorted([fuenf[0].pk, fuenf[3].pk])}


def test_steckbrief_changelist_offers_the_export_actions(gs, wf, fuenf, client):
    client.force_login(gs)
    liste = client.get("/admin/steckbriefe/steckbrief/").content.decode()
    for aktion in ["dossier_erstellen", "xlsx_exportieren", "csv_exportieren"]:
        assert f'value="{aktion}"' in liste
    with TestCase.captureOnCommitCallbacks(execute=True):
        antwort = client.post(
            "/admin/steckbriefe/steckbrief/",
            {"action": "dossier_erstellen", "_selected_action": [fuenf[1].pk, fuenf[2].pk]},
        )
    job = ExportJob.objects.get()
    assert antwort.status_code == 302 and antwort["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ExportStatus.FERTIG and job.anzahl == 2
    # A Wirtschaftsförderung exports from its own (scoped) list, without scores.
    client.force_login(wf)
    antwort = client.post(
        "/admin/steckbriefe/steckbrief/",
        {"action": "csv_exportieren", "_selected_action": [fuenf[3].pk]},
    )
    assert antwort.status_code == 200 and antwort["Content-Type"].startswith("text/csv")
    assert "Rang" not in antwort.content.decode().splitlines()[0]


@pytest.mark.parametrize("anzahl", [1, 30])
def test_job_list_and_status_pages_need_a_bounded_number_of_queries(
    gs, fuenf, client, anzahl, django_assert_max_num_queries, settings
):
    """The list of one's exports and a running dossier's page and status (with its pieces,
    Steckbriefe set and signs of life) do not grow with the number of jobs or pieces."""
    from unittest import mock

    settings.EXPORT_MAX_AKTIV_JE_NUTZER = 100
    settings.DOSSIER_TEIL_GROESSE = 1
    with mock.patch("dossiers.tasks.dossier_teil.apply_async"):
        for i in range(anzahl):
            job = dossier_erstellen(gs, {"ids": [fuenf[i % 5].pk], "mit_kommentaren": i % 2 == 0})
    job = dossier_erstellen(gs, {"alle": True})  # queued behind, many pieces if planned
    client.force_login(gs)
    with django_assert_max_num_queries(8):
        assert client.get("/exporte/").status_code == 200
    laufend = ExportJob.objects.filter(status=ExportStatus.LAEUFT).first()
    with django_assert_max_num_queries(12):
        assert client.get(laufend.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(f"/exporte/{laufend.pk}/status/").status_code == 200
    assert job.pk
