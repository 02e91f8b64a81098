"""The pages a submitter sees, shared by the accessibility test (axe in the browser) and the
security-header test, so that both always cover the same list."""

from django.urls import reverse

from steckbriefe import services
from tests.browser.test_journey import phasen_so_legen
from tests.factories import SteckbriefFactory, final_vollstaendig, mitglied

OEFFENTLICH = [
    "/",
    "/handlungsfelder/",
    "/handlungsfelder/HF1/",
    "/seiten/impressum/",
    "/seiten/datenschutz/",
    "/seiten/barrierefreiheit/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
]


def einreicher_seiten():
    """Creates a finally submitted Steckbrief (with two versions) and a draft of the same
    organisation. Returns (submitter, draft, URLs of every page the submitter can open)."""
    phasen_so_legen("vorlaeufig")
    eingereicht = SteckbriefFactory(titel="Wasserstoff-Reallabor Plauen")
    user = mitglied(eingereicht.organisation, first_name="Nora", last_name="Neu")
    services.vorlaeufig_einreichen(eingereicht, user)
    phasen_so_legen("final")
    services.finalisierung_beginnen(eingereicht, user)
    final_vollstaendig(eingereicht)
    eingereicht.kurzbeschreibung = "Ein großes Reallabor für Wasserstoff in der Fertigung."
    eingereicht.save()
    services.final_einreichen(eingereicht, user)
    entwurf = SteckbriefFactory(organisation=eingereicht.organisation, titel="Radschnellweg")
    urls = [
        reverse("steckbriefe:dashboard"),
        reverse("steckbriefe:neu"),
        reverse("steckbriefe:bearbeiten", kwargs={"pk": entwurf.pk}),
        reverse("steckbriefe:detail", kwargs={"pk": eingereicht.pk}),
        reverse("steckbriefe:druck", kwargs={"pk": eingereicht.pk}),
        reverse("steckbriefe:versionen", kwargs={"pk": eingereicht.pk}),
        reverse("steckbriefe:vergleich", kwargs={"pk": eingereicht.pk, "alt": 1, "neu": 2}),
        reverse("steckbriefe:zurueckziehen", kwargs={"pk": entwurf.pk}),
        reverse("konten:organisation"),
        reverse("konten:organisation_bearbeiten"),
        reverse("konten:organisation_verlassen"),
        reverse("konten:meine_daten"),
        reverse("konten:konto_loeschen"),
        "/konto/password/change/",
    ]
    return user, entwurf, urls
