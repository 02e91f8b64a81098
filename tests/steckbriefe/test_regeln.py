"""The permission rules of steckbriefe.regeln, enumerated for every role."""

import pytest

from steckbriefe import regeln, services
from steckbriefe.models import Anlage, Status
from tests.factories import (
    SteckbriefFactory,
    UserFactory,
    final_vollstaendig,
    geschaeftsstelle,
    mitglied,
    wirtschaftsfoerderung,
)

pytestmark = pytest.mark.django_db


def _final_eingereicht(sb):
    final_vollstaendig(sb)
    sb.status = Status.FINAL_EINGEREICHT  # test set-up only: the rules are under test here
    sb.save()
    return sb


@pytest.fixture
def welt(sb, user):
    """sb (Landkreis Zwickau, in Entwurf) and one user per role."""
    from django.contrib.auth.models import AnonymousUser

    return {
        "mitglied": user,
        "andere_organisation": mitglied(),
        "geschaeftsstelle": geschaeftsstelle(),
        "wf_zwickau": wirtschaftsfoerderung("14524"),
        "wf_vogtland": wirtschaftsfoerderung("14523"),
        "ohne_rolle": UserFactory(),
        "anonym": AnonymousUser(),
    }


def test_the_rule_table_is_complete():
    assert set(regeln.REGELN) == {
        "darf_anlegen",
        "darf_ansehen",
        "darf_bearbeiten",
        "darf_status_aendern",
        "darf_anlage_herunterladen",
        "darf_anlage_aendern",
    }


ERWARTET_ENTWURF = {
    # role: (ansehen, bearbeiten, status ändern)
    "mitglied": (True, True, True),
    "andere_organisation": (False, False, False),
    "geschaeftsstelle": (True, False, False),
    "wf_zwickau": (False, False, False),  # drafts are not shown to reviewers
    "wf_vogtland": (False, False, False),
    "ohne_rolle": (False, False, False),
    "anonym": (False, False, False),
}


@pytest.mark.parametrize("rolle", ERWARTET_ENTWURF)
def test_rules_for_a_draft(welt, sb, rolle, im_final):
    user = welt[rolle]
    anlage = Anlage(steckbrief=sb, name="x.pdf", groesse=1, content_type="application/pdf")
    ansehen, bearbeiten, status = ERWARTET_ENTWURF[rolle]
    assert regeln.darf_ansehen(user, sb) is ansehen
    assert regeln.darf_bearbeiten(user, sb) is bearbeiten
    assert regeln.darf_status_aendern(user, sb) is status
    assert regeln.darf_anlage_herunterladen(user, anlage) is ansehen
    assert regeln.darf_anlage_aendern(user, anlage) is bearbeiten
    assert (sb in regeln.sichtbare_steckbriefe(user)) is ansehen
    assert regeln.darf_anlegen(user) is (rolle in {"mitglied", "andere_organisation"})


ERWARTET_FINAL = {
    "mitglied": (True, False),  # final submitted: no more editing
    "andere_organisation": (False, False),
    "geschaeftsstelle": (True, False),
    "wf_zwickau": (True, False),  # its Gebietskörperschaft
    "wf_vogtland": (False, False),
    "ohne_rolle": (False, False),
    "anonym": (False, False),
}


@pytest.mark.parametrize("rolle", ERWARTET_FINAL)
def test_rules_for_a_final_steckbrief(welt, sb, rolle, im_final):
    _final_eingereicht(sb)
    user = welt[rolle]
    ansehen, bearbeiten = ERWARTET_FINAL[rolle]
    assert regeln.darf_ansehen(user, sb) is ansehen
    assert regeln.darf_bearbeiten(user, sb) is bearbeiten
    assert (sb in regeln.sichtbare_steckbriefe(user)) is ansehen


def test_member_edits_only_while_the_phase_rules_allow(sb, user, uhr):
    from .conftest import IM_FINAL, NACH_FINAL

    uhr(IM_FINAL)
    assert regeln.darf_bearbeiten(user, sb)
    uhr(NACH_FINAL)
    assert not regeln.darf_bearbeiten(user, sb)
    assert regeln.darf_ansehen(user, sb)  # still readable
    import datetime

    services.verlaengerung_setzen(sb, geschaeftsstelle(), datetime.date(2026, 9, 30))
    sb.refresh_from_db()
    assert regeln.darf_bearbeiten(user, sb)


def test_members_of_one_organisation_share_all_its_steckbriefe(sb, user):
    kollegin = mitglied(sb.organisation)
    weiterer = SteckbriefFactory(organisation=sb.organisation)
    fremder = SteckbriefFactory()
    assert set(regeln.sichtbare_steckbriefe(kollegin)) == {sb, weiterer}
    assert fremder not in regeln.sichtbare_steckbriefe(user)


def test_inactive_users_see_nothing(sb, user):
    user.is_active = False
    user.save()
    assert not regeln.darf_ansehen(user, sb)
    assert not regeln.sichtbare_steckbriefe(user).exists()
