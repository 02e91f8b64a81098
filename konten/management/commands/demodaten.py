from django.core.management.base import BaseCommand

from konten.beitraege import demoschritte
from konten.demo import DEMO_LOGINS, DEMO_PASSWORT


class Command(BaseCommand):
    help = "Legt Demodaten an (idempotent) oder listet mit --logins die Demo-Zugänge."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="nur die Demo-Zugänge ausgeben")

    def handle(self, *args, logins=False, **options):
        if logins:
            self.stdout.write(f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORT}):")
            for login in DEMO_LOGINS:
                self.stdout.write(f"  {login.rolle:<22} {login.email}")
            return
        # Each app's demo data, registered in its AppConfig.ready (konten.beitraege).
        for schritt in demoschritte():
            text, anzahl = schritt()
            self.stdout.write(self.style.SUCCESS(f"{text}: {anzahl}"))
