"""What bewertung does when steckbriefe announces something."""

from django.dispatch import receiver

from steckbriefe.models import Steckbrief, VersionArt
from steckbriefe.signals import final_eingereicht

from . import services


@receiver(final_eingereicht, sender=Steckbrief, dispatch_uid="bewertung.zuweisen")
def zuweisen_bei_einreichung(sender, steckbrief: Steckbrief, version=None, **kwargs) -> None:
    """A final (or, after a Rückfrage, revised) Steckbrief goes to its reviewers, in the
    transaction of the submission. A revision after a Rückfrage first reopens the finalised
    Bewertungen, then assigns and tells the reviewers (services.rueckfrage_beantwortet), so
    that the assignment does not close the Bewertung on the old scores."""
    if version is not None and version.art == VersionArt.RUECKFRAGE:
        services.rueckfrage_beantwortet(steckbrief, version)
    else:
        services.zuweisen(steckbrief)
