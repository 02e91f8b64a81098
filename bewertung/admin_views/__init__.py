"""The custom admin pages of the Bewertung, one module per page: bewerten (the scoring page;
bewerten_laden reads what it shows), rangliste (the ranking matrix), fortschritt (progress
and reminders). Each module's view is `seite`.

Thin views: they read the request, ask bewertung.regeln, call bewertung.services /
bewertung.aggregation and render. Registered through get_urls of the admins (so every
page runs inside admin_site.admin_view: staff login, CSRF, no caching)."""

from steckbriefe.zustaende import UngueltigerUebergang

from .. import services
from ..regeln import NichtErlaubt

# What a page shows as a German message instead of failing.
FEHLER = (services.BewertungsFehler, NichtErlaubt, UngueltigerUebergang)
