"""The layers of the portal: a lower app never imports a higher one, in Python or through a
template tag library. Order, lowest first: kern < handlungsfelder < konten < steckbriefe <
ideen < kooperation < bewertung < portfolio < dossiers < masterplan (the top layer composes the
others). A lower app that
needs a higher one's work announces it by a signal or offers a registration."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCHICHTEN = [
    "kern",
    "handlungsfelder",
    "konten",
    "steckbriefe",
    "ideen",
    "kooperation",
    "bewertung",
    "portfolio",
    "dossiers",
    "masterplan",
]
RANG = {app: i for i, app in enumerate(SCHICHTEN)}
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _importe(pfad: Path):
    """(line, module) of every absolute import in the file, lazy ones inside functions too."""
    for knoten in ast.walk(ast.parse(pfad.read_text(), str(pfad))):
        if isinstance(knoten, ast.ImportFrom) and knoten.level == 0 and knoten.module:
            yield knoten.lineno, knoten.module
        elif isinstance(knoten, ast.Import):
            for alias in knoten.names:
                yield knoten.lineno, alias.name


def _verstoesse_python(wurzel: Path) -> list[str]:
    verstoesse = []
    for app in SCHICHTEN:
        for pfad in sorted((wurzel / app).rglob("*.py")):
            for zeile, modul in _importe(pfad):
                ziel = modul.split(".")[0]
                if ziel in RANG and RANG[ziel] > RANG[app]:
                    verstoesse.append(f"{pfad.relative_to(wurzel)}:{zeile} {app} → {modul}")
    return verstoesse


def _bibliotheken(wurzel: Path) -> dict[str, str]:
    """Template tag library name → the app that owns it."""
    return {
        pfad.stem: app
        for app in SCHICHTEN
        for pfad in (wurzel / app).glob("templatetags/*.py")
        if pfad.stem != "__init__"
    }


def _verstoesse_vorlagen(wurzel: Path) -> list[str]:
    besitzer = _bibliotheken(wurzel)
    verstoesse = []
    for app in SCHICHTEN:
        for pfad in sorted((wurzel / app / "templates").rglob("*")):
            if not pfad.is_file():
                continue
            for treffer in LOAD.finditer(pfad.read_text()):
                for bibliothek in treffer.group(1).split():
                    ziel = besitzer.get(bibliothek)
                    if ziel and RANG[ziel] > RANG[app]:
                        verstoesse.append(f"{pfad.relative_to(wurzel)}: {app} lädt {bibliothek}")
    return verstoesse


def test_no_app_imports_a_higher_layer():
    assert _verstoesse_python(ROOT) == []


def test_no_app_template_loads_a_tag_library_of_a_higher_layer():
    assert _verstoesse_vorlagen(ROOT) == []


@pytest.mark.parametrize(
    "datei,code,erwartet",
    [
        ("konten/x.py", "from steckbriefe.models import Steckbrief\n", "konten → steckbriefe"),
        ("steckbriefe/x.py", "def f():\n    import dossiers.tasks\n", "steckbriefe → dossiers"),
        ("kern/x.py", "from masterplan import settings\n", "kern → masterplan"),
    ],
)
def test_the_walk_finds_an_upward_import(tmp_path, datei, code, erwartet):
    (tmp_path / datei).parent.mkdir(parents=True)
    (tmp_path / datei).write_text(code)
    assert any(erwartet in v for v in _verstoesse_python(tmp_path))


def test_the_walk_allows_downward_and_relative_imports(tmp_path):
    (tmp_path / "bewertung").mkdir()
    (tmp_path / "bewertung" / "x.py").write_text(
        "from steckbriefe.models import Steckbrief\nfrom .models import Bewertung\nimport kern.mail\n"
    )
    assert _verstoesse_python(tmp_path) == []


def test_the_template_walk_finds_an_upward_tag_library(tmp_path):
    (tmp_path / "bewertung" / "templatetags").mkdir(parents=True)
    (tmp_path / "bewertung" / "templatetags" / "bewertung_tags.py").write_text("")
    (tmp_path / "steckbriefe" / "templates" / "mails").mkdir(parents=True)
    (tmp_path / "steckbriefe" / "templates" / "mails" / "x.txt").write_text(
        "{% load portal bewertung_tags %}"
    )
    assert _verstoesse_vorlagen(tmp_path) == [
        "steckbriefe/templates/mails/x.txt: steckbriefe lädt bewertung_tags"
    ]
