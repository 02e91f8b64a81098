"""Every admin URL of the Bewertung for every role, with the expected status code."""

import pytest
from django.urls import reverse

from bewertung.models import Kriterienkatalog
from steckbriefe.models import AuditEintrag

from .conftest import CHEMNITZ, ZWICKAU, final_sb

pytestmark = pytest.mark.django_db

ROLLEN = ["anonym", "einreichend", "wf_zwickau", "wf_chemnitz", "gs", "superuser"]
LOGIN = 302  # admin_view sends anonymous and non-staff users to the admin login

# (name, url factory, expected per role in ROLLEN order)
FAELLE = [
    ("index", lambda d: reverse("admin:index"), [LOGIN, LOGIN, 200, 200, 200, 200]),
    (
        "steckbrief_liste",
        lambda d: reverse("admin:steckbriefe_steckbrief_changelist"),
        [LOGIN, LOGIN, 200, 200, 200, 200],
    ),
    (
        "steckbrief_ansehen",
        lambda d: reverse("admin:steckbriefe_steckbrief_change", args=[d["zwickau"].pk]),
        # another area's Steckbrief is "not found": the admin redirects to the index
        [LOGIN, LOGIN, 200, 302, 200, 200],
    ),
    (
        "steckbrief_hinzufuegen",
        lambda d: reverse("admin:steckbriefe_steckbrief_add"),
        [LOGIN, LOGIN, 403, 403, 403, 403],
    ),
    (
        "steckbrief_loeschen",
        lambda d: reverse("admin:steckbriefe_steckbrief_delete", args=[d["zwickau"].pk]),
        [LOGIN, LOGIN, 403, 403, 403, 403],
    ),
    (
        "bewerten_zwickau",
        lambda d: reverse("admin:steckbriefe_steckbrief_bewerten", args=[d["zwickau"].pk]),
        [LOGIN, LOGIN, 200, 404, 200, 200],
    ),
    (
        "bewerten_chemnitz",
        lambda d: reverse("admin:steckbriefe_steckbrief_bewerten", args=[d["chemnitz"].pk]),
        [LOGIN, LOGIN, 404, 200, 200, 200],
    ),
    (
        "bewerten_unbekannt",
        lambda d: reverse("admin:steckbriefe_steckbrief_bewerten", args=[999999]),
        [LOGIN, LOGIN, 404, 404, 404, 404],
    ),
    (
        "bewertung_liste",
        lambda d: reverse("admin:bewertung_bewertung_changelist"),
        [LOGIN, LOGIN, 200, 200, 200, 200],
    ),
    (
        "zuweisung_liste",
        lambda d: reverse("admin:bewertung_zuweisung_changelist"),
        [LOGIN, LOGIN, 200, 200, 200, 200],
    ),
    (
        "katalog_liste",
        lambda d: reverse("admin:bewertung_kriterienkatalog_changelist"),
        [LOGIN, LOGIN, 200, 200, 200, 200],
    ),
    (
        "katalog_ansehen",
        lambda d: reverse("admin:bewertung_kriterienkatalog_change", args=[d["katalog"].pk]),
        [LOGIN, LOGIN, 200, 200, 200, 200],
    ),
    (
        "katalog_anlegen",
        lambda d: reverse("admin:bewertung_kriterienkatalog_add"),
        [LOGIN, LOGIN, 403, 403, 200, 200],
    ),
    (
        "mitteilungstexte",
        lambda d: reverse("admin:bewertung_entscheidungsvorlage_changelist"),
        [LOGIN, LOGIN, 403, 403, 200, 200],
    ),
    (
        "rangliste",
        lambda d: reverse("admin:bewertung_rangliste_changelist"),
        [LOGIN, LOGIN, 403, 403, 200, 200],
    ),
    (
        "rangliste_xlsx",
        lambda d: reverse("admin:bewertung_rangliste_changelist") + "?export=xlsx",
        [LOGIN, LOGIN, 403, 403, 200, 200],
    ),
    (
        "fortschritt",
        lambda d: reverse("admin:bewertung_bewertungsfortschritt_changelist"),
        [LOGIN, LOGIN, 403, 403, 200, 200],
    ),
    (
        "protokoll_liste",
        lambda d: reverse("admin:steckbriefe_auditeintrag_changelist"),
        [LOGIN, LOGIN, 403, 403, 200, 200],
    ),
    (
        "protokoll_ansehen",
        lambda d: reverse("admin:steckbriefe_auditeintrag_change", args=[d["eintrag"].pk]),
        [LOGIN, LOGIN, 403, 403, 200, 200],
    ),
    (
        "protokoll_anlegen",
        lambda d: reverse("admin:steckbriefe_auditeintrag_add"),
        [LOGIN, LOGIN, 403, 403, 403, 403],
    ),
    (
        "protokoll_loeschen",
        lambda d: reverse("admin:steckbriefe_auditeintrag_delete", args=[d["eintrag"].pk]),
        [LOGIN, LOGIN, 403, 403, 403, 403],
    ),
]


@pytest.fixture
def daten(wf_zwickau, wf_chemnitz, gs, superuser, einreichend):
    zwickau = final_sb(gebiete=[ZWICKAU], titel="Zwickauer Vorhaben")
    chemnitz = final_sb(gebiete=[CHEMNITZ], titel="Chemnitzer Vorhaben")
    return {
        "zwickau": zwickau,
        "chemnitz": chemnitz,
        "katalog": Kriterienkatalog.objects.get(aktiv=True),
        "eintrag": AuditEintrag.objects.filter(steckbrief=zwickau).first(),
        "anonym": None,
        "einreichend": einreichend,
        "wf_zwickau": wf_zwickau,
        "wf_chemnitz": wf_chemnitz,
        "gs": gs,
        "superuser": superuser,
    }


@pytest.mark.parametrize("name,url,erwartet", FAELLE, ids=[f[0] for f in FAELLE])
def test_status_codes_per_role(client, daten, name, url, erwartet):
    ergebnis = []
    for rolle in ROLLEN:
        client.logout()
        if daten[rolle] is not None:
            client.force_login(daten[rolle])
        ergebnis.append(client.get(url(daten)).status_code)
    assert dict(zip(ROLLEN, ergebnis, strict=True)) == dict(zip(ROLLEN, erwartet, strict=True))


def test_login_redirect_goes_to_the_admin_login(client, daten):
    antwort = client.get(reverse("admin:bewertung_rangliste_changelist"))
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("rolle", ["gs", "superuser"])
def test_audit_entries_cannot_be_changed_or_deleted_by_anyone(client, daten, rolle):
    client.force_login(daten[rolle])
    eintrag = daten["eintrag"]
    aenderung = reverse("admin:steckbriefe_auditeintrag_change", args=[eintrag.pk])
    assert client.post(aenderung, {"aktion": "gefälscht"}).status_code == 403
    loeschen = reverse("admin:steckbriefe_auditeintrag_delete", args=[eintrag.pk])
    assert client.post(loeschen, {"post": "yes"}).status_code == 403
    liste = reverse("admin:steckbriefe_auditeintrag_changelist")
    antwort = client.post(
        liste, {"action": "delete_selected", "_selected_action": [eintrag.pk], "post": "yes"}
    )
    assert antwort.status_code in {200, 302}
    eintrag.refresh_from_db()
    assert eintrag.aktion == "Zuweisung"
    # the inline on the Steckbrief is read-only, too
    seite = client.get(reverse("admin:steckbriefe_steckbrief_change", args=[daten["zwickau"].pk]))
    assert seite.status_code == 200
    assert "Zuweisung" in seite.content.decode()
    assert 'name="audit-0-aktion"' not in seite.content.decode()


def test_steckbrief_admin_is_read_only_for_the_wirtschaftsfoerderung(client, daten):
    client.force_login(daten["wf_zwickau"])
    sb = daten["zwickau"]
    url = reverse("admin:steckbriefe_steckbrief_change", args=[sb.pk])
    seite = client.get(url).content.decode()
    assert 'name="titel"' not in seite
    assert sb.titel in seite
    assert client.post(url, {"titel": "Übernommen"}).status_code == 403
    sb.refresh_from_db()
    assert sb.titel == "Zwickauer Vorhaben"
