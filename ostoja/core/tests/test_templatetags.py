from django import forms

from ostoja.core.templatetags.ostoja import control, masked_pesel, nrb_groups, pln


def test_masked_pesel() -> None:
    assert masked_pesel("84051413503") == "840514*****"
    assert masked_pesel("") == ""
    assert masked_pesel(None) == ""


def test_nrb_groups() -> None:
    assert nrb_groups("61109010140000071219812874") == "61 1090 1014 0000 0712 1981 2874"
    assert nrb_groups("") == ""
    assert nrb_groups(None) == ""


def test_pln_filter() -> None:
    assert pln(1234) == "1\xa0234,00\xa0zł"


class SampleForm(forms.Form):
    name = forms.CharField(help_text="Help")
    agree = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=[("a", "A")])


def test_control_text_input_with_help_and_required() -> None:
    html = control(SampleForm()["name"])
    assert 'class="form-control"' in html
    assert 'aria-describedby="id_name_help"' in html
    assert 'aria-required="true"' in html
    assert "aria-invalid" not in html


def test_control_marks_errors() -> None:
    form = SampleForm(data={"kind": "a"})
    assert not form.is_valid()
    html = control(form["name"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_help id_name_errors"' in html


def test_control_checkbox_and_select() -> None:
    form = SampleForm()
    assert 'class="form-check-input"' in control(form["agree"])
    assert "aria-required" not in control(form["agree"])
    assert 'class="form-select"' in control(form["kind"])
