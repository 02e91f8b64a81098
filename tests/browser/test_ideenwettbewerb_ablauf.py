"""Issue 16, „Done when“, in Chromium and in one test: a new person registers without an
Organisation (confirmation link from the outbox), finds „Meine Ideen“ and submits an idea in
the open call; the Geschäftsstelle adds a jury member in the admin („Jury“); the jury member
scores the idea in the admin and finalises; the Geschäftsstelle shortlists and decides in the
ranking of the ideas and sends the notices (the submitter gets the mail and sees the stage on
the idea's page); the Geschäftsstelle exports the call's dossier from the export page, and the
finished PDF names the idea, its jury mean and its stage (pdftotext)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from bewertung.models import JuryBewertung, Jurymitglied, Kriterienkatalog, Kriterium, Skalenstufe
from dossiers.models import ExportJob, ExportStatus
from ideen.models import Idee, Status, Stufe
from konten.models import Mitgliedschaft
from tests.factories import PASSWORT, UserFactory, geschaeftsstelle, ideenaufruf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORT_NEU = "Sensorhaut-Greifer-2026"
TITEL = "Sensorhaut für Greifer"
SCHUSS = Path("/tmp/shots/ideen")


def _link_aus(nachricht, live_server) -> str:
    link = re.search(r"https?://\S+", nachricht.body).group(0)
    return re.sub(r"^https?://[^/]+", live_server.url, link)


def _jurykatalog(aufruf) -> None:
    """The call's jury catalogue (the Geschäftsstelle keeps it under „Kriterienkataloge“;
    that page has its own tests): three criteria, weights 40/30/30, scale 0–5."""
    katalog = Kriterienkatalog.alle.create(
        aufruf=aufruf, name="Jury Industrie.Neu.Denken", runde="2026", aktiv=True
    )
    Skalenstufe.objects.bulk_create(
        Skalenstufe(katalog=katalog, wert=w, bezeichnung=f"Stufe {w}") for w in range(6)
    )
    Kriterium.objects.bulk_create(
        Kriterium(katalog=katalog, code=c, name=n, gewicht=g, reihenfolge=i)
        for i, (c, n, g) in enumerate(
            [("I1", "Innovationsgrad", 40), ("I2", "Marktpotenzial", 30), ("I3", "Team", 30)]
        )
    )


def _admin_anmelden(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")


def _stufe_setzen(page, aktion: str, meldung: str) -> None:
    """An action of the ranking on the idea, confirmed on the next page."""
    page.get_by_role("row").filter(has_text=TITEL).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(aktion)
    page.locator("button[name=index]").click()
    expect(page.locator("h1")).not_to_have_text("Rangliste der Ideen")
    expect(page.locator("#content")).to_contain_text(TITEL)  # the confirmation names it
    page.locator("input[name=anwenden]").click()
    expect(page.get_by_text(meldung)).to_be_visible()


def _pdf_text(pfad: str) -> str:
    ausgabe = subprocess.run(
        ["pdftotext", pfad, "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(ausgabe.split())


def test_register_submit_score_shortlist_decide_notify_and_export(page, live_server, celery_eager):
    aufruf = ideenaufruf(
        slug="industrie-neu-denken-ablauf", name="Industrie.Neu.Denken – Ablauf", ende=12
    )
    _jurykatalog(aufruf)
    gs = geschaeftsstelle(email="gs-ablauf@example.org", first_name="Greta", last_name="GS")
    jurorin = UserFactory(email="jurorin-ablauf@example.org", first_name="Jule", last_name="Jury")

    # --- a new person registers from the call page, without Organisation --------------------
    page.goto(aufruf.get_absolute_url())
    page.get_by_role("link", name=re.compile("^Idee einreichen")).first.click()
    page.wait_for_url(re.compile(r"/konto/login/"))
    page.locator("main").get_by_role("link", name="Registrieren").first.click()
    page.wait_for_url(re.compile(r"/konto/signup/"))
    page.get_by_label("E-Mail-Adresse").fill("mia-ablauf@example.org")
    page.get_by_label("Vorname").fill("Mia")
    page.get_by_label("Nachname").fill("Schubert")
    page.get_by_label("Passwort*", exact=True).fill(PASSWORT_NEU)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORT_NEU)
    page.get_by_role("button", name="Registrieren").click()
    page.wait_for_url(re.compile(r"/konto/"))
    page.goto(_link_aus(mail.outbox[-1], live_server))
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_load_state()
    # allauth kept the `next` of the call's button through sign-up and confirmation: the
    # form of a new idea in this call; „Meine Ideen“ is one click away.
    page.wait_for_url(re.compile(rf"/ideen/neu/{aufruf.slug}/$"))

    # --- „Meine Ideen“, a new idea in the open call, submitted ------------------------------
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Meine Ideen"
    ).click()
    page.wait_for_url(re.compile(r"/ideen/$"))
    expect(page.locator("h1")).to_have_text("Meine Ideen")
    page.get_by_role("link", name="Neue Idee für „Industrie.Neu.Denken – Ablauf“").click()
    page.get_by_label("Titel *").fill(TITEL)
    page.get_by_label("Ihre Idee in einem Satz *").fill(
        "Eine gedruckte Folie gibt Greifern Tastsinn."
    )
    page.get_by_label("Problem und Zielmarkt / Zukunftsmarkt *").fill(
        "Empfindliche Teile lassen sich nicht automatisch greifen; der Markt wächst."
    )
    page.get_by_label("Lösung und Neuheit *").fill("Sensorfolie im Rolle-zu-Rolle-Druck.")
    page.get_by_label("Reifegrad (TRL) *").select_option("4")
    page.get_by_label("Name, Zeile 1").fill("Mia Schubert")
    page.get_by_label("Rolle, Zeile 1").fill("Konstruktion")
    page.get_by_label("Bezug zur Region *").fill("Entstanden an der TU Chemnitz.")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.wait_for_url(re.compile(r"/ideen/\d+/$"))
    page.get_by_role("link", name="Prüfen und einreichen").click()
    page.get_by_role("button", name="Jetzt verbindlich einreichen").click()
    page.wait_for_url(re.compile(r"/ideen/\d+/$"))
    expect(page.locator("#status")).to_contain_text("Eingereicht")
    idee = Idee.objects.get(titel=TITEL)
    mia = idee.eigentuemer
    assert mia.email == "mia-ablauf@example.org" and idee.status == Status.EINGEREICHT
    assert not Mitgliedschaft.objects.filter(user=mia).exists()
    idee_url = page.url

    # --- the Geschäftsstelle adds the jury member in the admin -------------------------------
    _admin_anmelden(page, gs.email)
    page.goto("/admin/bewertung/jurymitglied/add/")
    page.locator("select[name=aufruf]").select_option(label=aufruf.name)
    page.get_by_label("E-Mail-Adresse der Person").fill(jurorin.email)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/bewertung/jurymitglied/")
    expect(page.get_by_role("row").filter(has_text="Jule Jury")).to_contain_text(aufruf.name)
    assert Jurymitglied.objects.filter(aufruf=aufruf, user=jurorin).exists()

    # --- the jury member scores the idea in the admin and finalises -------------------------
    _admin_anmelden(page, jurorin.email)
    page.locator('#content-main a[href$="/admin/bewertung/juryidee/"]').first.click()
    page.wait_for_url("**/admin/bewertung/juryidee/")
    zeile = page.get_by_role("row").filter(has_text=TITEL)
    expect(zeile).to_contain_text("noch nicht begonnen")
    zeile.get_by_role("link", name=TITEL).click()
    page.wait_for_url(f"**/juryidee/{idee.pk}/bewerten/")
    expect(page.get_by_text("Eine gedruckte Folie gibt Greifern Tastsinn.")).to_be_visible()
    kriterien = page.locator("fieldset.bw-kriterium").filter(has=page.locator("input[type=radio]"))
    expect(kriterien).to_have_count(3)
    for i in range(3):
        kriterien.nth(i).get_by_label("4 – Stufe 4").check()
    page.get_by_label("Gesamtempfehlung").select_option("priorisieren")
    page.get_by_role("button", name="Abschließen", exact=True).click()
    expect(page.get_by_text("Ihre Bewertung ist abgeschlossen.")).to_be_visible()
    expect(page.locator("#jury-abgeschlossen")).to_contain_text("80,0")
    assert JuryBewertung.objects.get(idee=idee).mitglied.user == jurorin

    # --- the Geschäftsstelle shortlists, invites to the pitch, decides, sends notices --------
    _admin_anmelden(page, gs.email)
    page.goto("/admin/bewertung/ideenrangliste/")
    zeile = page.get_by_role("row").filter(has_text=TITEL)
    expect(zeile).to_contain_text("80,0")
    expect(zeile).to_contain_text("1 von 1")
    _stufe_setzen(page, "stufe_vorauswahl", f"„{TITEL}“: In die Vorauswahl.")
    _stufe_setzen(page, "stufe_pitch", f"„{TITEL}“: Zum Pitch eingeladen.")
    _stufe_setzen(page, "stufe_auswaehlen", f"„{TITEL}“: Ausgewählt.")
    idee.refresh_from_db()
    assert idee.stufe == Stufe.AUSGEWAEHLT and not idee.bescheid_stufe
    vorher = len(mail.outbox)
    _stufe_setzen(page, "bescheide_versenden", "1 Bescheid versendet.")
    expect(page.get_by_role("row").filter(has_text=TITEL)).to_contain_text("ausgewählt (")
    bescheide = [m for m in mail.outbox[vorher:] if m.to == [mia.email]]
    assert [m.subject for m in bescheide] == [f"Ihre Idee „{TITEL}“: ausgewählt"]

    # --- the submitter sees the stage on the idea's page --------------------------------------
    page.context.clear_cookies()
    page.goto("/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(mia.email)
    page.get_by_label("Passwort").fill(PASSWORT_NEU)
    page.get_by_role("button", name="Anmelden").click()
    # Somebody with an idea and without Organisation lands on „Meine Ideen“.
    page.wait_for_url(re.compile(r"/ideen/$"))
    zeile = page.get_by_role("row").filter(has_text=TITEL)
    expect(zeile).to_contain_text("Ergebnis der Jury: ausgewählt")
    zeile.get_by_role("link", name=TITEL).click()
    page.wait_for_url(idee_url)
    expect(page.locator("#stufe")).to_contain_text("Ergebnis der Jury: ausgewählt")
    expect(page.locator("#stufe")).to_contain_text(f"mitgeteilt am {timezone.localdate():%d.%m.%Y}")

    # --- the Geschäftsstelle exports the call's dossier -------------------------------------
    _admin_anmelden(page, gs.email)
    page.goto("/exporte/neu/")
    expect(page.get_by_label("Ideenwettbewerb (für das Dossier der Ideen)")).to_be_hidden()
    page.get_by_label("Dossier der Ideen eines Ideenwettbewerbs (PDF) mit Jury-Rangliste").check()
    # Only what belongs to the dossier of ideas is shown now.
    expect(page.get_by_text("Welche Steckbriefe?")).to_be_hidden()
    page.get_by_label("Ideenwettbewerb (für das Dossier der Ideen)").select_option(
        label=aufruf.name
    )
    page.get_by_role("button", name="Export erstellen").click()
    herunterladen = page.get_by_role("link", name="Herunterladen")
    expect(herunterladen).to_be_visible(timeout=60_000)
    job = ExportJob.objects.get(erstellt_von=gs)
    assert job.status == ExportStatus.FERTIG and job.parameter == {"aufruf": aufruf.pk}
    with page.expect_download() as laden:
        herunterladen.click()
    pfad = laden.value.path()
    assert Path(pfad).read_bytes()[:5] == b"%PDF-"
    SCHUSS.mkdir(parents=True, exist_ok=True)
    shutil.copy(pfad, SCHUSS / "ideen-dossier.pdf")  # to look at (pdftoppm)
    text = _pdf_text(str(pfad))
    (SCHUSS / "ideen-dossier.txt").write_text(text)
    assert f"Dossier der Ideen {aufruf.name}" in text
    assert "Jury-Rangliste" in text and f"1 {TITEL} Mia Schubert" in text
    # The idea's own page: title, stage, and the jury's mean with the count of scores.
    assert f"1. {TITEL} Idee Nr. {idee.pk} · {aufruf.name} · Stufe: ausgewählt" in text
    assert (
        "Ergebnis der Jury Rang 1 · mittlere gewichtete Punktzahl 80,0 von 100 · "
        "1 von 1 Bewertung abgeschlossen Stufe: ausgewählt"
    ) in text
