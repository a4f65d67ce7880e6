"""Automatic drug links: any of a drug's names in the title, abstract, MeSH or substances."""

import pytest

from drugs.models import DrugName
from literature.models import Publication, PublicationDrug
from tests import factories
from tests.literature.importers.conftest import FIXTURES, run_import

pytestmark = pytest.mark.django_db

ARTICLES = FIXTURES / "pubmed_articles.xml"


@pytest.fixture
def imatinib():
    drug = factories.DrugFactory(name="Imatinib", slug="imatinib")
    for name in ["Gleevec", "STI571", "Imatinib Mesylate"]:
        DrugName.objects.create(drug=drug, name=name, kind=DrugName.Kind.BRAND)
    return drug


@pytest.fixture
def dasatinib():
    return factories.DrugFactory(name="Dasatinib", slug="dasatinib")


def links():
    return {
        (pmid, slug): (origin, status, name)
        for pmid, slug, origin, status, name in PublicationDrug.objects.values_list(
            "publication__pmid", "drug__slug", "origin", "status", "matched_name"
        )
    }


def test_link_drugs_links_every_drug_named_in_a_record_as_pending_automatic_links(imatinib, dasatinib):
    report = run_import(ARTICLES, link_drugs=True).files[0]
    found = links()
    # Title names imatinib; "STI-571" in an abstract matches the synonym STI571 once punctuation is ignored.
    assert found[(90000001, "imatinib")] == ("automatic", "pending", "Imatinib")
    assert found[(90000003, "dasatinib")] == ("automatic", "pending", "Dasatinib")
    assert found[(90000003, "imatinib")] == ("automatic", "pending", "STI571")
    assert (90000004, "imatinib") not in found  # "Tyrosine kinase inhibitors" names no drug
    assert report.links_created == len(found) == 3


def test_drug_restricts_links_to_that_drug_and_the_report_counts_the_records_not_naming_it(
    imatinib, dasatinib
):
    from literature.importers.report import report_lines

    report = run_import(ARTICLES, drug_ids=[dasatinib.pk])
    assert set(links()) == {(90000003, "dasatinib")}
    f = report.files[0]
    assert f.unlinked == f.created - 1 == 3
    assert "3 records named none of the drugs and were not linked" in next(report_lines(report))[1]
    assert run_import(ARTICLES).files[0].unlinked is None  # no linking asked: nothing said


def test_substances_and_mesh_headings_count_as_mentions(imatinib):
    text = ARTICLES.read_text(encoding="utf-8").replace(
        "Long-term outcomes of imatinib treatment", "Long-term outcomes"
    )
    text = text.replace("Imatinib (Gleevec) changed", "It changed")
    from tests.literature.importers.conftest import run_import_bytes

    run_import_bytes("mesh-only.xml", text.encode(), link_drugs=True)
    assert links()[(90000001, "imatinib")][2] == "Imatinib Mesylate"


def test_a_rejected_link_is_never_made_again_and_curated_links_are_left_alone(imatinib, dasatinib):
    run_import(ARTICLES, link_drugs=True)
    rejected = PublicationDrug.objects.get(publication__pmid=90000001, drug=imatinib)
    rejected.status = PublicationDrug.Status.REJECTED
    rejected.save()
    curated = PublicationDrug.objects.get(publication__pmid=90000003, drug=dasatinib)
    curated.origin, curated.status, curated.excerpt, curated.rank = "curator", "confirmed", "Key trial.", 1
    curated.save()
    PublicationDrug.objects.filter(publication__pmid=90000003, drug=imatinib).delete()

    report = run_import(ARTICLES, link_drugs=True).files[0]
    assert report.links_created == 1  # only the deleted pending link comes back
    rejected.refresh_from_db()
    curated.refresh_from_db()
    assert rejected.status == "rejected"
    assert (curated.origin, curated.status, curated.excerpt, curated.rank) == (
        "curator",
        "confirmed",
        "Key trial.",
        1,
    )
    assert PublicationDrug.objects.filter(drug=imatinib).count() == 2


def test_without_linking_options_no_link_is_made(imatinib):
    run_import(ARTICLES)
    assert Publication.objects.count() == 4 and not PublicationDrug.objects.exists()


def test_automatic_links_are_in_the_search_index_when_the_import_ends(imatinib, dasatinib):
    from literature.search.backends import get_backend

    run_import(ARTICLES, link_drugs=True)
    backend = get_backend()
    # The index holds each publication's drugs (the drug filter and the drug page's search read it).
    assert set(backend.document(Publication.objects.get(pmid=90000003).pk)["drug_ids"]) == {
        imatinib.pk,
        dasatinib.pk,
    }
    assert backend.document(Publication.objects.get(pmid=90000001).pk)["drug_ids"] == [imatinib.pk]


def test_a_name_written_with_a_greek_letter_matches_the_name_spelled_out():
    """Abstracts write 'interferon β-1a' and 'IFN-β'; the drug's INN is 'interferon beta-1a'."""
    from tests.literature.importers.conftest import run_import_bytes

    beta = factories.DrugFactory(name="Interferon beta-1a", slug="interferon-beta-1a")
    alfa = factories.DrugFactory(name="Interferon alfa-2b", slug="interferon-alfa-2b")  # the INN's spelling
    nbib = (
        "PMID- 94000001\nTI  - Imatinib added to interferon β-1a in relapsing multiple sclerosis.\n"
        "AU  - Kim S\nDP  - 2020\n\n"
        "PMID- 94000002\nTI  - Interferon β-1b in melanoma.\nAU  - Kim S\nDP  - 2020\n\n"
        "PMID- 94000003\nTI  - Adjuvant interferon α-2b in melanoma.\nAU  - Kim S\nDP  - 2020\n\n"
        "PMID- 94000004\nTI  - Interferon alpha-2b or observation.\nAU  - Kim S\nDP  - 2020\n"
    )
    run_import_bytes("greek.nbib", nbib.encode(), drug_ids=[beta.pk, alfa.pk])
    assert links() == {
        (94000001, "interferon-beta-1a"): ("automatic", "pending", "Interferon beta-1a"),
        (94000003, "interferon-alfa-2b"): ("automatic", "pending", "Interferon alfa-2b"),
        (94000004, "interferon-alfa-2b"): ("automatic", "pending", "Interferon alfa-2b"),
    }


def matcher_for(*drugs):
    """A DrugMatcher over drugs given by their names; a name marked '!' is kept out of running text."""
    from literature.importers.linking import DrugMatcher

    for names in drugs:
        drug = factories.DrugFactory(name=names[0].lstrip("!"))
        for name in names:
            DrugName.objects.update_or_create(
                name=name.lstrip("!"), defaults={"drug": drug, "match_in_text": not name.startswith("!")}
            )
    return DrugMatcher()


def names_found(matcher, texts=(), terms=(), keywords=()):
    return sorted(matcher.match(list(texts), list(terms), list(keywords)).values())


def test_words_are_run_together_only_where_a_code_name_splits():
    """'STI 571' is STI571; 'as a' is not ASA, 'a Rac' not Ara-C, 'at 101 sites' not AT-101."""
    m = matcher_for(("Imatinib", "STI571"), ("Aspirin", "ASA"), ("Cytarabine", "Ara-C"), ("AT-101",))
    for text in ["STI571 in CML", "STI-571 in CML", "STI 571 in CML", "sti571 in CML"]:
        assert names_found(m, [text]) == ["STI571"], text
    assert names_found(m, ["Imatinib was used as a salvage therapy"]) == ["Imatinib"]
    assert names_found(m, ["through a Rac-dependent pathway"]) == []
    assert names_found(m, ["Patients were enrolled at 101 sites."]) == []
    assert names_found(m, ["AT-101 and AT 101 and AraC"]) == ["AT-101", "Ara-C"]


def test_two_long_words_may_be_one_name_and_the_longest_name_uses_up_its_words():
    m = matcher_for(("Ethinylestradiol",), ("Estradiol",), ("Insulin lispro",), ("Insulin",))
    assert names_found(m, ["ethinyl estradiol and levonorgestrel"]) == ["Ethinylestradiol"]
    assert names_found(m, ["insulin lispro was given"]) == ["Insulin lispro"]
    assert names_found(m, ["estradiol alone"]) == ["Estradiol"]


def test_an_abbreviation_matches_only_as_written_and_a_like_is_no_mention():
    m = matcher_for(("Alteplase", "tPA"), ("Insulin",))
    assert names_found(m, ["tPA was given within 4.5 hours"]) == ["tPA"]
    assert names_found(m, ["TPA-induced tumour promotion"]) == []
    assert names_found(m, ["Insulin-like growth factor-1 and insulin like peptides"]) == []
    assert names_found(m, ["Insulin-like growth factor-1 after insulin"]) == ["Insulin"]


def test_headings_substances_and_keywords_count_only_as_whole_terms():
    m = matcher_for(("Imatinib", "Imatinib Mesylate"), ("Oxygen",), ("Insulin",))
    terms = ["Reactive Oxygen Species", "Insulin-Secreting Cells", "Receptor, Insulin"]
    assert names_found(m, terms=terms) == []
    assert names_found(m, terms=["*Imatinib Mesylate/therapeutic use"]) == ["Imatinib Mesylate"]
    assert names_found(m, terms=["Oxygen"]) == ["Oxygen"]


def test_a_name_kept_out_of_running_text_links_only_as_a_term():
    m = matcher_for(("!Gold", "Aurothioglucose"))
    assert names_found(m, ["Biopsy remains the gold standard."]) == []
    assert names_found(m, ["Aurothioglucose in arthritis"]) == ["Aurothioglucose"]
    assert names_found(m, terms=["Gold"]) == ["Gold"]


def test_trademark_signs_footnote_marks_and_a_typed_eszett_do_not_hide_a_name():
    m = matcher_for(("Imatinib", "Glivec"), ("Interferon beta-1b",))
    assert names_found(m, ["Long-term outcomes with Glivec™ in CML"]) == ["Glivec"]
    assert names_found(m, ["Imatinib¹ in CML"]) == ["Imatinib"]
    assert names_found(m, ["interferon-ß1b in multiple sclerosis"]) == ["Interferon beta-1b"]


def test_a_ris_keyword_that_is_a_drugs_name_links_the_record(imatinib):
    from tests.literature.importers.conftest import run_import_bytes

    ris = (
        "TY  - JOUR\nTI  - Outcomes in chronic myeloid leukaemia\nAU  - Kim, S\nPY  - 2020\n"
        "KW  - *Imatinib Mesylate/therapeutic use\nKW  - Humans\nER  - \n"
    )
    run_import_bytes("kw.ris", ris.encode(), drug_ids=[imatinib.pk])
    assert [(origin, status, name) for origin, status, name in links().values()] == [
        ("automatic", "pending", "Imatinib Mesylate")
    ]


def test_hyphens_join_short_words_mass_numbers_stay_and_only_a_joined_like_is_no_mention():
    m = matcher_for(
        ("Peginterferon alfa-2a",), ("Cotrimoxazole",), ("177Lu-dotatate",), ("Imatinib",), ("Dasatinib",),
        ("Interferon alfa-2b",),
    )  # fmt: skip
    assert names_found(m, ["PEG-interferon alfa-2a weekly"]) == ["Peginterferon alfa-2a"]
    assert names_found(m, ["co-trimoxazole prophylaxis"]) == ["Cotrimoxazole"]
    assert names_found(m, ["¹⁷⁷Lu-dotatate in neuroendocrine tumours"]) == ["177Lu-dotatate"]
    assert names_found(m, ["Imatinib, like other TKIs, inhibits KIT."]) == ["Imatinib"]
    assert names_found(m, ["We used dasatinib. Like imatinib it works."]) == ["Dasatinib", "Imatinib"]
    assert names_found(m, ["Interferon alpha 2b or observation"]) == ["Interferon alfa-2b"]


def test_only_a_name_with_a_small_letter_before_a_capital_keeps_its_case():
    m = matcher_for(("Levodopa", "L-DOPA"), ("Cytarabine", "Ara-C"), ("Alteplase", "tPA"))
    for text in ["L-dopa", "L-Dopa", "l-DOPA"]:
        assert names_found(m, [f"{text} in Parkinson disease"]) == ["L-DOPA"], text
    for text in ["ARA-C", "ara-C", "AraC"]:
        assert names_found(m, [f"high-dose {text}"]) == ["Ara-C"], text
    assert names_found(m, ["TPA and tpa"]) == []


def test_a_short_keyword_names_no_drug_and_a_substance_may_name_a_salt():
    m = matcher_for(("Aspirin", "ASA"), ("Erlotinib",), ("Imatinib",))
    assert names_found(m, keywords=["ASA", "Anesthesia"]) == []
    assert names_found(m, terms=["ASA"]) == ["ASA"]  # NLM's vocabulary says what it means
    assert names_found(m, keywords=["imatinib"]) == ["Imatinib"]
    assert names_found(m, terms=["Erlotinib Hydrochloride"]) == ["Erlotinib"]
    assert names_found(m, terms=["Sodium Chloride"]) == []


def test_radiopharmaceuticals_as_their_names_and_pubmed_write_them():
    m = matcher_for(("Lutetium Lu 177 dotatate", "177Lu-dotatate"), ("Technetium Tc 99m sestamibi",))
    assert names_found(m, ["lutetium Lu 177 dotatate in NETs"]) == ["Lutetium Lu 177 dotatate"]
    assert names_found(m, ["(177)Lu-DOTATATE in NETs"]) == ["177Lu-dotatate"]
    assert names_found(m, ["technetium Tc 99m sestamibi imaging"]) == ["Technetium Tc 99m sestamibi"]


def test_like_after_a_greek_letter_or_a_unicode_hyphen_is_no_mention():
    m = matcher_for(("Interferon beta", "IFN-beta"), ("Imatinib",), ("Insulin",))
    for text in ["IFN-β-like activity", "imatinib\u2010like compounds", "insulin\u2011like growth factor"]:
        assert names_found(m, [text]) == [], text


def test_a_salt_is_read_off_only_an_organic_drug_and_a_capitalised_short_keyword_is_no_name():
    m = matcher_for(("Dextran",), ("Lithium",), ("Warfarin",), ("!Iron",), ("Aspirin", "ASA"))
    assert names_found(m, terms=["Dextran Sulfate", "Lithium Chloride"]) == []
    assert names_found(m, terms=["Warfarin Sodium"]) == ["Warfarin"]
    assert names_found(m, keywords=["Iron", "ASA"]) == ["Iron"]


def test_a_name_in_any_case_wins_over_an_abbreviation_of_the_same_letters():
    m = matcher_for(("Cytarabine", "Ara-C", "AraC"))
    for text in ["araC", "ARA-C", "ara-C", "AraC"]:
        assert names_found(m, [f"high-dose {text}"]) != [], text
