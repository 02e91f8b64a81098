"""The public surface of the exports for views, admin actions, other apps and scripts. The
work is done in these modules (the ExportJob row is the single source of truth):

- dossiers.regeln: who may export what and see which job; which Steckbriefe a selection
  includes,
- dossiers.jobs: creating, queueing and restarting jobs; small tables in the request,
- dossiers.schritte: the steps on the workers (plan, pieces, merge, tables) and how a job
  ends (done, failed, e-mail),
- dossiers.lebenszeichen: signs of life of running steps; steps of dead workers enqueued
  again,
- dossiers.aufraeumen: expiry of files and jobs that hang,
- dossiers.ablage: where the files live.

The Celery tasks (dossiers.tasks) call the worker modules directly."""

from .aufraeumen import aufraeumen
from .jobs import BROKER_FEHLER, direkt_max, einreihen, export_anlegen, neu_starten, tabelle_direkt
from .lebenszeichen import STILLSTAND_INTERVALLE, verlassene_schritte_fortsetzen
from .regeln import (
    AuswahlFehler,
    ExportNichtErlaubt,
    darf_exportieren,
    darf_job_sehen,
    mit_bewertung,
)
from .schritte import (
    ALLGEMEINER_FEHLER,
    MAX_VERSUCHE,
    VERSUCHE_FEHLER,
    ZEIT_FEHLER,
    aufbewahrung,
    ausfuehren,
    fehlgeschlagen,
    teil_ausfuehren,
    zusammenfuehren,
)

__all__ = [
    "ALLGEMEINER_FEHLER",
    "BROKER_FEHLER",
    "MAX_VERSUCHE",
    "STILLSTAND_INTERVALLE",
    "VERSUCHE_FEHLER",
    "ZEIT_FEHLER",
    "AuswahlFehler",
    "ExportNichtErlaubt",
    "aufbewahrung",
    "aufraeumen",
    "ausfuehren",
    "darf_exportieren",
    "darf_job_sehen",
    "direkt_max",
    "einreihen",
    "export_anlegen",
    "fehlgeschlagen",
    "mit_bewertung",
    "neu_starten",
    "tabelle_direkt",
    "teil_ausfuehren",
    "verlassene_schritte_fortsetzen",
    "zusammenfuehren",
]
