"""Read the POST form of a page as a browser would submit it (inputs, checked boxes and
radios, selected options, text areas), so the benchmark posts what a person posts."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.current: dict[str, list[str]] | None = None
        self.select: str | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.current = {}
            self.forms.append(self.current)
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.current.setdefault(name, []).append(a.get("value", "on"))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in a:
            self.current.setdefault(self.select, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea and self.current is not None:
            text = "".join(self.text)
            self.current.setdefault(self.textarea, []).append(text.removeprefix("\n"))
            self.textarea = None


def post_form(html: str, must_have: str = "version") -> dict[str, list[str]]:
    """The fields of the page's POST form that has a field `must_have`."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if must_have in form:
            return form
    raise ValueError(f"No POST form with a field {must_have!r} on the page.")
