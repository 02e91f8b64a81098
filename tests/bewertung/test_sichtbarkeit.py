"""Issue 13, item 3: another reviewer's draft is never visible – not its scores, its partial
weighted score, its comment or its change history – on the scoring page, in the Bewertungen
list or in a download the reviewer can reach. Finalised Bewertungen of others are shown
(after the own one is finalised); the Geschäftsstelle sees everything."""

import pytest
from django.urls import reverse

from bewertung import regeln, services
from bewertung.models import Bewertung
from tests.factories import wirtschaftsfoerderung

from .conftest import CHEMNITZ, ERZGEBIRGE, ZWICKAU, final_sb, zuweisung
from .test_services import _fertig, _speichern

pytestmark = pytest.mark.django_db


def _url(sb):
    return reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])


@pytest.fixture
def drei(wf_zwickau, wf_chemnitz):
    """Zwickau (finalised), Chemnitz (finalised, comment), Erzgebirge (draft, comment)."""
    wf_erzgebirge = wirtschaftsfoerderung(ERZGEBIRGE, email="wf-erz@example.org")
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ, ERZGEBIRGE], titel="Dreifach")
    b = _speichern(zuweisung(sb, CHEMNITZ), wf_chemnitz, 4, kommentar="Chemnitz: tragfähig")
    services.bewertung_abschliessen(b, wf_chemnitz, b.version)
    _speichern(zuweisung(sb, ERZGEBIRGE), wf_erzgebirge, 1, kommentar="Erz intern: Bauchgefühl")
    eigene = _fertig(zuweisung(sb, ZWICKAU), wf_zwickau)
    return sb, eigene


def test_scoring_page_shows_only_the_others_finalised_bewertungen(client, wf_zwickau, drei, gs):
    sb, _ = drei
    client.force_login(wf_zwickau)
    antwort = client.get(_url(sb))
    seite = antwort.content.decode()
    assert "Chemnitz: tragfähig" in seite
    assert "Erz intern: Bauchgefühl" not in seite
    andere = seite.split('id="bw-andere"')[1].split("</table>")[0]
    assert "Stadt Chemnitz" in andere and "Erzgebirgskreis" not in andere
    assert [b.zuweisung.pruefer_name for b in antwort.context["andere"]] == [
        "Wirtschaftsförderung Stadt Chemnitz"
    ]
    assert "20,0" not in seite  # the draft's partial weighted score (1 of 5 everywhere)
    # The Geschäftsstelle sees the draft as well.
    client.force_login(gs)
    seite = client.get(_url(sb)).content.decode()
    assert "Erz intern: Bauchgefühl" in seite and "Chemnitz: tragfähig" in seite


def test_protocol_never_shows_the_draft_changes_of_others(wf_zwickau, wf_chemnitz, drei, gs):
    sb, eigene = drei
    sichtbar = regeln.protokoll_fuer(wf_zwickau, sb, eigene)
    texte = set(sichtbar.values_list("aktion", "text"))
    assert ("Bewertung geändert", "Wirtschaftsförderung Erzgebirgskreis") not in texte
    assert ("Bewertung geändert", "Wirtschaftsförderung Stadt Chemnitz") not in texte
    assert ("Bewertung abgeschlossen", "Wirtschaftsförderung Stadt Chemnitz") in texte
    assert ("Bewertung geändert", "Wirtschaftsförderung Landkreis Zwickau") in texte
    alle = set(regeln.protokoll_fuer(gs, sb, None).values_list("aktion", "text"))
    assert ("Bewertung geändert", "Wirtschaftsförderung Erzgebirgskreis") in alle


def test_scoring_page_protocol_hides_the_drafts_scores(client, wf_zwickau, drei):
    sb, _ = drei
    client.force_login(wf_zwickau)
    protokoll = client.get(_url(sb)).content.decode().split('id="bw-protokoll"')[1]
    zeilen = [z for z in protokoll.split("<tr>") if "Bewertung geändert" in z]
    assert zeilen and all("Erzgebirgskreis" not in z for z in zeilen)
    assert "K1: 1;" not in protokoll  # the draft's scores
    assert "K1: 3;" in protokoll  # the own


def test_bewertungen_list_and_downloads_hold_no_other_reviewers_drafts(client, wf_zwickau, drei):
    from dossiers import regeln as export_regeln

    sb, eigene = drei
    client.force_login(wf_zwickau)
    liste = client.get(reverse("admin:bewertung_bewertung_changelist"))
    assert [b.pk for b in liste.context["cl"].result_list] == [eigene.pk]
    entwurf = Bewertung.objects.get(zuweisung=zuweisung(sb, ERZGEBIRGE))
    antwort = client.get(reverse("admin:bewertung_bewertung_change", args=[entwurf.pk]))
    assert antwort["Location"] == reverse("admin:index")  # "does not exist" for her
    rangliste = reverse("admin:bewertung_rangliste_changelist")
    assert client.get(rangliste, {"export": "csv"}).status_code == 403
    # Dossiers and tables of a reviewer carry neither scores nor comments.
    assert not export_regeln.mit_bewertung(wf_zwickau)
    assert not export_regeln.darf_kommentare_exportieren(wf_zwickau)
