from wagtail import blocks


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "culture/blocks/heading.html"
        label = "小标题"
        preview_value = "一、事故经过"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="标题", required=False)
    text = blocks.TextBlock(label="内容")

    class Meta:
        icon = "warning"
        template = "culture/blocks/callout.html"
        label = "要点提示"
        preview_value = {"title": "警示", "text": "动火作业必须办理作业票，严格执行“三不动火”。"}


class CultureBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label="段落",
        features=["bold", "italic", "ol", "ul", "link", "document-link"],
        icon="pilcrow",
    )
    callout = CalloutBlock()
    quote = blocks.BlockQuoteBlock(label="引用", icon="openquote")
