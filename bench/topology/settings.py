"""The portal's settings plus one trivial view, the baseline every page is measured against."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.topology.urls"
