"""Forms of the review queue: members' reports, the public take-down request, moderators' decisions,
suspensions and the queue's filters."""

from django import forms

from portal.moderation import registry
from portal.moderation.models import MEMBER_REASONS, QueueItem, Reason, RemovalReason, TakedownRequest
from portal.moderation.spam import HoneypotField

NOTE_MAX = 1000


def decline_note_field() -> forms.CharField:
    """The optional note an editor sends a member with the decline of their proposal, in an app's own admin."""
    return forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why it is declined",
        help_text="When you decline a member's proposal, this is sent to them with the decision (optional).",
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you reporting this?",
        choices=[(reason.value, reason.label) for reason in MEMBER_REASONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason for your report."},
    )
    note = forms.CharField(
        label="Anything the moderators should know",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when you choose “Something else”.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Reason.OTHER and not (cleaned.get("note") or "").strip():
            self.add_error("note", "Tell the moderators what is wrong when you choose “Something else”.")
        return cleaned


class TakedownForm(forms.Form):
    page_url = forms.CharField(
        label="The address of the page",
        max_length=500,
        help_text="For example https://…/case-studies/… — copy it from your browser's address bar.",
    )
    reason = forms.ChoiceField(label="What is wrong", choices=TakedownRequest.Reason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label="What should be taken down, and why",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say which words, quote or picture is about you (or the person you act for).",
    )
    name = forms.CharField(label="Your name", max_length=120, required=False)
    email = forms.EmailField(label="Your email address", help_text="Only the editors see it, to reply to you.")
    website = HoneypotField()


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("remove", "Remove"), ("dismiss", "Dismiss")])
    removal_reason = forms.ChoiceField(
        label="Reason (the author is told)", choices=[("", "Choose a reason")] + RemovalReason.choices, required=False
    )
    note = forms.CharField(
        label="Note to the author (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "remove" and not cleaned.get("removal_reason"):
            self.add_error("removal_reason", "Choose a reason for the removal: the author is told it.")
        return cleaned


class BulkDecisionForm(DecisionForm):
    items = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
    select_all = forms.BooleanField(required=False)

    def __init__(self, *args, item_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(pk, pk) for pk in item_ids]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("items") and not cleaned.get("select_all"):
            raise forms.ValidationError("Select at least one item, or all the items that match the filters.")
        return cleaned


SUSPENSION_PERIODS = [("1", "1 day"), ("7", "7 days"), ("30", "30 days"), ("90", "90 days"), ("", "For good")]


class SuspensionForm(forms.Form):
    period = forms.ChoiceField(label="For how long", choices=SUSPENSION_PERIODS, required=False, initial="7")
    reason = forms.CharField(label="Reason (the member is told)", max_length=250)

    @property
    def days(self) -> int | None:
        return int(self.cleaned_data["period"]) if self.cleaned_data.get("period") else None


AGE_CHOICES = [
    ("", "Any age"),
    ("day", "Waiting over a day"),
    ("week", "Waiting over a week"),
    ("month", "Waiting over a month"),
]


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, label="Kind")
    reason = forms.ChoiceField(required=False, label="Reason", choices=[("", "Any reason")] + Reason.choices)
    age = forms.ChoiceField(required=False, label="Age", choices=AGE_CHOICES)
    state = forms.ChoiceField(
        required=False, label="State", choices=[("pending", "Waiting")] + QueueItem.State.choices[1:] + [("all", "All")]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any kind")] + [(kind.name, kind.label) for kind in registry.kinds()]

    def filters(self) -> dict:
        """The selector's arguments; anything invalid falls back to the whole waiting queue."""
        if not self.is_valid():
            return {"state": QueueItem.State.PENDING}
        data = self.cleaned_data
        state = data.get("state") or QueueItem.State.PENDING
        return {
            "state": "" if state == "all" else state,
            "kind": data.get("kind", ""),
            "reason": data.get("reason", ""),
            "age": data.get("age", ""),
        }
