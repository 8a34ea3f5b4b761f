"""Forms of the account pages: sign-in alerts and deleting an account."""

from allauth.mfa.base.forms import ReauthenticateForm
from allauth.mfa.models import Authenticator
from django import forms


class SignInAlertsForm(forms.Form):
    email_on_new_browser = forms.BooleanField(
        required=False, label="Email me when my account is signed in from a browser it has not used before"
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label="A code from your authenticator app, or one of your recovery codes",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    keep_comment_text = forms.BooleanField(
        required=False,
        label="Keep the text of my comments and topics in their threads, shown as by “a former member”",
        help_text="Left unticked, the text is removed and the thread shows that a comment was removed.",
    )
    confirm = forms.BooleanField(label="I understand that this cannot be undone")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_code = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
        ).exists()
        if not self.needs_code:
            del self.fields["code"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_code(self):
        code = self.cleaned_data.get("code", "").strip()
        if not code:
            raise forms.ValidationError("Enter a code from your authenticator app or a recovery code.")
        # allauth's own check: rate-limited, and a code once used is refused.
        second_factor = ReauthenticateForm(data={"code": code}, user=self.user)
        if not second_factor.is_valid():
            raise forms.ValidationError(second_factor.errors["code"])
        return code
