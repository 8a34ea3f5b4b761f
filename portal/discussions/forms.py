"""Forms of the discussions: starting a topic, and the comment form xtd's post view validates."""

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django_comments_xtd.forms import XtdCommentForm
from django_comments_xtd.models import XtdComment, max_thread_level_for_content_type

from portal.discussions import selectors, services
from portal.discussions.models import Frequency
from portal.practices.models import CaseStudyPage, PrinciplePage


class TopicForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Give the topic a title."})
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
        error_messages={"required": "Say what you would like to discuss."},
        help_text="Markdown: **bold**, *italic*, lists, > quotes and [links](https://example.org).",
    )
    case_study = forms.ModelChoiceField(
        queryset=CaseStudyPage.objects.none(),
        required=False,
        label="Related case study (optional)",
    )
    principle = forms.ModelChoiceField(
        queryset=PrinciplePage.objects.none(),
        required=False,
        label="Related principle (optional)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's public() reads view restrictions when called, so not at import time.
        self.fields["case_study"].queryset = CaseStudyPage.objects.live().public().order_by("title")
        self.fields["principle"].queryset = PrinciplePage.objects.live().public().order_by("title")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the topic a title.")
        return title

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Say what you would like to discuss.")
        return body


class ThreadCommentForm(XtdCommentForm):
    """xtd's form with the portal's rules: not empty, open thread, same thread, depth limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].error_messages["required"] = "Write something before posting."

    def clean_comment(self):
        comment = super().clean_comment().strip()
        if not comment:
            raise forms.ValidationError("Write something before posting.")
        return comment

    def clean(self):
        cleaned_data = super().clean()
        target = self.target_object
        if not selectors.is_open_for_replies(target):
            raise forms.ValidationError("This thread is locked: it takes no new replies.")
        reply_to = cleaned_data.get("reply_to") or 0
        if reply_to:
            content_type = ContentType.objects.get_for_model(target)
            parent = XtdComment.objects.filter(
                pk=reply_to,
                content_type=content_type,
                object_pk=str(target.pk),
                is_public=True,
                is_removed=False,
            ).first()
            if parent is None:
                raise forms.ValidationError("You can only reply to a published comment in this thread.")
            max_level = max_thread_level_for_content_type(content_type)
            if parent.level >= max_level:
                raise forms.ValidationError(
                    f"Replies nest {max_level + 1} levels deep at most: reply to an earlier comment instead."
                )
        return cleaned_data


class FollowedThreadsForm(forms.Form):
    """Each followed thread's own choice, a section of the notification settings page (the thread pages say
    the same, since both read the one subscription)."""

    def __init__(self, user, data=None):
        super().__init__(data)
        self.user = user
        self.subscriptions = selectors.followed_threads(user)
        for subscription in self.subscriptions:
            self.fields[f"thread_{subscription.pk}"] = forms.ChoiceField(
                choices=[("", "As for all the discussions I follow"), *Frequency.choices],
                required=False,
                label=str(subscription.target),
                initial=subscription.frequency,
            )

    def thread_fields(self):
        return [self[f"thread_{subscription.pk}"] for subscription in self.subscriptions]

    def save(self):
        for subscription in self.subscriptions:
            services.follow(
                user=self.user, target=subscription.target, frequency=self.cleaned_data[f"thread_{subscription.pk}"]
            )


class CommentEditForm(forms.Form):
    """A new text for one's own comment: the same rules as posting (not empty, the length limit)."""

    comment = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.COMMENT_MAX_LENGTH,
        error_messages={"required": "Write something before saving, or delete the comment instead."},
        help_text="Markdown works: **bold**, *italic*, lists and links. Mention a member with @ and their handle.",
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError("Write something before saving, or delete the comment instead.")
        return comment


TOPIC_SORTS = {"activity": "Latest activity", "replies": "Most replies", "newest": "Newest"}


class TopicSortForm(forms.Form):
    """How a forum's topics are ordered (an unknown value falls back to latest activity)."""

    sort = forms.ChoiceField(choices=list(TOPIC_SORTS.items()), required=False, label="Sort topics by")

    def sort_key(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_valid() else "") or "activity"
