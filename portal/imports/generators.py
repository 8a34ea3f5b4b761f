"""Large, deterministic data for benchmarks: case study files for the importer, and a network of members,
follows, topics and comments written in bulk.

Nothing here runs in a request. The same seed gives the same data; sizes are arguments, so tests use
tens and `bench/` uses the issue's figures (100,000 case studies; 50,000 members, 200,000 follows,
500 topics, 1,000,000 comments).
"""

import csv
import io
import random
from collections.abc import Callable, Iterator
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from portal.discussions.models import Topic
from portal.discussions.services import ensure_forum
from portal.imports.bulk import insert_inherited
from portal.network.models import Follow, Organisation, PractitionerProfile, default_visibility
from portal.practices.models import PrinciplePage
from portal.taxonomy.models import Region, ServiceArea

CHUNK = 5000
UNUSABLE_PASSWORD = make_password(None)
FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Dev", "Elif", "Farah", "Gareth", "Hana", "Iwan", "Jade", "Kofi", "Lena", "Mared",
    "Niall", "Olu", "Priya", "Rhys", "Sana", "Tomasz", "Una", "Vik", "Wen", "Yusuf", "Zofia",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Price", "Evans", "Patel", "Kaya", "Hussain", "Jones", "Sato", "Morgan", "Byrne", "Mensah", "Novak",
    "Williams", "Quinn", "Adeyemi", "Shah", "Lloyd", "Malik", "Kowalski", "Doyle", "Rao", "Li", "Aziz", "Nowak",
]  # fmt: skip
SERVICES = [
    "recycling round", "repairs desk", "youth club", "home care", "homework club", "GP surgery", "time bank",
    "neighbourhood budget", "street association", "employment support", "short breaks service", "patient panel",
]  # fmt: skip
WHO = ["residents", "tenants", "parents", "carers", "young people", "patients", "jobseekers", "older neighbours"]
PLACES = ["Hollowford", "Marrowby", "Tarnside", "Kestrel Vale", "Loughside", "Linkwell", "Aldermoor", "Fenmouth"]
HEADINGS = [
    "Title", "Slug", "Summary", "Service area", "Region", "Evidence level", "Cost comparison", "Start year",
    "End year", "Status", "People reached", "Principles applied (strength 1-3)", "Organisations", "Contributors",
    "Tags", "Body",
]  # fmt: skip


def case_study_rows(count: int, *, seed: int = 0, start: int = 1) -> Iterator[dict]:
    """`count` importable rows (the export's headings) naming the site's own taxonomies and principles."""
    rng = random.Random(seed)  # noqa: S311 - repeatable benchmark data, not secrets
    areas = list(ServiceArea.objects.values_list("slug", flat=True))
    regions = list(Region.objects.values_list("slug", flat=True))
    principles = list(PrinciplePage.objects.values_list("title", flat=True))
    organisations = list(Organisation.objects.values_list("name", flat=True)[:200])
    people = list(PractitionerProfile.objects.values_list("display_name", flat=True)[:2000])
    if not (areas and regions and principles):
        raise ValueError("Generate case studies after the taxonomies and principles exist (load_demo_content).")
    for n in range(start, start + count):
        service, who, place = rng.choice(SERVICES), rng.choice(WHO), rng.choice(PLACES)
        start_year = rng.randint(2008, 2024)
        done = rng.random() < 0.5
        chosen = rng.sample(principles, k=min(len(principles), rng.randint(1, 3)))
        yield {
            "Title": f"{who.capitalize()} and staff co-produce the {service} in {place} ({n})",
            "Slug": f"generated-{seed}-{n}",
            "Summary": f"In {place}, {who} and staff redesigned the {service} together and shared what they learnt.",
            "Service area": rng.choice(areas),
            "Region": rng.choice(regions),
            "Evidence level": str(rng.randint(1, 5)),
            "Cost comparison": rng.choice(["cheaper", "similar", "more-expensive", "unknown"]),
            "Start year": str(start_year),
            "End year": str(start_year + rng.randint(0, 3)) if done else "",
            "Status": "completed" if done else "ongoing",
            "People reached": str(rng.randint(10, 20000)),
            "Principles applied (strength 1-3)": "; ".join(
                f"{title} ({rng.randint(1, 3)}): {who.capitalize()} led part of the work." for title in chosen
            ),
            "Organisations": "; ".join(rng.sample(organisations, k=min(len(organisations), rng.randint(0, 2)))),
            "Contributors": "; ".join(
                f"{name} (Practitioner)" for name in rng.sample(people, k=min(len(people), rng.randint(0, 3)))
            ),
            "Tags": "; ".join(rng.sample(["repair", "housing", "youth", "peer support", "budgeting", "care"], k=2)),
            "Body": f"The {service} was redesigned with {who}.\n\nThey met weekly for a year.",
        }


def case_studies_csv(count: int, *, seed: int = 0) -> bytes:
    """A CSV file of `count` generated case studies, as an editor would upload it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADINGS)
    writer.writeheader()
    writer.writerows(case_study_rows(count, seed=seed))
    return out.getvalue().encode("utf-8")


def _chunks(total: int, size: int = CHUNK) -> Iterator[tuple[int, int]]:
    for first in range(0, total, size):
        yield first, min(size, total - first)


def generate_network(
    *,
    members: int,
    follows: int,
    topics: int,
    comments: int,
    seed: int = 0,
    progress: Callable[[str, int], None] | None = None,
) -> dict:
    """Members with profiles, follows between them, topics and threaded comments, inserted in bulk."""
    rng = random.Random(seed)  # noqa: S311 - repeatable benchmark data, not secrets
    report = progress or (lambda stage, done: None)
    profile_ids = _members(members, rng, seed, report)
    made_follows = _follows(profile_ids, follows, rng, report)
    topic_ids = _topics(topics, rng, seed, report)
    made_comments = _comments(topic_ids, comments, rng, report)
    return {"members": len(profile_ids), "follows": made_follows, "topics": len(topic_ids), "comments": made_comments}


def _members(count: int, rng: random.Random, seed: int, report) -> list[int]:
    user_model = get_user_model()
    regions = list(Region.objects.values_list("pk", flat=True)) or [None]
    organisations = list(Organisation.objects.values_list("pk", flat=True)) + [None]
    areas = list(ServiceArea.objects.values_list("pk", flat=True))
    through = PractitionerProfile.service_areas.through
    profile_ids = []
    for first, size in _chunks(count):
        with transaction.atomic():
            users = user_model.objects.bulk_create(
                [
                    user_model(
                        username=f"member-{seed}-{n}",
                        email=f"member-{seed}-{n}@example.org",
                        password=UNUSABLE_PASSWORD,  # generated members cannot sign in
                        is_active=True,
                    )
                    for n in range(first, first + size)
                ]
            )
            profiles = PractitionerProfile.objects.bulk_create(
                [
                    PractitionerProfile(
                        user=user,
                        display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {first + i}",
                        slug=f"member-{seed}-{first + i}",
                        headline="Co-produces services with the people who use them",
                        region_id=rng.choice(regions),
                        organisation_id=rng.choice(organisations),
                        visibility=default_visibility(),
                    )
                    for i, user in enumerate(users)
                ]
            )
            if areas:
                through.objects.bulk_create(
                    [
                        through(practitionerprofile_id=profile.pk, servicearea_id=rng.choice(areas))
                        for profile in profiles
                    ],
                    ignore_conflicts=True,
                )
        profile_ids += [profile.pk for profile in profiles]
        report("members", len(profile_ids))
    return profile_ids


def _follows(profile_ids: list[int], count: int, rng: random.Random, report) -> int:
    if len(profile_ids) < 2:
        return 0
    made, seen = 0, set()
    count = min(count, len(profile_ids) * (len(profile_ids) - 1))
    while made < count:
        batch = []
        while len(batch) < min(CHUNK, count - made):
            pair = (rng.choice(profile_ids), rng.choice(profile_ids))
            if pair[0] != pair[1] and pair not in seen:
                seen.add(pair)
                batch.append(Follow(follower_id=pair[0], followed_id=pair[1]))
        Follow.objects.bulk_create(batch, ignore_conflicts=True)
        made += len(batch)
        report("follows", made)
    return made


def _topics(count: int, rng: random.Random, seed: int, report) -> list[int]:
    forum = ensure_forum(slug="generated", name="Generated topics", description="Benchmark data.")
    authors = list(
        get_user_model().objects.filter(username__startswith=f"member-{seed}-").values_list("pk", flat=True)[:1000]
    )
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        [
            Topic(
                forum=forum,
                title=f"How do you share power with {rng.choice(WHO)} in {rng.choice(PLACES)}? ({n})",
                slug=f"generated-{seed}-{n}",
                body="We have tried a few things and would like to hear what worked for you.",
                author_id=rng.choice(authors) if authors else None,
                last_activity_at=now,
            )
            for n in range(count)
        ],
        batch_size=CHUNK,
    )
    report("topics", len(topics))
    return [topic.pk for topic in topics]


def _start_threads(roots) -> None:
    # A root comment is its own thread and parent (as XtdComment.save makes it); its replies join it.
    for root in roots:
        root.parent_id = root.thread_id = root.pk
        for reply in root._replies:
            reply.parent_id = reply.thread_id = root.pk


def _comments(topic_ids: list[int], count: int, rng: random.Random, report) -> int:
    """Comments spread evenly over the topics, in threads of a root and up to four replies."""
    if not topic_ids or count <= 0:
        return 0
    user_model = get_user_model()
    authors = list(user_model.objects.filter(profile__isnull=False).values_list("pk", "profile__display_name")[:5000])
    topic_type = ContentType.objects.get_for_model(Topic)
    start = timezone.now() - timedelta(days=365)
    made = 0
    per_topic = {topic_id: count // len(topic_ids) for topic_id in topic_ids}
    for topic_id in topic_ids[: count % len(topic_ids)]:
        per_topic[topic_id] += 1

    def comment(topic_id, n, **thread):
        user_id, name = rng.choice(authors) if authors else (None, "Member")
        return XtdComment(
            content_type=topic_type,
            object_pk=str(topic_id),
            site_id=settings.SITE_ID,
            user_id=user_id,
            user_name=name,
            user_email="",
            comment=f"Reply {n}: what worked for us was meeting where people already are.",
            submit_date=start + timedelta(seconds=n * 7),
            is_public=True,
            is_removed=False,
            **thread,
        )

    for topic_id, total in per_topic.items():
        done = 0
        while done < total:
            with transaction.atomic():
                roots, replies = [], []
                while done < total and len(roots) + len(replies) < CHUNK:
                    size = min(total - done, rng.randint(1, 5))
                    root = comment(topic_id, made + done, level=0, order=1, nested_count=size - 1, parent_id=0)
                    root._replies = [
                        comment(topic_id, made + done + i, level=1, order=i + 1, nested_count=0) for i in range(1, size)
                    ]
                    roots.append(root)
                    replies += root._replies
                    done += size
                insert_inherited(roots, before_child=_start_threads)
                insert_inherited(replies)
        Topic.objects.filter(pk=topic_id).update(reply_count=total)
        made += total
        report("comments", made)
    return made
