"""Filters a reader sets on the drug index and a drug page (GET forms; bad values become form errors)."""

from django import forms

from drugs.models import Condition, DrugClass, Target


class DrugIndexFilterForm(forms.Form):
    drug_class = forms.ModelChoiceField(
        DrugClass.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All classes",
        label="Class",
    )
    target = forms.ModelChoiceField(
        Target.objects.order_by("name"), to_field_name="slug", required=False, empty_label="All targets"
    )
    condition = forms.ModelChoiceField(
        Condition.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All conditions",
    )

    def filters(self) -> dict:
        """The valid, non-empty filters; an invalid one is reported by the form and ignored."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class DrugPublicationFilterForm(forms.Form):
    """Year and publication type for a drug's 'More information' list; choices come from its literature."""

    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Year")
    type = forms.ChoiceField(required=False, label="Publication type")

    def __init__(self, *args, years: list[tuple[int, int]], types: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Any year")] + [(y, f"{y} ({n})") for y, n in years]
        self.fields["type"].choices = [("", "Any type")] + [
            (t["name"], f"{t['name']} ({t['n']})") for t in types
        ]
        self._types = {t["name"]: t["id"] for t in types}

    def filters(self) -> dict:
        """``year`` (int) and ``publication_type_id`` when given and valid; invalid ones are form errors."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        out = {}
        if data.get("year"):
            out["year"] = data["year"]
        if data.get("type"):
            out["publication_type_id"] = self._types[data["type"]]
        return out
