from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Berechnet die Punkte aller Bewertungen und die gespeicherten Ergebnisse der Rangliste "
        "(Bewertungsergebnis, Kriteriumsergebnis) vollständig neu, z. B. nach einem Import "
        "direkt in die Datenbank."
    )

    def handle(self, *args, **options):
        from bewertung.aggregation import alles_neu_berechnen
        from bewertung.models import Bewertungsergebnis

        bewertungen = alles_neu_berechnen()
        self.stdout.write(
            self.style.SUCCESS(
                f"{bewertungen} Bewertung(en) neu berechnet, "
                f"{Bewertungsergebnis.objects.count()} Ergebnis(se) gespeichert."
            )
        )
