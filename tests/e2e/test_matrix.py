"""``marsad run`` with Matrix enabled, against a real Synapse on 127.0.0.1 (issue 5's must-hold list).

Each test starts the bot as a subprocess on its own data directory and inbox, talks to
it as people in rooms (plain Client-Server API calls), and stops it with SIGTERM.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from bot.i18n import t
from tests.e2e.process import MarsadProcess
from tests.servers.matrix_user import MatrixUser, until
from tests.servers.synapse import REPO_ROOT, Synapse

pytestmark = pytest.mark.e2e

DEADLINE = 40.0
ARABIC_REPORT = REPO_ROOT / "seeds" / "000_02fb0add3b835a0e.txt"
# Five distinct reports (different events, places and wording), so none is a duplicate of another and
# none is the same incident as the seed (its airstrike on Maarat al-Numan).
REPORTS = [
    "Airstrike on Saraqib\n\nWarplanes struck a market in Saraqib in Idlib on Monday, "
    "killing 7 civilians including 3 children, local rescuers said.",
    "Shelling in Aleppo\n\nArtillery shells hit the Salaheddine district of Aleppo city, injuring 12 people, "
    "according to a local hospital.",
    "Protest in Daraa\n\nHundreds demonstrated in Daraa al-Balad against arrests, activists said, "
    "and shops closed in a general strike.",
    "Displacement from Jisr al-Shughur\n\nAid agencies reported that thousands of families fled Jisr al-Shughur "
    "towards camps near the Turkish border after days of fighting.",
    "Car bomb in Azaz\n\nA car bomb exploded near a checkpoint in Azaz north of Aleppo, killing 4 people "
    "and wounding 9, the civil defence said.",
]


class Marsad:
    """``marsad run`` with Matrix configured; restartable on the same data directory and inbox."""

    def __init__(self, synapse: Synapse, root: Path, bot_name: str) -> None:
        self.root = root
        self.user_id = synapse.user_id(bot_name)
        self.password = f"pw-{bot_name}"
        synapse.register(bot_name, self.password)
        self.env = {
            "MARSAD_LANGUAGE": "ar",
            "MATRIX_HOMESERVER": synapse.url,
            "MATRIX_USER_ID": self.user_id,
            "MATRIX_PASSWORD": self.password,
        }
        self.runs: list[MarsadProcess] = []

    @property
    def process(self) -> MarsadProcess | None:
        running = self.runs[-1] if self.runs else None
        return running if running is not None and running.proc is not None and running.proc.poll() is None else None

    def start(self) -> None:
        self.runs.append(MarsadProcess(self.root, env=self.env).start())

    def stop(self) -> int:
        process = self.process
        return process.stop() if process is not None else 0

    def log_text(self) -> str:
        return "\n".join(run.log + "\n" + run.output for run in self.runs)

    def drop_report(self, text: str) -> None:
        """Write then rename, so the inbox takes the file at once."""
        inbox = self.root / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        name = f"report-{secrets.token_hex(4)}.txt"
        partial = inbox / (name + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.rename(inbox / name)


@pytest.fixture
async def people(synapse: Synapse):
    alice = MatrixUser.fresh(synapse, "alice")
    bob = MatrixUser.fresh(synapse, "bob")
    yield alice, bob
    await alice.close()
    await bob.close()


@pytest.fixture
def marsad(synapse: Synapse, tmp_path: Path):
    bot = Marsad(synapse, tmp_path, f"marsad{secrets.token_hex(3)}")
    bot.start()
    yield bot
    code = bot.stop()
    assert code == 0, bot.log_text()[-3000:]
    assert "Traceback" not in bot.log_text(), bot.log_text()[-3000:]
    session = json.loads((tmp_path / "data" / "matrix" / "session.json").read_text())
    assert bot.password not in bot.log_text() and session["access_token"] not in bot.log_text()


def _is_alert(event: dict, sender: str) -> bool:
    content = event.get("content", {})
    return (
        event.get("sender") == sender
        and content.get("msgtype") == "m.notice"
        and "m.relates_to" not in content  # answers are threaded, alerts are not
    )


def _alert_with(marsad: Marsad, marker: str):
    return lambda event: _is_alert(event, marsad.user_id) and marker in event["content"]["body"]


async def _room_with_subscription(alice: MatrixUser, marsad: Marsad) -> str:
    room_id = await alice.create_room(invite=[marsad.user_id])
    await alice.wait_joined(room_id, marsad.user_id, deadline=DEADLINE)
    asked = await alice.send_text(room_id, "!subscribe")
    await alice.wait_reply(room_id, asked, deadline=DEADLINE)
    return room_id


async def test_invite_subscribe_alert_latest_search_and_power(marsad: Marsad, people) -> None:
    alice, bob = people
    room_id = await _room_with_subscription(alice, marsad)

    marsad.drop_report(REPORTS[0])
    alert = await alice.wait_for(room_id, _alert_with(marsad, "Airstrike on Saraqib"), deadline=DEADLINE)
    content = alert["content"]
    assert content["format"] == "org.matrix.custom.html"
    assert "<b>" in content["formatted_body"] and "<script" not in content["formatted_body"]

    latest = await alice.send_text(room_id, "!latest")
    assert "Airstrike on Saraqib" in (await alice.wait_reply(room_id, latest, deadline=DEADLINE))["content"]["body"]

    marsad.drop_report(ARABIC_REPORT.read_text(encoding="utf-8"))  # says إدلب, with hamza
    await alice.wait_for(room_id, _alert_with(marsad, "جيفري"), deadline=DEADLINE)
    searched = await alice.send_text(room_id, "!search ادلب")  # typed without hamza
    found = (await alice.wait_reply(room_id, searched, deadline=DEADLINE))["content"]["body"]
    assert "جيفري" in found

    first_page = await alice.send_text(room_id, "!latest 1")  # newest first, one a page
    page = (await alice.wait_reply(room_id, first_page, deadline=DEADLINE))["content"]["body"]
    assert "جيفري" in page and "Airstrike on Saraqib" not in page
    more = await alice.send_text(room_id, "!more")
    page = (await alice.wait_reply(room_id, more, deadline=DEADLINE))["content"]["body"]
    assert "Airstrike on Saraqib" in page and "جيفري" not in page

    await alice.invite(room_id, bob.user_id)
    await bob.join(room_id)
    refused = await bob.send_text(room_id, "!lang en")
    answer = await alice.wait_reply(room_id, refused, deadline=DEADLINE)
    assert answer["content"]["body"].strip("\u200f") == t("ar", "cmd.not_allowed")

    alerts = [e for e in await alice.notices_from(room_id, marsad.user_id) if _is_alert(e, marsad.user_id)]
    bodies = [a["content"]["body"] for a in alerts]
    assert sum("Airstrike on Saraqib" in b for b in bodies) == 1 and sum("جيفري" in b for b in bodies) == 1


async def test_restart_neither_repeats_answers_nor_loses_alerts(marsad: Marsad, people) -> None:
    alice, _ = people
    room_id = await _room_with_subscription(alice, marsad)
    before = await alice.send_text(room_id, "!help")
    await alice.wait_reply(room_id, before, deadline=DEADLINE)

    assert marsad.stop() == 0
    during = await alice.send_text(room_id, "!latest")  # while the bot is down
    marsad.drop_report(REPORTS[1])
    marsad.start()

    await alice.wait_reply(room_id, during, deadline=DEADLINE)
    await alice.wait_for(room_id, _alert_with(marsad, "Shelling in Aleppo"), deadline=DEADLINE)
    after = await alice.send_text(room_id, "!sources")
    await alice.wait_reply(room_id, after, deadline=DEADLINE)

    notices = await alice.notices_from(room_id, marsad.user_id)
    threads = [n["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") for n in notices]
    asked = [before, during, after]
    assert [threads.count(event_id) for event_id in asked] == [1, 1, 1]
    assert sum(_is_alert(n, marsad.user_id) and "Shelling in Aleppo" in n["content"]["body"] for n in notices) == 1


async def test_rate_limit_still_delivers_every_alert_once(synapse: Synapse, marsad: Marsad, people) -> None:
    alice, _ = people
    room_id = await _room_with_subscription(alice, marsad)
    admin = MatrixUser.fresh(synapse, "admin", admin=True)
    try:
        synapse.override_ratelimit(marsad.user_id, messages_per_second=1, burst_count=1, admin_token=admin.token)
        for text in REPORTS:
            marsad.drop_report(text)
        markers = [text.split("\n", 1)[0] for text in REPORTS]  # the titles

        async def all_arrived() -> bool:
            notices = await alice.notices_from(room_id, marsad.user_id)
            bodies = [n["content"]["body"] for n in notices if _is_alert(n, marsad.user_id)]
            return all(any(m in b for b in bodies) for m in markers)

        await until(all_arrived, deadline=90, what="every alert delivered")
        notices = await alice.notices_from(room_id, marsad.user_id)
        bodies = [n["content"]["body"] for n in notices if _is_alert(n, marsad.user_id)]
        assert [sum(m in b for b in bodies) for m in markers] == [1, 1, 1, 1, 1]
        assert "rate limited" in marsad.log_text()  # the limit was really hit, and honoured
    finally:
        synapse.clear_ratelimit(marsad.user_id, admin.token)
        await admin.close()
