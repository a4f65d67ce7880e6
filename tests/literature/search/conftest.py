"""A small corpus for search tests, indexed the way writers index: reindex_publications after writing."""

import pytest
from django.core.cache import cache

from literature.models import MeshHeading, Publication
from literature.search import reindex_publications
from literature.search.service import PublicationSearch, SearchRequest
from literature.services import AuthorName, set_authors
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The month histogram that sizes slices is cached; each test starts without it.
    cache.clear()
    yield
    cache.clear()


def index(*pubs):
    reindex_publications([p.pk for p in pubs])


def found(q="", *, limit=1000, **filters) -> list[str]:
    """Titles a search finds, in its order."""
    search = PublicationSearch(SearchRequest(q=q, **filters))
    ids = search.ordered_ids(limit)
    titles = dict(Publication.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [titles[i] for i in ids]


def abstract(text):
    return [{"label": "", "category": "", "text": text}]


@pytest.fixture
def corpus(db):
    """Eight publications that differ in every indexed field; titles are their names in tests."""
    blood = factories.JournalFactory(title="Blood", iso_abbreviation="Blood", issn="0006-4971")
    nejm = factories.JournalFactory(
        title="The New England journal of medicine", iso_abbreviation="N Engl J Med"
    )
    review = factories.PublicationTypeFactory(name="Review")
    rct = factories.PublicationTypeFactory(name="Randomized Controlled Trial")
    article = factories.PublicationTypeFactory(name="Journal Article")
    neoplasms = factories.MeshTermFactory(name="Breast Neoplasms")
    mesylate = factories.MeshTermFactory(name="Imatinib Mesylate")
    trial = factories.TrialFactory(identifier="NCT00006343")
    drug = factories.DrugFactory(name="Nilotinib", slug="nilotinib")
    factories.DrugNameFactory(drug=drug, name="Tasigna")
    factories.DrugNameFactory(drug=drug, name="AMN107", kind="code")

    def pub(title, *, abstract_text="", journal=blood, year=2017, month=None, day=None, authors=("Smith J",),
            types=(article,), mesh=(), language="eng", keywords=(), trials=(), vernacular=""):  # fmt: skip
        p = factories.PublicationFactory(
            title=title,
            vernacular_title=vernacular,
            abstract=abstract(abstract_text) if abstract_text else [],
            journal=journal,
            pub_year=year,
            pub_month=month,
            pub_day=day,
            language=language,
            keywords=list(keywords),
            authors=list(authors),
        )
        if authors and authors[0].endswith("Investigators"):
            set_authors(publication=p, names=[AuthorName(collective_name=authors[0])])
        p.publication_types.set(types)
        p.trials.set(trials)
        for term, qualifiers in mesh:
            MeshHeading.objects.create(publication=p, term=term, qualifiers=qualifiers)
        return p

    pubs = {
        "kinase": pub(
            "Kinase inhibitors in chronic myeloid leukemia",
            abstract_text="Tyrosine kinase inhibitors changed the treatment of leukemia.",
            authors=("Dahlin JS", "Ekoff M"),
            year=2017,
            month=10,
            day=19,
            types=(article, review),
            mesh=[(mesylate, ["therapeutic use"])],
        ),
        "mast": pub(
            "Mast cell progenitors",
            abstract_text="KIT signaling is dispensable for human mast cell progenitor development.",
            authors=("Dahlin J", "Löf L"),
            year=2018,
            month=3,
        ),
        "breast": pub(
            "Breast cancer screening",
            abstract_text="Screening reduced mortality; kinase assays were not used.",
            journal=nejm,
            authors=("Jones AB",),
            year=2015,
            types=(rct,),
            mesh=[(neoplasms, [])],
            trials=(trial,),
        ),
        "nilotinib": pub(
            "Tasigna after imatinib failure",
            abstract_text="Second-line AMN107 in resistant disease.",
            journal=nejm,
            authors=("Kantarjian H",),
            year=2010,
            keywords=("second line",),
        ),
        "german": pub(
            "[Leukemia therapy in Germany]",
            vernacular="Leukämietherapie in Deutschland",
            abstract_text="",
            authors=("Müller K",),
            year=1998,
            language="ger",
        ),
        "collective": pub(
            "Long-term outcomes of the IRIS trial",
            abstract_text="Chronic myeloid leukemia outcomes after ten years; myeloid responses were durable.",
            authors=("IRIS Investigators",),
            year=2017,
            month=3,
            trials=(trial,),
        ),
        "undated": pub("Kinetics of an undated letter", abstract_text="Myeloid kinetics.", year=None),
        "bcr": pub(
            "BCR-ABL transcripts in NF-κB signalling",
            abstract_text="The BCR ABL fusion and NF-κB.",
            authors=("Smith JA",),
            year=2020,
            month=1,
            day=2,
        ),
    }
    factories.PublicationDrugFactory(publication=pubs["breast"], drug=drug)  # linked, never named
    index(*pubs.values())
    return pubs
