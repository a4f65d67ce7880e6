"""The demo data: loaded idempotently, and faithful to the seed documents it was transcribed from."""

import re

import pytest
from django.core.management import call_command

from drugs.models import Drug, DrugName
from drugs.selectors import resolve_drug
from literature.models import Post, Publication, PublicationDrug, Trial
from portal import demo_data

# One citation line of the seed drug page:
# "  1. Dahlin J, Ekoff M, et al. Title. Blood. 2017;130:1785-1794 pubmed publisher"
AUTHOR = r"[^,.]+? [A-Z]{1,4}"
ENTRY = re.compile(rf"^\s*(?P<n>\d+)\. (?P<authors>{AUTHOR}(?:, {AUTHOR})*(?:, et al)?)\. (?P<rest>.+)$")
CITATION = re.compile(
    r"^(?P<title>.+)\. (?P<journal>[^.]+?)\. (?P<year>\d{4});(?P<volume>[^:]*):(?P<pages>\S*) "
    r"(?:pubmed publisher|pubmed)(?P<tail>.*)$"
)
# Characters the seed page lost, as the seed README lists them.
LOST = {"NF-κB": "NF-?B", "PDGFRα": "PDGFR?", "PPAR-γ": "PPAR-?", "\u2009cm": "?cm"}


def parse_seed_page(text):
    section, entries = None, {"top": [], "more": []}
    for line in text.splitlines():
        if line.strip() in {"Top Publications", "More Information"}:
            section = "top" if line.strip() == "Top Publications" else "more"
            continue
        if section is None or not line.strip():
            continue
        m = ENTRY.match(line)
        if m:
            c = CITATION.match(m["rest"])
            assert c, line
            authors = m["authors"].split(", ")
            entries[section].append(
                {
                    "authors": [a for a in authors if a != "et al"],
                    "et_al": authors[-1] == "et al",
                    "title": c["title"],
                    "journal": c["journal"],
                    "year": int(c["year"]),
                    "volume": c["volume"],
                    "pages": c["pages"],
                    "excerpt": c["tail"].strip(),
                }
            )
        else:
            entries[section][-1]["excerpt"] = line.strip()
    return entries


def as_seed_prints(value: str) -> str:
    for right, lost in LOST.items():
        value = value.replace(right, lost)
    return value


@pytest.fixture(scope="module")
def seed_page(shared_dir):
    return parse_seed_page((shared_dir / "seeds" / "000_d404e4807b9d9b5c.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("section", ["top", "more"])
def test_demo_publications_match_the_seed_page_field_by_field(seed_page, section):
    transcribed = demo_data.TOP_PUBLICATIONS if section == "top" else demo_data.MORE_PUBLICATIONS
    printed = seed_page[section]
    assert len(transcribed) == len(printed) == {"top": 9, "more": 53}[section]
    for entry, seed in zip(transcribed, printed, strict=True):
        assert entry["authors"] == seed["authors"]
        assert entry["et_al"] == seed["et_al"]
        assert as_seed_prints(entry["title"]) == seed["title"]
        assert entry["journal"] == seed["journal"]
        assert (entry["year"], entry["volume"], entry["pages"]) == (
            seed["year"],
            seed["volume"],
            seed["pages"],
        )
        assert as_seed_prints(entry.get("excerpt", "")) == seed["excerpt"]
        assert entry.get("trials", []) == re.findall(r"NCT\d{8}", seed["excerpt"])


def test_demo_post_matches_the_seed_post(shared_dir):
    raw = (shared_dir / "seeds" / "002_d9e16542c618a860.txt").read_text(encoding="utf-8")
    seed = " ".join(raw.split())  # the seed uses no-break spaces; compare words, not spacing
    body = " ".join(demo_data.POST["body"].split())
    assert raw.splitlines()[0] == demo_data.POST["title"]
    # The introduction as far as the seed prints it, the quoted abstract, the trial and the closing line.
    intro = seed[
        seed.index("Imatinib is a small") : seed.index("(especially in older") + len("(especially in older")
    ]
    assert intro in body
    for sentence in [
        "There is an ongoing trial of 200 pwMS (NCT03674099)",
        "Have animals got it wrong ….again",
    ]:
        assert sentence in seed and sentence in body
    abstract = demo_data.POST_REFERENCES[3]["abstract"]
    assert abstract in seed and f"> {abstract}" in body
    for ref in demo_data.POST_REFERENCES:
        # The seed prints "Title.Authors. Journal. Year Mon;Vol(Issue):pages." with odd spacing.
        assert f"{ref['title']}." in seed
        for author in ref["authors"]:
            assert author.replace(" ", "") in seed.replace(" ", "")
        issue = f"({ref['issue']})" if ref.get("issue") else ""
        assert f"{ref['journal']}. {ref['year']}" in seed
        assert f"{ref['volume']}{issue}:{ref['pages']}" in seed
    assert "By MouseDoctor" in seed and demo_data.CONTRIBUTOR["name"] == "MouseDoctor"
    drug_page = (shared_dir / "seeds" / "000_d404e4807b9d9b5c.txt").read_text(encoding="utf-8")
    for name, _kind in demo_data.NAMES:
        assert name in seed or name in drug_page.splitlines()[0]


def test_load_demo_creates_the_drug_page_and_the_post(demo):
    drug = Drug.objects.get(slug="imatinib")
    links = PublicationDrug.objects.filter(drug=drug)
    assert links.count() == 62
    top = list(links.filter(rank__isnull=False).order_by("rank").select_related("publication"))
    assert [link.publication.title for link in top] == [e["title"] for e in demo_data.TOP_PUBLICATIONS]
    assert top[0].publication.author_names == [
        "Dahlin J",
        "Ekoff M",
        "Grootens J",
        "Löf L",
        "Amini R",
        "Hagberg H",
    ]
    assert top[0].publication.authors_are_truncated
    assert top[0].excerpt.startswith("..Contrary to the prevailing consensus")
    assert top[6].publication.title.startswith("[ABIN1 is not involved in imatinib upregulating A20")
    assert "NF-κB" in top[6].publication.title
    hochhaus = top[5].publication
    assert sorted(hochhaus.trials.values_list("identifier", flat=True)) == ["NCT00006343", "NCT00333840"]
    assert (hochhaus.journal.iso_abbreviation, hochhaus.pub_year, hochhaus.volume, hochhaus.pages) == (
        "N Engl J Med",
        2017,
        "376",
        "917-927",
    )
    assert Publication.objects.filter(trials__identifier="NCT02685046").count() == 1
    assert set(DrugName.objects.filter(drug=drug).values_list("name", flat=True)) >= {
        "Gleevec",
        "Glivec",
        "STI571",
        "CGP57148B",
        "imatinib mesilate",
        "imatinib mesylate",
    }
    for name in ["gleevec", "GLIVEC", "sti571", "CGP57148B", "Imatinib Mesilate"]:
        assert resolve_drug(name) == drug

    post = Post.objects.get(slug=demo_data.POST["slug"])
    assert post.author.name == "MouseDoctor"
    assert post.is_public
    assert list(post.drugs.all()) == [drug]
    assert list(post.trials.values_list("identifier", flat=True)) == ["NCT03674099"]
    cited = [
        c.publication for c in post.citations.order_by("position").select_related("publication__journal")
    ]
    assert [p.author_names[0] for p in cited] == ["Constantin G", "Uemura Y", "Azizi G", "Rotstein DL"]
    assert cited[2].author_names[7] == "Tofighi Zavareh F"
    assert (cited[0].journal.iso_abbreviation, cited[0].pub_year, cited[0].pub_month, cited[0].issue) == (
        "Eur J Immunol",
        1998,
        11,
        "11",
    )
    assert cited[3].abstract[0]["text"].startswith("The tyrosine kinase inhibitor, imatinib")
    assert "<blockquote>" in post.body_html
    assert Publication.objects.count() == 66
    assert Trial.objects.count() == 4


def test_load_demo_twice_changes_nothing(demo):
    def snapshot():
        return (
            list(Publication.objects.order_by("pk").values()),
            list(PublicationDrug.objects.order_by("pk").values()),
            list(DrugName.objects.order_by("pk").values()),
            list(Post.objects.order_by("pk").values()),
        )

    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before
    assert Publication.objects.count() == 66


def test_load_demo_reports_nothing_changed_on_a_second_run(demo, capsys):
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out
