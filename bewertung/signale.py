"""What bewertung does when steckbriefe announces something."""

from django.dispatch import receiver

from steckbriefe.models import Steckbrief
from steckbriefe.signals import final_eingereicht

from . import services


@receiver(final_eingereicht, sender=Steckbrief, dispatch_uid="bewertung.zuweisen")
def zuweisen_bei_einreichung(sender, steckbrief: Steckbrief, **kwargs) -> None:
    """A final (or, after a Rückfrage, revised) Steckbrief goes to its reviewers, in the
    transaction of the submission."""
    services.zuweisen(steckbrief)
