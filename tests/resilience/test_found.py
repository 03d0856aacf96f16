"""Bugs the fuzzing found, each pinned by a test of its own."""

import pytest

from asap.accounts.models import Organisation
from asap.cases.forms import BoundedModelMultipleChoiceField, StyledForm
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


class Parties(StyledForm):
    parties = BoundedModelMultipleChoiceField(queryset=Organisation.objects.all())


@pytest.mark.parametrize("value", [str(10**20), f"-{10**20}", str(2**63)])
def test_an_id_beyond_64_bits_is_an_invalid_choice_not_a_crash(value):
    """Django's field put it in a `pk__in` query, where SQLite raised OverflowError (500 on
    the agreement form)."""
    known = OrganisationFactory()
    form = Parties({"parties": [str(known.pk), value]})
    assert not form.is_valid()
    assert form.errors["parties"][0].startswith("Select a valid choice.")


def test_a_known_id_is_still_chosen():
    known = OrganisationFactory()
    form = Parties({"parties": [str(known.pk)]})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["parties"]) == [known]


def test_a_bounded_field_added_after_init_refuses_too():
    form = StyledForm({"late": [str(10**20)]})
    form.fields["late"] = BoundedModelMultipleChoiceField(queryset=Organisation.objects.all())
    assert not form.is_valid()
    assert form.errors["late"][0].startswith("Select a valid choice.")
