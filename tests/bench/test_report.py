"""`asap bench report`: each page's kind from its name, and the targets of issue 19 it checks."""

from asap.bench import report


def figures(p95, queries=20):
    return {"p50_ms": p95 / 2, "p95_ms": p95, "queries": queries}


def test_each_measured_page_has_its_kind():
    assert report.kind_of("case_page") == report.CASE_PAGE
    assert report.kind_of("case_page_victim_side") == report.CASE_PAGE
    assert report.kind_of("programme_page") == report.CASE_PAGE
    assert report.kind_of("risk_form_get") == report.CASE_PAGE
    assert report.kind_of("risk_form_post") == report.POST
    assert report.kind_of("action_update") == report.POST
    assert report.kind_of("dashboard_coordinator") == report.DASHBOARD
    assert report.kind_of("network_csv") == report.DASHBOARD
    assert report.kind_of("work_inbox") == report.DASHBOARD
    assert report.kind_of("minutes_pdf") == report.FILE
    assert report.kind_of("attachment_download") == report.FILE
    assert report.kind_of("case_list") == ""
    assert report.kind_of("subject_access_export") == ""


def test_the_floor_ratio_of_each_kind():
    floor = 4.0
    assert report.checks("case_page", figures(20), figures(20), floor) == []
    assert report.checks("case_page", figures(20), figures(20.1), floor) == ["> 5x floor"]
    assert report.checks("risk_form_post", figures(24), figures(24), floor) == []
    assert report.checks("risk_form_post", figures(24), figures(25), floor) == ["> 6x floor"]
    assert report.checks("minutes_pdf", figures(21), figures(21), floor) == ["> 5x floor"]
    assert report.checks("case_list", figures(400), figures(400), floor) == []


def test_a_dashboard_may_not_grow_and_every_page_keeps_its_queries():
    floor = 4.0
    assert report.checks("network_dashboard", figures(20), figures(24), floor) == []
    assert report.checks("network_dashboard", figures(20), figures(25), floor) == ["grew > 1.2x"]
    # Only dashboards have a growth target.
    assert report.checks("case_page", figures(5), figures(19), floor) == []
    assert report.checks("case_list", figures(9), figures(9, 21), floor) == ["queries differ"]


def test_sqlite_within_one_and_a_half_times_postgresqls_ratio():
    floor = 4.0
    assert report.checks("case_page", figures(12), figures(12), floor, postgres_ratio=2.0) == []
    missed = report.checks("case_page", figures(13), figures(13), floor, postgres_ratio=2.0)
    assert missed == ["> 1.5x PostgreSQL's ratio"]


def test_the_markdown_table_names_the_kind_and_the_memory_target():
    def run(cases, peak):
        pages = {"case_page": figures(30), "network_csv": figures(10)}
        return {
            "cases": cases,
            "database": "sqlite",
            "floor": {"p50_ms": 3.0, "p95_ms": 4.0},
            "pages": pages,
            "peak_rss_mb": peak,
        }

    table = report.markdown(run(1000, 200), run(100000, 310))
    assert "310 MB at 100,000 (target ≤ 300 MB: missed)" in table
    assert "| case_page | case page |" in table
    assert "> 5x floor" in table
    assert "| network_csv | dashboard |" in table
    assert "300 MB" not in report.markdown(run(1000, 200), run(100000, 290))
