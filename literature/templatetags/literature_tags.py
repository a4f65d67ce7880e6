"""Template helpers for publications and commentary."""

from urllib.parse import quote_plus

from django import template
from django.utils.safestring import mark_safe

from literature import citations
from literature.markdown import sanitize_html

register = template.Library()

# MEDLINE language codes (ISO 639-2/B) PubMed uses most, as a reader would name them.
LANGUAGES = {
    "afr": "Afrikaans", "alb": "Albanian", "ara": "Arabic", "arm": "Armenian", "bul": "Bulgarian",
    "cat": "Catalan", "chi": "Chinese", "cze": "Czech", "dan": "Danish", "dut": "Dutch", "eng": "English",
    "est": "Estonian", "fin": "Finnish", "fre": "French", "geo": "Georgian", "ger": "German", "gre": "Greek",
    "heb": "Hebrew", "hin": "Hindi", "hrv": "Croatian", "hun": "Hungarian", "ice": "Icelandic",
    "ind": "Indonesian", "ita": "Italian", "jpn": "Japanese", "kor": "Korean", "lav": "Latvian",
    "lit": "Lithuanian", "mac": "Macedonian", "mal": "Malayalam", "may": "Malay", "nor": "Norwegian",
    "per": "Persian", "pol": "Polish", "por": "Portuguese", "rum": "Romanian", "rus": "Russian",
    "scc": "Serbian", "slo": "Slovak", "slv": "Slovenian", "spa": "Spanish", "srp": "Serbian",
    "swe": "Swedish", "tha": "Thai", "tur": "Turkish", "ukr": "Ukrainian", "urd": "Urdu",
    "vie": "Vietnamese", "und": "Undetermined", "mul": "Multiple languages",
}  # fmt: skip


@register.filter
def sanitize(html):
    """Stored HTML sanitized again on the way out (``literature.markdown.sanitize_html``)."""
    return mark_safe(sanitize_html(html or ""))  # noqa: S308 - sanitized just above


@register.filter
def language_name(code):
    code = (code or "").strip().lower()
    return LANGUAGES.get(code, code)


@register.filter
def citation_parts(publication):
    """The seed citation style's pieces (authors, title, journal, source) for a linked rendering."""
    return citations.portal_citation_parts(publication)


@register.filter
def cite(publication, style):
    """``{{ pub|cite:"nlm" }}``: a citation in one of ``citations.CITATION_STYLES``."""
    return citations.CITATION_STYLES[style][1](publication)


@register.filter
def pubmed_link(publication):
    """The PubMed record, or a PubMed search for the title when the PMID is unknown."""
    return publication.pubmed_url or f"https://pubmed.ncbi.nlm.nih.gov/?term={quote_plus(publication.title)}"


@register.filter
def source_nlm(publication):
    """'2014 Jun;13(3):198-206', as PubMed prints a record's source."""
    return citations.source_nlm(publication)


@register.filter
def authors_all(publication):
    """Every cached author in citation form, with 'et al.' when the source listed only the first."""
    names = ", ".join(publication.author_names)
    return f"{names}, et al." if names and publication.authors_are_truncated else names


@register.filter
def sentence(text):
    """End a piece of a citation with one full stop (none after '.', '?' or '!')."""
    return citations._sentence(str(text or ""))
