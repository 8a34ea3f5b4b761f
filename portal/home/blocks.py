"""Blocks of standard pages and of the editor-managed navigation."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from portal.practices.blocks import DocumentBlock, HeadingBlock, ImageBlock, ParagraphBlock, QuoteBlock, VideoBlock


class LinkValue(blocks.StructValue):
    def href(self):
        page = self.get("page")
        return page.url if page else self.get("url")


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False, help_text="A page of this site...")
    url = blocks.URLBlock(required=False, help_text="...or an address elsewhere.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or enter an address, not both.")}
            )
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue
        template = "blocks/link_block.html"
        description = "A labelled link to a page of the site or an outside address."
        preview_value = {"label": "Accessibility statement", "url": "https://example.org/accessibility"}


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    document = DocumentBlock()
    embed = VideoBlock()
