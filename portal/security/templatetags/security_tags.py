"""`{% csp_nonce %}`: the request's Content-Security-Policy nonce, for the few trusted inline scripts."""

from django import template

from portal.security.csp import current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    """The nonce of the request being answered, also where the template has no `request` (form widgets)."""
    return current_nonce()
