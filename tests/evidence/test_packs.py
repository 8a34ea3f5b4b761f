"""Evidence packs through their pages: collect, note, share, revoke; unpublished case studies drop out."""

import pytest
from django.urls import reverse

from portal.evidence import selectors, services
from portal.evidence.models import EvidencePack, PackItem
from tests.conftest import queries_for
from tests.evidence.factories import PackItemFactory
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_adds_a_case_study_from_its_page_without_javascript(client, member, published_case_study):
    case_study = published_case_study()
    client.force_login(member)
    page = client.get(case_study.url)
    add_url = f"{reverse('evidence:add_to_pack')}?case_study={case_study.pk}"
    assert add_url.encode() in page.content.replace(b"&amp;", b"&")

    form = client.get(add_url)
    assert form.status_code == 200
    response = client.post(
        reverse("evidence:add_to_pack"),
        {"case_study": case_study.pk, "new_pack_name": "Ageing well", "note": "Costs fell <b>a lot</b>"},
    )
    pack = EvidencePack.objects.get(owner=member)
    assert response.status_code == 302
    assert response["Location"] == pack.get_absolute_url()
    detail = client.get(pack.get_absolute_url())
    assert b"Costs fell &lt;b&gt;a lot&lt;/b&gt;" in detail.content
    assert case_study.title.encode() in detail.content


def test_search_results_offer_the_add_link_for_case_studies(client, published_case_study, es_index_prefix):
    from portal.search.services import rebuild_all

    case_study = published_case_study(title="Recycling round designed by residents")
    rebuild_all()
    response = client.get(reverse("search:search"), {"q": "recycling"})
    assert f"?case_study={case_study.pk}".encode() in response.content


def test_adding_into_an_existing_pack_keeps_one_item_and_updates_the_note(client, member, pack, published_case_study):
    case_study = published_case_study()
    client.force_login(member)
    for note in ("first", "second"):
        client.post(reverse("evidence:add_to_pack"), {"case_study": case_study.pk, "pack": pack.pk, "note": note})
    assert list(PackItem.objects.filter(pack=pack).values_list("note", flat=True)) == ["second"]


def test_another_members_pack_is_not_found(client, pack, published_case_study):
    case_study = published_case_study()
    client.force_login(UserFactory())
    assert client.get(pack.get_absolute_url()).status_code == 404
    response = client.post(reverse("evidence:add_to_pack"), {"case_study": case_study.pk, "pack": pack.pk})
    assert response.status_code in (400, 404)
    assert not PackItem.objects.exists()


def test_bad_input_is_a_clear_4xx(client, member):
    client.force_login(member)
    assert client.get(reverse("evidence:add_to_pack"), {"case_study": "x"}).status_code == 400
    assert client.get(reverse("evidence:add_to_pack"), {"case_study": "999999"}).status_code == 404
    response = client.post(reverse("evidence:pack_list"), {"name": "   "})
    assert response.status_code == 400
    assert b"This field is required" in response.content


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("evidence:pack_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_shared_link_opens_the_pack_read_only_until_revoked(client, member, pack, published_case_study):
    PackItemFactory(pack=pack, case_study=published_case_study(), note="Read this first")
    services.share_pack(pack=pack)
    shared_url = pack.get_shared_url()
    assert len(pack.share_token) >= 32

    page = client.get(shared_url)
    assert page.status_code == 200
    assert b"Read this first" in page.content
    assert b"Stop sharing" not in page.content
    assert client.get(shared_url + "citations.ris").status_code == 200

    services.stop_sharing(pack=pack)
    assert client.get(shared_url).status_code == 404
    assert client.get(shared_url + "citations.ris").status_code == 404


def test_sharing_again_makes_a_new_link_and_the_old_one_stops(client, pack):
    old = services.share_pack(pack=pack).get_shared_url()
    new = services.share_pack(pack=pack).get_shared_url()
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_an_unpublished_case_study_drops_out_of_packs_and_exports(client, member, pack, published_case_study):
    kept, withdrawn = published_case_study(title="Kept"), published_case_study(title="Withdrawn")
    PackItemFactory(pack=pack, case_study=kept)
    PackItemFactory(pack=pack, case_study=withdrawn)
    withdrawn.unpublish()

    client.force_login(member)
    page = client.get(pack.get_absolute_url())
    assert b"Withdrawn" not in page.content
    assert selectors.item_count(pack) == 1
    ris = b"".join(client.get(reverse("evidence:pack_ris", args=[pack.pk])).streaming_content)
    assert b"Kept" in ris
    assert b"Withdrawn" not in ris
    assert client.get(reverse("evidence:pack_pdf", args=[pack.pk])).status_code == 200


def test_notes_and_names_are_plain_text(client, member, pack, published_case_study):
    case_study = published_case_study()
    services.add_case_study(pack=pack, case_study_id=case_study.pk)
    client.force_login(member)
    client.post(reverse("evidence:pack_rename", args=[pack.pk]), {"name": "<script>alert(1)</script>"})
    client.post(
        reverse("evidence:item_note", args=[pack.pk, case_study.pk]),
        {f"note-{case_study.pk}-note": "<img src=x onerror=alert(1)>"},
    )
    page = client.get(pack.get_absolute_url()).content
    assert b"<script>alert(1)" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert b"&lt;img src=x onerror=alert(1)&gt;" in page


def test_removing_and_deleting(client, member, pack, published_case_study):
    case_study = published_case_study()
    services.add_case_study(pack=pack, case_study_id=case_study.pk)
    client.force_login(member)
    client.post(reverse("evidence:item_remove", args=[pack.pk, case_study.pk]))
    assert not PackItem.objects.filter(pack=pack).exists()
    client.post(reverse("evidence:pack_delete", args=[pack.pk]))
    assert not EvidencePack.objects.filter(pk=pack.pk).exists()


def test_the_pack_list_counts_only_published_case_studies(client, member, pack, published_case_study):
    client.force_login(member)
    for n in range(3):
        PackItemFactory(pack=pack, case_study=published_case_study(title=f"Study {n}"))
    few = queries_for(client, reverse("evidence:pack_list"))
    for n in range(3, 9):
        PackItemFactory(pack=pack, case_study=published_case_study(title=f"Study {n}"))
    more = queries_for(client, reverse("evidence:pack_list"))

    assert more == few, f"{few} queries for 3 case studies, {more} for 9"
    assert b"9 case studies" in client.get(reverse("evidence:pack_list")).content
