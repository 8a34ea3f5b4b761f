import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from portal.taxonomy.models import OrganisationKind, Region, ServiceArea
from portal.taxonomy.services import ensure_organisation_kinds
from tests.accounts.factories import with_authenticator_app
from tests.taxonomy.factories import OrganisationKindFactory, RegionFactory, ServiceAreaFactory

pytestmark = pytest.mark.django_db


def test_every_factory_builds():
    assert isinstance(RegionFactory(), Region)
    assert isinstance(ServiceAreaFactory(), ServiceArea)
    assert isinstance(OrganisationKindFactory(), OrganisationKind)


def test_the_tables_kept_their_names_so_no_row_was_copied():
    assert Region._meta.db_table == "practices_region"
    assert ServiceArea._meta.db_table == "practices_servicearea"


def test_editors_manage_the_taxonomies_in_their_new_app():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.filter(content_type__app_label="taxonomy").values_list("codename", flat=True))
    assert {"add_region", "change_region", "change_servicearea", "delete_servicearea"} <= codenames
    assert not ContentType.objects.filter(app_label="practices", model__in=["region", "servicearea"]).exists()


def test_editors_manage_organisation_kinds_and_tags_too():
    from django.apps import apps as django_apps

    from portal.home.groups import ensure_groups

    ensure_groups(django_apps)
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_organisationkind", "change_organisationkind", "change_tag", "delete_tag"} <= codenames


def test_the_starting_organisation_kinds_come_back_without_touching_editors_names():
    OrganisationKind.objects.all().delete()
    OrganisationKindFactory(name="Registered charity", slug="charity")
    ensure_organisation_kinds()
    assert OrganisationKind.objects.get(slug="charity").name == "Registered charity"
    assert OrganisationKind.objects.get(slug="nhs").name == "NHS body"


@pytest.fixture
def editor_client(client, django_user_model):
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    with_authenticator_app(chief)  # the admin asks superusers for a second factor
    client.force_login(chief)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/taxonomy/region/add/",
        "/admin/snippets/taxonomy/servicearea/add/",
        "/admin/snippets/taxonomy/organisationkind/add/",
        "/admin/snippets/taggit/tag/add/",
        "/admin/snippets/network/organisation/add/",
        "/admin/snippets/discussions/forum/add/",
        "/admin/snippets/discussions/topic/add/",
    ],
)
def test_slugs_are_filled_in_from_names_in_the_admin_forms(editor_client, url):
    html = editor_client.get(url).content.decode()
    assert 'data-w-sync-target-value="#id_slug"' in html  # the name field writes the slug as it is typed
    assert 'data-controller="w-slug"' in html


def test_the_taxonomies_menu_lists_organisation_kinds_and_tags(editor_client):
    OrganisationKindFactory(name="Housing association")
    listing = editor_client.get("/admin/snippets/taxonomy/organisationkind/")
    assert listing.status_code == 200
    assert "Housing association" in listing.content.decode()
    assert editor_client.get("/admin/snippets/taggit/tag/").status_code == 200
