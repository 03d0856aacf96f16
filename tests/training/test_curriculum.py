"""The shipped curriculum against the source document (D3.4, "ASAP 2.0 Capacity building
program and tools"): titles, each topic's minutes and every material link of the
training-structure table as literals; then, read from the source's text line by line
(curriculum_source), the programme's goals, outcomes, themes and target groups, and of every
module its objectives, profile, expected results, each topic's pages (description, key
messages, other lists, methods) and its Resources list."""

import dataclasses

import pytest

from asap.training import curriculum
from tests.training import curriculum_source as source

SOURCE = [
    (
        "GENDER-BASED VIOLENCE",
        [
            (
                "Concept and legislative framework",
                20,
                [
                    "https://commission.europa.eu/strategy-and-policy/policies/justice-and-fundamental-rights/gender-equality/gender-based-violence/what-gender-based-violence_en",
                    "https://eige.europa.eu/gender-based-violence/what-is-gender-based-violence?language_content_entity=en",
                    "https://www.coe.int/en/web/istanbul-convention/country-monitoring-work",
                    "https://www.ohchr.org/en/treaty-bodies/cedaw",
                ],
            ),
            (
                "GBV against women in the cooperation between PP and VSS",
                40,
                [
                    "https://edoc.coe.int/en/violence-against-women/7144-domestic-and-sexual-violence-perpetrator-programmes-article-16-of-the-istanbul-convention.html"
                ],
            ),
            ("ASAP Protocol", 30, []),
        ],
    ),
    (
        "CHILD PROTECTION",
        [
            (
                "Consequences of DV on children",
                20,
                [
                    "https://edoc.coe.int/en/childrens-rights/7869-childrens-rights-istanbul-convention.html",
                    "https://ec.europa.eu/newsroom/just/items/666497",
                    "https://www.gov.wales/sites/default/files/publications/2019-08/cafcass-cymru-impact-on%20children-experiencing-domestic-abuse.pdf",
                ],
            ),
            (
                "Child protection in the cooperation between the PP and the VSS",
                40,
                [
                    "https://www.work-with-perpetrators.eu/resources/child-protection",
                    "https://www.keepingchildrensafe.global/",
                ],
            ),
            ("Risk assessment for children", 30, []),
        ],
    ),
    (
        "DIGITAL VIOLENCE",
        [
            (
                "Digital violence against women",
                20,
                # The table's "cbq" and "qrevio" are slips: its Resources list's spelling.
                [
                    "https://rm.coe.int/t-cy-2017-10-cbg-study-provisional/16808c4914",
                    "https://rm.coe.int/grevio-rec-no-on-digital-violence-against-women/1680a49147",
                ],
            ),
            (
                "Cooperation between PP and VSS against digital violence",
                40,
                ["https://www.work-with-perpetrators.eu/destalk"],
            ),
            ("IT safety planning", 30, []),
        ],
    ),
    (
        "EMERGENCY SITUATIONS",
        [
            (
                "Emergency situations and GBV against women",
                20,
                [
                    "https://www.who.int/publications/i/item/WHO-SRH-20.04",
                    "https://www.unwomen.org/en/news/in-focus/in-focus-gender-equality-in-covid-19-response/violence-against-women-during-covid-19",
                ],
            ),
            (
                "Cooperation between PP and VSS in emergency situations",
                40,
                [
                    "https://www.work-with-perpetrators.eu/covid-19",
                    "https://discoprojectcom.wordpress.com/online-course/",
                ],
            ),
            ("Counselling and cooperation at a distance", 30, []),
        ],
    ),
    (
        "MULTI AGENCY COOPERATION",
        [
            (
                "Multi-agency cooperation against GBV",
                30,
                [
                    "https://fra.europa.eu/sites/default/files/fra-2014-vaw-survey-at-a-glance-oct14_en.pdf",
                    "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A32012L0029",
                ],
            ),
            (
                "Cooperation between PP and VSS in victim protection",
                30,
                ["https://www.work-with-perpetrators.eu/resources/standards"],
            ),
            (
                "Multi-agency standard agreement",
                30,
                ["https://www.work-with-perpetrators.eu/asap"],
            ),
        ],
    ),
    (
        "ASAP 2.0 PROTOCOL",
        [
            (
                "ASAP 2.0 Protocol - elaboration and concept",
                20,
                [
                    "https://www.work-with-perpetrators.eu/asap",
                    "https://www.work-with-perpetrators.eu/projects/asap2",
                ],
            ),
            (
                "Cooperation between PP and VSS in coordinated response to violence",
                30,
                [
                    "https://eeca.unfpa.org/sites/default/files/pub-pdf/un_woman_-_eu_4_gender_equality3.pdf",
                    "https://training.improdova.eu/en/training-modules-for-the-police/module-7-principles-of-interorganisational-cooperation-and-risk-assessment-in-cases-of-domestic-violence-in-multi-professional-teams/2/",
                ],
            ),
            (
                "Strengthening and expanding Multi agency cooperation",
                40,
                ["https://www.work-with-perpetrators.eu/impact"],
            ),
        ],
    ),
]
# The participant profile of each module, and how many expected results it lists.
PROFILES = {
    1: ["Psychologists", "Social workers", "Partner contacts"],
    2: [
        "Psychologists",
        "Social workers",
        "Partner contacts",
        "Persons responsible for the Child Protection Policy",
    ],
    3: ["Psychologists", "Social workers", "Partner contacts", "IT professionals"],
    4: ["Psychologists", "Social workers", "Partner contacts"],
    5: ["Psychologists", "Social workers", "Partner contacts"],
    6: ["Psychologists", "Social workers", "Partner contacts"],
}
EXPECTED_RESULTS = {1: 5, 2: 7, 3: 4, 4: 5, 5: 5, 6: 5}


def test_the_curriculum_has_the_six_modules_and_eighteen_topics_of_the_source():
    shipped = curriculum.reference()
    assert [m.title for m in shipped.modules] == [title for title, _topics in SOURCE]
    assert [m.number for m in shipped.modules] == [1, 2, 3, 4, 5, 6]
    assert sum(len(m.topics) for m in shipped.modules) == 18


@pytest.mark.parametrize("index", range(6))
def test_each_topic_has_the_title_minutes_and_links_of_the_source(index):
    module = curriculum.reference().modules[index]
    _title, topics = SOURCE[index]
    assert [(t.title, t.minutes, list(t.materials)) for t in module.topics] == topics


@pytest.mark.parametrize("index", range(6))
def test_each_module_lasts_90_minutes_in_person_and_60_online(index):
    module = curriculum.reference().modules[index]
    assert sum(t.minutes for t in module.topics) == 90
    assert (module.minutes_in_person, module.minutes_online) == (90, 60)


@pytest.mark.parametrize("number", range(1, 7))
def test_each_module_has_its_goals_profile_and_expected_results(number):
    module = curriculum.reference().modules[number - 1]
    assert sorted(module.goals) == ["awareness", "knowledge", "skills"]
    assert all(module.goals.values())
    assert list(module.participant_profile) == PROFILES[number]
    assert len(module.expected_results) == EXPECTED_RESULTS[number]
    assert all(t.method and t.description for t in module.topics)


def test_a_curriculum_whose_topics_do_not_add_up_is_refused():
    text = (curriculum.FOLDER / curriculum.CURRENT).read_text()
    broken = text.replace("minutes: 20\n", "minutes: 25\n", 1)
    with pytest.raises(ValueError, match="gender-based-violence: topics add up to 95"):
        curriculum.parse(broken)


# The table's slips the data corrects to the Resources list's spelling (Module 3).
SLIPS = {
    "https://rm.coe.int/t-cy-2017-10-cbq-study-provisional/16808c4914": (
        "https://rm.coe.int/t-cy-2017-10-cbg-study-provisional/16808c4914"
    ),
    "https://rm.coe.int/qrevio-rec-no-on-digital-violence-against-women/1680a49147": (
        "https://rm.coe.int/grevio-rec-no-on-digital-violence-against-women/1680a49147"
    ),
}
# A module page's line the data takes from the table instead (the table's wording).
FROM_THE_TABLE = {
    "In this part, participants are introduced to the a) definition of GBV against women, b) "
    "Male violence against women as a structural phenomenon, c) Forms of GBV against women, "
    "d) Domestic violence.": "In this part, participants are introduced to the a) Definition of "
    "GBV against women, b) Male violence against women as a structural phenomenon, c) Forms "
    "of GBV against women, d) Domestic violence.",
}
NUMBERS = [1, 2, 3, 4, 5, 6]


def texts(value, skip=("key", "materials", "resources")):
    """Every text of a loaded curriculum (not its keys, addresses or numbers)."""
    if dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            if item.name not in skip:
                yield from texts(getattr(value, item.name), skip)
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item, skip)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts(item, skip)
    elif isinstance(value, str) and value:
        yield value


def same(line: str) -> str:
    """A heading's final colon is its markup."""
    return line.removesuffix(":")


def test_the_programme_has_the_goals_outcomes_themes_and_target_groups_of_the_source():
    shipped = curriculum.reference()
    assert list(shipped.goals) == source.programme_list("Goal(s)")
    assert list(shipped.outcomes) == source.programme_list("Outcomes")
    assert list(shipped.themes) == source.programme_list("Themes")
    assert list(shipped.themes) == [m.title for m in shipped.modules]
    assert list(shipped.target_groups) == source.target_groups()
    assert (len(shipped.goals), len(shipped.outcomes), len(shipped.themes)) == (3, 3, 6)


def test_every_text_of_the_curriculum_is_the_sources_word_for_word():
    lines = [source.normalised(line) for line in source.TEXT.splitlines()]
    lines += [source.normalised(line) for line in source.lines(source.TEXT)]
    missing = [
        text for text in texts(curriculum.reference()) if not any(text in line for line in lines)
    ]
    assert missing == []


def test_the_table_links_are_the_datas_but_for_the_two_slips():
    shipped = curriculum.reference()
    links = [[SLIPS.get(link, link) for link in session] for session in source.table_links()]
    assert links == [[link for t in m.topics for link in t.materials] for m in shipped.modules]
    assert sum(len(session) for session in links) == 26


@pytest.mark.parametrize("number", NUMBERS)
def test_each_module_has_the_resources_list_of_the_source(number):
    module = curriculum.reference().modules[number - 1]
    pages = source.module_pages()[number - 1]
    assert list(module.resources) == pages.resources
    assert set(SLIPS).isdisjoint(module.resources)
    total = sum(len(m.resources) for m in curriculum.reference().modules)
    assert total == 39


@pytest.mark.parametrize("number", NUMBERS)
def test_each_line_of_a_modules_first_pages_is_in_its_data(number):
    module = curriculum.reference().modules[number - 1]
    pages = source.module_pages()[number - 1]
    assert pages.number == number
    data = {
        module.title,
        *module.goals.values(),
        *module.participant_profile,
        *module.expected_results,
        f"{module.minutes_in_person} minutes in person",
        f"{module.minutes_online} minutes online",
    }
    assert [line for line in pages.header if line not in data] == []
    assert pages.header[0] == module.title


@pytest.mark.parametrize("number", NUMBERS)
def test_each_line_of_a_topics_pages_is_in_its_data(number):
    """Every key message, list, lead-in and "Method:" line of a topic's pages is in that
    topic's data (a missing bullet fails), the methods in its `methods`."""
    module = curriculum.reference().modules[number - 1]
    pages = source.module_pages()[number - 1]
    assert sorted(pages.topics) == [1, 2, 3]
    for index, topic in enumerate(module.topics, start=1):
        methods = [
            line.removeprefix("Method: ")
            for line in pages.topics[index]
            if line.startswith("Method: ")
        ]
        assert list(dict.fromkeys(methods)) == [m for m in topic.methods if m in methods]
        data = {same(text) for text in texts(topic)}
        missing = [
            line
            for line in pages.topics[index]
            if not line.startswith("Method: ") and same(FROM_THE_TABLE.get(line, line)) not in data
        ]
        assert missing == [], (index, missing)
        assert topic.methods, index


def test_a_missing_key_message_fails_the_comparison():
    """The comparison above fails for a bullet the data leave out (Module 2's principles)."""
    pages = source.module_pages()[1]
    topic = curriculum.reference().modules[1].topics[1]
    shortened = dataclasses.replace(topic, key_messages=topic.key_messages[:-1])
    data = {same(text) for text in texts(shortened)}
    assert [
        line
        for line in pages.topics[2]
        if same(line) not in data and not line.startswith("Method: ")
    ] == [topic.key_messages[-1]]
    assert topic.key_messages[-1].startswith("Partnership - ")


def test_an_events_copy_taken_before_the_new_fields_still_loads():
    module = curriculum.reference().module("digital-violence")
    data = module.as_data()
    del data["resources"]
    for topic in data["topics"]:
        for name in ("parts", "methods", "key_messages_lead"):
            del topic[name]
    old = curriculum.module_from(data)
    assert old.resources == ()
    assert old.topics[1].parts == ()
    assert old.topics[1].methods == ()
    assert old.topics[1].key_messages == module.topics[1].key_messages
    assert curriculum.module_from(module.as_data()) == module
