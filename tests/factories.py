"""Factories for the portal's models: small, valid rows with sensible defaults."""

import datetime as dt

import factory
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from drugs.models import Condition, Drug, DrugClass, DrugName, Target
from literature.models import (
    Author,
    Comment,
    Contributor,
    Journal,
    MeshTerm,
    Post,
    Publication,
    PublicationDrug,
    PublicationType,
    Tag,
    Trial,
)
from literature.services import AuthorName, set_authors
from portal.roles import CURATORS_GROUP, sync_curator_permissions


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CuratorFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    is_staff = True

    @factory.post_generation
    def curators_group(obj, create, extracted, **kwargs):
        if create:
            if not Group.objects.filter(name=CURATORS_GROUP).exists():
                # A transactional test's flush empties what the data migration created.
                sync_curator_permissions(django_apps)
            obj.groups.add(Group.objects.get(name=CURATORS_GROUP))


class DrugClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrugClass

    name = factory.Sequence(lambda n: f"Drug class {n}")
    slug = factory.Sequence(lambda n: f"drug-class-{n}")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    name = factory.Sequence(lambda n: f"Target {n}")
    slug = factory.Sequence(lambda n: f"target-{n}")


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")


class DrugFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drug
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Drugamab{n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower())
    summary = "A drug used in tests."

    @factory.post_generation
    def canonical_name(obj, create, extracted, **kwargs):
        if create:
            DrugName.objects.create(drug=obj, name=obj.name, kind=DrugName.Kind.INN)


class DrugNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrugName

    drug = factory.SubFactory(DrugFactory)
    name = factory.Sequence(lambda n: f"Brandname{n}")
    kind = DrugName.Kind.BRAND


class JournalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journal

    title = factory.Sequence(lambda n: f"Journal of Test Medicine {n}")
    iso_abbreviation = factory.Sequence(lambda n: f"J Test Med {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    last_name = factory.Sequence(lambda n: f"Author{n}")
    fore_name = "Ada"
    initials = "A"


class PublicationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationType
        django_get_or_create = ["name"]

    name = "Journal Article"


class MeshTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeshTerm
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Mesh Term {n}")


class TrialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trial
        django_get_or_create = ["identifier"]

    identifier = factory.Sequence(lambda n: f"NCT{n:08d}")


class PublicationFactory(factory.django.DjangoModelFactory):
    """A publication; pass ``authors=["Dahlin J", ...]`` to give it ordered authors."""

    class Meta:
        model = Publication
        skip_postgeneration_save = True

    pmid = factory.Sequence(lambda n: 30_000_000 + n)
    doi = factory.Sequence(lambda n: f"10.5555/test.{n}")
    title = factory.Sequence(lambda n: f"Imatinib study number {n}")
    journal = factory.SubFactory(JournalFactory)
    volume = "12"
    pages = "100-110"
    pub_year = 2017
    abstract = factory.LazyFunction(
        lambda: [{"label": "", "category": "", "text": "An abstract about kinases."}]
    )
    source = Publication.Source.CURATOR

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if create:
            printed = extracted if extracted is not None else ["Smith J", "Jones AB"]
            names = [
                AuthorName(last_name=p.rpartition(" ")[0], initials=p.rpartition(" ")[2]) for p in printed
            ]
            set_authors(publication=obj, names=names)


class PublicationDrugFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationDrug

    publication = factory.SubFactory(PublicationFactory)
    drug = factory.SubFactory(DrugFactory)


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"Contributor {n}")
    slug = factory.Sequence(lambda n: f"contributor-{n}")
    bio = "Writes about drugs."


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Tag {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Post number {n}")
    slug = factory.Sequence(lambda n: f"post-number-{n}")
    author = factory.SubFactory(ContributorFactory)
    body = "Some *Markdown* text."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    name = "A reader"
    body = "Thanks for this."
    status = Comment.Status.APPROVED
