from django import forms

from handlungsfelder.models import Aufruf, Aufrufformat, Gebietskoerperschaft, Handlungsfeld
from steckbriefe.models import Entscheidung

from .kennzahlen import PHASEN


class FilterForm(forms.Form):
    aufruf = forms.ChoiceField(label="Aufruf", required=False)
    handlungsfeld = forms.ChoiceField(label="Federführendes Handlungsfeld", required=False)
    phase = forms.ChoiceField(
        label="Phase",
        required=False,
        choices=[("", "alle eingereichten")] + [(k, v[0]) for k, v in PHASEN.items()],
    )
    entscheidung = forms.ChoiceField(
        label="Entscheidung",
        required=False,
        choices=[("", "alle")] + list(Entscheidung.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", "alle")] + [
            (hf.code, str(hf)) for hf in Handlungsfeld.objects.all()
        ]
        # The calls of Steckbriefe (an Ideenwettbewerb has ideas, not Steckbriefe).
        self.fields["aufruf"].choices = [("", "alle")] + list(
            Aufruf.objects.filter(format=Aufrufformat.PROJEKTSTECKBRIEF)
            .order_by("name")
            .values_list("slug", "name")
        )


class PipelineForm(forms.Form):
    handlungsfeld = forms.ChoiceField(label="Handlungsfeld", required=False)
    ags = forms.ChoiceField(label="Region", required=False)
    q = forms.CharField(label="Suche in Titel und Kurzbeschreibung", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlungsfeld"].choices = [("", "alle")] + [
            (hf.code, str(hf)) for hf in Handlungsfeld.objects.all()
        ]
        self.fields["ags"].choices = [("", "alle")] + [
            (g.ags, g.name) for g in Gebietskoerperschaft.objects.order_by("name")
        ]
