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
