"""Drugs and everything that names or classifies them.

A drug has one canonical name and slug, and any number of other names (INN, brands,
code names, salts). Every name, the canonical one included, lives in ``DrugName``;
a name resolves to exactly one drug, case-insensitively (a database constraint).
Name resolution itself lives in ``drugs.selectors.resolve_drug`` and nowhere else.
"""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify


class NamedTerm(models.Model):
    """A small vocabulary row (class, target, condition) with a unique name and slug."""

    name = models.CharField(max_length=200, help_text="As a clinician would read it.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in URLs and filters; lowercase.")
    description = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)


class DrugClass(NamedTerm):
    atc_code = models.CharField(
        "ATC code", max_length=16, blank=True, help_text="e.g. L01EA for BCR-ABL inhibitors."
    )

    class Meta(NamedTerm.Meta):
        verbose_name = "drug class"
        verbose_name_plural = "drug classes"
        constraints = [models.UniqueConstraint(Lower("name"), name="drugclass_name_ci_unique")]


class Target(NamedTerm):
    gene_symbol = models.CharField(max_length=32, blank=True, help_text="HGNC symbol, e.g. ABL1.")
    uniprot_id = models.CharField("UniProt ID", max_length=16, blank=True)

    class Meta(NamedTerm.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="target_name_ci_unique")]


class Condition(NamedTerm):
    mesh_ui = models.CharField("MeSH UI", max_length=16, blank=True, help_text="e.g. D015464.")

    class Meta(NamedTerm.Meta):
        constraints = [models.UniqueConstraint(Lower("name"), name="condition_name_ci_unique")]


class Drug(models.Model):
    name = models.CharField(
        max_length=200, help_text="Canonical display name, usually the INN (e.g. imatinib)."
    )
    slug = models.SlugField(max_length=200, unique=True, help_text="Canonical URL: /drugs/<slug>/.")
    summary = models.TextField(blank=True, help_text="A plain-text summary for clinicians.")
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When a curator last checked this page."
    )

    mesh_ui = models.CharField("MeSH UI", max_length=16, blank=True, help_text="e.g. D000068877.")
    drugbank_id = models.CharField("DrugBank ID", max_length=16, blank=True, help_text="e.g. DB00619.")
    pubchem_cid = models.PositiveIntegerField("PubChem CID", null=True, blank=True, help_text="e.g. 5291.")
    chebi_id = models.CharField("ChEBI ID", max_length=20, blank=True, help_text="e.g. CHEBI:45783.")
    atc_code = models.CharField("ATC code", max_length=16, blank=True, help_text="e.g. L01EA01.")

    classes = models.ManyToManyField(DrugClass, blank=True, related_name="drugs")
    targets = models.ManyToManyField(Target, blank=True, related_name="drugs")
    conditions = models.ManyToManyField(Condition, blank=True, related_name="drugs")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="drug_name_ci_unique",
                violation_error_message="A drug with this name already exists.",
            ),
            models.CheckConstraint(condition=~models.Q(slug=""), name="drug_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("drugs:detail", kwargs={"slug": self.slug})

    # Outbound links for external identifiers; empty when the identifier is unknown.
    @property
    def external_links(self) -> list[tuple[str, str, str]]:
        links = []
        if self.mesh_ui:
            links.append(("MeSH", self.mesh_ui, f"https://meshb.nlm.nih.gov/record/ui?ui={self.mesh_ui}"))
        if self.drugbank_id:
            links.append(("DrugBank", self.drugbank_id, f"https://go.drugbank.com/drugs/{self.drugbank_id}"))
        if self.pubchem_cid:
            links.append(
                (
                    "PubChem",
                    str(self.pubchem_cid),
                    f"https://pubchem.ncbi.nlm.nih.gov/compound/{self.pubchem_cid}",
                )
            )
        if self.chebi_id:
            links.append(
                ("ChEBI", self.chebi_id, f"https://www.ebi.ac.uk/chebi/searchId.do?chebiId={self.chebi_id}")
            )
        if self.atc_code:
            links.append(("ATC", self.atc_code, f"https://atcddd.fhi.no/atc_ddd_index/?code={self.atc_code}"))
        return links


class DrugName(models.Model):
    class Kind(models.TextChoices):
        INN = "inn", "International nonproprietary name"
        BRAND = "brand", "Brand name"
        CODE = "code", "Code name"
        SALT = "salt", "Salt or ester"
        OTHER = "other", "Other synonym"

    drug = models.ForeignKey(Drug, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(
        max_length=200, help_text="Any name the drug is known by; unique across all drugs."
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.OTHER)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="/drugs/<this>/ redirects to the drug. Filled from the name."
    )
    match_in_text = models.BooleanField(
        "link from titles and abstracts",
        default=True,
        db_default=True,  # rows written outside the ORM (the bulk corpus loader) included
        help_text="An import links a record that names the drug this way in its title or abstract. Turn "
        "off for a name that is also an ordinary word ('Gold', 'Iron'): the name then links only as a "
        "whole MeSH heading, substance or keyword.",
    )

    class Meta:
        ordering = ["drug_id", "kind", "name"]
        verbose_name = "drug name"
        constraints = [
            # A name resolves to exactly one drug, whatever its case.
            models.UniqueConstraint(
                Lower("name"),
                name="drugname_name_ci_unique",
                violation_error_message="This name already belongs to a drug; a name resolves to one drug only.",
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="drugname_name_not_empty"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)
