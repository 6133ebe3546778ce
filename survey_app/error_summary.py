"""What the error summary (templates/web/_parts.html) shows for a Flask-WTF form.

Each field with a problem gives its first message, keyed by the field's id, in the order the fields appear
on the page. The summary links to that id: for a group of radios it is the first radio's id (the others
are ``<id>-2``, ``<id>-3``...), as on GOV.UK pages.
"""

from __future__ import annotations

from flask_wtf import FlaskForm


def messages(form: FlaskForm) -> dict[str, str]:
    return {field.id: str(field.errors[0]) for field in form if field.errors}
