"""The one inline script Wagtail writes from Python rather than a template gets the request's CSP nonce.

`BaseChooser.render` (page, image, document, snippet and task choosers in a form) appends
`<script>new PageChooser(...)</script>` to the widget's HTML. Only that final tag, which Wagtail
itself writes, gets the nonce; nothing else in the response is touched.
"""

from functools import wraps

from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser

from portal.security.csp import current_nonce

_SCRIPT_TAG = "<script>"


def give_chooser_scripts_the_nonce() -> None:
    """Wrap `BaseChooser.render` once so its trailing inline script carries the nonce."""
    if getattr(BaseChooser.render, "gives_csp_nonce", False):
        return
    render = BaseChooser.render

    @wraps(render)
    def render_with_nonce(self, *args, **kwargs):
        html = str(render(self, *args, **kwargs))
        start = html.rfind(_SCRIPT_TAG)
        if start == -1 or not html.endswith("</script>"):
            return mark_safe(html)  # noqa: S308 - Wagtail's own output, unchanged
        opening = f'<script nonce="{current_nonce()}">'
        return mark_safe(html[:start] + opening + html[start + len(_SCRIPT_TAG) :])  # noqa: S308 - as above

    render_with_nonce.gives_csp_nonce = True
    BaseChooser.render = render_with_nonce
