"""Background work of practices: the email inviting someone who is not a member to be a co-author."""

from django_tasks import task

from portal.practices import invitation_emails


@task()
def send_co_author_invitation(invitation_id: int) -> bool:
    return invitation_emails.send(invitation_id=invitation_id)
