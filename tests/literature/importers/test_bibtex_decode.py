"""BibTeX markup decoding: the one-pass decoder agrees with pylatexenc on the markup it takes over."""

import gc

import pytest
from pylatexenc.latex2text import LatexNodes2Text

from literature.importers import bibtex
from literature.importers.records import clean

REFERENCE = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)

COMMON_MARKUP = [
    r"{\"o}ncology",
    r"Sa{\"\i}d",
    r"Abdedda{\"\i}m",
    r"M\"{u}ller",
    r"Jos\'{e}",
    r"Jos\'e Garc\'{\i}a",
    r"{\v{S}}eva",
    r"\v Sevčík",
    r"Fran\c{c}ois and Fran\c cois",
    r"\ss\o\aa\AE and \l \L{}ód\'z",
    r"Stra{\ss}e, {\O}stergaard, {\AA}berg, {\ae}ther",
    r"\u{g}\H{o}\k{a}\r{a}\={a}\.{z}\^{o}\`{e}\~{n}",
    r"50\% of \& in \_ and \# and \{braced\} and \$5",
    r"pages 10--20, a pause---here, A~B",
    r"{VIST} -- a Variant-Information Search Tool",
    r"{{IRIS} Investigators}",
    r"\"A \" a",
]


@pytest.mark.parametrize("value", COMMON_MARKUP)
def test_common_markup_decodes_as_pylatexenc_does(value):
    assert bibtex.decode(value) == clean(REFERENCE.latex_to_text(value))


@pytest.mark.parametrize(
    "value, expected",
    [
        (r"$\alpha$-interferon", "α-interferon"),
        (r"\emph{in vivo} and \textit{in vitro}", "in vivo and in vitro"),
        (r"``{Q}uoted'' text", "\u201cQuoted\u201d text"),
        (r"Ng\'{\^e}", "Ngế"),
    ],
)
def test_other_markup_is_still_decoded(value, expected):
    assert bibtex.decode(value) == expected


def test_common_markup_leaves_no_cyclic_garbage():
    # pylatexenc creates a class per call; the one-pass decoder must not, or a long file's
    # memory climbs until a full collection.
    gc.collect()
    gc.disable()
    try:
        for value in COMMON_MARKUP * 20:
            bibtex.decode(value)
        assert gc.collect() == 0  # objects found unreachable: the decoder's cyclic garbage
    finally:
        gc.enable()
