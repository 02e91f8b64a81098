"""Calibration (issue 13): a reviewer sees their own scores next to the others' finalised
ones per criterion – only once their own is finalised, never drafts of others; the
Geschäftsstelle sees mean and spread per reviewer from the stored Prueferstatistik."""

import pytest
from django.urls import reverse

from .conftest import CHEMNITZ, ERZGEBIRGE, ZWICKAU, bewertung_anlegen, final_sb, zuweisung

pytestmark = pytest.mark.django_db


def _seite(client, user, sb) -> str:
    client.force_login(user)
    return client.get(
        reverse("admin:steckbriefe_steckbrief_bewerten", args=[sb.pk])
    ).content.decode()


def _tabelle(seite: str) -> str:
    return seite.split('id="bw-kalibrierung"')[1].split("</table>")[0]


def test_own_next_to_the_others_only_after_finalising(client, wf_zwickau, wf_chemnitz):
    sb = final_sb(gebiete=[ZWICKAU, CHEMNITZ, ERZGEBIRGE])
    bewertung_anlegen(zuweisung(sb, CHEMNITZ), [4] * 12)
    # A draft of another reviewer never counts.
    bewertung_anlegen(zuweisung(sb, ERZGEBIRGE), [0] * 12, abgeschlossen=False)
    eigene = bewertung_anlegen(zuweisung(sb, ZWICKAU), [2] * 12, abgeschlossen=False)
    assert 'id="bw-kalibrierung"' not in _seite(client, wf_zwickau, sb)
    eigene.status = "abgeschlossen"
    eigene.save()
    tabelle = _tabelle(_seite(client, wf_zwickau, sb))
    zeile = tabelle.split("<tbody>")[1].split("</tr>")[0]
    assert (
        '<td class="bw-zahl">2</td><td class="bw-zahl">4,0</td><td class="bw-zahl">-2,0</td>'
        in zeile
    )
    assert tabelle.count("<tr>") == 13  # header + 12 criteria


def test_geschaeftsstelle_sees_mean_and_spread_per_reviewer(client, gs):
    a = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    b = final_sb(gebiete=[ZWICKAU, CHEMNITZ])
    bewertung_anlegen(zuweisung(a, ZWICKAU), [5] * 12)  # 100
    bewertung_anlegen(zuweisung(b, ZWICKAU), [3] * 12)  # 60
    bewertung_anlegen(zuweisung(a, CHEMNITZ), [2] * 12)  # 40
    bewertung_anlegen(zuweisung(b, CHEMNITZ), [2] * 12)  # 40
    client.force_login(gs)
    seite = client.get(reverse("admin:bewertung_bewertungsfortschritt_changelist")).content.decode()
    tabelle = _tabelle(seite)
    # Zwickau: mean 80, spread 20; Chemnitz: 40, 0; all: 60.
    assert "Mittel aller Bewertungen (60,0)" in seite
    zwickau = tabelle.split("Landkreis Zwickau</th>")[1].split("</tr>")[0]
    assert zwickau == (
        '<td class="bw-zahl">2</td><td class="bw-zahl">80,0</td>'
        '<td class="bw-zahl">20,0</td><td class="bw-zahl">+20,0</td>'
    )
    chemnitz = tabelle.split("Stadt Chemnitz</th>")[1].split("</tr>")[0]
    assert chemnitz.endswith('<td class="bw-zahl">-20,0</td>')


def test_reviewer_has_no_progress_page(client, wf_zwickau):
    client.force_login(wf_zwickau)
    antwort = client.get(reverse("admin:bewertung_bewertungsfortschritt_changelist"))
    assert antwort.status_code == 403
