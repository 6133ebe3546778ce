"""What the error summary (templates/web/_parts.html) shows for a Flask-WTF form.

Each field with a problem gives its first message, keyed by the id the summary links to, in the order the
fields appear on the page. A group of radios is linked by its first radio, as GOV.UK pages do.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField


def messages(form: FlaskForm) -> dict[str, str]:
    return {_target(field): str(field.errors[0]) for field in form if field.errors}


def _target(field) -> str:
    return f"{field.id}-0" if isinstance(field, RadioField) else field.id
