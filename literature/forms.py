"""The reader's comment form: name and plain-text comment, with a honeypot for bots."""

from django import forms

from literature.models import Comment

HONEYPOT_FIELD = "website"


class CommentForm(forms.ModelForm):
    # Hidden from people by CSS and from assistive technology by aria-hidden; bots that fill
    # every field fill this one, and the comment is refused.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Comment
        fields = ["name", "body"]
        labels = {"name": "Name", "body": "Comment"}
        help_texts = {"body": "Plain text. Comments appear after a moderator approves them."}
        error_messages = {
            "name": {"required": "Please give a name."},
            "body": {"required": "Please write a comment."},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name", "maxlength": 100}),
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        }

    MAX_BODY = 5000

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Please give a name.")
        return name

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Please write a comment.")
        if len(body) > self.MAX_BODY:
            raise forms.ValidationError(f"Please keep a comment under {self.MAX_BODY} characters.")
        return body

    def clean(self):
        cleaned = super().clean()
        if self.is_bot:
            raise forms.ValidationError(
                "Your comment could not be accepted. If you are a person, leave the last field empty.",
                code="honeypot",
            )
        return cleaned
