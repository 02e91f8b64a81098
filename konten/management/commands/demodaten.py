from django.core.management.base import BaseCommand

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
        from konten.demo import demo_nutzer_anlegen

        users = demo_nutzer_anlegen()
        self.stdout.write(self.style.SUCCESS(f"Demodaten bereit: {len(users)} Demo-Zugänge."))
        from steckbriefe.demo import demo_steckbriefe_anlegen

        neu = demo_steckbriefe_anlegen()
        self.stdout.write(self.style.SUCCESS(f"Demo-Steckbriefe: {neu} neu angelegt."))
        from bewertung.demo import demo_bewertungen_anlegen

        neu = demo_bewertungen_anlegen()
        self.stdout.write(self.style.SUCCESS(f"Demo-Bewertungen: {neu} neu angelegt."))
