"""The Geschäftsstelle's list of phases in the admin: every date input is named (issue 12,
item 8: axe reported "label", critical). The browser check with axe is in
tests/browser/test_einreichen_ux.py."""

import re

import pytest
from django.urls import reverse

from handlungsfelder.models import Prozessphase
from tests.factories import geschaeftsstelle

pytestmark = pytest.mark.django_db


def test_the_date_inputs_of_the_phase_list_are_named(client):
    client.force_login(geschaeftsstelle())
    html = client.get(reverse("admin:handlungsfelder_prozessphase_changelist")).content.decode()
    eingaben = re.findall(r'<input[^>]*name="form-\d+-(?:beginn|ende)"[^>]*>', html)
    assert len(eingaben) == 6  # three phases, Beginn and Ende
    for eingabe in eingaben:
        assert re.search(r'aria-label="(Beginn|Ende \(einschließlich\)): [^"]+"', eingabe), eingabe
    final = Prozessphase.objects.get(code="final")
    assert f'aria-label="Beginn: {final.name}"' in html
