"""The signals of the steckbriefe app: what it sends (`final_eingereicht`,
`vorlaeufig_eingereicht`, `zurueckgezogen`) and what it
receives (attachment files leave the storage together with their database row, also when a
Steckbrief or an account is deleted by cascade, after the transaction commits)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from .models import Anlage


@receiver(post_delete, sender=Anlage)
def anlage_datei_entfernen(sender, instance: Anlage, **kwargs):
    if not instance.datei:
        return
    storage, name = instance.datei.storage, instance.datei.name
    transaction.on_commit(lambda: storage.delete(name))


# Sent inside the transaction of final_einreichen and rueckfrage_beantworten, after the
# version is stored: the Steckbrief is (again) final and goes to its reviewers
# (bewertung assigns them in its AppConfig.ready). Arguments: steckbrief, version, akteur.
final_eingereicht = Signal()

# Sent inside the transaction of vorlaeufig_einreichen, after the version is stored.
# Arguments: steckbrief, version, akteur.
vorlaeufig_eingereicht = Signal()

# Sent inside the transaction of zurueckziehen, after the status is saved.
# Arguments: steckbrief, akteur.
zurueckgezogen = Signal()
