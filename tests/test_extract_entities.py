"""Each entity class, extracted by the real pipeline from sentences written for these tests."""
from __future__ import annotations

import pytest
from conftest import by_key


@pytest.mark.parametrize("text, iso3", [
    ("Officials in Canberra said Australia would send a trade envoy to Jakarta next week.", "AUS"),
    ("The U.S. said on Monday it would review the shipments.", "USA"),
    ("Negotiators from the DPRK left the talks early.", "PRK"),
    ("Russian officials declined to comment on the report.", "RUS"),
    ("North Korean laborers were seen at the construction site.", "PRK"),
    ("Moscow said the accusations were baseless.", "RUS"),
    ("Pyongyang rejected the proposal within hours.", "PRK"),
    ("Britain and Norway signed a fisheries accord.", "GBR"),
])
def test_extract_states_by_name_variant_demonym_capital(analyse, text, iso3):
    ents = by_key(analyse(text))
    assert f"state/{iso3}" in ents
    assert ents[f"state/{iso3}"].iso3 == iso3
    assert ents[f"state/{iso3}"].cls == "State"


def test_extract_capital_as_place_is_not_the_state(analyse):
    ents = by_key(analyse("The delegates met in Geneva while a reporter waited in Moscow."))
    assert "state/RUS" not in ents


def test_extract_territory_is_not_a_sovereign_state(analyse):
    ents = by_key(analyse("Hong Kong announced new quarantine rules on Friday."))
    assert ents["state/HKG"].cls == "Territory"


@pytest.mark.parametrize("text, person, place", [
    ("The talks had failed, said Sofia Petrova, a spokeswoman for the ministry.", "person/sofia-petrova", "state/BGR"),
    ("Georgia Meloni arrived in Rome on Tuesday for the summit.", "person/georgia-meloni", "state/GEO"),
    ("Foreign Minister Israel Katz said the embassy would stay closed.", "person/israel-katz", "state/ISR"),
    ("Chad Morris, an adviser to the senator, declined to comment.", "person/chad-morris", "state/TCD"),
])
def test_extract_person_whose_name_holds_a_place_is_one_person(analyse, text, person, place):
    """The gazetteer's names replace what the statistical NER found over the same words, but not a
    person's whole name that holds one (a first name that is a capital or a state)."""
    ents = by_key(analyse(text))
    assert person in ents and ents[person].cls in ("Person", "Official")
    assert place not in ents


@pytest.mark.parametrize("text, key", [
    ("The United Nations called for a ceasefire.", "org/un"),
    ("A U.N. panel of experts found the shipments broke the rules.", "org/un-panel-of-experts"),
    ("NATO allies agreed to raise spending.", "org/nato"),
    ("The European Union extended its measures for six months.", "org/eu"),
    ("The IAEA said inspectors had been denied access.", "org/iaea"),
])
def test_extract_international_organisations(analyse, text, key):
    ents = by_key(analyse(text))
    assert key in ents and ents[key].cls == "InternationalOrganization"


@pytest.mark.parametrize("text, iso3, label_word", [
    ("The Russian Interior Ministry published new figures on Tuesday.", "RUS", "Interior"),
    ("Russia's foreign ministry did not answer questions about the visas.", "RUS", "Foreign"),
    ("Turkey bought the missiles. The Defence Ministry said delivery was complete.", "TUR", "Defence"),
    ("Mali closed its borders, the Ministry of Territorial Administration said.", "MLI", "Territorial"),
])
def test_extract_government_body_attached_to_its_state(analyse, text, iso3, label_word):
    graph = analyse(text)
    bodies = [e for e in graph.entities if e.cls == "GovernmentBody"]
    assert bodies, [e.key for e in graph.entities]
    body = bodies[0]
    assert f"state/{iso3}" in body.part_of
    assert label_word.lower() in (body.label + " " + " ".join(body.aliases)).lower()


def test_extract_body_state_implied_by_the_story(analyse):
    text = ("Kazakhstan will raise export duties on wheat from July. "
            "The Finance Ministry said the change would bring in more revenue. "
            "Kazakh farmers have protested against the plan.")
    bodies = [e for e in analyse(text).entities if e.cls == "GovernmentBody"]
    assert [b.part_of[0] for b in bodies] == ["state/KAZ"]


def test_extract_same_function_names_one_body(analyse):
    text = ("Egypt's Foreign Ministry summoned the envoy. A spokesman for the Ministry of Foreign "
            "Affairs said Egypt would respond.")
    bodies = [e for e in analyse(text).entities if e.cls == "GovernmentBody"]
    assert len(bodies) == 1
    assert bodies[0].key == "body/egy/ministry-of-foreign-affairs"


@pytest.mark.parametrize("text, key", [
    ("The Financial Times reported the deal first.", "media/"),
    ("Reuters could not verify the video.", "media/"),
])
def test_extract_media_organisations(analyse, text, key):
    media = [e for e in analyse(text).entities if e.cls == "MediaOrganization"]
    assert media and media[0].key.startswith(key)


def test_extract_companies_are_organisations(analyse):
    graph = analyse("Washington blacklisted Sunrise Tanker Holdings and Gulf Star Shipping Ltd on Friday.")
    orgs = {e.label for e in graph.entities if e.cls == "Organization"}
    assert any("Gulf Star Shipping" in o for o in orgs)


def test_extract_person_and_official(analyse):
    text = ("Treasury Secretary Janet Yellen met farmers in Iowa. "
            "Among them was Dale Hoffmann, who grows soybeans.")
    ents = by_key(analyse(text))
    yellen = ents["person/janet-yellen"]
    assert yellen.cls == "Official" and yellen.role == "Treasury Secretary"
    assert ents["person/dale-hoffmann"].cls == "Person"


@pytest.mark.parametrize("text, person, member", [
    ("U.N. Secretary-General Antonio Guterres urged restraint.", "person/antonio-guterres", "org/un"),
    ("Chinese Foreign Ministry spokeswoman Mao Ning said Beijing opposed the move.", "person/mao-ning",
     "body/chn/ministry-of-foreign-affairs"),
    ("Ghanaian President Nana Akufo-Addo chaired the meeting.", "person/nana-akufo-addo", "state/GHA"),
    ("The decree was signed by Sergei Shoigu, minister of the Russian Defence Ministry, on Monday.",
     "person/sergei-shoigu", "body/rus/ministry-of-defence"),
])
def test_extract_official_member_of_body(analyse, text, person, member):
    ents = by_key(analyse(text))
    assert ents[person].cls == "Official"
    assert member in ents[person].member_of


@pytest.mark.parametrize("text, imposer, target", [
    ("The United States imposed sanctions on Venezuela's state oil company on Tuesday.", "state/USA", "state/VEN"),
    ("U.N. sanctions on North Korea ban the export of coal.", "org/un", "state/PRK"),
    ("The EU's new package against Russia targets liquefied gas.", "org/eu", "state/RUS"),
    ("Britain sanctioned Iran's Revolutionary Guards over the attacks.", "state/GBR", "state/IRN"),
])
def test_extract_sanctions_regime_imposer_and_target(analyse, text, imposer, target):
    regimes = [e for e in analyse(text).entities if e.cls == "SanctionsRegime"]
    assert regimes, "no regime found"
    r = regimes[0]
    assert imposer in r.imposed_by
    assert any(t == target or t.startswith(f"body/{target[6:].lower()}/") for t in r.targets)


def test_extract_one_regime_per_imposer_and_target(analyse):
    text = ("The European Union imposed sanctions on Belarus in June. "
            "The EU sanctions on Belarus were widened in August.")
    regimes = [e for e in analyse(text).entities if e.cls == "SanctionsRegime"]
    assert len(regimes) == 1


@pytest.mark.parametrize("text, person, member", [
    # a list of people sharing one description
    ("The list names Kofi Mensah and Ama Owusu, the chairman and deputy chairman of the African Union "
     "Commission.", "person/kofi-mensah", "org/au-commission"),
    # officials listed after the first, whose body the sentence gave
    ("Turkey's SSB chief, Ismail Demir, together with vice-president Faruk Yigit, faces travel bans.",
     "person/faruk-yigit", "body/tur/presidency-of-defence-industries"),
    # a party official
    ("Yang Jiechi, the Communist Party's top foreign policy official, will attend.", "person/yang-jiechi",
     "org/communist-party"),
])
def test_extract_official_member_of_from_lists_and_descriptions(analyse, text, person, member):
    ents = by_key(analyse(text))
    assert person in ents and ents[person].cls == "Official", sorted(ents)
    assert member in ents[person].member_of or any(m.startswith(member) for m in ents[person].member_of), \
        ents[person].member_of


def test_extract_official_serves_the_government_the_article_names(analyse):
    text = ("The Hong Kong government rejected the report. Chief Executive Carrie Lam said the city "
            "would not change course.")
    ents = by_key(analyse(text))
    assert ents["person/carrie-lam"].member_of == ["body/hkg/government"]
