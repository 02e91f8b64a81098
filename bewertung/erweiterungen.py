"""A hook for higher apps: sections on the scoring page below the Steckbrief panel (e.g.
„ähnliche Steckbriefe“). A higher app registers a function in its AppConfig.ready:

    from bewertung.erweiterungen import abschnitt_registrieren
    abschnitt_registrieren(aehnliche_steckbriefe)

`funktion(steckbrief, benutzer)` returns HTML marked safe (format_html, render_to_string)
or "" to show nothing; it is called for every viewer of the page (the Geschäftsstelle and
the reviewers), so it shows only what that user may see, and it should read with few
queries (the page's query count is pinned). The sections appear in registration order."""

from collections.abc import Callable

from django.utils.safestring import SafeString

_abschnitte: list[Callable] = []


def abschnitt_registrieren(funktion: Callable) -> Callable:
    """Register `funktion(steckbrief, benutzer) -> safe HTML or ""` once (a second
    registration of the same function is ignored); returns it (usable as a decorator)."""
    if funktion not in _abschnitte:
        _abschnitte.append(funktion)
    return funktion


def abschnitt_entfernen(funktion: Callable) -> None:
    """Remove a registered function (tests)."""
    if funktion in _abschnitte:
        _abschnitte.remove(funktion)


def abschnitte(steckbrief, benutzer) -> list[SafeString]:
    """The non-empty outputs of the registered functions, in registration order. Output
    that is not marked safe is refused (TypeError): it would be escaped into visible
    markup, or – marked safe here – a way to inject HTML."""
    ergebnis = []
    for funktion in _abschnitte:
        html = funktion(steckbrief, benutzer)
        if not html:
            continue
        if not isinstance(html, SafeString):
            raise TypeError(
                f"{funktion.__qualname__} muss sicheres HTML liefern (format_html, "
                "render_to_string) oder einen leeren Text."
            )
        ergebnis.append(html)
    return ergebnis
