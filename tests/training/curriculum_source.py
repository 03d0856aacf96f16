"""The source of the curriculum (D3.4, "ASAP 2.0 Capacity building program and tools", as
text in sources/) read into the sections the curriculum carries, for test_curriculum.

Reading normalises whitespace, bullets and numbering, and the text's markup (Markdown
emphasis, headings and escapes, the first table's HTML tags); nothing else. A line broken with
two trailing spaces is joined with the next.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

TEXT = (Path(__file__).parent / "sources" / "asap2-capacity-building-programme.txt").read_text(
    encoding="utf-8"
)
FIRST_PAGES, _, MODULE_PAGES = TEXT.partition("## TRAINING STRUCTURE")
TABLE, _, _ = MODULE_PAGES.partition("# Module 1\n")
MODULE_PAGES = "# Module 1\n" + MODULE_PAGES.partition("# Module 1\n")[2]

# Lines of the module pages that are page furniture or a section's label, not its content.
FURNITURE = {
    "Funded by the European Union",
    "UNA CASA PER L'UOMO società cooperativa sociale",
    "A Systemic Approach to address Perpetrators of domestic violence",
    "Module Objectives",
    "Participant Profile",
    "Professionals from PP and VSS",
    "Duration",
    "Expected results",
    "As a result of the implementation of this module, participants are expected:",
    "As a result of the implementation of this module, participants are expected to:",
    "Key messages:",
    "Key points:",
    "Main points:",
    # Module 2, Topic 3: the action plan's empty form (its four columns), which the
    # platform's action plan carries (asap.plans), not the curriculum.
    "Action plan",
    "protection/support needs actions term person/agency responsible",
}


def normalised(line: str) -> str:
    line = line.replace("\\_", "_")
    line = re.sub(r"<[^>]+>", " ", line)
    line = line.replace("*", "")
    line = re.sub(r"^\s*#+\s*", "", line)
    line = re.sub(r"^\s*(?:[-•]|\d+\.)\s+", "", line)
    return " ".join(line.split())


def lines(text: str) -> list[str]:
    """The text's lines, a line ending in two spaces joined with the next; empty ones left out."""
    joined = re.sub(r" {2}\n", " ", text)
    return [line for line in joined.splitlines() if line.strip()]


def programme_list(label: str) -> list[str]:
    """The items of one row (Goal(s), Outcomes, Themes) of the programme's first table."""
    row = next(line for line in FIRST_PAGES.splitlines() if line.startswith(f"<b>{label}</b>"))
    return [normalised(item) for item in re.findall(r"<li>(.*?)</li>", row)]


def target_groups() -> list[str]:
    row = next(line for line in FIRST_PAGES.splitlines() if line.startswith("<b>Target group"))
    return re.findall(r"<i>(.*?)</i>", row)


def table_links() -> list[list[str]]:
    """Each session's material links of the training-structure table, in order."""
    sessions = re.split(r"Session \d: ", TABLE)[1:]
    return [re.findall(r'href="([^"]+)"', session) for session in sessions]


@dataclass
class ModulePages:
    number: int
    header: list[str] = field(default_factory=list)  # title, objectives, profile, results
    topics: dict[int, list[str]] = field(default_factory=dict)
    resources: list[str] = field(default_factory=list)  # the addresses the links open


def address(line: str) -> str:
    """The address a Resources line links to: <address> or [text](address)."""
    if line.startswith("<"):
        return line.strip("<>")
    return line.split("](", 1)[1].removesuffix(")")


def module_pages() -> list[ModulePages]:
    """Each module's own pages, their lines normalised and sorted into the sections."""
    modules: list[ModulePages] = []
    in_resources = False
    section: list[str] = []
    for raw in lines(MODULE_PAGES):
        line = normalised(raw)
        if line in FURNITURE:
            continue
        if match := re.fullmatch(r"Module (\d)", line):
            modules.append(ModulePages(int(match[1])))
            section, in_resources = modules[-1].header, False
        elif match := re.fullmatch(r"Topic (\d): .*", line):
            section = modules[-1].topics.setdefault(int(match[1]), [])
        elif line == "Resources":
            in_resources = True
        elif in_resources:
            modules[-1].resources.append(address(raw.strip()))
        else:
            section.append(line)
    return modules
