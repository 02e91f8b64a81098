"""The signals of the ideen app, for the apps above it (kooperation recomputes the similar
ideas and Steckbriefe after commit).

Both are sent inside the transaction of the transition, after the status is saved; a
receiver that needs the committed state defers its work with transaction.on_commit."""

from django.dispatch import Signal

# Sent by ideen.services.einreichen after the version is stored.
# Arguments: idee, version, akteur.
eingereicht = Signal()

# Sent by ideen.services.zurueckziehen after the status is saved.
# Arguments: idee, akteur.
zurueckgezogen = Signal()
