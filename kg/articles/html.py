"""Web pages: the story text by trafilatura on a page stripped of its furniture, metadata by lxml.

Before trafilatura sees the page, the parts that are never the story are cut out (navigation,
cookie banners, related links, comments, share bars, bylines, captions), so names that appear only
there cannot reach the body. Trafilatura then picks the main text, favouring precision; when it
keeps much less than the page's own article element holds, that element's paragraphs are used."""
from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree

from kg.articles.build import MAX_CHARS, Parts, check_raw_size
from kg.articles.clean import normalize_space
from kg.articles.htmlmeta import JUNK_WORDS, PageError, class_words, page_metadata, parse_html
from kg.errors import ArticleError

_JUNK_TAGS = frozenset("""script style noscript template nav aside footer header form button input
select textarea label iframe svg canvas figure figcaption h1 dialog menu""".split())
_JUNK_ROLES = frozenset("""navigation banner contentinfo complementary dialog alertdialog search
menu menubar toolbar""".split())
_INLINE = frozenset("span a b i em strong small time abbr cite sup sub mark q".split())
_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_MIN_SHARE = 0.6  # trafilatura must keep this share of the article element's text


def _paragraph_text(el: etree._Element) -> int:
    return sum(len(" ".join(p.itertext()).strip()) for p in el.iter("p"))


def _main_node(tree: lxml.html.HtmlElement) -> etree._Element | None:
    """The element holding the story: articleBody, else the largest <article>, else <main>."""
    for xpath in ('//*[@itemprop="articleBody"]', "//article", "//main", '//*[@role="main"]'):
        found = tree.xpath(xpath)
        if found:
            return max(found, key=_paragraph_text)
    return None


def _is_junk(el: etree._Element) -> bool:
    if el.tag in _JUNK_TAGS or el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if (el.get("role") or "").lower() in _JUNK_ROLES:
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", el.get("style") or ""):
        return True
    inline_in_text = el.tag in _INLINE and any(a.tag == "p" for a in el.iterancestors())
    return not inline_in_text and bool(class_words(el) & JUNK_WORDS)


def prune(tree: lxml.html.HtmlElement, main: etree._Element | None) -> None:
    """Cut out the page furniture in place; never `main` or what contains it, nor most of its text."""
    keep = {main, *main.iterancestors()} if main is not None else set()
    main_text = _paragraph_text(main) if main is not None else 0
    stack = [tree]
    while stack:
        el = stack.pop()
        for child in list(el):
            if not isinstance(child.tag, str):  # comments and processing instructions
                continue
            if child not in keep and _is_junk(child) and not (
                    main_text and _paragraph_text(child) > main_text / 2 and child.tag not in _JUNK_TAGS):
                child.drop_tree()
            else:
                stack.append(child)


def _trafilatura_paragraphs(tree: lxml.html.HtmlElement) -> list[str]:
    doc = trafilatura.bare_extraction(
        tree, favor_precision=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False, with_metadata=False)
    body = getattr(doc, "body", None)
    if body is None:
        return []
    for lb in body.iter("lb"):
        lb.tail = "\n" + (lb.tail or "")
    paragraphs: list[str] = []
    for child in body:
        items = child.iter("item") if child.tag == "list" else [child]
        for item in items:
            text = "".join(item.itertext()).strip()
            if text and child.tag != "table":
                paragraphs.append(text)
    return paragraphs


def _node_paragraphs(main: etree._Element) -> list[str]:
    return [t for t in (normalize_space(" ".join(el.itertext())) for el in main.iter(*_BLOCKS)
                        if not any(a.tag in _BLOCKS for a in el.iterancestors())) if t]


def story_paragraphs(tree: lxml.html.HtmlElement) -> list[str]:
    """The story's paragraphs of a parsed page (the tree is pruned in place)."""
    main = _main_node(tree)
    prune(tree, main)
    paragraphs = _trafilatura_paragraphs(tree)
    if main is not None:
        own = _node_paragraphs(main)
        if sum(map(len, paragraphs)) < _MIN_SHARE * sum(map(len, own)):
            return own
    return paragraphs


def html_parts(text: str, *, id: str, path: str, line: int | None = None, max_chars: int = MAX_CHARS,
               prefix: str = "") -> Parts:
    """The pieces of the article of an HTML page; ArticleError when the page is far too large,
    empty or nested too deeply to be read whole."""
    check_raw_size(len(text), "html", max_chars, path, line, prefix)
    try:
        meta = page_metadata(parse_html(text))
        paragraphs = story_paragraphs(parse_html(text))
    except PageError as exc:
        raise ArticleError(path, f"{prefix}{exc}", line) from None
    return Parts(id=id, text="\n\n".join(paragraphs), path=path, line=line, title=meta.title,
                 published=meta.published, url=meta.url, publisher=meta.publisher,
                 authors=meta.authors, page_authors=meta.byline_authors, captions=meta.captions,
                 language=meta.language)
