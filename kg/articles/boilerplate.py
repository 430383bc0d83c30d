"""Site boilerplate of scraped news pages and photo captions, as data: one pattern per kind of line.

Every pattern must match a whole paragraph (case-insensitive), so a story paragraph that merely
contains "according to" or "read more" is never taken for boilerplate."""
from __future__ import annotations

import re

# Blocks that end the story: everything from the first of them on is dropped.
END_OF_STORY = [
    r"you (?:may|might) also (?:like|enjoy|be interested in)\b.{0,40}",
    r"(?:related|recommended|suggested|similar|more|latest|popular|top|trending)"
    r" (?:posts?|articles?|stories|news|reads?|coverage|content|links|videos)"
    r"(?:\s*(?:[:(»›].{0,20}|from [\w ]{1,30}))?",
    r"related(?: (?:topics|reading))?:?",
    r"recommended(?: for you)?:?",
    r"more (?:from|on|about|in) (?-i:[A-Z])[\w&'’ ,.-]{0,40}:?",
    r"(?:read|see) (?:also|next)\b.{0,10}",
    r"(?:most|top) (?:read|popular|viewed|shared)\b.{0,20}",
    r"leave a (?:reply|comment|response)\b.{0,40}",
    r"add (?:a|your) comment\b.{0,20}",
    r"post (?:a|your) comment\b.{0,20}",
    r"(?:\d+\s+)?(?:reader )?comments?(?: \(\d+\))?:?",
    r"(?:show|view|load|see) (?:all )?comments\b.{0,20}",
    r"join the (?:discussion|conversation|debate)\b.{0,60}",
]

# Single lines of site furniture, removed wherever they appear.
LINES = [
    r"read (?:more|the full story|full article)\b.{0,150}",
    r"(?:also read|read also|see also|watch|listen):.{0,150}",
    r"advertisement|advertising|sponsored(?: content)?|ad",
    r"(?:story|article) continues (?:below|after)\b.{0,30}",
    r"scroll (?:down )?to continue\b.{0,30}",
    r"(?:subscribe|sign up)\b.{0,40}\bnewsletters?\b.{0,120}",
    r"share (?:this|the) (?:article|story|post|page)?\b.{0,80}",
    r"share(?: this)?:?|share on \w+.{0,60}|click to share\b.{0,80}",
    r"(?:facebook|twitter|x|whatsapp|linkedin|telegram|email|e-mail|print|reddit|copy link)",
    r"(?:tags?|topics?|filed under|categories|category|keywords)\s*:.{0,200}",
    r"(?:previous|next|prev|older|newer) (?:article|post|story|entry)\b.{0,200}",
    r"(?:we|this (?:web)?site|our (?:web)?site|[\w ]{1,40} and our partners) uses? cookies\b.{0,600}",
    r"(?:by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:web)?site).{0,300}cookies.{0,300}",
    r"(?:accept|reject|manage) (?:all )?(?:cookies|preferences|settings)",
    r"press release:?",
    r"according to:?",
    r"source link",
    r"your email address will not be published\b.{0,120}",
    r"required fields are marked\b.{0,20}",
    r"(?:comment|name|email|e-mail|website)\s*\*?(?:\s+(?:comment|name|email|e-mail|website)\s*\*?)*",
    r"save my name,? email,? and website in this browser\b.{0,80}",
    r"notify me of (?:follow-up comments|new posts)\b.{0,80}",
    r"(?:post|submit) comment|cancel reply",
    r"(?:©|\(c\)|copyright\s*(?:©|\(c\))?)\s*\d{4}\b.{0,150}",
    r"all rights reserved\.?",
    r"our standards:.{0,80}",
    r"(?:sign in|log in|register) to (?:comment|continue|read)\b.{0,80}",
]

_END = re.compile("|".join(f"(?:{p})" for p in END_OF_STORY), re.I)
_LINE = re.compile("|".join(f"(?:{p})" for p in LINES), re.I | re.S)


def _plain(paragraph: str) -> str:
    return paragraph.strip().strip("•·*|>").strip().rstrip(".…").strip()


def ends_story(paragraph: str) -> bool:
    """Whether `paragraph` opens a related-links or comments block that ends the story."""
    return bool(_END.fullmatch(_plain(paragraph)))


def is_boilerplate(paragraph: str) -> bool:
    """Whether `paragraph` is a single line of site furniture (share, tags, cookies, comment form)."""
    text = _plain(paragraph)
    return not text or bool(_LINE.fullmatch(text))


# Photo captions: a caption keyword at the start, or a photographer/agency credit at the end.
_CAPTION_START = re.compile(r"^(?:FILE PHOTO|File photo|PHOTO|Photo|IMAGE|Image|PICTURE|Picture"
                            r"|Caption|CAPTION)\s*[:|-]\s*\S")
_CAPTION_END = [
    r"(?:^|[\s.,;])[A-Z][A-Z&'.-]+(?: [A-Z][A-Z&'.-]+)*(?: Photo)?/[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}"
    r"(?:/File(?: Photo)?)?",
    r"\((?:Photo|Image|Picture|Photograph)s? (?:by|credit|courtesy(?: of)?):? [^()]{2,80}\)",
    r"(?:Photo|Image|Picture|Photograph|Credit)s?(?: credit)?\s*:\s*[^.:]{2,80}",
    r"\([A-Z][\w.'’ &-]{1,50}/[A-Z][\w.'’ &-]{1,40}\)",
    r"(?:Getty Images|Shutterstock|File Photo|Handout)",
]
_CAPTION_TAIL = re.compile(r"(?:" + "|".join(_CAPTION_END) + r")\.?\s*$")
_MAX_CAPTION = 600


def is_caption(paragraph: str) -> bool:
    """Whether `paragraph` is a photo caption ("FILE PHOTO: ... REUTERS/Name/File Photo")."""
    text = paragraph.strip()
    if not text or len(text) > _MAX_CAPTION:
        return False
    return bool(_CAPTION_START.match(text) or _CAPTION_TAIL.search(text))
