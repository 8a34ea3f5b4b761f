"""Template access to discussion rendering: Markdown through the one sanitiser, and a thread for any object."""

from django import template

from portal.discussions import selectors
from portal.discussions.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.inclusion_tag("discussions/includes/thread_body.html", takes_context=True)
def discussion_thread(context, target):
    request = context.get("request")
    return selectors.thread_context(target, request)
