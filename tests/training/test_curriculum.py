"""The shipped curriculum against the figures of the source document (D3.4, "ASAP 2.0
Capacity building program and tools"), copied here as literals: titles, each topic's
minutes and every material link of the training-structure table."""

import pytest

from asap.training import curriculum

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
                [
                    "https://rm.coe.int/t-cy-2017-10-cbq-study-provisional/16808c4914",
                    "https://rm.coe.int/qrevio-rec-no-on-digital-violence-against-women/1680a49147",
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
