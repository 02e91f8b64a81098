"""Attachments: accepted by content (not by name), size limits, private storage, download
only for permitted people, deletion by members while editable."""

import io
import random
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from kern.formate import groesse
from steckbriefe import anlagen
from steckbriefe.models import Anlage
from tests.factories import geschaeftsstelle, mitglied, wirtschaftsfoerderung

from .conftest import NACH_FINAL, seite, url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100

HAUPTTEIL = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}


def office(
    art: str, content_type: str | None = None, makro: bool = False, nullen: int = 0, teile: int = 0
) -> bytes:
    """A minimal Office file; `nullen` zero bytes in a deflated part (they compress about
    1000 : 1, as in a "zip bomb"), `teile` further empty parts."""
    teil, typ = HAUPTTEIL[art]
    typ = content_type or f"application/vnd.openxmlformats-officedocument.{typ}"
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{teil}" ContentType="{typ}"/></Types>',
        )
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr(teil, "<document/>")
        if makro:
            zf.writestr("word/vbaProject.bin", b"\x00\x01")
        if nullen:
            info = zipfile.ZipInfo("word/media/leer.bin")
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as f:
                block = bytes(1024 * 1024)
                for start in range(0, nullen, len(block)):
                    f.write(block[: nullen - start])
        for n in range(teile):
            zf.writestr(f"word/teil{n}.xml", "")
    return puffer.getvalue()


def hochladen(client, sb, name, inhalt, **aenderungen):
    daten = seite(client, sb, **aenderungen)
    daten["aktion"] = ["hochladen"]
    daten["anlage-datei"] = SimpleUploadedFile(
        name, inhalt, content_type="application/octet-stream"
    )
    return client.post(url("bearbeiten", sb), daten)


def fehlertext(response) -> str:
    return response.content.decode().split('id="abschnitt-anlagen"')[1].split("</fieldset>")[0]


@pytest.mark.parametrize(
    ("name", "inhalt", "content_type"),
    [
        ("Projektskizze.pdf", PDF, "application/pdf"),
        ("Lageplan.PNG", PNG, "image/png"),
        ("Foto.jpeg", JPG, "image/jpeg"),
        (
            "Kostenplan.xlsx",
            office("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "Konzept.docx",
            office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Folien.pptx",
            office("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_allowed_files_are_accepted_and_stored_privately(
    mc, sb, user, im_final, name, inhalt, content_type
):
    response = hochladen(mc, sb, name, inhalt, titel="Mit Anlage")
    assert response.status_code == 302
    assert response["Location"].endswith("#abschnitt-anlagen")
    anlage = Anlage.objects.get(steckbrief=sb)
    assert (anlage.name, anlage.groesse, anlage.content_type) == (name, len(inhalt), content_type)
    assert anlage.hochgeladen_von == user
    assert anlage.datei.name.startswith("anlagen/")
    assert name.split(".")[0] not in anlage.datei.name  # non-guessable path
    assert len(anlage.datei.name) > 40
    with default_storage.open(anlage.datei.name) as f:
        assert f.read() == inhalt
    sb.refresh_from_db()
    assert sb.titel == "Mit Anlage"  # the draft was saved with the upload


@pytest.mark.parametrize(
    ("name", "inhalt", "meldung"),
    [
        ("rechnung.pdf", EXE, "Der Inhalt der Datei „rechnung.pdf“ ist keine gültige PDF-Datei."),
        ("setup.exe", EXE, "Dateien dieses Typs („setup.exe“) sind nicht erlaubt."),
        ("konzept.docx", PDF, "ist keine gültige DOCX-Datei"),
        ("konzept.pdf", office("docx"), "ist keine gültige PDF-Datei"),
        ("makro.docx", office("docx", makro=True), "Dateien mit Makros sind nicht erlaubt"),
        (
            "makro.docx",
            office(
                "docx",
                content_type="application/vnd.ms-word.document.macroEnabled.main+xml",
            ),
            "ist keine gültige DOCX-Datei",
        ),
        ("archiv.docx", b"PK\x05\x06" + b"\x00" * 18, "ist keine gültige DOCX-Datei"),
        ("bild.png", JPG, "ist keine gültige PNG-Datei"),
        ("ohne_endung", PDF, "nicht erlaubt"),
        ("seite.html", b"<html><script>alert(1)</script></html>", "nicht erlaubt"),
        ("leer.pdf", b"", "ist leer"),
    ],
)
def test_disguised_or_forbidden_files_are_rejected(mc, sb, im_final, name, inhalt, meldung):
    response = hochladen(mc, sb, name, inhalt, titel="Nicht gespeichert")
    assert response.status_code == 200
    assert meldung in fehlertext(response)
    assert "Erlaubt sind PDF, DOCX, XLSX, PPTX, PNG und JPG" in response.content.decode()
    assert not Anlage.objects.exists()
    sb.refresh_from_db()
    assert sb.titel != "Nicht gespeichert"  # nothing saved, the input is kept in the form
    assert "Nicht gespeichert" in response.content.decode()


def test_limits_are_named_in_the_messages(mc, sb, im_final, settings):
    assert groesse(10 * 1024 * 1024) == "10 MB"
    assert (
        "höchstens 10 MB je Datei und 25 MB je Steckbrief"
        in mc.get(url("bearbeiten", sb)).content.decode()
    )
    settings.ANLAGE_MAX_BYTES = 2 * 1024
    settings.ANLAGEN_MAX_BYTES_JE_STECKBRIEF = 3 * 1024
    gross = PDF + b"0" * 2100
    response = hochladen(mc, sb, "gross.pdf", gross)
    assert "Erlaubt sind höchstens 2 kB je Datei." in fehlertext(response)
    ok = PDF + b"0" * 1900
    assert hochladen(mc, sb, "erste.pdf", ok).status_code == 302
    response = hochladen(mc, sb, "zweite.pdf", ok)
    text = fehlertext(response)
    assert "Alle Anlagen eines Steckbriefs zusammen dürfen höchstens 3 kB groß sein." in text
    assert list(Anlage.objects.values_list("name", flat=True)) == ["erste.pdf"]


MB = 1024 * 1024


@pytest.mark.parametrize(
    ("nullen", "teile", "meldung"),
    [
        # 101 MB unpacked from about 100 kB (the limit is 100 MB)
        (101 * MB, 0, "„Bombe.docx“ wäre entpackt 101 MB groß; erlaubt sind höchstens 100 MB"),
        # 2 MB from about 2 kB: more than 100 : 1
        (2 * MB, 0, "„Bombe.docx“ ist ungewöhnlich stark komprimiert"),
        (0, 10_001, "„Bombe.docx“ besteht aus 10.004 Teilen; erlaubt sind höchstens 10.000"),
    ],
)
def test_zip_bombs_are_rejected_by_their_directory(mc, sb, im_final, nullen, teile, meldung):
    """Issue 14, item 12: a 2 MB DOCX that unpacks to 2 GiB was accepted."""
    inhalt = office("docx", nullen=nullen, teile=teile)
    assert len(inhalt) < 2 * MB
    response = hochladen(mc, sb, "Bombe.docx", inhalt)
    assert response.status_code == 200
    assert meldung in fehlertext(response)
    assert not Anlage.objects.exists()


def test_a_declared_size_of_2_gib_is_enough_to_reject(settings):
    """The sizes come from the central directory; nothing is unpacked to judge them."""
    inhalt = bytearray(office("docx", teile=1))
    eintrag = inhalt.rindex(b"PK\x01\x02")  # the last entry of the central directory
    inhalt[eintrag + 24 : eintrag + 28] = (2**31).to_bytes(4, "little")  # uncompressed size
    with pytest.raises(ValidationError) as fehler:
        anlagen.pruefe_datei(SimpleUploadedFile("Bericht.docx", bytes(inhalt)))
    assert fehler.value.code == "entpackt_zu_gross"
    assert "„Bericht.docx“ wäre entpackt 2.048 MB groß" in fehler.value.messages[0]


def test_ordinary_office_files_pass_the_zip_limits():
    woerter = ["Wärmenetz", "Zwickau", "Nord", "Machbarkeit", "2027", "Fördermittel", "<w:p>"]
    zufall = random.Random(14)
    text = " ".join(zufall.choice(woerter) + str(zufall.randrange(1000)) for _ in range(300_000))
    text = text.encode()  # 3 MB of text, compressed as text compresses (about 4 : 1)
    puffer = io.BytesIO(office("docx"))
    with zipfile.ZipFile(puffer, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/inhalt.xml", text)
    datei = SimpleUploadedFile("Bericht.docx", puffer.getvalue())
    assert anlagen.pruefe_datei(datei) == anlagen.DOCX


def test_download_only_for_permitted_people_as_attachment(client, mc, sb, user, im_final):
    hochladen(mc, sb, "Plan <b>neu & gut.pdf", PDF)
    anlage = Anlage.objects.get()
    adresse = url("anlage", sb, anlage_pk=anlage.pk)
    response = mc.get(adresse)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    # the form lists it with the name escaped
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert "Plan &lt;b&gt;neu &amp; gut.pdf" in html and "Plan <b>" not in html

    andere = client.__class__()
    andere.force_login(mitglied())
    assert andere.get(adresse).status_code == 404
    andere.force_login(wirtschaftsfoerderung("14524"))
    assert andere.get(adresse).status_code == 404  # a draft is not for reviewers yet
    andere.force_login(geschaeftsstelle())
    assert andere.get(adresse).status_code == 200
    andere.logout()
    assert andere.get(adresse).status_code == 302
    # a wrong Steckbrief in the address does not help
    from tests.factories import SteckbriefFactory

    fremd = SteckbriefFactory(organisation=sb.organisation)
    assert mc.get(url("anlage", fremd, anlage_pk=anlage.pk)).status_code == 404
    # MEDIA_ROOT has no URL
    assert client.get("/_privat/" + anlage.datei.name).status_code == 404


def test_members_delete_while_editable(mc, sb, user, uhr, django_capture_on_commit_callbacks):
    from .conftest import IM_FINAL

    uhr(IM_FINAL)
    hochladen(mc, sb, "weg.pdf", PDF)
    anlage = Anlage.objects.get()
    pfad = anlage.datei.name
    daten = seite(mc, sb)
    daten["anlage_loeschen"] = [str(anlage.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        response = mc.post(url("bearbeiten", sb), daten)
    assert response.status_code == 302
    assert not Anlage.objects.exists()
    assert not default_storage.exists(pfad)

    hochladen(mc, sb, "bleibt.pdf", PDF)
    anlage = Anlage.objects.get()
    uhr(NACH_FINAL)
    mc.force_login(user)
    daten["anlage_loeschen"] = [str(anlage.pk)]
    daten["revision"] = [str(sb.__class__.objects.get(pk=sb.pk).revision)]
    response = mc.post(url("bearbeiten", sb), daten)
    assert response.status_code == 302 and response["Location"] == url("detail", sb)
    assert Anlage.objects.filter(pk=anlage.pk).exists()
    assert default_storage.exists(anlage.datei.name)


def test_file_names_lose_paths_and_control_characters():
    from steckbriefe.anlagen import dateiname_bereinigen

    assert dateiname_bereinigen("..\\..\\windows\\plan.pdf") == "plan.pdf"
    assert dateiname_bereinigen("../../etc/pass\x00wd.pdf") == "passwd.pdf"
    assert dateiname_bereinigen("") == "Anlage"
    assert len(dateiname_bereinigen("a" * 300 + ".pdf")) == 200
    assert dateiname_bereinigen("a" * 300 + ".pdf").endswith(".pdf")


def test_delete_button_carries_unlocalised_id_for_large_ids(mc, sb, uhr):
    """With German number formatting a pk of 12345 must not become "12.345" in the form."""
    from .conftest import IM_FINAL

    uhr(IM_FINAL)
    hochladen(mc, sb, "gross.pdf", PDF)
    Anlage.objects.update(id=12345)
    html = mc.get(url("bearbeiten", sb)).content.decode()
    assert 'name="anlage_loeschen" value="12345"' in html
    assert "12.345" not in html
