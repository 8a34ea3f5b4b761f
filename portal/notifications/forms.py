"""The form of a member's notification settings: one choice of delivery per registered kind."""

from django import forms
from django.urls import reverse

from portal.notifications import selectors, services
from portal.notifications.kinds import kinds
from portal.notifications.models import Delivery


class NotificationSettingsForm(forms.Form):
    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = selectors.deliveries_of(user)
        for kind in kinds():
            if not kind.offered_to(user):
                continue
            self.fields[kind.name] = forms.ChoiceField(
                choices=Delivery.choices,
                label=kind.label,
                help_text=kind.description,
                initial=chosen.get(kind.name, kind.default_delivery),
                widget=forms.RadioSelect,
            )

    def save(self) -> None:
        for name, delivery in self.cleaned_data.items():
            services.set_delivery(user=self.user, kind=name, delivery=delivery)


class ReturnPageForm(forms.Form):
    """Which page of the list to go back to after marking notifications read."""

    page = forms.IntegerField(min_value=1, required=False)

    def return_url(self) -> str:
        page = self.cleaned_data.get("page") if self.is_valid() else None
        url = reverse("notifications:list")
        return f"{url}?page={page}" if page and page > 1 else url
