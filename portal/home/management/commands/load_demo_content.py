"""Load the demo site idempotently: the page tree and a local demo admin account."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.accounts import services as accounts
from portal.events.services import load_demo_events
from portal.groups.demo import load_demo_groups
from portal.home.services import ensure_site_tree, feature_demo_case_studies, load_demo_discussions, load_demo_pages
from portal.network import services as network
from portal.notifications import services as notifications
from portal.practices import services as practices
from portal.search.promotions import load_demo_promotions

DEMO_FEATURED = ["hollowford-personal-budgets", "marrowby-sorted-doorstep-recycling", "common-hours-gp-time-bank"]
DEMO_ADMIN = {"username": "admin", "email": "admin@example.org", "password": "coproduce-demo"}


class Command(BaseCommand):
    help = "Create the demo site tree and a demo admin account (local use only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even in a deployment (DEBUG=0, not local).")

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or settings.LOCAL_MODE) and not force:
            raise CommandError(
                "Demo content and its admin password are for local use; refusing with DEBUG=0 "
                "outside local mode (PORTAL_ENV=local)."
            )
        started = timezone.now()
        home = ensure_site_tree()
        tree = practices.ensure_practice_tree(home=home)
        practices.ensure_review_workflow(case_study_index=tree.case_studies)
        practices.load_demo_taxonomies()
        principles = practices.load_demo_principles(tree=tree)
        profile_named = self._load_network()
        case_studies = practices.load_demo_case_studies(tree=tree, profile_named=profile_named)
        load_demo_pages(home=home)
        load_demo_discussions(
            data_dir=practices.DEMO_DIR, user_named=lambda name: getattr(profile_named(name), "user", None)
        )
        load_demo_groups()
        events = load_demo_events(user_named=lambda name: getattr(profile_named(name), "user", None))
        self.stdout.write(f"{events} demo events added")
        feature_demo_case_studies(home=home, slugs=DEMO_FEATURED)
        load_demo_promotions()
        self.stdout.write(
            f"Site tree ready: {home.title} at /; {principles} principles and {case_studies} case studies added"
        )
        # The demo's members are fictional: their notices stay in the site, and nobody is emailed.
        notifications.keep_in_site_only(created_since=started)
        self._ensure_demo_admin()
        self._sync_search_index()

    def _sync_search_index(self):
        """Rebuild the search index (or, without Elasticsearch, the database's search table) from the demo content."""
        from portal.search import client, database, services

        if not client.is_configured():
            loaded = sum(result["loaded"] for result in database.rebuild())
            self.stdout.write(f"Search table rebuilt in the database: {loaded} documents.")
            return
        try:
            results = services.rebuild_all()
        except (*services.ELASTICSEARCH_ERRORS, services.RebuildInProgress) as exc:
            self.stdout.write(
                self.style.WARNING(f"Search index not rebuilt ({exc}); run `manage.py search_index rebuild`.")
            )
            return
        loaded = ", ".join(f"{result['loaded']} {result['type']}" for result in results)
        self.stdout.write(f"Search index rebuilt: {loaded}.")

    def _load_network(self):
        """The network's demo organisations and people; returns a name-to-profile lookup."""
        try:
            from portal.network.selectors import profile_named
            from portal.network.services import load_demo_network
        except ImportError:
            return None
        load_demo_network()
        return profile_named

    def _name_demo_admin(self, admin):
        # Visitors meet the admin in the directory and the network graph: a person's name, not "admin".
        profile = network.ensure_profile(user=admin)
        if profile.display_name == DEMO_ADMIN["username"]:
            network.rename_profile(profile=profile, display_name="Demo Editor")

    def _ensure_demo_admin(self):
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username=DEMO_ADMIN["username"],
            defaults={
                "email": DEMO_ADMIN["email"],
                "is_staff": True,
                "is_superuser": True,
                "first_name": "Demo",
                "last_name": "Editor",
            },
        )
        if created:
            admin.set_password(DEMO_ADMIN["password"])
            admin.save()
        self._name_demo_admin(admin)
        # Signing in on the site is by verified email address.
        EmailAddress.objects.get_or_create(
            user=admin, email=DEMO_ADMIN["email"], defaults={"verified": True, "primary": True}
        )
        # The admin asks every superuser for a second factor: the demo admin has an authenticator app
        # whose codes `manage.py demo_sign_in_code` prints, and recovery codes.
        _secret, recovery_codes = accounts.set_up_authenticator_app(user=admin)
        self.stdout.write(
            self.style.WARNING(
                "Demo admin (local use only): "
                f"sign in at /admin/ as {DEMO_ADMIN['email']}, "
                f"password '{DEMO_ADMIN['password']}'"
                + ("" if created else " (already existed; password unchanged)")
                + "; when asked for a code, run `.venv/bin/python manage.py demo_sign_in_code` "
                f"or use a recovery code: {', '.join(recovery_codes[:3])}"
            )
        )
