"""The review team's co-design and hand-on pages, added to the admin blueprint when it is set up."""

from survey_app.codesign import (
    date_views,  # noqa: F401
    invitation_views,  # noqa: F401
    review_views,  # noqa: F401
)
