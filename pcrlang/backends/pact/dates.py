"""PACT's date-times: RFC 3339 with an offset; a date stands for its midnight UTC, and a
reference period's last day (inclusive, as rules state it) ends at the next midnight (PACT's end
is exclusive)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Optional


def normal_datetime(x) -> Optional[str]:
    """A PACT date-time: a date becomes its midnight UTC; a date-time must state its offset."""
    if not isinstance(x, str):
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", x):
        try:
            date.fromisoformat(x)
        except ValueError:
            return None
        return x + "T00:00:00Z"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", x):
        return None
    try:
        datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", x[:10] + "T" + x[11:]))
    except ValueError:
        return None
    return x


def period_end(x) -> Optional[str]:
    """The end of a reference period: a date is the last day in it (inclusive), so PACT's exclusive
    end is the next midnight; a date-time is taken as PACT's already."""
    if isinstance(x, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", x):
        try:
            return (date.fromisoformat(x) + timedelta(days=1)).isoformat() + "T00:00:00Z"
        except ValueError:
            return None
    return normal_datetime(x)


def parse_datetime(x) -> Optional[datetime]:
    """A PACT date-time as an aware datetime, or None."""
    value = normal_datetime(x)
    if value is None or "T" not in value.upper():
        return None
    return datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", value[:10] + "T" + value[11:]))
