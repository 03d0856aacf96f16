"""Driving a page with the keyboard alone: Tab and Shift+Tab to move, Enter and Space to act,
arrow keys within a group of radio buttons, typing into fields and select boxes. No mouse,
no URL typed; Playwright's locators only find the element the keys should reach, and each
helper proves the keys reached it (the focused element is that element)."""

import re
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page

MAX_TABS = 250

IS_FOCUSED = "element => element === document.activeElement"


@dataclass
class Keys:
    """One person's browser tab, with the count of keys pressed and pages loaded."""

    page: Page
    tabs: int = 0
    presses: int = 0
    loads: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("load", lambda loaded: self.loads.append(loaded.url))

    def press(self, key: str) -> None:
        self.presses += 1
        self.page.keyboard.press(key)

    def focus(self, target: Locator, *, backwards: bool = False) -> None:
        """Tab (or Shift+Tab) until `target` has the focus; fails after MAX_TABS."""
        target.wait_for(state="visible")
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            if target.evaluate(IS_FOCUSED):
                return
            self.press(key)
            self.tabs += 1
        raise AssertionError(f"{MAX_TABS} presses of {key} never reached {target}")

    def activate(self, target: Locator, *, backwards: bool = False) -> None:
        """Follow a link or press a button: focus it, then Enter."""
        self.focus(target, backwards=backwards)
        self.press("Enter")

    def type_into(self, field_: Locator, text: str) -> None:
        self.focus(field_)
        self.page.keyboard.type(text)
        self.presses += len(text)

    def choose(self, option: Locator) -> None:
        """Check a radio button: Tab reaches its group (the checked button, or the first),
        the arrow keys move to it and check it."""
        name = option.get_attribute("name")
        option.wait_for(state="visible")
        for _ in range(MAX_TABS):
            if self.page.evaluate(
                "name => document.activeElement && document.activeElement.name === name", name
            ):
                break
            self.press("Tab")
            self.tabs += 1
        else:
            raise AssertionError(f"Tab never reached the radio buttons named {name}")
        for _ in range(20):
            if option.evaluate(IS_FOCUSED):
                if not option.is_checked():
                    self.press("Space")
                return
            self.press("ArrowDown")
        raise AssertionError(f"the arrow keys never reached {option}")

    def tick(self, checkbox: Locator) -> None:
        self.focus(checkbox)
        if not checkbox.is_checked():
            self.press("Space")

    def select(self, select_box: Locator, label: str) -> None:
        """Choose an option of a closed select box by typing the start of its label (the
        browser's type-ahead), then check it was chosen."""
        self.focus(select_box)
        self.page.keyboard.type(label)
        self.presses += len(label)
        chosen = select_box.evaluate("s => s.options[s.selectedIndex].text")
        assert chosen.strip() == label, f"typing {label!r} chose {chosen!r}"


def code_in(text: str) -> str:
    match = re.search(r"JC-\w{4}-\w{4}", text)
    assert match, f"no case code in {text!r}"
    return match.group(0)
