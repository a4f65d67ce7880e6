"""A name resolves to exactly one drug, whatever its case."""

import pytest
from django.db import IntegrityError, transaction

from drugs.models import DrugName
from drugs.selectors import resolve_drug
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_name_belongs_to_one_drug_case_insensitively():
    factories.DrugNameFactory(name="Gleevec")
    other = factories.DrugFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DrugName.objects.create(drug=other, name="GLEEVEC", kind=DrugName.Kind.BRAND)


def test_resolve_drug_by_slug_name_or_name_slug():
    drug = factories.DrugFactory(name="Imatinib", slug="imatinib")
    factories.DrugNameFactory(drug=drug, name="STI571", kind=DrugName.Kind.CODE)
    factories.DrugNameFactory(drug=drug, name="imatinib mesilate", kind=DrugName.Kind.SALT)
    assert resolve_drug("imatinib") == drug
    assert resolve_drug("sti571") == drug
    assert resolve_drug("Imatinib-Mesilate") == drug
    assert resolve_drug("imatinib mesilate") == drug
    assert resolve_drug("nilotinib") is None
    assert resolve_drug("") is None
    assert resolve_drug("x" * 5000) is None
