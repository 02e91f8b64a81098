"""Helpers for the Steckbrief tests: read a rendered form like a browser would submit it."""

from html.parser import HTMLParser


class _Formular(HTMLParser):
    """Collects the successful controls of one <form id=…> (no submit buttons, no files)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.in_template = 0
        self.daten: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._optionen: list[tuple[str, bool]] = []
        self._option_wert: str | None = None
        self._option_text = ""
        self.ids: set[str] = set()

    def _add(self, name, wert):
        self.daten.setdefault(name, []).append(wert)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.in_form = True
            return
        if not self.in_form:
            return
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "input":
            typ = a.get("type", "text")
            name = a.get("name")
            if not name or typ in {"submit", "button", "file"} or "disabled" in a:
                return
            if typ in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            else:
                self._add(name, a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._text = ""
        elif tag == "select":
            self._select = a.get("name")
            self._optionen = []
        elif tag == "option" and self._select:
            self._option_wert = a.get("value")
            self._option_text = ""
            self._optionen.append((a.get("value"), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data
        if self._option_wert is None and self._select and self._optionen:
            pass

    def handle_endtag(self, tag):
        if tag == "template" and self.in_template:
            self.in_template -= 1
        if tag == "form" and self.in_form:
            self.in_form = False
        if tag == "textarea" and self._textarea is not None:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self._add(self._textarea, text)
            self._textarea = None
        if tag == "select" and self._select:
            gewaehlt = [w for w, s in self._optionen if s]
            if not gewaehlt and self._optionen:
                gewaehlt = [self._optionen[0][0]]
            for w in gewaehlt:
                self._add(self._select, w or "")
            self._select = None


def formular(html: str, form_id: str = "steckbrief-formular") -> tuple[dict, set]:
    parser = _Formular(form_id)
    parser.feed(html)
    return parser.daten, parser.ids


def formular_daten(html: str, **aenderungen) -> dict[str, list[str]]:
    """The form's current values, with `aenderungen` applied (value or list of values)."""
    daten, _ = formular(html)
    for name, wert in aenderungen.items():
        daten[name] = wert if isinstance(wert, list) else [wert]
    return daten


def ohne(daten: dict, *namen) -> dict:
    return {k: v for k, v in daten.items() if k not in namen}


class _Dom(HTMLParser):
    """Elements with their attributes (in order) and texts (whitespace collapsed); the
    content of textarea and pre as it is."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.teile: list[str] = []
        self.roh = False

    def handle_starttag(self, tag, attrs):
        self.teile.append(f"<{tag}" + "".join(f' {k}="{v}"' for k, v in attrs) + ">")
        self.roh = tag in {"textarea", "pre"}

    def handle_endtag(self, tag):
        self.teile.append(f"</{tag}>")
        self.roh = False

    def handle_data(self, data):
        text = data if self.roh else " ".join(data.split())
        if text:
            self.teile.append(text)


def dom(html: str) -> list[str]:
    """The markup as a browser builds it, without the whitespace between tags: for
    comparing two renderings of the same HTML."""
    parser = _Dom()
    parser.feed(str(html))
    parser.close()
    return parser.teile
