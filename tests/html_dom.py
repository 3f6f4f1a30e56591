"""A strict little HTML tree for the tests of the audit view (toolkit.show): parsing a
page with it fails on markup that is not well formed."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"meta", "br", "img", "input", "link", "hr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.classes)]

    def text(self, skip: str | None = None) -> str:
        """The text inside, leaving out elements of class ``skip`` (the pop-ups)."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif skip is None or skip not in child.classes:
                parts.append(child.text(skip))
        return "".join(parts)


class Tree(HTMLParser):
    """A strict little DOM: every end tag must close the element open last."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.node = self.root
        self.feed(markup)
        self.close()
        assert self.node is self.root, f"unclosed <{self.node.tag}>"

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.node)
        self.node.children.append(node)
        if tag not in VOID:
            self.node = node

    def handle_endtag(self, tag):
        assert tag == self.node.tag, f"</{tag}> closes <{self.node.tag}>: not well formed"
        self.node = self.node.parent

    def handle_data(self, data):
        self.node.children.append(data)
