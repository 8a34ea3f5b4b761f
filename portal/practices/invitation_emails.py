"""The one email an invitation to an address without an account gets, in the portal's voice."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from portal.links import absolute_url
from portal.notifications.site import display_name, site_name
from portal.practices.models import CoAuthorInvitation, InvitationState

TEMPLATE = "practices/email/co_author_invitation"


def send(*, invitation_id: int) -> bool:
    """Email the invitation if it still waits for an answer; True when an email went out."""
    invitation = (
        CoAuthorInvitation.objects.select_related("submission", "invited_by__profile").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.state != InvitationState.PENDING or not invitation.email:
        return False
    context = {
        "site_name": site_name(),
        "site_url": absolute_url("/"),
        "inviter_name": display_name(invitation.invited_by),
        "case_study": invitation.submission.title,
        "role": invitation.get_role_display().lower(),
        "invitation_url": absolute_url(reverse("practices:invitation", args=[invitation.token])),
        "signup_url": absolute_url(reverse("account_signup")),
    }
    subject = f"{context['site_name']}: {context['inviter_name']} invites you to be credited as a co-author"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{TEMPLATE}.txt", {**context, "subject": subject}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    message.attach_alternative(render_to_string(f"{TEMPLATE}.html", {**context, "subject": subject}), "text/html")
    message.send()
    return True
