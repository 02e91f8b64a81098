"""The dossier of an Ideenwettbewerb call (issue 16): cover, summary by stage, Reifegrad and
Gebietskörperschaft, the jury ranking with its page column, one section per submitted idea
with all its fields, team, the pitch deck's name and the jury result; nothing of a draft or
a withdrawn idea; the same pipeline, PDF/UA structure and rights (Geschäftsstelle only)."""

from unittest import mock

import pytest
from django.test import TestCase
from django.utils import timezone

from bewertung.models import Bewertung, JuryBewertung, Jurymitglied, Kriterienkatalog
from dossiers import services
from dossiers.models import DossierTeil, ExportArt, ExportJob, ExportStatus
from dossiers.regeln import AuswahlFehler, ExportNichtErlaubt
from handlungsfelder.models import Gebietskoerperschaft
from ideen.models import Idee, Status, Stufe, TeamMitglied
from tests.factories import UserFactory, idee, ideenaufruf

from .hilfen import dossier_erstellen, pdf_text
from .pdfpruefung import ohne_umbrueche, rangliste_seitenfehler, strukturfehler

pytestmark = pytest.mark.django_db
IDEEN = "ideen_dossier"


def _eingereicht(aufruf, titel, **felder):
    obj = idee(aufruf, UserFactory(), titel=titel, **felder)
    Idee.objects.filter(pk=obj.pk).update(status=Status.EINGEREICHT, eingereicht_am=timezone.now())
    obj.refresh_from_db()
    return obj


def _jury(aufruf, n=2):
    return [
        Jurymitglied.objects.create(aufruf=aufruf, user=UserFactory(is_staff=True))
        for _ in range(n)
    ]


def _bewerten(obj, mitglied, punkte):
    JuryBewertung.objects.create(
        idee=obj,
        mitglied=mitglied,
        katalog=Kriterienkatalog.alle.filter(aktiv=True).first(),
        status=Bewertung.Status.ABGESCHLOSSEN,
        punkte=punkte,
        abgeschlossen_am=timezone.now(),
    )


@pytest.fixture
def wettbewerb():
    """A call with three submitted ideas (two scored, one with a disagreeing jury), a draft,
    a withdrawn idea, and an idea of another call."""
    aufruf = ideenaufruf(name="Industrie.Neu.Denken 2026")
    zwickau = Gebietskoerperschaft.objects.get(ags="14524")
    sensor = _eingereicht(
        aufruf,
        "Sensorhaut für Greifer",
        unterstuetzung="Zugang zu einem Pilotkunden im Maschinenbau.",
        gebietskoerperschaft=zwickau,
        pitchdeck_name="Pitch Sensorhaut – Fassung 2.pdf",
        pitchdeck_groesse=2_400_000,
    )
    TeamMitglied.objects.create(idee=sensor, name="Ina Ingenieurin", rolle="Hardware")
    recycling = _eingereicht(
        aufruf,
        "Batterierecycling im Erzgebirge",
        kernsatz="Zellen sortenrein zerlegen, ohne sie zu schreddern.",
        problem="Schreddern vernichtet den Wert der Zellen.",
        loesung="Robotische Demontage mit Bilderkennung.",
        reifegrad=6,
        regionsbezug="Anlage in Annaberg-Buchholz.",
    )
    Idee.objects.filter(pk=recycling.pk).update(stufe=Stufe.PITCH)
    ohne = _eingereicht(aufruf, "Kälte aus Abwärme", reifegrad=2)
    a, b = _jury(aufruf)
    _bewerten(sensor, a, 82.0)
    _bewerten(sensor, b, 78.0)
    _bewerten(recycling, a, 95.0)
    _bewerten(recycling, b, 40.0)
    idee(aufruf, UserFactory(), titel="Geheimer Entwurf Quantenkaffee")
    weg = _eingereicht(aufruf, "Zurückgezogene Idee Luftschloss")
    Idee.objects.filter(pk=weg.pk).update(status=Status.ZURUECKGEZOGEN)
    _eingereicht(ideenaufruf(slug="andere-runde"), "Idee einer anderen Runde")
    return aufruf, [sensor, recycling, ohne]


def test_dossier_of_the_calls_ideas(gs, wettbewerb, settings):
    settings.DOSSIER_TEIL_GROESSE = 2  # two chunks: the pipeline's pieces and merge
    aufruf, (sensor, recycling, ohne) = wettbewerb
    job = dossier_erstellen(gs, {"aufruf": aufruf.pk}, art=IDEEN)
    assert job.status == ExportStatus.FERTIG, job.fehler
    assert job.anzahl == 3 and job.beschreibung == "Ideenwettbewerb Industrie.Neu.Denken 2026"
    assert DossierTeil.objects.filter(job=job, art="steckbriefe").count() == 2
    texte = pdf_text(job.datei.path)
    alles = " ".join(" ".join(texte).split())
    flach = ohne_umbrueche(alles)
    # Cover: call, filter, date, requester; what was left out, counted, not named.
    deckblatt = " ".join(texte[0].split())
    assert "Dossier der Ideen Industrie.Neu.Denken 2026" in deckblatt
    assert "Alle eingereichten Ideen des Aufrufs „Industrie.Neu.Denken 2026“" in deckblatt
    assert "Ideen im Dossier 3" in deckblatt
    assert "1 – zurückgezogen" in deckblatt and "1 – Entwurf, nicht eingereicht" in deckblatt
    assert "Angefordert von Greta Geschäftsstelle" in deckblatt
    assert timezone.localdate().strftime("%d.%m.%Y") in deckblatt
    # Nothing of the draft, the withdrawn idea or another call.
    for fremd in ["Quantenkaffee", "Luftschloss", "anderen Runde"]:
        assert fremd not in alles
    # Summary by stage, Reifegrad and Gebietskörperschaft, with data tables.
    zusammenfassung = next(
        i for i, t in enumerate(texte) if "Zusammenfassung Das Dossier" in " ".join(t.split())
    )
    z = " ".join(texte[zusammenfassung].split())
    assert "Stufe Ideen eingereicht 2 zum Pitch eingeladen 1" in z
    assert "TRL 4 – Technologie im Labor validiert 1" in z
    assert "Landkreis Zwickau 1" in z and "ohne Angabe 2" in z
    # Every idea with every field.
    for obj in (sensor, recycling, ohne):
        obj.refresh_from_db()
        for text in [obj.titel, obj.kernsatz, obj.problem, obj.loesung, obj.regionsbezug,
                     obj.get_reifegrad_display()]:  # fmt: skip
            assert ohne_umbrueche(text) in flach, text
    assert ohne_umbrueche("Zugang zu einem Pilotkunden im Maschinenbau.") in flach
    assert "Theo Tüftler Forschung" in alles and "Ina Ingenieurin Hardware" in alles
    assert "Pitch Sensorhaut – Fassung 2.pdf" in alles and "Kein Pitch-Deck." in alles
    # The jury: ranking by mean, disagreement, stage; the idea without scores last.
    assert "mittlere gewichtete Punktzahl 80,0 von 100 · 2 von 2 Bewertungen" in alles
    assert "Streuung hoch: die Jury ist uneinig" in alles
    assert "Noch keine abgeschlossene Bewertung" in alles
    assert [e["id"] for e in job.plan["eintraege"]] == [sensor.pk, recycling.pk, ohne.pk]
    assert [e["bewertung"]["rang"] for e in job.plan["eintraege"]] == [1, 2, None]
    rangliste = next(
        " ".join(t.split()) for t in texte if "Jury-Rangliste Rang nach" in " ".join(t.split())
    )
    assert "zum Pitch eingeladen" in rangliste and "hoch – Jury uneinig" in rangliste
    assert "Punkte Bew. Streuung Stufe Seite" in rangliste
    assert rangliste_seitenfehler(job.datei.path, job.plan, r"Idee Nr\. (\d+) ·") == []
    assert strukturfehler(job.datei.path) == []


def test_only_the_geschaeftsstelle_exports_a_calls_ideas(wf, wettbewerb):
    aufruf, _ = wettbewerb
    with pytest.raises(ExportNichtErlaubt):
        services.export_anlegen(wf, IDEEN, {"aufruf": aufruf.pk})
    # A jury member (staff, on this call's jury) neither.
    mitglied = Jurymitglied.objects.filter(aufruf=aufruf).first().user
    with pytest.raises(ExportNichtErlaubt):
        services.export_anlegen(mitglied, IDEEN, {"aufruf": aufruf.pk})
    assert not ExportJob.objects.exists()


def test_garbage_and_empty_calls_are_refused(gs, wettbewerb):
    from handlungsfelder.models import Aufruf

    steckbrief_aufruf = Aufruf.objects.exclude(format="ideenwettbewerb").first()
    leer = ideenaufruf(slug="leer")
    for parameter in [{"aufruf": "abc"}, {"aufruf": 999999}, {}, {"aufruf": steckbrief_aufruf.pk}]:
        with pytest.raises(AuswahlFehler, match="Diesen Ideenwettbewerb gibt es nicht"):
            services.export_anlegen(gs, IDEEN, parameter)
    with pytest.raises(AuswahlFehler, match="keine eingereichten Ideen"):
        services.export_anlegen(gs, IDEEN, {"aufruf": leer.pk})


def test_export_page_offers_the_calls_dossier_to_the_geschaeftsstelle(client, gs, wf, wettbewerb):
    aufruf, _ = wettbewerb
    client.force_login(gs)
    seite = client.get("/exporte/neu/").content.decode()
    assert "Dossier der Ideen eines Ideenwettbewerbs" in seite and aufruf.name in seite
    with mock.patch("dossiers.tasks.export_ausfuehren.apply_async"):
        with TestCase.captureOnCommitCallbacks(execute=True):
            antwort = client.post(
                "/exporte/neu/", {"art": IDEEN, "auswahl": "alle", "aufruf": aufruf.pk}
            )
    job = ExportJob.objects.get()
    assert antwort.status_code == 302 and antwort["Location"] == job.get_absolute_url()
    assert job.art == ExportArt.IDEEN_DOSSIER and job.parameter == {"aufruf": aufruf.pk}
    # One clear error for a missing call or a contradicting Steckbrief selection.
    fehlt = client.post("/exporte/neu/", {"art": IDEEN, "auswahl": "alle"}).content.decode()
    assert "Bitte wählen Sie einen Ideenwettbewerb." in fehlt
    beides = client.post(
        "/exporte/neu/", {"art": IDEEN, "auswahl": "ids", "ids": "7", "aufruf": aufruf.pk}
    ).content.decode()
    assert "Das Dossier der Ideen umfasst alle Ideen eines Ideenwettbewerbs" in beides
    falsch = client.post(
        "/exporte/neu/", {"art": "dossier", "auswahl": "alle", "aufruf": aufruf.pk}
    ).content.decode()
    assert "Einen Ideenwettbewerb wählen Sie nur für das Dossier der Ideen" in falsch
    assert ExportJob.objects.count() == 1
    # The Wirtschaftsförderung is not offered the choice, and a forged POST is refused.
    client.force_login(wf)
    seite = client.get("/exporte/neu/").content.decode()
    assert "Dossier der Ideen" not in seite and aufruf.name not in seite
    antwort = client.post("/exporte/neu/", {"art": IDEEN, "auswahl": "alle", "aufruf": aufruf.pk})
    assert antwort.status_code == 200 and ExportJob.objects.count() == 1


def test_job_page_and_download_of_the_ideas_dossier(client, gs, wf, wettbewerb):
    aufruf, _ = wettbewerb
    job = dossier_erstellen(gs, {"aufruf": aufruf.pk}, art=IDEEN)
    assert job.status == ExportStatus.FERTIG, job.fehler
    client.force_login(gs)
    seite = client.get(job.get_absolute_url()).content.decode()
    assert "Ideenwettbewerb Industrie.Neu.Denken 2026" in seite
    assert "Ideen</dt>" in seite and "1 – zurückgezogen" in seite
    assert "Luftschloss" not in seite and "Quantenkaffee" not in seite
    antwort = client.get(f"/exporte/{job.pk}/herunterladen/")
    assert antwort.status_code == 200
    assert b"".join(antwort.streaming_content).startswith(b"%PDF")
    # Nobody else's: the Wirtschaftsförderung gets a 404 for page and file.
    client.force_login(wf)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(f"/exporte/{job.pk}/herunterladen/").status_code == 404


@pytest.mark.parametrize("wert", ["abc", "99999999999999999999999", "-1", "1 OR 1=1", "<b>x</b>"])
def test_hostile_call_values_on_the_form(client, gs, wettbewerb, wert):
    client.force_login(gs)
    antwort = client.post("/exporte/neu/", {"art": IDEEN, "auswahl": "alle", "aufruf": wert})
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert "Bitte eine gültige Auswahl treffen." in seite
    assert "<b>x</b>" not in seite
    assert not ExportJob.objects.exists()
