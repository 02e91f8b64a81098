"""A small element tree of rendered HTML for the tests: find elements by tag and attributes
and read their attributes and text, as a browser would (entities decoded)."""

from html.parser import HTMLParser

LEER = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class Element:
    def __init__(self, tag: str, attrs: dict, eltern=None):
        self.tag = tag
        self.attrs = attrs
        self.eltern = eltern
        self.kinder: list = []  # Elements and strings

    def __getitem__(self, name):
        return self.attrs[name]

    def get(self, name, standard=None):
        return self.attrs.get(name, standard)

    @property
    def klassen(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def text(self) -> str:
        """The text inside, whitespace collapsed."""
        return " ".join(self.roh.split())

    @property
    def roh(self) -> str:
        return "".join(k if isinstance(k, str) else k.roh for k in self.kinder)

    def alle(self, tag: str | None = None, **attrs) -> list["Element"]:
        """Every element below with `tag` and the attributes given (class_: one class)."""
        gefunden = []
        for kind in self.kinder:
            if isinstance(kind, str):
                continue
            if _passt(kind, tag, attrs):
                gefunden.append(kind)
            gefunden.extend(kind.alle(tag, **attrs))
        return gefunden

    def eins(self, tag: str | None = None, **attrs) -> "Element":
        gefunden = self.alle(tag, **attrs)
        assert len(gefunden) == 1, (tag, attrs, len(gefunden))
        return gefunden[0]

    def vorfahren(self) -> list["Element"]:
        liste, el = [], self.eltern
        while el is not None and el.tag != "#wurzel":
            liste.append(el)
            el = el.eltern
        return liste


def _passt(el: Element, tag, attrs: dict) -> bool:
    if tag is not None and el.tag != tag:
        return False
    for name, wert in attrs.items():
        if name == "class_":
            if wert not in el.klassen:
                return False
        elif el.attrs.get(name.replace("_", "-")) != wert:
            return False
    return True


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.wurzel = self.aktuell = Element("#wurzel", {})

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: ("" if v is None else v) for k, v in attrs}, self.aktuell)
        self.aktuell.kinder.append(el)
        if tag not in LEER:
            self.aktuell = el

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in LEER:
            self.aktuell = self.aktuell.eltern

    def handle_endtag(self, tag):
        el = self.aktuell
        while el is not None and el.tag != tag:
            el = el.eltern
        assert el is not None, f"</{tag}> ohne <{tag}>"
        self.aktuell = el.eltern

    def handle_data(self, data):
        self.aktuell.kinder.append(data)


def baum(html) -> Element:
    parser = _Parser()
    parser.feed(str(html))
    parser.close()
    assert parser.aktuell is parser.wurzel, "nicht geschlossene Elemente"
    return parser.wurzel


def beschrieben_von(el: Element, wurzel: Element) -> list[str]:
    """The texts of the elements `el` names in aria-describedby (each id must exist once)."""
    texte = []
    for id_ in el.get("aria-describedby", "").split():
        texte.append(wurzel.eins(id=id_).text)
    return texte
