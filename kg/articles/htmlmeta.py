"""Metadata of a news web page read with lxml: headline, date, URL, publisher, byline, captions.

Sources, best first: Open Graph / article meta tags, JSON-LD (schema.org NewsArticle), then the
page itself (<h1>, <time datetime>, <link rel=canonical>, the byline element, <figcaption>)."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from kg.articles.bylines import parse_credit_line, split_names
from kg.articles.clean import normalize_space
from kg.articles.dates import normalize_date

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|NewsArticle", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•)\s+")
# Class/id words of page parts that are not the story; shared with the pruning of the page.
JUNK_WORDS = frozenset("""
nav navbar navigation menu breadcrumb breadcrumbs cookie cookies consent gdpr privacy banner share
sharing social related recommended recirc newsletter newsletters subscribe subscription signup
comment comments disqus promo advert advertisement adverts ads ad sponsor sponsored sidebar footer
foot masthead topbar ticker tags tag topics kicker byline dateline author authors meta tools
toolbar print login popup modal widget outbrain taboola trending popular most more paywall caption
credit hidden skip search header rail teaser teasers also
""".split())
_CONTEXT_WORDS = frozenset({"comment", "comments", "related", "recommended", "sidebar", "footer",
                            "nav", "navigation", "teaser", "teasers", "more", "most", "popular"})
_CONTEXT_TAGS = frozenset({"aside", "nav", "footer"})
_PAGE_TAGS = frozenset({"html", "body", "main", "article"})  # their classes say nothing of a part


@dataclass
class PageMeta:
    title: str = ""
    published: str | None = None
    url: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)  # from meta tags and JSON-LD
    byline_authors: list[str] = field(default_factory=list)  # from the byline shown on the page
    captions: list[str] = field(default_factory=list)
    language: str | None = None


class PageError(ValueError):
    """A page that lxml cannot read whole: empty of elements, or nested deeper than it goes."""


def parse_html(text: str) -> lxml.html.HtmlElement:
    """The page as an lxml tree (the text is already decoded); PageError when there is no page
    or when its elements nest deeper than libxml2 reads (255 levels: it would silently stop)."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except etree.ParserError:
        raise PageError("no article text found (the page is empty)") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise PageError("HTML nested too deeply (more than 255 levels of elements); not read") from None
    return tree


def class_words(el: etree._Element) -> set[str]:
    """The words of an element's class and id ("story-meta adSlot" -> story, meta, ad, slot)."""
    words: set[str] = set()
    for token in f"{el.get('class', '')} {el.get('id', '')}".split():
        for part in re.split(r"[-_:]+", token):
            words.update(w.lower() for w in re.findall(r"[a-z0-9]+|[A-Z][a-z0-9]*", part))
    return words


def in_page_furniture(el: etree._Element) -> bool:
    """Whether `el` sits in comments, related links, navigation or a footer."""
    for anc in el.iterancestors():
        if anc.tag in _PAGE_TAGS:
            continue
        if anc.tag in _CONTEXT_TAGS or class_words(anc) & _CONTEXT_WORDS:
            return True
    return False


def _text(el: etree._Element) -> str:
    return normalize_space(" ".join(el.itertext()))


def _meta(tree: lxml.html.HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            for el in tree.xpath(f'//meta[@{attr}=$key]', key=key):
                content = normalize_space(el.get("content") or "")
                if content:
                    return content
    return None


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    """Every JSON object of the page's JSON-LD blocks, @graph members included."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k == "@graph")


def _ld_article(tree: lxml.html.HtmlElement) -> dict:
    for obj in _json_ld_objects(tree):
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
            return obj
    return {}


def _ld_names(value: object) -> list[str]:
    """Names of a JSON-LD person/organisation value: a string, an object or a list of them."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and normalize_space(name):
            names.append(normalize_space(name))
    return names


def _strip_site_suffix(title: str, publisher: str | None) -> str:
    """"Headline | Site Name" -> "Headline" when the last part names the site."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and publisher and parts[-1].casefold() == publisher.casefold():
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def _headline(tree, ld: dict, publisher: str | None) -> str:
    headline = _meta(tree, "og:title", "twitter:title")
    if not headline and isinstance(ld.get("headline"), str):
        headline = normalize_space(ld["headline"])
    titles = tree.xpath("//title")
    title = _strip_site_suffix(_text(titles[0]), publisher) if titles else ""
    return _strip_site_suffix(headline, publisher) if headline else (_h1(tree, title, publisher) or title)


def _h1(tree, title: str, publisher: str | None) -> str:
    """The <h1> that holds the headline, not the site's name: the one the <title> repeats, else
    the first inside an <article>, else the first that is not the publisher's name."""
    found = [(h, _text(h)) for h in tree.iter("h1") if not in_page_furniture(h)]
    found = [(h, t) for h, t in found if t and t.casefold() != (publisher or "").casefold()]
    for test in (lambda h, t: title and t.casefold() in title.casefold(),
                 lambda h, t: any(a.tag == "article" for a in h.iterancestors()),
                 lambda h, t: True):
        for h, text in found:
            if test(h, text):
                return text
    return ""


def _published(tree, ld: dict) -> str | None:
    candidates = [_meta(tree, "article:published_time"), ld.get("datePublished"),
                  _meta(tree, "datePublished", "date", "pubdate", "publish-date", "dc.date",
                        "dcterms.created", "parsely-pub-date", "sailthru.date")]
    times = tree.xpath('//time[@itemprop="datePublished"][@datetime]') or tree.xpath(
        "//article//time[@datetime]") or tree.xpath("//time[@datetime]")
    candidates += [t.get("datetime") for t in times if not in_page_furniture(t)]
    for value in candidates:
        if isinstance(value, str) and normalize_date(value):
            return normalize_date(value)
    return None


def _url(tree, ld: dict) -> str | None:
    url = _meta(tree, "og:url")
    if not url:
        links = tree.xpath('//link[@rel="canonical"][@href]')
        url = normalize_space(links[0].get("href")) if links else None
    if not url:
        page = ld.get("url") or ld.get("mainEntityOfPage")
        page = page.get("@id") if isinstance(page, dict) else page
        url = page if isinstance(page, str) and page.startswith("http") else None
    return url or None


def _meta_authors(tree, ld: dict) -> list[str]:
    names = _ld_names(ld.get("author"))
    if names:
        return names
    for key in ("author", "article:author", "byl", "parsely-author", "sailthru.author"):
        value = _meta(tree, key)
        if value and not value.startswith("http"):
            return split_names(re.sub(r"^By\s+", "", value, flags=re.I)) or []
    return []


def _byline_authors(tree) -> list[str]:
    """Authors of the byline shown on the page (class "byline"/"author", rel/itemprop author)."""
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "link"):
            continue
        words = class_words(el)
        is_byline = "byline" in words or "author" in words or el.get("rel") == "author" or (
            el.get("itemprop") == "author")
        if not is_byline or in_page_furniture(el):
            continue
        text = re.split(r"\s+[|·•]\s+", _text(el))[0]
        credits = parse_credit_line(text if re.match(r"(?i)by\b", text) else f"By {text}")
        if credits and credits.authors:
            return credits.authors
    return []


def _captions(tree) -> list[str]:
    """Texts of <figcaption> and of elements classed "caption", outside related links and comments."""
    found: list[str] = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or in_page_furniture(el):
            continue
        inner = any(a.tag == "figcaption" or "caption" in class_words(a) for a in el.iterancestors())
        if (el.tag == "figcaption" or "caption" in class_words(el)) and not inner:
            text = _text(el)
            if text and text not in found:
                found.append(text)
    return found


def page_metadata(tree: lxml.html.HtmlElement) -> PageMeta:
    """Everything the page says about its article apart from the story text."""
    ld = _ld_article(tree)
    publisher = _meta(tree, "og:site_name") or next(iter(_ld_names(ld.get("publisher"))), None)
    lang = (tree.get("lang") or "").split("-")[0].strip().lower() or None
    return PageMeta(
        title=_headline(tree, ld, publisher),
        published=_published(tree, ld),
        url=_url(tree, ld),
        publisher=publisher,
        authors=_meta_authors(tree, ld),
        byline_authors=_byline_authors(tree),
        captions=_captions(tree),
        language=lang,
    )
