"""Curation in the admin: what a curator can reach, and that their work is kept safe."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from literature.models import Comment, Publication, PublicationDrug
from tests import factories

pytestmark = pytest.mark.django_db

CURATED_MODELS = [m for m in admin.site._registry if m._meta.app_label in {"drugs", "literature"}]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def one_of_each(demo):
    """The demo data plus a comment, an author with an ORCID and a relation: a row for every model."""
    comment = factories.CommentFactory(status=Comment.Status.PENDING)
    pub = Publication.objects.first()
    pub.relations.create(kind="ErratumIn", ref_source="Blood. 2018;131:1", ref_pmid=1)
    pub.mesh_headings.create(term=factories.MeshTermFactory(name="Imatinib Mesylate"), is_major=True)
    return comment


@pytest.mark.parametrize("model", CURATED_MODELS, ids=lambda m: m._meta.label)
def test_every_changelist_add_and_change_form_renders_for_a_curator(curator_client, one_of_each, model):
    assert curator_client.get(admin_url(model, "changelist")).status_code == 200
    assert curator_client.get(admin_url(model, "changelist"), {"q": "imatinib"}).status_code == 200
    assert curator_client.get(admin_url(model, "add")).status_code == 200
    obj = model.objects.first()
    assert obj is not None, f"no {model._meta.label} row to open"
    response = curator_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model_name", ["user", "group"])
def test_a_curator_cannot_manage_users_or_groups(curator_client, model_name):
    response = curator_client.get(reverse(f"admin:auth_{model_name}_changelist"))
    assert response.status_code == 403


def test_a_curator_sees_no_auth_section_on_the_admin_index(curator_client):
    response = curator_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"Drugs" in response.content and b"Literature" in response.content
    assert reverse("admin:auth_user_changelist").encode() not in response.content


def test_an_anonymous_visitor_is_sent_to_login(client, db):
    for url in [reverse("admin:index"), admin_url(Publication, "changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_user_outside_curators_cannot_curate(client, db):
    user = factories.UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(admin_url(Publication, "changelist")).status_code == 403


def publication_form(**overrides):
    data = {
        "title": "A new trial of imatinib",
        "language": "eng",
        "abstract": "[]",
        "other_abstracts": "[]",
        "keywords": "[]",
        "source": "curator",
        "author_list_complete": "on",
    }
    for prefix in ["authorships", "drug_links", "mesh_headings", "relations"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    # Fields with callable defaults carry their initial value in a hidden input, as the browser sends it.
    for name in ["abstract", "other_abstracts", "keywords"]:
        data[f"initial-{name}"] = data[name]
    return data


def test_a_duplicate_pmid_in_the_admin_is_a_form_error_and_the_record_is_untouched(curator_client):
    existing = factories.PublicationFactory(pmid=28790106, title="KIT signaling is dispensable")
    response = curator_client.post(admin_url(Publication, "add"), publication_form(pmid="28790106"))
    assert response.status_code == 200
    assert "Publication with this PMID already exists." in response.content.decode()
    existing.refresh_from_db()
    assert existing.title == "KIT signaling is dispensable"
    assert Publication.objects.count() == 1


def test_a_duplicate_doi_in_any_case_is_a_form_error(curator_client):
    factories.PublicationFactory(doi="10.1182/blood-2017-03-773374")
    response = curator_client.post(
        admin_url(Publication, "add"), publication_form(doi="10.1182/BLOOD-2017-03-773374")
    )
    assert response.status_code == 200
    assert "A publication with this DOI already exists." in response.content.decode()
    assert Publication.objects.count() == 1


def test_a_curators_correction_is_remembered_and_logged(curator_client, curator):
    pub = factories.PublicationFactory(title="Typo in titel", source=Publication.Source.PUBMED)
    data = publication_form(
        title="Typo in title", pmid=str(pub.pmid), doi=pub.doi, source="pubmed", journal=str(pub.journal_id),
        volume=pub.volume, pages=pub.pages, pub_year="2017",
        abstract='[{"label": "", "category": "", "text": "An abstract about kinases."}]',
    )  # fmt: skip
    response = curator_client.post(admin_url(Publication, "change", pub.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    pub.refresh_from_db()
    assert pub.title == "Typo in title"
    assert pub.curated_fields == ["title"]
    assert LogEntry.objects.filter(user=curator, object_id=str(pub.pk)).exists()


def test_pinning_a_publication_at_position_one_from_the_drug_page(curator_client):
    drug = factories.DrugFactory()
    old_first = factories.PublicationDrugFactory(drug=drug, rank=1)
    unranked = factories.PublicationDrugFactory(drug=drug, rank=None)  # already linked, not in the top list
    data = {
        "name": drug.name,
        "slug": drug.slug,
        "summary": drug.summary,
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "1",
        "names-0-id": str(drug.names.get().pk),
        "names-0-drug": str(drug.pk),
        "names-0-name": drug.name,
        "names-0-kind": "inn",
        "names-0-slug": drug.names.get().slug,
        "publication_links-TOTAL_FORMS": "2",
        "publication_links-INITIAL_FORMS": "1",
        "publication_links-0-id": str(old_first.pk),
        "publication_links-0-drug": str(drug.pk),
        "publication_links-0-publication": str(old_first.publication_id),
        "publication_links-0-rank": "1",
        "publication_links-1-drug": str(drug.pk),
        "publication_links-1-publication": str(unranked.publication_id),
        "publication_links-1-rank": "1",
        "publication_links-1-excerpt": "..the finding that matters..",
    }
    response = curator_client.post(admin_url(type(drug), "change", drug.pk), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    ranks = dict(PublicationDrug.objects.filter(drug=drug).values_list("publication_id", "rank"))
    assert ranks == {unranked.publication_id: 1, old_first.publication_id: 2}
    unranked.refresh_from_db()
    assert unranked.excerpt == "..the finding that matters.."
    assert PublicationDrug.objects.filter(drug=drug).count() == 2


def test_moderators_approve_and_mark_spam_in_bulk(curator_client):
    pending = factories.CommentFactory.create_batch(3, status=Comment.Status.PENDING)
    url = admin_url(Comment, "changelist")
    curator_client.post(
        url, {"action": "approve_comments", "_selected_action": [pending[0].pk, pending[1].pk]}
    )
    curator_client.post(url, {"action": "mark_spam", "_selected_action": [pending[2].pk]})
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {pending[0].pk: "approved", pending[1].pk: "approved", pending[2].pk: "spam"}
    # Each moderated comment's history names the moderator and what they did.
    history = dict(
        LogEntry.objects.filter(content_type__model="comment").values_list("object_id", "change_message")
    )
    assert history == {
        str(pending[0].pk): "Approved.",
        str(pending[1].pk): "Approved.",
        str(pending[2].pk): "Marked as spam.",
    }
    assert set(LogEntry.objects.values_list("user__username", flat=True)) == {"curator"}


def test_the_language_filter_lists_the_languages_in_use_and_filters_by_one(curator_client):
    factories.PublicationFactory(title="An English record", language="eng")
    factories.PublicationFactory(title="Un article français", language="fre")
    factories.PublicationFactory(title="Another English record", language="eng")
    url = reverse("admin:literature_publication_changelist")
    html = curator_client.get(url).content.decode()
    assert "?language=eng" in html and "?language=fre" in html
    # One choice per language, whatever the number of publications in it.
    assert html.count("?language=eng") == 1
    # Read once per content version, not by a SELECT DISTINCT over the whole table on every page.
    with CaptureQueriesContext(connection) as again:
        curator_client.get(url)
    assert not [q for q in again.captured_queries if "DISTINCT" in q["sql"] and "language" in q["sql"]]
    filtered = curator_client.get(url, {"language": "fre"})
    assert list(filtered.context["cl"].result_list.values_list("title", flat=True)) == ["Un article français"]


def test_an_admin_search_reads_the_index_once_per_content_version(
    curator_client, django_capture_on_commit_callbacks
):
    from literature.search import reindex_publications

    first = factories.PublicationFactory(title="Basophil progenitors in marrow", pub_year=2001)
    reindex_publications([first.pk])
    url = reverse("admin:literature_publication_changelist")

    def titles(response):
        return list(response.context["cl"].result_list.values_list("title", flat=True))

    assert titles(curator_client.get(url, {"q": "basophil"})) == ["Basophil progenitors in marrow"]
    # Paging, sorting or filtering the same matches does not search the index again.
    with CaptureQueriesContext(connection) as again:
        response = curator_client.get(url, {"q": "basophil", "o": "1", "is_retracted__exact": "0"})
    assert titles(response) == ["Basophil progenitors in marrow"]
    assert not [q for q in again.captured_queries if "literature_search" in q["sql"]]
    # A curator's change, once committed (a new content version), is found by the next search.
    with django_capture_on_commit_callbacks(execute=True):
        second = factories.PublicationFactory(title="Basophil counts after imatinib", pub_year=2010)
        reindex_publications([second.pk])
    assert titles(curator_client.get(url, {"q": "basophil"})) == [
        "Basophil counts after imatinib",
        "Basophil progenitors in marrow",
    ]


def test_the_publication_list_reads_only_the_columns_it_shows(curator_client):
    factories.PublicationFactory(
        title="A listed record", abstract=[{"label": "", "text": "Long text " * 200}]
    )
    url = reverse("admin:literature_publication_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = curator_client.get(url)
    assert response.status_code == 200 and "A listed record" in response.content.decode()
    listing = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "literature_publication"."id"')
    ]
    assert listing
    for sql in listing:
        assert '"literature_publication"."abstract"' not in sql
        assert '"literature_publication"."author_list"' not in sql
    # The change form still reads and shows everything.
    pub = Publication.objects.get()
    form = curator_client.get(reverse("admin:literature_publication_change", args=[pub.pk])).content.decode()
    assert "Long text" in form


@pytest.fixture
def basophil_decades(monkeypatch):
    """Five 2010s matches of "basophil" and two 1990s ones (one French, one a review), the search
    capped at three matches: the 1990s rows are not among the three newest."""
    from literature.search import reindex_publications

    monkeypatch.setattr("literature.admin.ADMIN_SEARCH_LIMIT", 3)
    review = factories.PublicationTypeFactory(name="Review")
    pubs = [
        factories.PublicationFactory(title=f"Basophil study {year}", pub_year=year)
        for year in range(2011, 2016)
    ]
    old_review = factories.PublicationFactory(title="Basophil review 1994", pub_year=1994, language="eng")
    old_review.publication_types.add(review)
    old_french = factories.PublicationFactory(title="Basophil étude 1992", pub_year=1992, language="fre")
    reindex_publications([p.pk for p in pubs] + [old_review.pk, old_french.pk])
    return review


def _listed(response):
    return sorted(response.context["cl"].result_list.values_list("title", flat=True))


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"decade": "1990"}, ["Basophil review 1994", "Basophil étude 1992"]),
        ({"language": "fre"}, ["Basophil étude 1992"]),
        ({"decade": "1990", "language": "eng"}, ["Basophil review 1994"]),
        ({"type": True}, ["Basophil review 1994"]),
    ],
)
def test_an_admin_search_applies_the_list_filters_before_its_cap(
    curator_client, basophil_decades, filters, expected
):
    if filters.pop("type", None):
        filters["publication_types__id__exact"] = basophil_decades.pk
    url = reverse("admin:literature_publication_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = curator_client.get(url, {"q": "basophil", **filters})
    assert _listed(response) == expected
    assert response.context["cl"].result_count == len(expected)
    # The search's ids are already counted: the list does not COUNT them again.
    assert not [
        q
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and "literature_publication" in q["sql"]
    ]


def test_an_admin_search_says_when_it_reached_its_cap(curator_client, basophil_decades):
    url = reverse("admin:literature_publication_changelist")
    response = curator_client.get(url, {"q": "basophil"})
    assert _listed(response) == ["Basophil study 2013", "Basophil study 2014", "Basophil study 2015"]
    assert "The search lists the 3 newest matches." in response.content.decode()
    # A filter the index does not know narrows the capped matches, and the page says so.
    response = curator_client.get(url, {"q": "basophil", "is_retracted__exact": "0"})
    assert len(_listed(response)) == 3
    assert "The filters is retracted apply within them." in response.content.decode()
    # Under the cap, nothing to say.
    response = curator_client.get(url, {"q": "basophil", "decade": "1990"})
    assert "newest matches" not in response.content.decode()


def test_an_admin_search_with_an_unknown_type_lists_nothing(curator_client, basophil_decades):
    url = reverse("admin:literature_publication_changelist")
    response = curator_client.get(url, {"q": "basophil", "publication_types__id__exact": "999999"})
    assert response.status_code == 200
    assert _listed(response) == []


def test_an_admin_search_reads_a_fixed_number_of_queries(
    curator_client, basophil_decades, monkeypatch, django_capture_on_commit_callbacks
):
    from literature.search import reindex_publications

    monkeypatch.setattr("literature.admin.ADMIN_SEARCH_LIMIT", 50)
    url = reverse("admin:literature_publication_changelist")
    params = {"q": "basophil", "decade": "2010"}

    def count_queries():
        curator_client.get(url, params)  # the search's ids are cached from here on
        with CaptureQueriesContext(connection) as queries:
            response = curator_client.get(url, params)
        return len(queries), len(response.context["cl"].result_list)

    few = count_queries()
    with django_capture_on_commit_callbacks(execute=True):  # a new content version
        more = [
            factories.PublicationFactory(
                title=f"Basophil follow-up {n}", pub_year=2019, journal=factories.JournalFactory()
            )
            for n in range(4)
        ]
        reindex_publications([p.pk for p in more])
    many = count_queries()
    assert many[1] > few[1]
    assert many[0] == few[0]


def test_the_fast_row_checkbox_is_the_html_django_renders(one_of_each):
    from django.contrib.admin import ModelAdmin
    from django.test import SimpleTestCase

    from literature.admin import PublicationAdmin

    pub = Publication.objects.first()
    ours = PublicationAdmin(Publication, admin.site).action_checkbox(pub)
    djangos = ModelAdmin.action_checkbox(PublicationAdmin(Publication, admin.site), pub)
    SimpleTestCase().assertHTMLEqual(ours, djangos)


def test_an_admin_search_page_reads_only_its_own_rows(curator_client, basophil_decades, monkeypatch):
    from literature.admin import PublicationAdmin

    monkeypatch.setattr("literature.admin.ADMIN_SEARCH_LIMIT", 50)
    monkeypatch.setattr(PublicationAdmin, "list_per_page", 2)
    url = reverse("admin:literature_publication_changelist")

    def page(**params):
        with CaptureQueriesContext(connection) as queries:
            response = curator_client.get(url, {"q": "basophil", **params})
        rows = list(response.context["cl"].result_list.values_list("title", flat=True))
        listing = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "literature_publication"."id"')
        ]
        return rows, response.context["cl"].result_count, listing

    rows, count, listing = page(p="3")  # newest first, the list's default order; pages count from 1
    assert (rows, count) == (["Basophil study 2011", "Basophil review 1994"], 7)
    # The page's query names its own two ids, not the search's seven.
    assert len(listing) == 1
    in_lists = re.findall(r"IN \(([^)]*)\)", listing[0])
    wanted = Publication.objects.filter(title__in=rows).values_list("pk", flat=True)
    assert [sorted(int(n) for n in ids.split(", ")) for ids in in_lists] == [sorted(wanted)]
    # Sorted by another column (the title), the same matches in that order.
    by_title = list(Publication.objects.order_by("title", "-id").values_list("title", flat=True))
    assert page(o="1", p="1")[:2] == (by_title[:2], 7)
    assert page(o="1", p="4")[0] == by_title[6:]


def test_the_publication_list_shows_its_flags_as_djangos_icons(curator_client):
    from django.contrib.admin.templatetags.admin_list import _boolean_icon

    factories.PublicationFactory(title="A retracted record", is_retracted=True, has_erratum=False)
    html = curator_client.get(reverse("admin:literature_publication_changelist")).content.decode()
    assert f'<td class="field-retracted">{_boolean_icon(True)}</td>' in html
    assert f'<td class="field-erratum">{_boolean_icon(False)}</td>' in html
    assert ">Retracted</a>" in html  # the column header, sortable


def test_a_searched_lists_row_links_keep_the_search_without_resolving_each(curator_client, monkeypatch):
    from urllib.parse import urlencode

    from django.contrib.admin.templatetags import admin_urls

    from literature.search import reindex_publications

    pubs = factories.PublicationFactory.create_batch(3, title="Basophil counts", language="eng")
    reindex_publications([p.pk for p in pubs])
    calls = []
    real_resolve = admin_urls.resolve
    monkeypatch.setattr(admin_urls, "resolve", lambda *a, **k: calls.append(a) or real_resolve(*a, **k))
    url = reverse("admin:literature_publication_changelist")
    html = curator_client.get(url, {"q": "basophil", "language": "eng"}).content.decode()
    assert calls == [(reverse("admin:literature_publication_add"),)]  # the "add" button's, not the rows'
    # The same links as Django's own template tag makes.
    preserved = urlencode({"_changelist_filters": "q=basophil&language=eng"})
    for pub in pubs:
        change = reverse("admin:literature_publication_change", args=[pub.pk])
        django_link = admin_urls.add_preserved_filters(
            {"preserved_filters": preserved, "opts": Publication._meta}, change
        )
        assert f'href="{django_link}"' in html


@pytest.mark.parametrize("decade", ["0", "99999", "99999999999999999999", "none", "19x0", "-1990"])
def test_an_admin_search_with_an_odd_decade_answers(curator_client, basophil_decades, decade):
    url = reverse("admin:literature_publication_changelist")
    response = curator_client.get(url, {"q": "basophil", "decade": decade})
    assert response.status_code in (200, 302)  # 302: Django's own "invalid filter" redirect (?e=1)


def automatic_and_curated_links():
    drug = factories.DrugFactory()
    automatic = factories.PublicationDrugFactory(
        drug=drug, origin=PublicationDrug.Origin.AUTOMATIC, status=PublicationDrug.Status.PENDING, rank=1
    )
    curated = factories.PublicationDrugFactory(drug=drug, rank=2, status=PublicationDrug.Status.CONFIRMED)
    return automatic, curated


def test_deleting_an_automatic_link_keeps_it_as_rejected_so_no_import_makes_it_again(curator_client):
    automatic, curated = automatic_and_curated_links()
    response = curator_client.post(
        admin_url(PublicationDrug, "delete", automatic.pk), {"post": "yes"}, follow=True
    )
    assert "kept as rejected rather than deleted" in response.content.decode()
    automatic.refresh_from_db()
    assert (automatic.status, automatic.rank) == ("rejected", None)
    curated.refresh_from_db()
    assert curated.rank == 1  # the Top publications close up

    from literature.importers.linking import create_links

    assert create_links({automatic.publication_id: {automatic.drug_id: "Drugname"}}) == 0


def test_deleting_links_in_bulk_deletes_curated_ones_and_rejects_automatic_ones(curator_client):
    automatic, curated = automatic_and_curated_links()
    selected = {"action": "delete_selected", "_selected_action": [automatic.pk, curated.pk]}
    assert (
        "Are you sure"
        in curator_client.post(admin_url(PublicationDrug, "changelist"), selected).content.decode()
    )
    response = curator_client.post(
        admin_url(PublicationDrug, "changelist"),
        {"action": "delete_selected", "_selected_action": [automatic.pk, curated.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert list(PublicationDrug.objects.values_list("pk", "status", "rank")) == [
        (automatic.pk, "rejected", None)
    ]
    page = response.content.decode()
    assert "Deleted 1 drug link(s)." in page and "1 automatic drug link(s) kept as rejected" in page
    assert "Successfully deleted" not in page
    assert LogEntry.objects.get(object_id=str(automatic.pk)).is_change()
    assert LogEntry.objects.get(object_id=str(curated.pk)).is_deletion()


def test_an_automatic_link_cannot_be_moved_to_another_drug(curator_client):
    automatic, _ = automatic_and_curated_links()
    other = factories.DrugFactory()
    data = {
        "publication": str(automatic.publication_id),
        "drug": str(other.pk),
        "rank": "",
        "excerpt": "",
        "origin": "automatic",
        "status": "confirmed",
    }
    response = curator_client.post(admin_url(PublicationDrug, "change", automatic.pk), data)
    assert response.status_code == 200
    assert "automatic link&#x27;s drug cannot be changed" in response.content.decode()
    automatic.refresh_from_db()
    assert (automatic.drug_id, automatic.status) != (other.pk, "confirmed")


def drug_page_form(drug, links):
    """The drug's change form as the browser posts it: its one name, and Top publication rows
    (link, publication id, rank)."""
    name = drug.names.get()
    data = {
        "name": drug.name, "slug": drug.slug, "summary": drug.summary,
        "names-TOTAL_FORMS": "1", "names-INITIAL_FORMS": "1", "names-0-id": str(name.pk),
        "names-0-drug": str(drug.pk), "names-0-name": name.name, "names-0-kind": "inn",
        "names-0-match_in_text": "on", "names-0-slug": name.slug,
        "publication_links-TOTAL_FORMS": str(len(links)), "publication_links-INITIAL_FORMS": str(len(links)),
    }  # fmt: skip
    for i, (link, publication_id, rank) in enumerate(links):
        data |= {
            f"publication_links-{i}-id": str(link.pk),
            f"publication_links-{i}-drug": str(drug.pk),
            f"publication_links-{i}-publication": str(publication_id),
            f"publication_links-{i}-rank": rank,
        }
    return data


def test_removing_an_automatic_top_publication_on_the_drug_page_rejects_it(curator_client):
    automatic, curated = automatic_and_curated_links()
    drug = automatic.drug
    data = drug_page_form(
        drug, [(automatic, automatic.publication_id, "1"), (curated, curated.publication_id, "2")]
    )
    data["publication_links-0-DELETE"] = "on"
    response = curator_client.post(admin_url(type(drug), "change", drug.pk), data, follow=True)
    assert "kept as rejected rather than deleted" in response.content.decode()
    assert dict(PublicationDrug.objects.values_list("pk", "status")) == {
        automatic.pk: "rejected",
        curated.pk: "confirmed",
    }
    curated.refresh_from_db()
    assert curated.rank == 1


def test_a_curator_hands_a_corrected_field_back_to_the_source_and_sees_what_is_kept(curator_client):
    pub = factories.PublicationFactory(title="Typo in titel", source=Publication.Source.PUBMED)
    pub.curated_fields = ["pages", "title"]
    pub.save()
    page = curator_client.get(admin_url(Publication, "change", pub.pk)).content.decode()
    assert "Corrected by a curator" in page and "Let imports update again" in page
    data = publication_form(
        title="Typo in titel", pmid=str(pub.pmid), doi=pub.doi, source="pubmed", journal=str(pub.journal_id),
        volume=pub.volume, pages=pub.pages, pub_year="2017", release=["title"],
        abstract='[{"label": "", "category": "", "text": "An abstract about kinases."}]',
    )  # fmt: skip
    response = curator_client.post(admin_url(Publication, "change", pub.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    pub.refresh_from_db()
    assert pub.curated_fields == ["pages"]
    # A form posted without the choice releases nothing.
    del data["release"]
    data["title"] = "Typo in title"
    assert curator_client.post(admin_url(Publication, "change", pub.pk), data).status_code == 302
    pub.refresh_from_db()
    assert pub.curated_fields == ["pages", "title"]


def author_form(**fields):
    """The author change form as posted: John Deo's, with ``fields`` changed."""
    return {
        "last_name": "Deo",
        "fore_name": "John",
        "initials": "J",
        "suffix": "",
        "collective_name": "",
        "orcid": "",
    } | fields


def test_an_authors_name_corrected_in_the_admin_reaches_the_publications_and_survives_a_re_import(
    curator_client,
):
    from literature.models import Author
    from tests.literature.importers.conftest import run_import_bytes

    nbib = "PMID- 46000001\nTI  - Kinase trial.\nFAU - Smith, Jane\nAU  - Smith J\nFAU - Deo, John\nAU  - Deo J\n"
    run_import_bytes("typo.nbib", nbib.encode())
    deo = Author.objects.get(last_name="Deo")
    form = author_form(last_name="Doe")
    response = curator_client.post(admin_url(Author, "change", deo.pk), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    pub = Publication.objects.get()
    assert pub.author_names == ["Smith J", "Doe J"]

    report = run_import_bytes("typo.nbib", nbib.encode()).files[0]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert sorted(Author.objects.values_list("last_name", flat=True)) == ["Doe", "Smith"]
    pub.refresh_from_db()
    assert pub.author_names == ["Smith J", "Doe J"]

    # Renaming an author into another one's name is a form error, not a server error.
    smith = Author.objects.get(last_name="Smith")
    response = curator_client.post(admin_url(Author, "change", smith.pk), form)
    assert response.status_code == 200
    assert "Another author is already called this" in response.content.decode()


def test_handing_a_reworded_title_back_keeps_the_key_the_next_import_finds_the_record_by(curator_client):
    from tests.literature.importers.conftest import run_import_bytes

    ris = "TY  - JOUR\nTI  - Original title of a kinase study\nAU  - Ochoa, A\nPY  - 2019\nER  - \n"
    run_import_bytes("a.ris", ris.encode())
    pub = Publication.objects.get()
    base = publication_form(
        title="Reworded title", source=pub.source, pub_year="2019", abstract="[]",
        author_list_complete="on" if pub.author_list_complete else "",
    )  # fmt: skip
    assert curator_client.post(admin_url(Publication, "change", pub.pk), base).status_code == 302
    assert (
        curator_client.post(
            admin_url(Publication, "change", pub.pk), {**base, "release": ["title"]}
        ).status_code
        == 302
    )
    pub.refresh_from_db()
    assert "title" not in pub.curated_fields
    report = run_import_bytes("a.ris", ris.encode()).files[0]
    # Found (one export of a paper only fills another's gaps, so the title stays as it is).
    assert (report.created, report.unchanged) == (0, 1)
    assert Publication.objects.count() == 1


def test_a_corrected_author_is_listed_as_corrected_on_new_records_and_a_new_namesake_keeps_the_name(
    curator_client,
):
    from literature.models import Author
    from tests.literature.importers.conftest import run_import_bytes

    def nbib(pmid):
        return f"PMID- {pmid}\nTI  - Kinase trial {pmid}.\nFAU - Deo, John\nAU  - Deo J\n".encode()

    run_import_bytes("a.nbib", nbib(46000011))
    deo = Author.objects.get()
    form = author_form(last_name="Doe")
    assert curator_client.post(admin_url(Author, "change", deo.pk), form).status_code == 302
    run_import_bytes("b.nbib", nbib(46000012))
    assert Publication.objects.get(pmid=46000012).author_names == ["Doe J"]
    assert Author.objects.count() == 1

    # A curator then adds a real John Deo: records by 'Deo, John' are his from now on.
    new = {**form, "last_name": "Deo"}
    assert curator_client.post(admin_url(Author, "add"), new).status_code == 302
    run_import_bytes("c.nbib", nbib(46000013))
    assert Publication.objects.get(pmid=46000013).authorships.get().author.last_name == "Deo"


def test_an_automatic_top_publication_cannot_be_moved_to_another_publication_on_the_drug_page(curator_client):
    automatic, _ = automatic_and_curated_links()
    drug, other = automatic.drug, factories.PublicationFactory()
    data = drug_page_form(drug, [(automatic, other.pk, "1")])
    response = curator_client.post(admin_url(type(drug), "change", drug.pk), data)
    assert response.status_code == 200
    assert "automatic link&#x27;s publication cannot be changed" in response.content.decode()
    automatic.refresh_from_db()
    assert automatic.publication_id != other.pk


def test_rejecting_by_delete_says_so_in_the_history_and_not_deleted_successfully(curator_client, curator):
    automatic, _ = automatic_and_curated_links()
    response = curator_client.post(
        admin_url(PublicationDrug, "delete", automatic.pk), {"post": "yes"}, follow=True
    )
    page = response.content.decode()
    assert "was deleted successfully" not in page and "kept as rejected" in page
    entry = LogEntry.objects.get(object_id=str(automatic.pk))
    assert entry.is_change() and "kept from re-import" in entry.get_change_message()


def test_records_by_a_corrected_author_or_of_a_title_handed_back_are_found_again_after_any_save(
    curator_client,
):
    from literature.models import Author
    from tests.literature.importers.conftest import run_import_bytes

    first = "TY  - JOUR\nTI  - First paper on kinases\nAU  - Deo, John\nPY  - 2019\nER  - \n"
    run_import_bytes("first.ris", first.encode())
    deo = Author.objects.get()
    form = author_form(last_name="Doe")
    assert curator_client.post(admin_url(Author, "change", deo.pk), form).status_code == 302
    second = "TY  - JOUR\nTI  - Second paper on kinases\nAU  - Deo, John\nPY  - 2020\nER  - \n"
    reports = [run_import_bytes("second.ris", second.encode()).files[0] for _ in range(2)]
    assert [r.created for r in reports] == [1, 0]

    pub = Publication.objects.get(title="First paper on kinases")
    base = publication_form(title="Reworded", source=pub.source, pub_year="2019", author_list_complete="on")
    for data in [base, {**base, "release": ["title"]}, {**base, "pages": "1-9"}]:
        assert curator_client.post(admin_url(Publication, "change", pub.pk), data).status_code == 302
    assert run_import_bytes("first.ris", first.encode()).files[0].created == 0
    assert Publication.objects.count() == 2
