"""A texter for the soak test: texts the survey's keyword, then replies to whatever the last text asked.

Webhooks are signed with twilio's RequestValidator, as Twilio signs them. Like Twilio, a delivery that
gets no answer (a dropped connection, a 5xx) is delivered again with the same MessageSid; some texts are
delivered twice at once or again after the reply, and every delivery must get the same reply. A reply
counts as taking an answer when it asks the next question (or thanks, or offers support); a text the
server could not take ("please text it again") is texted again, as a person would.
"""

from __future__ import annotations

import random
import re
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from xml.etree import ElementTree

from soak_record import GaveUp, Recorder, loopback_session, normalised
from twilio.request_validator import RequestValidator

from survey_app.engine import InvalidAnswer, Questionnaire, parse_text
from survey_app.engine.sms_prompts import all_prompts

TOKEN = "soak-auth-token"
MAX_TEXTS = 120  # a conversation longer than this is stuck, not long
JOIN_SECONDS = 1  # the server's SMS_JOIN_SECONDS during the soak; texters wait longer after words
SUPPORT_WORDS = "Thank you for telling us"


@dataclass
class Conversation:
    number: str
    taken: dict[str, tuple[str, object]] = field(default_factory=dict)
    in_doubt: set[str] = field(default_factory=set)
    finished: bool = False
    problem: str | None = None
    duplicates_differed: list[str] = field(default_factory=list)
    words_to: str | None = None  # the question the last text in words answered
    transcript: list[str] = field(default_factory=list)  # each text and the start of its reply, for a report
    joined: int = 0
    apologies: int = 0

    def around_trouble(self) -> str:
        """The texts around the first "text it again" (or the last few), and whether a redelivery differed."""
        first = next((n for n, line in enumerate(self.transcript) if "could not take" in line), None)
        start = max(0, first - 2) if first is not None else max(0, len(self.transcript) - 8)
        differed = "a redelivery differed" if self.duplicates_differed else "no redelivery differed"
        return " / ".join(self.transcript[start : start + 9]) + f" ({differed})"


class Texter:
    def __init__(
        self,
        base: str,
        number: int,
        questionnaire: Questionnaire,
        record: Recorder,
        soft_stop: threading.Event,
    ):
        self.url, self.number, self.questionnaire = base + "/sms/inbound", number, questionnaire
        self.record, self.soft_stop = record, soft_stop
        self.rng = random.Random(10_000 + number)  # noqa: S311 - repeatable choices, not secrets
        self.validator = RequestValidator(TOKEN)
        self.http, self.second_http = loopback_session(), loopback_session()
        self.prompts = {text: name for name, text in all_prompts(questionnaire)}
        self.conversations: list[Conversation] = []
        self.thanks = " ".join((questionnaire.thanks or "").split())[:40]

    def run(self) -> None:
        while not self.soft_stop.is_set() and len(self.conversations) < 100:
            talk = Conversation(number=f"+4477{self.number:04d}{len(self.conversations):04d}")
            self.conversations.append(talk)
            self.talk = talk
            try:
                self._talk(talk)
            except GaveUp as error:
                talk.problem = f"gave up at the hard stop: {error}"
            except Exception as error:  # noqa: BLE001 - one broken conversation is a finding, not the end
                talk.problem = f"{type(error).__name__}: {error}"

    def _talk(self, talk: Conversation) -> None:
        replies = self.deliver(talk, self.questionnaire.sms_keyword, "sms: keyword")
        for _ in range(MAX_TEXTS):
            if self.thanks and self.thanks in " ".join(" ".join(replies).split()):
                talk.finished = True
                return
            if self.soft_stop.is_set() or not replies:
                return
            last = replies[-1]
            asked = self.prompts.get(last, "")
            if asked in ("", "intro") or asked.startswith("consent:"):
                body = "no" if SUPPORT_WORDS in " ".join(replies) else "yes"
                replies = self.deliver(talk, body, "sms: consent or other")
                continue
            replies = self._answer(talk, asked, last)
        talk.problem = f"still texting after {MAX_TEXTS} texts; the last reply: {' | '.join(replies)[:160]!r}"

    def _answer(self, talk: Conversation, question_id: str, prompt: str) -> list[str]:
        question = self.questionnaire.question(question_id)
        body, expected = self._reply_to(prompt), None
        try:
            expected = None if body == "skip" else parse_text(question, body)
        except InvalidAnswer:
            body = "skip"
        talk.in_doubt.add(question_id)
        replies = self.deliver(talk, body, "sms: answer")
        moved = bool(replies) and (
            self.prompts.get(replies[-1], question_id) != question_id
            or any(
                SUPPORT_WORDS in r or (self.thanks and self.thanks in " ".join(r.split())) for r in replies
            )
        )
        if moved:
            talk.in_doubt.discard(question_id)
            talk.taken[question_id] = (
                ("skipped", None) if expected is None else (expected.status, normalised(expected.value))
            )
            talk.words_to = question_id if question.is_text and body != "skip" else None
            if talk.words_to:
                time.sleep(JOIN_SECONDS * 1.5)  # words, then a pause: the next text is not more of them
            return replies
        if not replies and talk.words_to in talk.taken:
            # Taken as the rest of the last answer in words: that is what the server should now hold.
            status, earlier = talk.taken[talk.words_to]
            talk.taken[talk.words_to] = (status, f"{earlier} {body}")
            talk.joined += 1
        return [prompt]  # the same question is still waiting: answer it again

    def _reply_to(self, prompt: str) -> str:
        """What a person would text back to this prompt: numbers for choices and scales, words otherwise."""
        instruction = prompt.splitlines()[-1]
        if self.rng.random() < 0.08:
            return "skip"
        if "YES or NO" in instruction:
            return self.rng.choice(["yes", "no"])
        if "numbers, like" in instruction:
            count = sum(1 for line in prompt.splitlines() if re.match(r"\d+ ", line))
            picked = self.rng.sample(range(1, count), min(2, count - 1)) if count > 1 else [1]
            return " ".join(str(n) for n in sorted(picked))
        if "a number" in instruction:
            return str(self.rng.randint(16, 25))
        numbers = [int(n) for n in re.findall(r"\d+", instruction)]
        if numbers:
            return str(self.rng.randint(min(numbers), max(numbers)))
        return f"Soak text from sender {self.number}: more help with money and a home."

    def deliver(self, talk: Conversation, body: str, step: str) -> list[str]:
        """A text; one the server could not take ("text it again") is texted again after a pause."""
        for _ in range(MAX_TEXTS):
            replies = self._deliver_once(talk, body, step)
            if not replies or "text it again" not in replies[-1] or self.soft_stop.is_set():
                return replies
            talk.apologies += 1
            time.sleep(self.rng.uniform(0.5, 1.5))
        raise GaveUp(f"{step}: still not taken after {MAX_TEXTS} texts")

    def _deliver_once(self, talk: Conversation, body: str, step: str) -> list[str]:
        """One text, retried with the same MessageSid until answered; sometimes delivered twice."""
        params = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": "ACsoak",
            "From": talk.number,
            "To": "+447700900000",
            "Body": body,
            "NumMedia": "0",
        }
        headers = {"X-Twilio-Signature": self.validator.compute_signature(self.url, params)}
        roll = self.rng.random()
        if roll < 0.05:  # Twilio gave up waiting and delivers it again after our reply
            replies = self._post(self.http, params, headers, step)
            self._same(talk, step, replies, self._post(self.http, params, headers, "sms: late redelivery"))
            return replies
        if roll < 0.1:
            with ThreadPoolExecutor(2) as pool:
                first = pool.submit(self._post, self.http, params, headers, step)
                again = pool.submit(self._post, self.second_http, params, headers, "sms: duplicate delivery")
                twice = [first.result(), again.result()]
            self._same(talk, step + " twice at once", *twice)
            return twice[0]
        return self._post(self.http, params, headers, step)

    @staticmethod
    def _same(talk: Conversation, step: str, first: list[str], again: list[str]) -> None:
        if first != again:
            talk.duplicates_differed.append(
                f"{step}: {' | '.join(first)[:70]!r} then {' | '.join(again)[:70]!r}"
            )

    def _post(self, http, params: dict, headers: dict, step: str) -> list[str]:
        response = self.record.send(http, step, "POST", self.url, data=params, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code} from the webhook")
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own server's TwiML
        replies = [m.text or "" for m in root.iter("Message")]
        heard = replies[-1].splitlines()[0][:32] if replies else "(nothing)"
        self.talk.transcript.append(f"{params['Body'][:12]!r} -> {heard!r}")
        return replies
