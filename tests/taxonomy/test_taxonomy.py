import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from portal.taxonomy.models import Region, ServiceArea
from tests.taxonomy.factories import RegionFactory, ServiceAreaFactory

pytestmark = pytest.mark.django_db


def test_every_factory_builds():
    assert isinstance(RegionFactory(), Region)
    assert isinstance(ServiceAreaFactory(), ServiceArea)


def test_the_tables_kept_their_names_so_no_row_was_copied():
    assert Region._meta.db_table == "practices_region"
    assert ServiceArea._meta.db_table == "practices_servicearea"


def test_editors_manage_the_taxonomies_in_their_new_app():
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.filter(content_type__app_label="taxonomy").values_list("codename", flat=True))
    assert {"add_region", "change_region", "change_servicearea", "delete_servicearea"} <= codenames
    assert not ContentType.objects.filter(app_label="practices", model__in=["region", "servicearea"]).exists()
