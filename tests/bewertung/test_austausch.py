"""The exchange about a Steckbrief among its reviewers and the Geschäftsstelle (issue 13):
the assigned reviewers and the Geschäftsstelle read and write it; submitters, reviewers of
other areas, befangen reviewers and those whose own project it is do not; every message is
audited (without its text)."""

import pytest
from django.urls import reverse

from bewertung import services
from bewertung.models import Kommentar
from bewertung.regeln import NichtErlaubt
from steckbriefe.models import AuditEintrag
from tests.factories import wirtschaftsfoerderung

from .conftest import CHEMNITZ, ZWICKAU, final_sb, zuweisung

pytestmark = pytest.mark.django_db


def _url(sb):
    return reverse("admin:steckbriefe_steckbrief_austausch", args=[sb.pk])


def test_reviewers_and_geschaeftsstelle_exchange_messages(client, wf_zwickau, wf_chemnitz, gs):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    client.force_login(wf_zwickau)
    antwort = client.post(_url(sb), {"text": "Ist die Kofinanzierung <b>gesichert</b>?"})
    assert antwort.status_code == 302
    client.force_login(gs)
    client.post(_url(sb), {"text": "Wir fragen nach."})
    client.force_login(wf_chemnitz)
    seite = client.get(_url(sb)).content.decode()
    assert "Ist die Kofinanzierung &lt;b&gt;gesichert&lt;/b&gt;?" in seite
    assert seite.index("Kofinanzierung") < seite.index("Wir fragen nach.")
    assert "(Wirtschaftsförderung Landkreis Zwickau)" in seite and "(Geschäftsstelle)" in seite
    eintraege = AuditEintrag.objects.filter(steckbrief=sb, aktion=services.KOMMENTAR_AKTION)
    assert eintraege.count() == 2
    assert all("Kofinanzierung" not in e.text + e.neu + e.alt for e in eintraege)
    # The scoring page links it with the number of messages.
    seite = client.get(reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])).content
    assert f'href="{_url(sb)}">Austausch mit den anderen Prüfenden' in seite.decode()
    assert "(2 Nachrichten)" in seite.decode()


def test_others_are_kept_out(client, wf_zwickau, wf_chemnitz, einreichend):
    sb = final_sb(gebiete=[ZWICKAU])
    services.kommentar_schreiben(sb, wf_zwickau, "Vertraulich")
    # A reviewer of another area: the Steckbrief is out of scope.
    client.force_login(wf_chemnitz)
    assert client.get(_url(sb)).status_code == 404
    # A submitter has no admin.
    client.force_login(einreichend)
    assert client.get(_url(sb)).status_code == 302
    # A Steckbrief of the area that is not assigned: visible, but no exchange.
    nicht_zugewiesen = final_sb(gebiete=[ZWICKAU], zuweisen=False)
    client.force_login(wf_zwickau)
    assert client.get(_url(nicht_zugewiesen)).status_code == 403
    seite = client.get(
        reverse("admin:steckbriefe_steckbrief_bewerten", args=[nicht_zugewiesen.pk])
    ).content.decode()
    assert "Austausch mit den anderen" not in seite


def test_befangen_and_own_project_are_kept_out(client, wf_zwickau):
    sb = final_sb()
    kollegin = wirtschaftsfoerderung(ZWICKAU, email="kollegin@example.org")
    eigen = final_sb(ansprechperson_email="kollegin@example.org")
    with pytest.raises(NichtErlaubt, match="eigenes Projekt"):
        services.kommentar_schreiben(eigen, kollegin, "Bitte gut bewerten")
    client.force_login(kollegin)
    assert client.post(_url(eigen), {"text": "Bitte gut bewerten"}).status_code == 403
    services.befangenheit_erklaeren(zuweisung(sb, ZWICKAU), wf_zwickau, "Beirat")
    client.force_login(wf_zwickau)
    assert client.get(_url(sb)).status_code == 403
    assert not Kommentar.objects.exists()


def test_empty_message_is_refused_with_a_german_error(client, wf_zwickau):
    sb = final_sb()
    client.force_login(wf_zwickau)
    seite = client.post(_url(sb), {"text": "   "}).content.decode()
    assert "Bitte schreiben Sie einen Text." in seite
    assert not Kommentar.objects.exists()


@pytest.mark.parametrize("anzahl", [1, 30])
def test_query_count(client, wf_zwickau, anzahl, django_assert_max_num_queries):
    sb = final_sb()
    for i in range(anzahl):
        services.kommentar_schreiben(sb, wf_zwickau, f"Nachricht {i}")
    client.force_login(wf_zwickau)
    client.get(_url(sb))
    with django_assert_max_num_queries(16):
        assert client.get(_url(sb)).status_code == 200


def test_own_messages_in_the_art_15_export_and_kept_without_author_on_deletion(wf_zwickau):
    from konten.beitraege import auskunftsteile

    sb = final_sb(titel="Wärmenetz")
    services.kommentar_schreiben(sb, wf_zwickau, "Meine Einschätzung")
    [eintrag] = auskunftsteile(wf_zwickau, None)["Nachrichten im Austausch der Prüfenden"]
    assert (eintrag["titel"], eintrag["text"]) == ("Wärmenetz", "Meine Einschätzung")
    wf_zwickau.delete()
    kommentar = Kommentar.objects.get()
    assert kommentar.autor is None and kommentar.stelle == "Wirtschaftsförderung Landkreis Zwickau"


def test_a_new_message_is_mailed_to_the_others_without_its_text(
    wf_zwickau, wf_chemnitz, gs, mailoutbox, django_capture_on_commit_callbacks
):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    # A colleague of Zwickau whose own project it is hears nothing.
    eigen = wirtschaftsfoerderung(ZWICKAU, email="eigen@example.org")
    sb.ansprechperson_email = "eigen@example.org"
    sb.save(update_fields=["ansprechperson_email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.kommentar_schreiben(sb, wf_zwickau, "Ist die Kofinanzierung gesichert?")
    empfaenger = sorted(a for m in mailoutbox for a in m.to)
    assert wf_zwickau.email not in empfaenger and eigen.email not in empfaenger
    assert wf_chemnitz.email in empfaenger
    assert all(len(m.to) == 1 for m in mailoutbox)  # nobody sees the others' addresses
    mail = next(m for m in mailoutbox if m.to == [wf_chemnitz.email])
    assert mail.subject == f"Neue Nachricht im Austausch zu Steckbrief Nr. {sb.pk}"
    assert "Kofinanzierung" not in mail.body
    assert "Wirtschaftsförderung Landkreis Zwickau" in mail.body
    assert f"/admin/steckbriefe/steckbrief/{sb.pk}/austausch/" in mail.body
    # The Geschäftsstelle joined the exchange by writing: it hears of the answer, the
    # author of the answer does not.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.kommentar_schreiben(sb, gs, "Wir fragen nach.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.kommentar_schreiben(sb, wf_chemnitz, "Danke.")
    empfaenger = sorted(a for m in mailoutbox for a in m.to)
    assert gs.email in empfaenger and wf_zwickau.email in empfaenger
    assert wf_chemnitz.email not in empfaenger
