import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Berechnet die ähnlichen Steckbriefe und Ideen aller eingereichten Steckbriefe und Ideen "
        "vollständig neu "
        "(Textprofile, Begriffshäufigkeiten, Nachbarn), z. B. nachts oder nach einer Phase."
    )

    def handle(self, *args, **options):
        from kooperation.berechnung import alle_neu_berechnen
        from kooperation.models import Aehnlichkeit, Ideenaehnlichkeit

        beginn = time.perf_counter()
        anzahl = alle_neu_berechnen()
        dauer = time.perf_counter() - beginn
        self.stdout.write(
            self.style.SUCCESS(
                f"{anzahl} Steckbrief(e) und Idee(n) neu berechnet, {Aehnlichkeit.objects.count()} "
                f"Ähnlichkeit(en) und {Ideenaehnlichkeit.objects.count()} mit Ideen gespeichert "
                f"({dauer:.1f} s)."
            )
        )
