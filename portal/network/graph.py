"""The network graph, bounded: a neighbourhood (a member's network, "my network", a region, a service area)
with a node limit that folds the rest into "N more" nodes, and the whole network as a precomputed summary.

Nothing here loads the whole network. A neighbourhood reads at most NODE_LIMIT nodes of each kind, picked
in the database (the best-connected practitioners, the newest case studies), and counts the rest; the
summary is a handful of aggregate queries, cached and refreshed by the worker. Fields the viewer may not
see never become nodes' attributes or edges.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from portal.network import affiliations, work
from portal.network.models import Follow, Organisation, PractitionerProfile, Visibility
from portal.network.selectors import audience_of, listed_profiles, profile_for_user, visible_to
from portal.taxonomy.models import Region, ServiceArea
from portal.taxonomy.selectors import all_regions, all_service_areas

# Per kind of node: a graph of a few hundred nodes stays readable and draws in well under a second.
NODE_LIMIT = 60
SUMMARY_CACHE_KEY = "network:graph-summary:v1"
SUMMARY_SECONDS = 30 * 60  # the worker refreshes it every 10 minutes; this only bounds a stopped worker


@dataclass
class GraphFilters:
    """Which neighbourhood to draw: a member's (slug), "mine", a region, a service area; none is the summary."""

    region: str = ""
    service_area: str = ""
    member: str = ""
    mine: bool = False

    @property
    def is_summary(self) -> bool:
        return not (self.region or self.service_area or self.member or self.mine)


class Graph:
    """Nodes and edges being built, with the viewer's own node marked."""

    def __init__(self, viewer, request=None):
        self.viewer, self.request = viewer, request
        self.audience = audience_of(viewer)
        self.nodes, self.edges = {}, []
        own = profile_for_user(viewer)
        self.me = f"p{own.pk}" if own is not None else None

    def shows(self, profile, field_name) -> bool:
        if self.viewer is not None and self.viewer.is_authenticated and profile.user_id == self.viewer.pk:
            return True
        return profile.visibility_of(field_name) in self.audience

    def practitioner(self, profile):
        key = f"p{profile.pk}"
        self.nodes.setdefault(
            key,
            {
                "id": key,
                "type": "practitioner",
                "label": profile.display_name,
                "url": profile.get_absolute_url(),
                "region": profile.region.slug if profile.region and self.shows(profile, "region") else None,
            },
        )
        if key == self.me:
            self.nodes[key]["is_me"] = True
        return key

    def case_study(self, case_study):
        key = f"c{case_study.pk}"
        self.nodes.setdefault(
            key,
            {
                "id": key,
                "type": "case_study",
                "label": case_study.title,
                "url": case_study.get_url(self.request),
                "region": case_study.region.slug if case_study.region else None,
                "service_area": case_study.service_area.slug if case_study.service_area else None,
            },
        )
        return key

    def organisation(self, organisation):
        key = f"o{organisation.pk}"
        self.nodes.setdefault(
            key,
            {
                "id": key,
                "type": "organisation",
                "label": organisation.name,
                "url": organisation.get_absolute_url(),
                "region": organisation.region.slug if organisation.region else None,
                "kind": organisation.kind.name if organisation.kind_id else "",
            },
        )
        return key

    def more(self, kind: str, count: int, label: str, url: str):
        """A node standing for `count` nodes of `kind` left out by the limit."""
        if count <= 0:
            return None
        key = f"more-{kind}"
        self.nodes[key] = {"id": key, "type": "more", "label": label, "url": url, "count": count, "of": kind}
        return key

    def link(self, source, target, kind):
        if source in self.nodes and target in self.nodes:
            self.edges.append({"id": f"{kind}:{source}-{target}", "source": source, "target": target, "type": kind})

    def as_json(self, filters: GraphFilters, **extra) -> dict:
        edges = list({edge["id"]: edge for edge in self.edges}.values())
        return {
            "nodes": sorted(self.nodes.values(), key=lambda n: (n["type"], n["label"])),
            "edges": edges,
            "me": self.me if self.me in self.nodes else None,
            "limit": NODE_LIMIT,
            "filters": {
                "region": filters.region or None,
                "service_area": filters.service_area or None,
                "member": filters.member or None,
                "mine": filters.mine,
            },
            **extra,
        }


def _with_parts(profiles):
    return profiles.select_related("region", "organisation", "organisation__region", "organisation__kind")


def _connect(graph: Graph, profiles: list, case_studies: list, organisations: dict) -> None:
    """Edges among the nodes drawn: works at, contributed to, involved in, follows; each one query at most."""
    profile_ids = [p.pk for p in profiles]
    page_ids = [c.pk for c in case_studies]
    for profile in profiles:
        if profile.organisation_id and graph.shows(profile, "organisation"):
            organisations.setdefault(profile.organisation_id, profile.organisation)
            graph.link(f"p{profile.pk}", graph.organisation(profile.organisation), "works_at")
    if profile_ids and page_ids:
        for profile_id, page_id in work.contributor_links(profile_ids, page_ids=page_ids):
            graph.link(f"p{profile_id}", f"c{page_id}", "contributed_to")
    if page_ids:
        involved = list(work.organisation_links(page_ids=page_ids))
        missing = {oid for oid, _ in involved} - organisations.keys()
        for organisation in Organisation.objects.select_related("region", "kind").filter(pk__in=missing)[:NODE_LIMIT]:
            organisations[organisation.pk] = organisation
        for organisation_id, page_id in involved:
            if organisation_id in organisations:
                graph.link(graph.organisation(organisations[organisation_id]), f"c{page_id}", "involved_in")
    if profile_ids:
        follows = Follow.objects.filter(follower_id__in=profile_ids, followed_id__in=profile_ids)
        for follower_id, followed_id in follows.values_list("follower_id", "followed_id"):
            graph.link(f"p{follower_id}", f"p{followed_id}", "follows")
    _add_groups(graph, profiles)


def _add_groups(graph: Graph, profiles: list) -> None:
    """A node per group the viewer may see inside, linked to its drawn members who show their groups."""
    node_of_user = {p.user_id: f"p{p.pk}" for p in profiles if f"p{p.pk}" in graph.nodes and graph.shows(p, "groups")}
    if not node_of_user:
        return
    for group, user_ids in affiliations.graph_groups(graph.viewer):
        linked = [node_of_user[user_id] for user_id in user_ids if user_id in node_of_user]
        if linked:
            graph.nodes.setdefault(group["id"], {**group, "type": "group", "region": None})
            for member in linked:
                graph.link(member, group["id"], "member_of")


def _filter_url(name: str, base: str, filters: GraphFilters) -> str:
    query = []
    if filters.region:
        query.append(f"{'regions' if name == 'directory' else 'region'}={filters.region}")
    if filters.service_area:
        query.append(f"{'service_areas' if name == 'directory' else 'service_area'}={filters.service_area}")
    return base + ("?" + "&".join(query) if query else "")


def area_graph(viewer, filters: GraphFilters, request=None) -> dict:
    """A region's and/or a service area's people, case studies and organisations, at most NODE_LIMIT of each."""
    graph = Graph(viewer, request)
    profiles = listed_profiles()
    if filters.region:
        profiles = profiles.filter(Q(region__slug=filters.region) & visible_to("region", graph.audience))
    if filters.service_area:
        matching = PractitionerProfile.objects.filter(service_areas__slug=filters.service_area).values("pk")
        profiles = profiles.filter(Q(pk__in=matching) & visible_to("service_areas", graph.audience))
    total_profiles = profiles.count()
    # The best-connected first: the people a visitor most likely wants to see in the picture.
    chosen = list(
        _with_parts(profiles)
        .annotate(follower_count=Count("follower_links", distinct=True))
        .order_by("-follower_count", "display_name", "pk")[:NODE_LIMIT]
    )
    for profile in chosen:
        graph.practitioner(profile)
    case_studies, total_case_studies = [], 0
    published = work.case_studies()
    if published is not None:
        if filters.region:
            published = published.filter(region__slug=filters.region)
        if filters.service_area:
            published = published.filter(service_area__slug=filters.service_area)
        total_case_studies = published.count()
        case_studies = list(published.prefetch_related(None)[:NODE_LIMIT])
        for case_study in case_studies:
            graph.case_study(case_study)
    organisations = {}
    _connect(graph, chosen, case_studies, organisations)
    graph.more(
        "practitioner",
        total_profiles - len(chosen),
        f"{total_profiles - len(chosen):,} more practitioners",
        _filter_url("directory", reverse("network:directory"), filters),
    )
    graph.more(
        "case_study",
        total_case_studies - len(case_studies),
        f"{total_case_studies - len(case_studies):,} more case studies",
        _filter_url("case_studies", "/case-studies/", filters),
    )
    return graph.as_json(filters, totals={"practitioner": total_profiles, "case_study": total_case_studies})


def neighbourhood_graph(viewer, profile: PractitionerProfile, filters: GraphFilters, request=None) -> dict:
    """A member's network: them, who they follow and who follows them, co-authors, case studies, organisations."""
    graph = Graph(viewer, request)
    centre = graph.practitioner(profile)
    graph.nodes[centre]["is_centre"] = True
    following = listed_profiles().filter(follower_links__follower=profile)
    followers = listed_profiles().filter(following_links__followed=profile)
    own_links = list(work.contributor_links([profile.pk]))
    page_ids = [page_id for _, page_id in own_links]
    co_author_ids = {pid for pid, _ in work.contributor_links(page_ids=page_ids)} - {profile.pk} if page_ids else set()
    co_authors = listed_profiles().filter(pk__in=co_author_ids)
    people, counts = [profile], {}
    for name, queryset in (("co_authors", co_authors), ("following", following), ("followers", followers)):
        counts[name] = queryset.count()
        room = max(0, NODE_LIMIT - len(people))
        if room:
            chosen = queryset.exclude(pk__in=[p.pk for p in people])
            people += list(_with_parts(chosen).order_by("display_name", "pk")[:room])
    for person in people:
        graph.practitioner(person)
    published = work.case_studies()
    case_studies = []
    if published is not None and page_ids:
        case_studies = list(published.filter(pk__in=page_ids).prefetch_related(None)[:NODE_LIMIT])
        for case_study in case_studies:
            graph.case_study(case_study)
    _connect(graph, people, case_studies, {})
    everyone = listed_profiles().filter(
        Q(pk__in=co_author_ids) | Q(follower_links__follower=profile) | Q(following_links__followed=profile)
    )
    left_out = everyone.distinct().count() - (len(people) - 1)
    graph.more(
        "practitioner",
        left_out,
        f"{left_out:,} more people in {profile.display_name}'s network",
        profile.get_absolute_url(),
    )
    return graph.as_json(filters, centre=centre, centre_label=profile.display_name, counts=counts)


def network_graph(viewer, filters: GraphFilters, request=None) -> dict:
    """The graph for these filters: a member's or my network, an area, or (no filter) the cached summary."""
    if filters.mine or filters.member:
        profile = profile_for_user(viewer) if filters.mine else listed_profiles().filter(slug=filters.member).first()
        if profile is None:
            return Graph(viewer, request).as_json(filters, missing=True)
        return neighbourhood_graph(viewer, profile, filters, request)
    if filters.region or filters.service_area:
        return area_graph(viewer, filters, request)
    summary = network_summary()
    me = profile_for_user(viewer)
    return {**summary, "me": None, "has_profile": me is not None}


# --- the whole network, summarised ----------------------------------------------------------------------


def compute_network_summary() -> dict:
    """Regions and service areas with how many practitioners and case studies each has, and how they link.

    The same for every viewer: a practitioner counts in a region or service area only where they show it
    to everyone.
    """
    public = Visibility.EVERYONE.value
    profiles = listed_profiles()
    region_people = dict(
        profiles.filter(visible_to("region", (public,)), region__isnull=False)
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    area_people = dict(
        PractitionerProfile.service_areas.through.objects.filter(
            practitionerprofile__in=profiles.filter(visible_to("service_areas", (public,)))
        )
        .values("servicearea_id")
        .annotate(n=Count("pk"))
        .values_list("servicearea_id", "n")
    )
    pairs, region_work, area_work = {}, {}, {}
    published = work.case_studies()
    if published is not None:
        rows = (
            published.order_by()
            .filter(region__isnull=False, service_area__isnull=False)
            .values("region_id", "service_area_id")
            .annotate(n=Count("pk"))
            .values_list("region_id", "service_area_id", "n")
        )
        for region_id, area_id, count in rows:
            pairs[(region_id, area_id)] = count
            region_work[region_id] = region_work.get(region_id, 0) + count
            area_work[area_id] = area_work.get(area_id, 0) + count
    nodes = []
    graph_url = reverse("network:graph")
    for region in Region.objects.order_by("name"):
        people, studies = region_people.get(region.pk, 0), region_work.get(region.pk, 0)
        nodes.append(
            {
                "id": f"r{region.pk}",
                "type": "region",
                "label": region.name,
                "url": f"{graph_url}?region={region.slug}",
                "practitioners": people,
                "case_studies": studies,
                "count": people + studies,
            }
        )
    for area in ServiceArea.objects.order_by("name"):
        people, studies = area_people.get(area.pk, 0), area_work.get(area.pk, 0)
        nodes.append(
            {
                "id": f"s{area.pk}",
                "type": "service_area",
                "label": area.name,
                "url": f"{graph_url}?service_area={area.slug}",
                "practitioners": people,
                "case_studies": studies,
                "count": people + studies,
            }
        )
    edges = [
        {
            "id": f"case_studies:r{region_id}-s{area_id}",
            "source": f"r{region_id}",
            "target": f"s{area_id}",
            "type": "case_studies",
            "count": count,
        }
        for (region_id, area_id), count in sorted(pairs.items())
    ]
    return {
        "summary": True,
        "nodes": nodes,
        "edges": edges,
        "totals": {
            "practitioner": profiles.count(),
            "organisation": Organisation.objects.count(),
            "case_study": published.count() if published is not None else 0,
            "follows": Follow.objects.count(),
        },
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "filters": {"region": None, "service_area": None, "member": None, "mine": False},
        "limit": NODE_LIMIT,
    }


def refresh_network_summary() -> dict:
    """Compute the summary and keep it in the cache (the worker's job, every 10 minutes)."""
    summary = compute_network_summary()
    cache.set(SUMMARY_CACHE_KEY, summary, SUMMARY_SECONDS)
    return summary


def network_summary() -> dict:
    """The cached summary; computed here only when the worker has not made one yet."""
    summary = cache.get(SUMMARY_CACHE_KEY)
    return summary if summary is not None else refresh_network_summary()


# --- the page around the picture --------------------------------------------------------------------------

PHRASES = {
    "follows": ("follows", "followed by"),
    "works_at": ("works at", "has member"),
    "contributed_to": ("contributed to", "has contributor"),
    "involved_in": ("was involved in", "run with"),
    "case_studies": ("has case studies in", "has case studies in"),
    "member_of": ("is a member of", "has member"),
}


def graph_as_list(graph: dict) -> list[dict]:
    """The graph as plain text for screen readers and keyboards: each node with the nodes it links to, in words."""
    labels = {node["id"]: node for node in graph["nodes"]}
    links = {node_id: [] for node_id in labels}
    for edge in graph["edges"]:
        forward, backward = PHRASES[edge["type"]]
        links[edge["source"]].append((forward, labels[edge["target"]], edge.get("count")))
        links[edge["target"]].append((backward, labels[edge["source"]], edge.get("count")))
    return [{"node": node, "links": links[node["id"]]} for node in graph["nodes"]]


def graph_filter_options():
    return {"regions": all_regions(), "service_areas": all_service_areas()}


def graph_counts(graph: dict) -> dict:
    """How many nodes of each type the graph holds, for its caption."""
    counts = {
        "practitioner": 0,
        "organisation": 0,
        "case_study": 0,
        "group": 0,
        "region": 0,
        "service_area": 0,
        "more": 0,
    }
    for node in graph["nodes"]:
        counts[node["type"]] += 1
    return {**counts, "links": len(graph["edges"])}
