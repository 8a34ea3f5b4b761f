"""Evidence pack exports: citations that real parsers read back, valid empty files, streaming, the PDF brief."""

import io
import json
import time

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc.source.json import CiteProcJSON
from django.urls import reverse
from pypdf import PdfReader

from portal.evidence.models import PackItem
from tests.practices.factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def download(client, pack, fmt):
    response = client.get(reverse(f"evidence:pack_{fmt}", args=[pack.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


@pytest.fixture
def filled_pack(pack, published_case_study):
    first = published_case_study(title="Time bank at the surgery")
    second = published_case_study(title='Braces {and} 100% "quotes" & more', summary="Residents & staff")
    PackItem.objects.create(pack=pack, case_study=first, note="Cost figures")
    PackItem.objects.create(pack=pack, case_study=second)
    return pack, [first, second]


def test_ris_is_read_back_by_rispy(client, member, filled_pack):
    pack, (first, second) = filled_pack
    client.force_login(member)
    response, body = download(client, pack, "ris")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    records = rispy.loads(body.decode())
    assert [record["title"] for record in records] == [first.title, second.title]
    assert records[0]["type_of_reference"] == "ELEC"
    assert records[0]["authors"] == ["Lovelace, Ada"]
    assert f"/case-studies/versions/{first.pk}/{first.live_revision_id}/" in records[0]["urls"][0]
    assert records[0]["urls"][0].startswith("http://testserver/")


def test_bibtex_is_read_back_by_bibtexparser(client, member, filled_pack):
    pack, (first, second) = filled_pack
    client.force_login(member)
    _, body = download(client, pack, "bibtex")
    library = bibtexparser.parse_string(body.decode(), append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    assert [entry["title"] for entry in library.entries] == [first.title, second.title]
    assert library.entries[0].entry_type == "online"
    assert library.entries[0]["url"].endswith(f"/case-studies/versions/{first.pk}/{first.live_revision_id}/")


def test_csl_json_is_read_back_by_json_and_citeproc(client, member, filled_pack):
    pack, (first, _) = filled_pack
    client.force_login(member)
    _, body = download(client, pack, "csl_json")
    items = json.loads(body)
    assert items[0]["title"] == first.title
    assert items[0]["author"] == [{"family": "Lovelace", "given": "Ada"}]
    assert items[0]["license"].startswith("CC BY 4.0")
    source = CiteProcJSON([{key: value for key, value in item.items() if key != "license"} for item in items])
    assert len(list(source)) == 2


def test_an_empty_pack_exports_valid_empty_files(client, member, pack):
    client.force_login(member)
    assert rispy.loads(download(client, pack, "ris")[1].decode()) == []
    assert bibtexparser.parse_string(download(client, pack, "bibtex")[1].decode()).entries == []
    assert json.loads(download(client, pack, "csl_json")[1]) == []
    _, pdf = download(client, pack, "pdf")
    assert "no published case studies" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_the_brief_has_title_link_profile_measures_sources_evidence_level_and_date(client, member, filled_pack):
    pack, (first, _) = filled_pack
    client.force_login(member)
    response, pdf = download(client, pack, "pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert first.title in flat
    assert f"/case-studies/versions/{first.pk}/" in flat.replace(" ", "")
    assert "Reciprocity" in flat  # the principles profile
    assert "Fewer missed collections" in flat  # an impact measure
    assert "example.org/evaluation.pdf" in flat.replace(" ", "")  # with its source
    assert "Evidence level 2 of 5" in flat
    assert "data show positive change" in flat  # the level explained
    assert "made on" in flat


def test_a_thousand_item_pack_streams_its_citations_in_chunks(
    client, member, pack, tree, django_assert_max_num_queries
):
    pages = [CaseStudyPageFactory(parent=tree.case_studies, title=f"Study {n}") for n in range(1000)]
    PackItem.objects.bulk_create([PackItem(pack=pack, case_study=page) for page in pages])
    client.force_login(member)
    started = time.monotonic()
    with django_assert_max_num_queries(80):
        response = client.get(reverse("evidence:pack_csl_json", args=[pack.pk]))
        assert response.streaming
        items = json.loads(b"".join(response.streaming_content))
    assert len(items) == 1000
    assert time.monotonic() - started < 30
    ris = b"".join(client.get(reverse("evidence:pack_ris", args=[pack.pk])).streaming_content)
    assert len(rispy.loads(ris.decode())) == 1000


def test_without_contributors_the_organisations_are_cited_as_whole_names():
    from datetime import date

    from portal.evidence import citations

    citation = citations.Citation(
        key="k",
        title="Repair café",
        authors=(),
        organisations=("Common Hours",),
        issued=date(2026, 5, 1),
        url="https://portal.example/case-studies/versions/1/2/",
        accessed=date(2026, 6, 1),
        publisher="Co-production portal",
    )
    assert rispy.loads(citations.ris([citation]))[0]["authors"] == ["Common Hours"]
    entry = bibtexparser.parse_string(citations.bibtex([citation])).entries[0]
    assert entry["author"] == "{Common Hours}"  # braced: BibTeX keeps it whole
    assert citations.formatted(citation, "apa").startswith("Common Hours. (2026, May 1). Repair café.")
