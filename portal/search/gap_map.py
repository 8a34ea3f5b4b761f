"""The evidence gap map: case studies per service area and principle, with their evidence levels."""

from dataclasses import dataclass

from django.urls import reverse

from portal import page_cache
from portal.practices import indexing as practices
from portal.search.engines import answered


@dataclass
class GapMap:
    service_areas: list
    principles: list
    rows: list[dict]  # per service area: {"service_area", "cells": [{"count", "levels", "url"}], "total"}
    reduced_mode: str = ""


def evidence_gap_map() -> GapMap:
    """Case studies per service area and principle, with their evidence levels; empty cells are gaps."""
    from portal.search import database, elastic

    counts, reason = answered("Gap map", elastic.gap_counts, database.gap_counts)
    # The axes count every published case study per service area (70 ms at 100,000): kept until the
    # catalogue changes. The cells' counts come from the search engine, which is updated after commit.
    service_areas, principles = page_cache.kept("gap-map-axes", practices.gap_map_axes)
    levels_known = practices.evidence_levels()
    search_url = reverse("search:search")
    rows = []
    for area in service_areas:
        cells = []
        for principle in principles:
            levels = counts.get((area.slug, principle.slug), {})
            cells.append(
                {
                    "principle": principle,
                    "count": sum(levels.values()),
                    "levels": [(level, levels.get(level, 0)) for level in levels_known],
                    "strongest": max(levels) if levels else None,
                    "url": f"{search_url}?type=case_study&service_area={area.slug}&principle={principle.slug}",
                }
            )
        rows.append({"service_area": area, "cells": cells, "total": area.case_study_count})
    return GapMap(service_areas=service_areas, principles=principles, rows=rows, reduced_mode=reason)
