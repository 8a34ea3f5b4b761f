"""StreamField blocks of principles and case studies, each with a preview for editors."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

SECTION_KINDS = [
    ("context", "Context"),
    ("what_was_done", "What was done"),
    ("who_was_involved", "Who was involved"),
    ("challenges", "Challenges"),
    ("lessons", "Lessons"),
    ("other", "Other"),
]
SECTION_HEADINGS = dict(SECTION_KINDS)
TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class SectionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=SECTION_KINDS, default="context")
    heading = blocks.CharBlock(required=False, max_length=120, help_text="Leave blank to use the kind's name.")
    text = blocks.RichTextBlock(features=TEXT_FEATURES)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = value.get("heading") or SECTION_HEADINGS.get(value.get("kind"), "")
        return context

    class Meta:
        icon = "doc-full"
        template = "blocks/section_block.html"
        description = "A titled part of the story: context, what was done, who was involved, challenges, lessons."
        preview_value = {
            "kind": "what_was_done",
            "text": "<p>Residents and council officers redesigned the collection round together.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(max_length=120)
    role = blocks.CharBlock(required=False, max_length=120, help_text="e.g. 'carer', 'resident', 'commissioner'")

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "Words of someone who uses or runs the service, with who said them."
        preview_value = {
            "text": "For the first time somebody asked what I could bring, not what was wrong with me.",
            "attribution": "A member of the time bank",
            "role": "resident",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "A photograph or diagram, with an optional caption."


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/document_block.html"
        description = "A report, evaluation or toolkit readers can download."


class KeyFactBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=20, help_text="e.g. '38%' or '1,200'")
    label = blocks.CharBlock(max_length=80)


class KeyFactsBlock(blocks.StructBlock):
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1, max_num=4)

    class Meta:
        icon = "pick"
        template = "blocks/key_facts_block.html"
        description = "Up to four headline figures shown side by side."
        preview_value = {
            "facts": [{"value": "38%", "label": "fewer missed collections"}, {"value": "1,200", "label": "households"}]
        }


class VideoBlock(blocks.StructBlock):
    embed = EmbedBlock(help_text="A link to a video or other embeddable page.")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        description = "An embedded video or other media from a link."


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = "A sub-heading."
        preview_value = "What we learnt"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        description = "Text with links and lists."
        preview_value = "<p>People who use services bring skills and time that services too often overlook.</p>"


class CaseStudyBodyBlock(blocks.StreamBlock):
    section = SectionBlock()
    quote = QuoteBlock()
    key_facts = KeyFactsBlock()
    image = ImageBlock()
    document = DocumentBlock()
    embed = VideoBlock()


class PrincipleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = ImageBlock()
