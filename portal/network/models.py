"""Practitioners, the organisations they work in, and the links between them."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]


class PractitionerRole(models.TextChoices):
    FRONTLINE_WORKER = "frontline-worker", "Frontline worker"
    SERVICE_DESIGNER = "service-designer", "Service designer"
    CHARITY = "charity", "Charity or voluntary sector"
    SOCIAL_ENTREPRENEUR = "social-entrepreneur", "Social entrepreneur"
    CITIZEN = "citizen", "Citizen / person who uses services"
    CARER = "carer", "Carer or family member"
    COMMISSIONER = "commissioner", "Commissioner"
    POLICYMAKER = "policymaker", "Policymaker"
    RESEARCHER = "researcher", "Researcher"


class OpenTo(models.TextChoices):
    MENTORING = "mentoring", "Mentoring"
    COLLABORATION = "collaboration", "Collaboration"
    SITE_VISITS = "site-visits", "Site visits"
    SPEAKING = "speaking", "Speaking"


class Visibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    MEMBERS = "members", "Signed-in members"
    HIDDEN = "hidden", "Only me"


# The profile fields a practitioner may show or hide; display name is always public, email never.
PRIVATE_FIELDS = (
    "headline",
    "roles",
    "organisation",
    "region",
    "service_areas",
    "principles",
    "bio",
    "avatar",
    "links",
    "open_to",
    "groups",  # which groups the member is in (supplied by the groups app, never more than the viewer may see)
)


def default_visibility():
    return {name: Visibility.EVERYONE.value for name in PRIVATE_FIELDS}


def validate_avatar_size(file):
    if file.size > AVATAR_MAX_BYTES:
        raise ValidationError(f"The picture is too large: at most {AVATAR_MAX_BYTES // (1024 * 1024)} MB, please.")


class OrganisationReview(models.TextChoices):
    APPROVED = "approved", "Approved"
    PROPOSED = "proposed", "Proposed, waiting for an editor"
    DECLINED = "declined", "Declined"


class ApprovedOrganisationManager(models.Manager):
    """Organisations the public site shows: proposed and declined ones stay in the admin only."""

    def get_queryset(self):
        return super().get_queryset().filter(review_state=OrganisationReview.APPROVED)


class Organisation(models.Model):
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    # The column keeps the kind's slug, as when kinds were a fixed list: editors now manage them (Taxonomies).
    kind = models.ForeignKey(
        "taxonomy.OrganisationKind",
        to_field="slug",
        db_column="kind",
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    region = models.ForeignKey(
        "taxonomy.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=1000)
    review_state = models.CharField(
        max_length=20,
        choices=OrganisationReview.choices,
        default=OrganisationReview.APPROVED,
        help_text="Organisations members propose with a case study wait here until an editor approves them.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_organisations",
        editable=False,
    )

    # Every query through `objects` (pages, forms, the index, the graph) sees approved organisations only;
    # the admin and related lookups use `all_objects`, the default manager.
    all_objects = models.Manager()
    objects = ApprovedOrganisationManager()

    panels = [
        FieldPanel("review_state"),
        TitleFieldPanel("name", placeholder=False, classname=""),
        FieldPanel("slug", widget=SlugInput),
        # A plain select: Wagtail's snippet chooser looks the kind up by id, but the column holds its slug (500).
        FieldPanel("kind", widget=forms.Select),
        FieldPanel("region"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["name"]
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("network:organisation_detail", args=[self.slug])

    @property
    def is_approved(self):
        return self.review_state == OrganisationReview.APPROVED


class PractitionerProfile(ClusterableModel):
    """One per member: the public face of a practitioner in the network."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    headline = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    region = models.ForeignKey(
        "taxonomy.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="practitioners"
    )
    service_areas = ParentalManyToManyField("taxonomy.ServiceArea", blank=True, related_name="practitioners")
    principles = ParentalManyToManyField(
        "practices.PrinciplePage",
        blank=True,
        related_name="practitioners",
        help_text="Principles of co-production they have experience with.",
    )
    bio = models.TextField(blank=True, max_length=2000)
    avatar = models.ImageField(
        upload_to="avatars/",
        blank=True,
        validators=[FileExtensionValidator(AVATAR_EXTENSIONS), validate_avatar_size],
        help_text="A JPEG, PNG or WebP picture of at most 2 MB.",
    )
    links = models.JSONField(default=list, blank=True, help_text="Web addresses, e.g. a blog or an organisation page.")
    visibility = models.JSONField(
        default=default_visibility, help_text="Who sees each field: everyone, members, hidden."
    )
    suspended_at = models.DateTimeField(null=True, blank=True, editable=False)
    suspension_reason = models.CharField(max_length=250, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("display_name"),
        FieldPanel("slug"),
        FieldPanel("headline"),
        FieldPanel("organisation"),
        FieldPanel("region"),
        InlinePanel("role_entries", label="Roles"),
        FieldPanel("service_areas"),
        FieldPanel("principles"),
        FieldPanel("bio"),
        FieldPanel("avatar"),
        InlinePanel("open_to_entries", label="Open to"),
        MultiFieldPanel([FieldPanel("links"), FieldPanel("visibility")], heading="Links and visibility"),
    ]

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("network:profile_detail", args=[self.slug])

    @property
    def is_suspended(self):
        return self.suspended_at is not None

    def visibility_of(self, field_name):
        return (self.visibility or {}).get(field_name, Visibility.EVERYONE)


class ProfileRole(models.Model):
    profile = ParentalKey(PractitionerProfile, on_delete=models.CASCADE, related_name="role_entries")
    role = models.CharField(max_length=30, choices=PractitionerRole.choices)

    panels = [FieldPanel("role")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "role"], name="unique_profile_role")]
        indexes = [models.Index(fields=["role"])]

    def __str__(self):
        return self.get_role_display()


class ProfileOpenTo(models.Model):
    profile = ParentalKey(PractitionerProfile, on_delete=models.CASCADE, related_name="open_to_entries")
    offer = models.CharField(max_length=30, choices=OpenTo.choices)

    panels = [FieldPanel("offer")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "offer"], name="unique_profile_open_to")]
        indexes = [models.Index(fields=["offer"])]

    def __str__(self):
        return self.get_offer_display()


class Follow(models.Model):
    """One practitioner following another."""

    follower = models.ForeignKey(PractitionerProfile, on_delete=models.CASCADE, related_name="following_links")
    followed = models.ForeignKey(PractitionerProfile, on_delete=models.CASCADE, related_name="follower_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="unique_follow"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("followed")), name="no_self_follow"),
        ]

    def __str__(self):
        return f"{self.follower} follows {self.followed}"


class MemberBlock(models.Model):
    """A member keeping away from another: no contact, no mentions and no notifications from them."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="network_one_block"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="network_no_self_block"),
        ]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"


class MemberMute(models.Model):
    """A member folding away another's comments, for themselves only (the other is not told)."""

    muter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes_made")
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes_received")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["muter", "muted"], name="network_one_mute"),
            models.CheckConstraint(condition=~models.Q(muter=models.F("muted")), name="network_no_self_mute"),
        ]

    def __str__(self):
        return f"{self.muter_id} mutes {self.muted_id}"


class ContactMessage(models.Model):
    """A message one member sent another through "Contact this practitioner": relayed by email without either
    address, kept so the recipient may reply through the portal and moderators can look into a report."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_sent")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_received")
    about = models.CharField(max_length=20, choices=OpenTo.choices, blank=True, help_text="Empty for a reply.")
    message = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.sender_id} to {self.recipient_id} at {self.created_at:%Y-%m-%d %H:%M}"
