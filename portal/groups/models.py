"""Regional and topic groups where practitioners meet, and who belongs to each.

Who may see a group's members, events and discussions is decided in one place,
`portal.groups.selectors`; every other app asks there.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class GroupKind(models.TextChoices):
    REGIONAL = "regional", "Regional group"
    TOPIC = "topic", "Topic group"


class Access(models.TextChoices):
    OPEN = "open", "Open: anyone can join"
    REQUEST = "request", "By request: organisers approve members"
    INVITE = "invite", "Invite only: hidden from everyone else"


class GroupStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed by a member, waiting for an editor"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    ARCHIVED = "archived", "Archived"


class Group(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=GroupKind.choices, default=GroupKind.TOPIC)
    access = models.CharField(max_length=16, choices=Access.choices, default=Access.OPEN)
    status = models.CharField(max_length=16, choices=GroupStatus.choices, default=GroupStatus.ACTIVE)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    region = models.ForeignKey(
        "taxonomy.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="groups"
    )
    service_area = models.ForeignKey(
        "taxonomy.ServiceArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="groups"
    )
    # The group's own forum in the discussions app; its topics are as private as the group.
    forum = models.OneToOneField(
        "discussions.Forum", null=True, blank=True, on_delete=models.SET_NULL, related_name="group"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        """Open groups show their members, events and discussions to everyone."""
        return self.access == Access.OPEN and self.status == GroupStatus.ACTIVE


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    ORGANISER = "organiser", "Organiser"


class MembershipState(models.TextChoices):
    ACTIVE = "active", "Member"
    REQUESTED = "requested", "Asked to join"
    INVITED = "invited", "Invited"


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=16, choices=MembershipState.choices, default=MembershipState.ACTIVE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="groups_one_membership_per_user")]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self):
        return f"{self.user} in {self.group} ({self.state})"
