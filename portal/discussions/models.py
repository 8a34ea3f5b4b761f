"""Forums editors manage and the topics members start in them; replies are django-comments-xtd comments."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Forum(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0, help_text="Forums are listed by this number, lowest first.")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("discussions:forum", kwargs={"forum_slug": self.slug})


class Topic(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220)
    body = models.TextField(help_text="Markdown.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="topics"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False, help_text="A locked topic takes no new replies.")
    case_study = models.ForeignKey(
        "practices.CaseStudyPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    principle = models.ForeignKey(
        "practices.PrinciplePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        constraints = [models.UniqueConstraint(fields=["forum", "slug"], name="discussions_topic_unique_slug")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:topic", kwargs={"forum_slug": self.forum.slug, "topic_slug": self.slug})


# The notification kinds this app registers (apps.py) and sends (services.py).
COMMENT_KIND = "discussions.comment"
REPLY_KIND = "discussions.reply"
MENTION_KIND = "discussions.mention"
TOPIC_KIND = "discussions.topic"


class Frequency(models.TextChoices):
    """A thread's own choice of how its follower hears of new comments (the values are notification deliveries)."""

    IMMEDIATE = "immediate", "An email for each new comment"
    DAILY = "daily", "A daily digest"
    WEEKLY = "weekly", "A weekly digest"
    SITE = "site", "In the site only, no email"
    NONE = "none", "Stop following"


class Subscription(models.Model):
    """A member following a thread: a topic or any other discussable object, such as a case study."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_subscriptions"
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, blank=True, help_text="Empty: the member's own setting."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="discussions_one_subscription")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.user} follows {self.content_type.model} {self.object_id}"


class Reaction(models.Model):
    """A member's reaction to a comment: one of each kind at most."""

    class Kind(models.TextChoices):
        LIKE = "like", "Like"
        AGREE = "agree", "Agree"

    comment = models.ForeignKey("django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reactions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user", "kind"], name="discussions_one_reaction")]

    def __str__(self):
        return f"{self.user} {self.kind} comment {self.comment_id}"


class LatePublication(models.Model):
    """A moderator's change to what a thread shows: a comment published after it was posted (held, then
    published or restored), or, with `is_removal`, a published comment removed or held.

    Its id is a second cursor for readers who reconnect: a comment published late may have a lower id
    than the last one they saw, and a removal has no comment id of its own, so catch-up sends these by
    their own sequence as well.
    """

    comment = models.ForeignKey("django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_pk = models.CharField(max_length=64)
    is_removal = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_pk", "id"])]

    def __str__(self):
        return f"comment {self.comment_id} published late"


class CommentRevision(models.Model):
    """An earlier text of a comment, kept for moderators when its author edits or deletes it.

    The latest row says what happened last: an edit (`is_deletion` false, the comment shows "edited")
    or the author's deletion (the comment stays as a placeholder where replies hang from it).
    """

    comment = models.ForeignKey("django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(help_text="The text before this change.")
    is_deletion = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["comment", "created_at", "pk"]
        indexes = [models.Index(fields=["comment", "created_at"])]

    def __str__(self):
        return f"{'deletion' if self.is_deletion else 'edit'} of comment {self.comment_id}"


class TopicVisit(models.Model):
    """The newest comment a member had seen in a topic when they last opened it: what "new" means for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_visits")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="visits")
    last_seen_comment_id = models.PositiveBigIntegerField(default=0)
    visited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="discussions_one_visit_per_topic")]

    def __str__(self):
        return f"{self.user_id} saw topic {self.topic_id} up to comment {self.last_seen_comment_id}"
