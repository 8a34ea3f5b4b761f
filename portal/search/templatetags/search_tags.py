"""Search pieces other apps' templates can show without importing the search app."""

from django import template

from portal.search.selectors import more_like_this

register = template.Library()


@register.inclusion_tag("search/includes/more_like_this.html")
def similar_case_studies(page):
    return {"similar": more_like_this(page)}
