"""URL map: the portal's own views first, Wagtail's page tree last."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.accounts import views as account_views
from portal.health import healthz
from portal.home import discovery, routing
from portal.practices.api import api_router

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("sitemap.xml", discovery.sitemap, name="sitemap"),
    path("robots.txt", discovery.robots_txt, name="robots_txt"),
    path("", include("portal.security.urls")),
    # Accounts: the portal's own account pages first (its sessions page replaces allauth's), and every
    # admin sign-in goes through allauth's, with its second-factor stage.
    path("accounts/", include("portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", account_views.admin_sign_in, name="admin_sign_in"),
    path("django-admin/login/", account_views.admin_sign_in),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("discussions/", include("portal.discussions.urls")),
    path("comments/", include("portal.discussions.xtd_urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("groups/", include("portal.groups.urls")),
    path("events/", include("portal.events.urls")),
    path("", include("portal.moderation.urls")),
    path("", include("portal.network.urls")),
    path("", include("portal.practices.urls")),
    path("", include("portal.search.urls")),
    path("", include("portal.evidence.urls")),
]

if settings.DEBUG or settings.LOCAL_MODE:
    # Uploads from the one local process (`make run`); a deployment serves MEDIA_ROOT from its web server.
    from django.views.static import serve

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

# Wagtail's page tree last, through its own `serve` with each path's route kept (portal/home/routing.py).
urlpatterns += [pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", "") != "wagtail_serve"]
urlpatterns += [re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve")]
