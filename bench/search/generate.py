"""A deterministic generator of realistic case studies for the search benchmark."""

import random

from django.db import transaction

from portal.practices.models import (
    CaseStudyPage,
    PrincipleApplication,
    PrinciplePage,
    Region,
    ServiceArea,
)

SERVICES = [
    "recycling round",
    "repairs desk",
    "youth club",
    "home care",
    "homework club",
    "GP surgery",
    "neighbourhood budget",
    "time bank",
    "street association",
    "employment support",
    "short breaks service",
    "community energy scheme",
    "patient panel",
    "hospital discharge",
    "tenant board",
]
WHO = ["residents", "tenants", "parents", "carers", "young people", "patients", "jobseekers", "older neighbours"]
VERBS = ["co-designed", "co-produced", "ran", "redesigned", "evaluated", "commissioned", "shared"]
OUTCOMES = [
    "fewer missed collections",
    "shorter waits",
    "less loneliness",
    "more people in work",
    "better attendance",
    "lower costs",
    "more trust in the council",
    "fewer emergency admissions",
    "higher recycling rates",
]
PLACES = ["Hollowford", "Marrowby", "Tarnside", "Kestrel Vale", "Loughside", "Linkwell", "Aldermoor", "Fenmouth"]


def describe(rng: random.Random, n: int) -> dict:
    service, who, place = rng.choice(SERVICES), rng.choice(WHO), rng.choice(PLACES)
    outcome = rng.choice(OUTCOMES)
    title = f"{who.capitalize()} {rng.choice(VERBS)} the {service} in {place} ({n})"
    summary = (
        f"In {place}, {who} and staff {rng.choice(VERBS)} the {service} together. "
        f"The work led to {outcome} and is being shared with other areas."
    )[:300]
    body = " ".join(
        f"The {service} was {rng.choice(VERBS)} by {rng.choice(WHO)} who brought skills and time. "
        f"Measures showed {rng.choice(OUTCOMES)}."
        for _ in range(rng.randint(3, 8))
    )
    return {"title": title, "summary": summary, "body": body}


@transaction.atomic
def generate(index_page, count: int, seed: int = 20261122) -> int:
    """Create `count` published case studies under `index_page`; the same seed gives the same pages."""
    rng = random.Random(seed)
    areas, regions = list(ServiceArea.objects.all()), list(Region.objects.all())
    principles = list(PrinciplePage.objects.all())
    existing = CaseStudyPage.objects.count()
    for n in range(existing, existing + count):
        text = describe(rng, n)
        page = CaseStudyPage(
            title=text["title"],
            slug=f"bench-{n}",
            summary=text["summary"],
            body=[
                {"type": "section", "value": {"kind": "what_was_done", "heading": "", "text": f"<p>{text['body']}</p>"}}
            ],
            service_area=rng.choice(areas),
            region=rng.choice(regions),
            evidence_level=rng.choices([1, 2, 3, 4, 5], weights=[30, 35, 20, 10, 5])[0],
            start_year=rng.randint(2005, 2025),
            status="ongoing",
            live=True,
        )
        index_page.add_child(instance=page)
        for principle in rng.sample(principles, rng.randint(1, 4)):
            PrincipleApplication.objects.create(
                page=page, principle=principle, strength=rng.randint(1, 3), how="Applied."
            )
    return count
