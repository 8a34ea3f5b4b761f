"""Forms that parse what members send: the listing's filters, proposals, invitations, notices."""

from django import forms

from portal.groups.models import Access, GroupKind, Role
from portal.groups.selectors import GroupFilters
from portal.network import selectors as network
from portal.taxonomy.models import Region, ServiceArea


class GroupFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    region = forms.SlugField(required=False)
    service_area = forms.SlugField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", "Any")] + GroupKind.choices)

    def filters(self) -> GroupFilters:
        """The filters asked for; anything malformed is ignored rather than refused."""
        if not self.is_valid():
            return GroupFilters()
        data = self.cleaned_data
        return GroupFilters(
            region=data["region"], service_area=data["service_area"], kind=data["kind"], query=data["q"].strip()
        )


class ProposalForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name of the group")
    kind = forms.ChoiceField(choices=GroupKind.choices, widget=forms.RadioSelect, initial=GroupKind.TOPIC, label="Kind")
    access = forms.ChoiceField(
        choices=Access.choices, widget=forms.RadioSelect, initial=Access.OPEN, label="Who can join"
    )
    summary = forms.CharField(max_length=300, label="In one sentence, what is the group for?")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, label="More about it")
    region = forms.ModelChoiceField(queryset=Region.objects.all(), required=False, label="Region (for regional groups)")
    service_area = forms.ModelChoiceField(queryset=ServiceArea.objects.all(), required=False, label="Service area")

    def clean(self):
        data = super().clean()
        if data.get("kind") == GroupKind.REGIONAL and not data.get("region"):
            self.add_error("region", "Choose the region of a regional group.")
        return data


class InviteForm(forms.Form):
    person = forms.CharField(
        max_length=150, label="Display name of the member to invite", help_text="As it appears on their profile."
    )

    def clean_person(self):
        profile = network.profile_named(self.cleaned_data["person"])
        if profile is None:
            raise forms.ValidationError("No member has that display name. Check the spelling on their profile.")
        return profile.user


class NoticeForm(forms.Form):
    subject = forms.CharField(max_length=120, label="Subject")
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=2000, label="Message")


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class AdminRoleForm(forms.Form):
    """An editor's choice of role for someone in a group."""

    role = forms.ChoiceField(choices=Role.choices)

    @property
    def role_phrase(self) -> str:
        return "an organiser" if self.cleaned_data["role"] == Role.ORGANISER else "a member"


class AdminMemberForm(AdminRoleForm):
    """An editor adds someone (found by name or email address) to a group."""

    user = forms.IntegerField(min_value=1)
