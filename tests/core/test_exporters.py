"""The spreadsheet-safe CSV cell: formulas escaped, numbers left as numbers."""

from asap.core.exporters import safe_cell


def test_a_negative_number_is_not_escaped():
    assert safe_cell(-8) == "-8"
    assert safe_cell(-2.5) == "-2.5"
    assert safe_cell(0) == "0"


def test_a_text_that_looks_like_a_formula_is_still_escaped():
    assert safe_cell("-1+1") == "'-1+1"
    assert safe_cell("=cmd") == "'=cmd"
    assert safe_cell("-8") == "'-8"
    assert safe_cell(True) == "True"
    assert safe_cell(None) == ""
