"""Issue 13, item 1: decisions are fair before they are convenient. A Steckbrief that is not
fully reviewed is decided only as an explicit, justified exception (audited); the decision
is confirmed on a page that names what happens; the notice goes out only when the
Geschäftsstelle releases it – once, never to a withdrawn Steckbrief; a correction before
the release mails nothing, after it a corrected notice. Through the services and the admin
pages."""

import pytest
from django.core import mail
from django.urls import reverse

from bewertung import services
from bewertung.regeln import NichtErlaubt
from bewertung.services import BewertungsFehler
from steckbriefe.models import AuditEintrag, Status, Steckbrief
from steckbriefe.zustaende import UngueltigerUebergang

from .conftest import CHEMNITZ, ZWICKAU, bewertet_sb, bewertung_anlegen, final_sb, zuweisung

pytestmark = pytest.mark.django_db

LISTE = "admin:steckbriefe_steckbrief_changelist"


def _offen_mit_entwurf(titel="Halb bewertet"):
    """0 of 1 Bewertungen finalised, the reviewer's draft open."""
    sb = final_sb(gebiete=[ZWICKAU], status=Status.IN_BEWERTUNG, titel=titel)
    bewertung_anlegen(zuweisung(sb, ZWICKAU), [3] * 11 + [None], abgeschlossen=False)
    return sb


def _aktion(client, aktion, steckbriefe, **daten):
    return client.post(
        reverse(LISTE),
        {"action": aktion, "_selected_action": [sb.pk for sb in steckbriefe], **daten},
    )


def _meldungen(antwort) -> list[str]:
    return [str(m) for m in antwort.wsgi_request._messages]


# --- services ------------------------------------------------------------------------------


def test_unreviewed_steckbrief_is_decided_only_as_a_justified_exception(
    gs, django_capture_on_commit_callbacks
):
    sb = _offen_mit_entwurf()
    with pytest.raises(BewertungsFehler, match=r"0 von 1 Bewertungen abgeschlossen"):
        services.entscheiden(sb, gs, "priorisiert", "Passt.")
    with pytest.raises(BewertungsFehler, match="Ausnahme"):
        services.entscheiden(sb, gs, "priorisiert", "Passt.", ausnahme_grund="   ")
    sb.refresh_from_db()
    assert sb.status == Status.IN_BEWERTUNG and not sb.entscheidung
    with django_capture_on_commit_callbacks(execute=True):
        services.entscheiden(sb, gs, "priorisiert", "Passt.", ausnahme_grund="Frist des Landes")
    sb.refresh_from_db()
    assert (sb.status, sb.entscheidung) == (Status.ENTSCHIEDEN, "priorisiert")
    eintrag = sb.audit.get(aktion="Entscheidung trotz offener Bewertung")
    assert (eintrag.akteur, eintrag.text) == (gs, "Frist des Landes")
    assert eintrag.alt == "0 von 1 Bewertungen abgeschlossen"
    assert mail.outbox == []  # nothing mailed at the decision


def test_a_steckbrief_without_any_zuweisung_counts_as_unreviewed(gs):
    sb = final_sb(status=Status.BEWERTET, zuweisen=False)
    with pytest.raises(BewertungsFehler, match="keine Bewertung"):
        services.entscheiden(sb, gs, "zurueckgestellt", "Später.")
    services.entscheiden(sb, gs, "zurueckgestellt", "Später.", ausnahme_grund="Altfall")
    assert sb.audit.filter(aktion="Entscheidung trotz offener Bewertung", text="Altfall").exists()


def test_notice_goes_out_only_when_released_and_only_once(gs, django_capture_on_commit_callbacks):
    sb = bewertet_sb(titel="Reallabor")
    with django_capture_on_commit_callbacks(execute=True):
        services.entscheiden(sb, gs, "zurueckgestellt", "Erst die Finanzierung klären.")
        # Corrected before the release: silently.
        services.entscheiden(sb, gs, "priorisiert", "Finanzierung ist doch gesichert.")
    assert mail.outbox == []
    sb.refresh_from_db()
    assert sb.entscheidung_mitgeteilt_am is None
    assert sb.audit.filter(aktion="Entscheidung festhalten").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        versendet, uebersprungen = services.bescheide_versenden([sb], gs)
    assert [s.pk for s in versendet] == [sb.pk] and uebersprungen == []
    assert len(mail.outbox) == 1
    nachricht = mail.outbox[0]
    assert nachricht.subject == "Entscheidung zu Ihrem Steckbrief „Reallabor“"
    assert "wurde entschieden: priorisiert" in nachricht.body
    assert "Finanzierung ist doch gesichert." in nachricht.body
    assert "Erst die Finanzierung" not in nachricht.body
    sb.refresh_from_db()
    assert sb.entscheidung_mitgeteilt_am is not None
    eintrag = sb.audit.get(aktion="Bescheid versendet")
    assert eintrag.akteur == gs and eintrag.neu.startswith("priorisiert, versendet am")

    # A second release (double click, another tab): skipped, nothing mailed.
    with django_capture_on_commit_callbacks(execute=True):
        versendet, uebersprungen = services.bescheide_versenden([sb], gs)
    assert versendet == [] and "bereits" in uebersprungen[0][1]
    assert len(mail.outbox) == 1
    assert sb.audit.filter(aktion="Bescheid versendet").count() == 1


def test_correction_after_the_release_mails_a_corrected_notice_once(
    gs, django_capture_on_commit_callbacks
):
    sb = bewertet_sb(titel="Reallabor")
    services.entscheiden(sb, gs, "priorisiert", "Stark.")
    with django_capture_on_commit_callbacks(execute=True):
        services.bescheide_versenden([sb], gs)
    with django_capture_on_commit_callbacks(execute=True):
        korrigiert = services.entscheiden(sb, gs, "zurueckgestellt", "Haushaltssperre.")
    assert korrigiert.entscheidung_mitgeteilt_am is not None
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "Korrigierte Entscheidung zu Ihrem Steckbrief „Reallabor“"
    assert "Sie lautet jetzt: zurückgestellt" in mail.outbox[1].body
    assert "Haushaltssperre." in mail.outbox[1].body
    assert sb.audit.filter(aktion="Bescheid versendet", text="korrigierter Bescheid").exists()
    # The same correction again (double click): refused, no second mail.
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(BewertungsFehler, match="bereits so festgehalten"):
            services.entscheiden(sb, gs, "zurueckgestellt", "Haushaltssperre.")
    assert len(mail.outbox) == 2


def test_only_the_geschaeftsstelle_decides_and_releases(
    gs, wf_zwickau, django_capture_on_commit_callbacks
):
    sb = bewertet_sb()
    with pytest.raises(NichtErlaubt):
        services.entscheiden_mehrere([sb], wf_zwickau, "priorisiert", "x")
    services.entscheiden(sb, gs, "priorisiert", "Stark.")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(NichtErlaubt, match="Nur die Geschäftsstelle"):
            services.bescheide_versenden([sb], wf_zwickau)
    assert mail.outbox == []
    sb.refresh_from_db()
    assert sb.entscheidung_mitgeteilt_am is None


def test_a_withdrawn_or_undecided_steckbrief_is_never_mailed_a_decision(
    gs, django_capture_on_commit_callbacks
):
    zurueckgezogen = bewertet_sb(titel="Zurückgezogen")
    # Legacy data: a decision recorded, then withdrawn.
    Steckbrief.objects.filter(pk=zurueckgezogen.pk).update(
        status=Status.ZURUECKGEZOGEN, entscheidung="priorisiert"
    )
    offen = bewertet_sb(titel="Noch offen")
    with django_capture_on_commit_callbacks(execute=True):
        versendet, uebersprungen = services.bescheide_versenden(
            Steckbrief.objects.filter(pk__in=[zurueckgezogen.pk, offen.pk]).order_by("titel"), gs
        )
    assert versendet == []
    assert [(s.titel, grund) for s, grund in uebersprungen] == [
        ("Noch offen", "noch nicht entschieden (Status „Bewertet“)."),
        ("Zurückgezogen", "zurückgezogen: Es wird kein Bescheid versendet."),
    ]
    assert mail.outbox == []
    with pytest.raises(UngueltigerUebergang):
        services.entscheiden(zurueckgezogen, gs, "priorisiert", "x", ausnahme_grund="x")
    assert not AuditEintrag.objects.filter(aktion="Bescheid versendet").exists()


# --- admin: the action „Entscheidung festhalten …“ -----------------------------------------


def test_decision_action_confirms_and_names_the_unreviewed(
    client, gs, django_capture_on_commit_callbacks
):
    fertig = bewertet_sb(titel="Fertig bewertet")
    halb = _offen_mit_entwurf(titel="Halb bewertet")
    client.force_login(gs)
    seite = _aktion(client, "entscheidung_festhalten", [fertig, halb])
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "Fertig bewertet" in inhalt and "Halb bewertet" in inhalt
    assert "Noch nicht vollständig bewertet (0 von 1 Bewertungen abgeschlossen)" in inhalt
    assert "0/1" in inhalt and "1/1" in inhalt
    assert 'name="ausnahme"' in inhalt and 'name="ausnahme_grund"' in inhalt
    assert "der Bescheid geht erst mit „Bescheide versenden“ hinaus" in inhalt
    assert not Steckbrief.objects.filter(status=Status.ENTSCHIEDEN).exists()

    entscheidung = {"anwenden": "1", "entscheidung": "priorisiert", "begruendung": "Stark."}
    # The exception ticked without a reason, or a reason without the tick: nothing happens.
    antwort = _aktion(
        client, "entscheidung_festhalten", [fertig, halb], **entscheidung, ausnahme="on"
    )
    assert antwort.status_code == 200
    assert "Bitte begründen Sie die Ausnahme." in antwort.content.decode()
    antwort = _aktion(
        client, "entscheidung_festhalten", [fertig, halb], **entscheidung, ausnahme_grund="Eilt"
    )
    assert "Bitte bestätigen Sie die Ausnahme ausdrücklich" in antwort.content.decode()
    assert not Steckbrief.objects.filter(status=Status.ENTSCHIEDEN).exists()

    # Without the exception: the fully reviewed one is decided, the other one named.
    with django_capture_on_commit_callbacks(execute=True):
        antwort = _aktion(client, "entscheidung_festhalten", [fertig, halb], **entscheidung)
    assert antwort.status_code == 302
    fertig.refresh_from_db()
    halb.refresh_from_db()
    assert fertig.status == Status.ENTSCHIEDEN and halb.status == Status.IN_BEWERTUNG
    meldungen = _meldungen(antwort)
    assert any(
        "für 1 Steckbrief(e) festgehalten" in m and "noch nicht versendet" in m for m in meldungen
    )
    assert any(m.startswith("Halb bewertet: Noch nicht vollständig bewertet") for m in meldungen)
    assert mail.outbox == []

    # With the exception and its reason: decided, the reason audited on it.
    with django_capture_on_commit_callbacks(execute=True):
        _aktion(
            client,
            "entscheidung_festhalten",
            [halb],
            **entscheidung,
            ausnahme="on",
            ausnahme_grund="Beschluss des Lenkungskreises",
        )
    halb.refresh_from_db()
    assert halb.status == Status.ENTSCHIEDEN
    assert halb.audit.get(aktion="Entscheidung trotz offener Bewertung").text == (
        "Beschluss des Lenkungskreises"
    )
    assert not fertig.audit.filter(aktion="Entscheidung trotz offener Bewertung").exists()
    assert mail.outbox == []


def test_release_action_confirms_mails_once_and_shows_the_date(
    client, gs, django_capture_on_commit_callbacks
):
    a, b = bewertet_sb(titel="A entschieden"), bewertet_sb(titel="B offen")
    services.entscheiden(a, gs, "priorisiert", "Stark.")
    client.force_login(gs)
    seite = _aktion(client, "bescheide_versenden", [a, b]).content.decode()
    assert "Bescheid „priorisiert“ geht an die Einreichenden." in seite
    assert "Wird übersprungen: noch nicht entschieden" in seite
    assert mail.outbox == []
    aenderung = reverse("admin:steckbriefe_steckbrief_change", args=[a.pk])
    assert "noch nicht versendet" in client.get(aenderung).content.decode()
    liste = client.get(reverse(LISTE), {"bescheid": "offen"})
    assert [sb.titel for sb in liste.context["cl"].result_list] == ["A entschieden"]

    with django_capture_on_commit_callbacks(execute=True):
        antwort = _aktion(client, "bescheide_versenden", [a, b], anwenden="1")
        # The same confirmation posted again (double click): nothing more.
        zweite = _aktion(client, "bescheide_versenden", [a, b], anwenden="1")
    assert antwort.status_code == zweite.status_code == 302
    assert len(mail.outbox) == 1 and "Stark." in mail.outbox[0].body
    assert "1 Bescheid(e) an die Einreichenden versendet." in _meldungen(antwort)
    assert "Es wurde kein Bescheid versendet." in _meldungen(zweite)
    a.refresh_from_db()
    assert a.entscheidung_mitgeteilt_am is not None
    seite = client.get(aenderung).content.decode()
    assert "versendet am" in seite and "noch nicht versendet" not in seite
    rangliste = client.get(reverse("admin:bewertung_rangliste_changelist")).content.decode()
    assert "Bescheid versendet am" in rangliste


def test_reviewer_cannot_release_notices(
    client, gs, wf_zwickau, django_capture_on_commit_callbacks
):
    sb = bewertet_sb()
    services.entscheiden(sb, gs, "priorisiert", "Stark.")
    client.force_login(wf_zwickau)
    assert "bescheide_versenden" not in client.get(reverse(LISTE)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _aktion(client, "bescheide_versenden", [sb], anwenden="1")
        rangliste = client.post(
            reverse("admin:bewertung_rangliste_changelist"),
            {"auswahl": [sb.pk], "schritt": "versenden", "anwenden": "1"},
        )
        seite = client.post(
            reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk]),
            {"aktion": "bescheid_versenden"},
        )
    assert rangliste.status_code == 403 and seite.status_code == 403
    assert mail.outbox == []
    sb.refresh_from_db()
    assert sb.entscheidung_mitgeteilt_am is None


def test_ranking_decision_of_the_unreviewed_needs_the_exception(client, gs):
    fertig = bewertet_sb(gebiete=[ZWICKAU, CHEMNITZ], titel="Fertig")
    halb = _offen_mit_entwurf(titel="Halb")
    client.force_login(gs)
    url = reverse("admin:bewertung_rangliste_changelist")
    daten = {"auswahl": [fertig.pk, halb.pk], "entscheidung": "zurueckgestellt", "begruendung": "x"}
    seite = client.post(url, daten)
    assert seite.status_code == 200
    assert "Noch nicht vollständig bewertet (0 von 1" in seite.content.decode()
    client.post(url, {**daten, "anwenden": "1", "ausnahme": "on", "ausnahme_grund": "Eilt"})
    assert set(
        Steckbrief.objects.filter(status=Status.ENTSCHIEDEN).values_list("titel", flat=True)
    ) == {
        "Fertig",
        "Halb",
    }
    assert halb.audit.get(aktion="Entscheidung trotz offener Bewertung").text == "Eilt"
