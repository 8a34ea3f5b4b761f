"""Forms of the network: the directory's and the graph's filters, the extra sign-up field, and a practitioner's
own profile with per-field visibility."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import format_html

from portal.accounts.services import record_terms_consent
from portal.accounts.uploads import without_metadata
from portal.network import work
from portal.network.graph import GraphFilters
from portal.network.models import (
    PRIVATE_FIELDS,
    OpenTo,
    Organisation,
    PractitionerProfile,
    PractitionerRole,
    Visibility,
)
from portal.network.selectors import DirectoryFilters
from portal.network.services import ensure_profile, rename_profile
from portal.taxonomy.forms import SlugsField
from portal.taxonomy.selectors import all_regions, all_service_areas

AVATAR_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_LINKS = 5


TERMS_PATH, PRIVACY_PATH = "/terms/", "/privacy/"


class SignupForm(forms.Form):
    """Extra field on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): the name others will see."""

    display_name = forms.CharField(
        label="Your name",
        max_length=120,
        help_text="Shown on your profile and next to what you write. Your email address is never shown.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    terms = forms.BooleanField(
        # The pages the demo content creates (home.services): the sign-up form links to what is agreed to.
        label=format_html(
            'I agree to the <a href="{}">terms of use</a> and the <a href="{}">privacy notice</a>',
            TERMS_PATH,
            PRIVACY_PATH,
        ),
        label_suffix="",
        error_messages={"required": "Please agree to the terms of use and the privacy notice to sign up."},
    )

    def signup(self, request, user):
        rename_profile(profile=ensure_profile(user=user), display_name=self.cleaned_data["display_name"])
        record_terms_consent(user=user, version=settings.TERMS_VERSION)


class ProfileForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        choices=PractitionerRole.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Your roles"
    )
    open_to = forms.MultipleChoiceField(
        choices=OpenTo.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Open to"
    )
    service_areas = forms.ModelMultipleChoiceField(
        queryset=all_service_areas(), required=False, widget=forms.CheckboxSelectMultiple
    )
    principles = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Principles you have experience with",
    )
    links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Up to {MAX_LINKS} web addresses, one per line, starting with https://",
    )

    class Meta:
        model = PractitionerProfile
        fields = ["display_name", "headline", "organisation", "region", "bio", "avatar"]
        labels = {"display_name": "Your name", "avatar": "Picture"}
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.instance
        self.fields["organisation"].queryset = Organisation.objects.all()
        self.fields["region"].queryset = all_regions()
        self.fields["principles"].queryset = work.principles()
        self.fields["avatar"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        if profile.pk:
            self.initial.setdefault("roles", [e.role for e in profile.role_entries.all()])
            self.initial.setdefault("open_to", [e.offer for e in profile.open_to_entries.all()])
            self.initial.setdefault("links", "\n".join(profile.links or []))
        for name in PRIVATE_FIELDS:
            self.fields[f"{name}_visibility"] = forms.ChoiceField(
                choices=Visibility.choices,
                initial=profile.visibility_of(name),
                label="Who can see this",
                widget=forms.Select(attrs={"class": "visibility-select"}),
            )
        # Added with groups: a form sent without it keeps the member's current choice.
        self.fields["groups_visibility"].required = False

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        image = getattr(avatar, "image", None)  # set by forms.ImageField on a fresh upload
        if image is not None and image.format not in AVATAR_FORMATS:
            raise ValidationError("Please upload a JPEG, PNG or WebP picture.")
        if image is not None:
            return without_metadata(avatar)  # no camera, date or location leaves the member's device
        return avatar

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(f"Please give at most {MAX_LINKS} links.")
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError as error:
                raise ValidationError(f"“{line}” is not a web address starting with https://") from error
        return lines

    def visibility_field(self, name):
        return self[f"{name}_visibility"]

    def changes(self) -> dict:
        """Keyword arguments for services.update_profile."""
        data = self.cleaned_data
        return {
            "display_name": data["display_name"],
            "headline": data["headline"],
            "organisation": data["organisation"],
            "region": data["region"],
            "bio": data["bio"],
            # The ModelForm already resolved upload / keep / clear onto the instance.
            "avatar": self.instance.avatar,
            "links": data["links"],
            "roles": data["roles"],
            "open_to": data["open_to"],
            "service_areas": data["service_areas"],
            "principles": data["principles"],
            "visibility": {
                name: data[f"{name}_visibility"] or self.instance.visibility_of(name) for name in PRIVATE_FIELDS
            },
        }


QUERY_MAX_LENGTH = 100


class DirectoryFilterForm(forms.Form):
    """The directory's query string: a name or headline, and slugs or values per facet."""

    q = forms.CharField(required=False)
    role = SlugsField()
    region = SlugsField()
    service_area = SlugsField()
    principle = SlugsField()
    open_to = SlugsField()
    group = SlugsField()

    def filters(self) -> DirectoryFilters:
        """The chosen filters; values that cannot be valid are dropped, never an error."""
        self.is_valid()
        data = self.cleaned_data
        return DirectoryFilters(
            q=data.get("q", "")[:QUERY_MAX_LENGTH],
            roles=[role for role in data.get("role", []) if role in PractitionerRole.values],
            regions=data.get("region", []),
            service_areas=data.get("service_area", []),
            principles=data.get("principle", []),
            open_to=[offer for offer in data.get("open_to", []) if offer in OpenTo.values],
            groups=data.get("group", []),
        )


class GraphFilterForm(forms.Form):
    """The network graph's query string: a region and a service area by slug, a member by slug, or "my network"."""

    region = forms.CharField(required=False)
    service_area = forms.CharField(required=False)
    member = forms.CharField(required=False)
    mine = forms.BooleanField(required=False)

    def filters(self) -> GraphFilters:
        self.is_valid()
        data = self.cleaned_data
        return GraphFilters(
            region=data.get("region", "")[:QUERY_MAX_LENGTH],
            service_area=data.get("service_area", "")[:QUERY_MAX_LENGTH],
            member=data.get("member", "")[:QUERY_MAX_LENGTH],
            mine=bool(data.get("mine")),
        )


class ContactForm(forms.Form):
    """A message to a practitioner: what it is about (among what they are open to) and the text."""

    about = forms.ChoiceField(label="What it is about", required=False)
    message = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=2000,
        error_messages={"required": "Write a message before sending."},
        help_text="At most 2,000 characters. Your email address is not shown; replies come through the portal.",
    )

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        if offers:
            self.fields["about"].choices = list(offers)
            self.fields["about"].required = True
        else:  # a reply to someone who wrote first
            del self.fields["about"]

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError("Write a message before sending.")
        return message
