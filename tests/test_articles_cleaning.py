"""Cleaning of scraped story text: datelines, date lines, captions, credits, boilerplate, spacing."""
from __future__ import annotations

import pytest

from kg.articles.build import Parts, build_article
from kg.articles.bylines import parse_credit_line
from kg.articles.clean import clean_text, split_paragraphs, strip_dateline
from kg.articles.dates import normalize_date, parse_date_line

LEAD = "Ghana and Togo agreed on Monday to reopen their shared border to trucks after two years."
NEXT = "Traders on both sides said the closure had doubled the cost of moving grain."


def paragraphs(*lines: str) -> str:
    return "\n\n".join(lines)


# --- datelines ------------------------------------------------------------------------------

@pytest.mark.parametrize("opening, dateline, publisher", [
    ("(Reuters) – ", None, "Reuters"),
    ("(Reuters) - ", None, "Reuters"),
    ("(Reuters)- ", None, "Reuters"),
    ("WASHINGTON (AP) — ", "Washington", "AP"),
    ("ACCRA/BAMAKO (Some Wire) – ", "Accra/Bamako", "Some Wire"),
    ("HONG KONG/WASHINGTON (Reuters) - ", "Hong Kong/Washington", "Reuters"),
    ("BEIJING — ", "Beijing", None),
    ("BEIJING—", "Beijing", None),
    ("ADDIS ABABA – ", "Addis Ababa", None),
    ("LONDON - ", "London", None),
    ("LONDON, March 3 (Reuters) - ", "London", "Reuters"),
    ("NAIROBI, Jan. 5, 2021 (AP) -- ", "Nairobi", "AP"),
    ("GENEVA, 12 May (Alpine Newswire) – ", "Geneva", "Alpine Newswire"),
    ("KYIV, Ukraine (AP) — ", "Kyiv, Ukraine", "AP"),
    ("SÃO PAULO (Reuters) - ", "São Paulo", "Reuters"),
    ("NEW DELHI: ", "New Delhi", None),
    ("WASHINGTON, D.C. — ", "Washington, D.C.", None),
    ("BERLIN (dpa) - ", "Berlin", "dpa"),
    ("(dpa) - ", None, "dpa"),
])
def test_dateline_is_removed_and_read(opening, dateline, publisher):
    cleaned = clean_text(paragraphs(opening + LEAD, NEXT))
    assert cleaned.body == paragraphs(LEAD, NEXT)
    assert (cleaned.dateline, cleaned.publisher) == (dateline, publisher)


@pytest.mark.parametrize("paragraph", [
    "NATO said on Monday - after a long meeting - that it would send more ships.",
    "WASHINGTON-based lobby groups spent heavily on the campaign.",
    "U.S. officials said the talks would resume in May.",
    "EXCLUSIVE - Three ministers resigned on Tuesday.",
    "The ministry — which rarely comments — said nothing.",
    "I — like many here — expected the border to stay shut.",
])
def test_dateline_lookalikes_stay(paragraph):
    assert strip_dateline(paragraph) == (paragraph, None, None)


def test_dateline_on_its_own_line_is_removed():
    cleaned = clean_text(paragraphs("LOMÉ (Coastline Wire) –", LEAD, NEXT))
    assert cleaned.body == paragraphs(LEAD, NEXT)
    assert (cleaned.dateline, cleaned.publisher) == ("Lomé", "Coastline Wire")


def test_dateline_only_read_at_the_top():
    later = "PARIS (Reuters) - This paragraph quotes a dateline inside the story."
    cleaned = clean_text(paragraphs(LEAD, later))
    assert cleaned.body == paragraphs(LEAD, later) and cleaned.dateline is None


def test_metadata_publisher_beats_dateline_outlet():
    article = build_article(Parts(id="x", text="ACCRA (Some Wire) – " + LEAD, path="x.txt",
                                  publisher="Gold Coast Times"))
    assert (article.publisher, article.dateline, article.body) == ("Gold Coast Times", "Accra", LEAD)


# --- date lines -----------------------------------------------------------------------------

@pytest.mark.parametrize("line, published", [
    ("January 10, 2022", "2022-01-10"),
    ("Jan. 10, 2022", "2022-01-10"),
    ("10 January 2022", "2022-01-10"),
    ("Monday, 10 January 2022", "2022-01-10"),
    ("Posted on March 3, 2021", "2021-03-03"),
    ("Published: 2021-03-03", "2021-03-03"),
    ("Published 3 March 2021, 10:45 GMT", "2021-03-03"),
    ("March 3, 2021 10:45 a.m. ET · Updated 2:10 p.m. ET", "2021-03-03"),
    ("Updated 2:10 p.m. ET", None),
    ("Updated March 4, 2021", None),  # an update is not the publication date
    ("Last updated: 2021-03-04 09:00", None),
    ("03/04/2021", None),  # day or month first? not guessed
])
def test_date_line_is_removed_and_read(line, published):
    cleaned = clean_text(paragraphs(line, LEAD, NEXT), title="Border reopens")
    assert cleaned.body == paragraphs(LEAD, NEXT)
    assert cleaned.published == published


def test_date_line_right_after_headline_in_txt_input():
    article = build_article(Parts(id="x", title="Border reopens", path="x.txt",
                                  text="10 January 2022\nACCRA (Some Wire) – " + LEAD))
    assert (article.published, article.body, article.dateline) == ("2022-01-10", LEAD, "Accra")


def test_metadata_date_beats_date_line():
    article = build_article(Parts(id="x", text=paragraphs("January 10, 2022", LEAD), path="x.jsonl",
                                  published="2022-01-09T23:30:00-05:00"))
    assert article.published == "2022-01-09T23:30:00-05:00" and article.body == LEAD


@pytest.mark.parametrize("paragraph", [
    "On January 10, 2022, the two governments signed the accord.",
    "Updated figures released on Monday showed trade had fallen by half.",
    "May 2021 was the wettest month on record in the region, forecasters said.",
])
def test_date_lookalikes_stay(paragraph):
    cleaned = clean_text(paragraphs(paragraph, NEXT))
    assert cleaned.body == paragraphs(paragraph, NEXT) and cleaned.published is None


def test_date_line_inside_story_is_kept():
    cleaned = clean_text(paragraphs(LEAD, NEXT, "March 3, 2021", "Another story paragraph follows here."))
    assert "March 3, 2021" in cleaned.body and cleaned.published is None


@pytest.mark.parametrize("value, expected", [
    ("2021-03-17T11:20:00+08:00", "2021-03-17T11:20:00+08:00"),
    ("2024-01-18T05:30:00Z", "2024-01-18T05:30:00+00:00"),
    ("2021-03-17 11:20:00", "2021-03-17T11:20:00"),
    ("2021-03-03", "2021-03-03"),
    ("March 3, 2021", "2021-03-03"),
    ("3 March 2021", "2021-03-03"),
    ("Wed, 17 Mar 2021 11:20:00 +0800", "2021-03-17T11:20:00+08:00"),
    ("2021-02-30", None),
    ("03/04/2021", None),
    ("yesterday", None),
    ("", None),
])
def test_normalize_date_to_iso(value, expected):
    assert normalize_date(value) == expected


def test_parse_date_line_rejects_long_lines():
    assert parse_date_line("March 3, 2021 " * 10) == (False, None)


# --- photo captions -------------------------------------------------------------------------

@pytest.mark.parametrize("caption", [
    "FILE PHOTO: Cranes stand over the container terminal in Lomé, Togo, May 4, 2019. "
    "COASTLINE WIRE/Kofi Mensah/File Photo",
    "A fisherman mends nets on the beach in Aflao, Ghana, June 2, 2021. REUTERS/Ama Boateng",
    "Trucks wait at the border crossing. Photo: Esi Owusu/Coastline Wire",
    "Trucks wait at the border crossing. (Photo by Esi Owusu/Getty Images)",
    "A customs officer checks papers at the frontier. (Coastline Wire/File)",
    "Traders unload maize at a market in Kara. (AP Photo/Yaw Darko)",
    "Photo: Border posts reopened to trucks on Monday.",
])
def test_caption_is_moved_out_of_body(caption):
    cleaned = clean_text(paragraphs(LEAD, caption, NEXT))
    assert cleaned.body == paragraphs(LEAD, NEXT)
    assert cleaned.captions == [caption]


@pytest.mark.parametrize("paragraph", [
    "The deal covers trade between the EU/UN partners and the region.",
    "Officials discussed U.S./China trade at length.",
    "The ministry said it would publish photos of the border posts later.",
])
def test_caption_lookalikes_stay(paragraph):
    assert clean_text(paragraphs(LEAD, paragraph)).body == paragraphs(LEAD, paragraph)


# --- credit lines ---------------------------------------------------------------------------

@pytest.mark.parametrize("line, authors, editors", [
    ("Reporting by Efua Mensah and Kwame Boateng in Accra; Editing by Lara Hughes",
     ["Efua Mensah", "Kwame Boateng"], ["Lara Hughes"]),
    ("Reporting by Ann Lee in Lomé, and Ben Okoro in Lagos; Additional reporting by Chi Obi in "
     "Abuja; Writing by Dan Frey; Editing by Eve Stone and Ian Moss",
     ["Ann Lee", "Ben Okoro", "Chi Obi", "Dan Frey"], ["Eve Stone", "Ian Moss"]),
    ("(Reporting by Ann Lee; editing by Eve Stone)", ["Ann Lee"], ["Eve Stone"]),
    ("Reporting by Sun-hee Park at the United Nations. Editing by Eve Stone", ["Sun-hee Park"],
     ["Eve Stone"]),
    ("By Jane Doe", ["Jane Doe"], []),
    ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], []),
    ("By Jane Doe, West Africa Correspondent", ["Jane Doe"], []),
    ("By Omar al-Rashid, Yara de la Cruz and Li Wei", ["Omar al-Rashid", "Yara de la Cruz", "Li Wei"], []),
    ("Written by Jane Doe", ["Jane Doe"], []),
    ("Edited by Eve Stone", [], ["Eve Stone"]),
])
def test_credit_line_gives_authors_and_editors(line, authors, editors):
    cleaned = clean_text(paragraphs(LEAD, NEXT, line))
    assert cleaned.body == paragraphs(LEAD, NEXT)
    assert (cleaned.authors, cleaned.editors) == (authors, editors)


def test_editors_are_never_authors():
    cleaned = clean_text(paragraphs("By Eve Stone", LEAD, "Reporting by Ann Lee; Editing by Eve Stone"))
    assert cleaned.authors == ["Ann Lee"] and cleaned.editors == ["Eve Stone"]


@pytest.mark.parametrize("top", ["By Jane Doe", "By Jane Doe | March 3, 2021",
                                 "Posted on March 3, 2021 by Jane Doe"])
def test_byline_at_top_is_removed(top):
    cleaned = clean_text(paragraphs(top, "ACCRA – " + LEAD), title="Border reopens")
    assert (cleaned.body, cleaned.authors, cleaned.dateline) == (LEAD, ["Jane Doe"], "Accra")


@pytest.mark.parametrize("paragraph", [
    "By Tuesday, the ministry had cleared the backlog of trucks at the frontier.",
    "By contrast, Benin kept its crossings closed.",
    "By Hong Kong standards, the fees are low.",
    "Reporting by the Journal showed the fees had doubled.",
    "Written by the commission in 2019, the report was never published.",
    "Editing by hand is slow, the clerk said.",
])
def test_credit_lookalikes_stay(paragraph):
    cleaned = clean_text(paragraphs(paragraph, NEXT))
    assert cleaned.body == paragraphs(paragraph, NEXT) and cleaned.authors == []
    assert parse_credit_line(paragraph) is None


# --- boilerplate ----------------------------------------------------------------------------

@pytest.mark.parametrize("junk", [
    "Read more: Why the border closed", "Read more", "Advertisement", "Subscribe to our newsletter",
    "Tags: Ghana, Togo, trade", "Share this:", "Share this article", "Previous article",
    "Next post: Harvest hopes rise", "We use cookies to improve your experience. Accept all",
    "Press Release:", "According to", "Source link", "Your email address will not be published.",
    "Name * Email * Website", "Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "© 2022 Coastline Wire. All rights reserved.",
])
def test_boilerplate_line_is_removed(junk):
    assert clean_text(paragraphs(LEAD, junk, NEXT)).body == paragraphs(LEAD, NEXT)


@pytest.mark.parametrize("marker", [
    "You may also like...", "You might also enjoy", "Related Posts", "More from World:",
    "Add a Comment", "Leave a Reply", "Leave a Reply Cancel reply", "Comments (12)", "Related articles",
    "Comment *",
])
def test_end_of_story_marker_drops_the_rest(marker):
    tail = ["Togo's president names new cabinet", "Ghana cedi steadies after IMF deal"]
    assert clean_text(paragraphs(LEAD, NEXT, marker, *tail)).body == paragraphs(LEAD, NEXT)


def test_credit_line_before_end_marker_is_still_read():
    text = paragraphs(LEAD, "Reporting by Ann Lee; Editing by Eve Stone", "According to", "Press Release:",
                      "You may also like...", "Add a Comment")
    cleaned = clean_text(text)
    assert (cleaned.body, cleaned.authors, cleaned.editors) == (LEAD, ["Ann Lee"], ["Eve Stone"])


@pytest.mark.parametrize("paragraph", [
    "According to the ministry, 40 trucks crossed in the first hour.",
    "Related talks on fishing rights will follow in June, officials said.",
    "More on the new tariffs is expected next week, the minister said.",
    "Readers of the state newspaper were told the border would stay open.",
    "We use the crossing every day, a trader said, and the cookies we bake sell well in Lomé.",
    "Copyright holders in both countries said the customs union would help them.",
    "Comments by the president were broadcast on state radio.",
])
def test_story_paragraphs_survive(paragraph):
    assert clean_text(paragraphs(LEAD, paragraph, NEXT)).body == paragraphs(LEAD, paragraph, NEXT)


@pytest.mark.parametrize("label", ["World", "Red Sea crisis", "Africa | Trade"])
def test_section_label_above_story_is_dropped(label):
    cleaned = clean_text(paragraphs(label, "ACCRA – " + LEAD, NEXT))
    assert (cleaned.body, cleaned.dateline) == (paragraphs(LEAD, NEXT), "Accra")


def test_short_story_is_not_taken_for_a_label():
    assert clean_text("Talks collapse").body == "Talks collapse"


def test_headline_repeated_at_top_is_dropped():
    cleaned = clean_text(paragraphs("Border Reopens!", LEAD), title="Border reopens")
    assert cleaned.body == LEAD


# --- white space ----------------------------------------------------------------------------

def test_whitespace_is_normalised_and_quotes_kept():
    text = "  “We are  ready,”\tsaid   the minister.  \r\n\r\n\r\n  ‘Trade’ resumes\u00a0today. \n"
    assert clean_text(text).body == "“We are ready,” said the minister.\n\n‘Trade’ resumes today."


def test_single_newlines_separate_paragraphs():
    assert split_paragraphs("One.\nTwo.\n\n\nThree.") == ["One.", "Two.", "Three."]


def test_hard_wrapped_paragraphs_are_joined():
    wrapped = ("Ghana and Togo agreed on Monday to reopen their shared border to\n"
               "trucks after two years, officials in both capitals said in a joint\n"
               "statement read out on state television.\n"
               "\n"
               "Traders on both sides of the frontier said the closure had doubled\n"
               "the cost of moving grain, and that many small businesses had shut\n"
               "their doors for good during the long wait for the crossing.\n")
    assert split_paragraphs(wrapped) == [
        "Ghana and Togo agreed on Monday to reopen their shared border to trucks after two years, "
        "officials in both capitals said in a joint statement read out on state television.",
        "Traders on both sides of the frontier said the closure had doubled the cost of moving grain, "
        "and that many small businesses had shut their doors for good during the long wait for the "
        "crossing.",
    ]
