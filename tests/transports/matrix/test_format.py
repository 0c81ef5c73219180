"""A neutral Reply as Matrix m.notice content: threading, buttons as typed commands, edits."""

from __future__ import annotations

from bot.models import Button, Reply
from bot.transports.matrix.format import as_matrix_command, edit_content, notice_content
from bot.transports.matrix.html import RLM


def test_notice_with_html_and_thread() -> None:
    content = notice_content(Reply(text="غارة\nإدلب", html="<b>غارة</b>\nإدلب"), reply_to="$ask")
    assert content == {
        "msgtype": "m.notice",
        "body": "غارة\nإدلب",
        "format": "org.matrix.custom.html",
        "formatted_body": "<b>غارة</b><br />إدلب",
        "m.relates_to": {"m.in_reply_to": {"event_id": "$ask"}},
    }


def test_plain_reply_gets_escaped_html() -> None:
    content = notice_content(Reply(text="a < b & c"))
    assert content["formatted_body"] == "a &lt; b &amp; c"
    assert "m.relates_to" not in content


def test_buttons_become_commands_to_type() -> None:
    reply = Reply(
        text="النتائج",
        buttons=((Button("◀", "/page 3 1"), Button("▶", "/page 3 3")), (Button("✅ /subscribe", "/subscribe"),)),
    )
    content = notice_content(reply)
    assert content["body"] == "النتائج\n\n◀ !page 3 1  ·  ▶ !page 3 3\n✅ !subscribe"
    assert content["formatted_body"].endswith(
        "<br /><br />◀ <code>!page 3 1</code>  ·  ▶ <code>!page 3 3</code><br />✅ <code>!subscribe</code>"
    )


def test_arabic_line_starting_with_a_command_gets_a_mark() -> None:
    content = notice_content(Reply(text="!more للمزيد من النتائج"))
    assert content["body"] == RLM + "!more للمزيد من النتائج"
    assert content["formatted_body"] == RLM + "!more للمزيد من النتائج"


def test_edit_replaces_the_original() -> None:
    content = edit_content(Reply(text="new"), "$orig")
    assert content["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$orig"}
    assert content["m.new_content"]["body"] == "new"
    assert content["body"] == "* new"


def test_as_matrix_command() -> None:
    assert as_matrix_command("/more") == "!more"
    assert as_matrix_command("more") == "more"
