"""One page of a list: a fixed number of rows per page, so a call costs the same queries at
any size of the data."""

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from ninja import Schema

PAGE_SIZE = 50


class PageMeta(Schema):
    count: int
    page: int
    pages: int


def page_of(items: QuerySet[Any] | list[Any], page: int) -> tuple[list[Any], PageMeta]:
    """The rows of page `page` (1-based; past the end: the last page) and its numbers."""
    paginator = Paginator(items, PAGE_SIZE)
    current = paginator.get_page(page)
    meta = PageMeta(count=paginator.count, page=current.number, pages=paginator.num_pages)
    return list(current.object_list), meta
