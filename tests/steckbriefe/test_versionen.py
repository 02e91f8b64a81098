"""Versions of a Steckbrief and the readable word diff between two of them."""

import pytest

from steckbriefe import services
from tests.factories import final_vollstaendig, geschaeftsstelle, mitglied, wirtschaftsfoerderung

from .conftest import IM_FINAL, IM_VORLAEUFIG, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def zwei_versionen(sb, user, uhr):
    uhr(IM_VORLAEUFIG)
    sb.kurzbeschreibung = "Ein Reallabor <b>für</b> Wasserstoff in der Produktion."
    sb.save()
    services.vorlaeufig_einreichen(sb, user)
    uhr(IM_FINAL)
    services.finalisierung_beginnen(sb, user)
    final_vollstaendig(sb)
    sb.kurzbeschreibung = "Ein großes Reallabor <b>für</b> Wasserstoff in der Fertigung."
    sb.save()
    sb.organisation.name = "Neue Stadtwerke GmbH"
    sb.organisation.save()
    services.final_einreichen(sb, user)
    return sb


def test_versions_page_lists_every_submission(client, zwei_versionen, user):
    client.force_login(user)
    html = client.get(url("versionen", zwei_versionen)).content.decode()
    assert "Vorläufige Einreichung" in html and "Finale Einreichung" in html
    assert f'href="{url("vergleich", zwei_versionen, alt=1, neu=2)}"' in html
    response = client.get(url("versionen", zwei_versionen) + "?alt=1&neu=2")
    assert response["Location"] == url("vergleich", zwei_versionen, alt=1, neu=2)


def test_diff_shows_removed_and_new_words_escaped(client, zwei_versionen, user):
    client.force_login(user)
    response = client.get(url("vergleich", zwei_versionen, alt=1, neu=2))
    assert response.status_code == 200
    html = response.content.decode()
    kurz = html.split(">Kurzbeschreibung</h2>")[1].split("</section>")[0]
    assert (
        '<ins class="diff-neu"><span class="visually-hidden">[neu: </span>großes'
        '<span class="visually-hidden">]</span></ins>'
    ) in kurz
    assert (
        '<del class="diff-entfernt"><span class="visually-hidden">[entfernt: </span>Produktion.'
        in kurz
    )
    assert "[neu: </span>Fertigung." in kurz
    assert "&lt;b&gt;für&lt;/b&gt;" in kurz and "<b>" not in kurz
    vorhabenart = html.split(">Vorhabenart</h2>")[1].split("</section>")[0]
    assert "<del" not in vorhabenart  # empty before: only new words, no empty removal
    assert ">Organisation</h2>" in html  # organisation lines are compared too
    assert "[neu: </span>Neue Stadtwerke<span" in html
    assert ">Projekttitel</h2>" not in html  # unchanged fields are left out
    # reverse direction works as well, unknown versions are 404
    assert client.get(url("vergleich", zwei_versionen, alt=2, neu=1)).status_code == 200
    assert client.get(url("vergleich", zwei_versionen, alt=1, neu=9)).status_code == 404


def test_reviewers_see_the_same_diff(client, zwei_versionen):
    adresse = url("vergleich", zwei_versionen, alt=1, neu=2)
    for user, status in [
        (geschaeftsstelle(), 200),
        (wirtschaftsfoerderung("14524"), 200),
        (wirtschaftsfoerderung("14511"), 404),
        (mitglied(), 404),
    ]:
        client.force_login(user)
        assert client.get(adresse).status_code == status, user


def test_no_versions_yet(mc, sb, im_final):
    html = mc.get(url("versionen", sb)).content.decode()
    assert "Noch keine Version" in html


GROSS = "99999999999999999999"  # beyond any 64-bit integer


def test_version_numbers_beyond_any_integer_are_not_found(client, zwei_versionen, user):
    """Issue 14, item 11: /steckbriefe/4/versionen/1/99999999999999999999/ answered 500."""
    client.force_login(user)
    basis = url("versionen", zwei_versionen)
    for adresse in (f"{basis}1/{GROSS}/", f"{basis}{GROSS}/2/", f"{basis}1/{2**63}/"):
        assert client.get(adresse).status_code == 404, adresse
    assert client.get(f"{basis}?alt=1&neu={GROSS}").status_code == 200
    assert client.get(f"/steckbriefe/{GROSS}/versionen/1/2/").status_code == 404


def test_versions_of_a_deleted_account(client, zwei_versionen, user):
    """Issue 12, item 1: the page crashed (VariableDoesNotExist "key [email] in None")
    once the person who submitted a version had deleted their account."""
    kollegin = mitglied(zwei_versionen.organisation, first_name="Karla", last_name="Kollegin")
    zwei_versionen.versionen.filter(nummer=1).update(erstellt_von=None)
    zwei_versionen.versionen.filter(nummer=2).update(erstellt_von=kollegin)
    client.force_login(user)
    response = client.get(url("versionen", zwei_versionen))
    assert response.status_code == 200
    zeilen = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert zeilen.count("gelöschtes Konto") == 1
    assert "Karla Kollegin" in zeilen
