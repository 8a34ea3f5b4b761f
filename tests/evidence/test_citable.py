"""Citable evidence: a licence, a "cite this" block naming the cited version, permanent links, the version list."""

import bibtexparser
import pytest
from django.urls import reverse

from portal.evidence import versions
from portal.practices.models import Licence
from tests.evidence.conftest import publish
from tests.practices.factories import ImpactMeasureFactory

pytestmark = pytest.mark.django_db


def test_a_new_case_study_is_cc_by_4_by_default_and_the_page_says_so(client, published_case_study):
    case_study = published_case_study()
    assert case_study.licence == Licence.CC_BY
    page = client.get(case_study.url)
    assert b"CC BY 4.0" in page.content


def test_cite_this_names_the_version_and_links_to_it_in_apa_harvard_and_bibtex(client, published_case_study):
    case_study = published_case_study()
    page = client.get(case_study.url).content.decode()
    version_path = f"/case-studies/versions/{case_study.pk}/{case_study.live_revision_id}/"
    assert "Cite this case study" in page
    assert version_path in page
    day = case_study.last_published_at.strftime("%Y")
    assert "APA" in page
    assert "Harvard" in page
    assert "@online{" in page
    assert "Lovelace, A." in page  # APA names the author by surname and initial
    assert day in page
    bib = page.split("@online", 1)[1].split("</pre>")[0].replace("&amp;", "&").replace("&quot;", '"')
    entry = bibtexparser.parse_string("@online" + bib).entries[0]
    assert entry["version"] == case_study.last_published_at.date().isoformat()


def test_an_editor_can_choose_another_licence(client, published_case_study):
    case_study = published_case_study()
    case_study.licence = Licence.CC0
    publish(case_study)
    assert b"CC0 1.0" in client.get(case_study.url).content


def test_the_permanent_link_keeps_showing_the_cited_text_after_a_revision(client, published_case_study):
    case_study = published_case_study(title="Old title")
    first_revision = case_study.live_revision_id
    case_study.title = "New title"
    case_study.summary = "Rewritten summary."
    publish(case_study)

    old = client.get(reverse("evidence:case_study_version", args=[case_study.pk, first_revision]))
    assert old.status_code == 200
    assert b"Old title" in old.content
    assert b"It has changed since" in old.content
    current = client.get(reverse("evidence:case_study_version", args=[case_study.pk, case_study.live_revision_id]))
    assert b"New title" in current.content
    assert b"It is the current version" in current.content


def test_the_version_list_says_what_each_published_revision_changed(client, published_case_study):
    case_study = published_case_study()
    case_study.evidence_level = 3
    publish(case_study)
    ImpactMeasureFactory(page=case_study, outcome="More volunteers")
    publish(case_study)
    publish(case_study)  # republished, nothing cited changed

    listed = versions.published_versions(case_study)
    assert [version.changes for version in listed] == [[], ["Evidence level"], ["Impact measures"], []]
    assert listed[0].is_first
    assert listed[-1].is_current
    page = client.get(case_study.url).content.decode()
    assert "changed evidence level" in page
    assert "changed impact measures" in page
    assert "first published" in page
    assert "republished without changes" in page


def test_a_version_that_was_never_published_or_of_another_case_study_is_404(client, published_case_study):
    case_study, other = published_case_study(), published_case_study(title="Other")
    draft = case_study.save_revision()
    assert client.get(reverse("evidence:case_study_version", args=[case_study.pk, draft.pk])).status_code == 404
    assert (
        client.get(reverse("evidence:case_study_version", args=[case_study.pk, other.live_revision_id])).status_code
        == 404
    )
    published = case_study.live_revision_id
    case_study.unpublish()
    assert client.get(reverse("evidence:case_study_version", args=[case_study.pk, published])).status_code == 404
