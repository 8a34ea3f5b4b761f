"""Reads for the home page: curated and computed content from every app."""

from django.db.models import Count, Q
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from portal import page_cache
from portal.events import selectors as events
from portal.network import selectors as network
from portal.practices import selectors as practices

FEATURED_COUNT = 3
LATEST_TOPICS = 5


def featured_case_studies(home, limit: int = FEATURED_COUNT):
    """The editors' featured case studies in their order, or the newest when none are chosen."""
    chosen_ids = list(
        home.featured_case_studies.filter(case_study__live=True)
        .order_by("sort_order")
        .values_list("case_study_id", flat=True)
    )
    published = practices.for_cards(practices.live_case_studies())
    if chosen_ids:
        by_id = {case_study.pk: case_study for case_study in published.filter(pk__in=chosen_ids)}
        return [by_id[pk] for pk in chosen_ids if pk in by_id][:limit]
    return list(published[:limit])


def network_figures() -> dict:
    """Counts shown on the home page, computed from the data, never typed in; each counts over every
    published case study or listed profile (90 ms at 100,000 case studies), so they are kept until the
    catalogue changes."""
    return page_cache.kept("home-figures", _count_network_figures)


def _count_network_figures() -> dict:
    live = practices.live_case_studies()
    return {
        "practitioners": network.listed_profiles().count(),
        "organisations": network.organisation_count(),
        "case_studies": live.count(),
        "service_areas": live.exclude(service_area=None).values("service_area").distinct().count(),
    }


def latest_topics(limit: int = LATEST_TOPICS):
    """The newest discussion topics, once the discussions app offers them."""
    try:
        from portal.discussions.selectors import latest_topics as discussions_latest_topics
    except ImportError:
        return []
    return discussions_latest_topics(limit)


def home_page_context(home, user) -> dict:
    """Everything the home page shows, for this visitor."""
    principles = list(practices.live_principles())
    cards = [
        {"case_study": case_study, "profile": practices.principle_profile(case_study, principles)}
        for case_study in featured_case_studies(home)
    ]
    context = {
        "featured": cards,
        "principles": principles,
        "figures": network_figures(),
        "topics": latest_topics(),
        "upcoming_events": events.upcoming_events(user),
    }
    if user.is_authenticated:
        context["activity"] = network.network_activity_for(user)
        context["suggestions"] = network.suggestions_for(user)
    return context


def comments_needing_moderation(limit: int):
    """Held or member-reported comments not removed yet, most reported first, with how many there are."""
    reports = Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL), distinct=True)
    pending = (
        XtdComment.objects.filter(is_removed=False)
        .annotate(report_count=reports)
        .filter(Q(is_public=False) | Q(report_count__gt=0))
    )
    rows = list(pending.select_related("user").order_by("is_public", "-report_count", "-submit_date")[:limit])
    return rows, pending.count()
