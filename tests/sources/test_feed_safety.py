from __future__ import annotations

import pytest

from bot.sources.feeds.errors import FeedError
from bot.sources.feeds.safety import check_url, is_public_address


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("fd00:ec2::254", False),  # AWS metadata over IPv6
        ("fe80::1%eth0", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("224.0.0.1", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/feed",
        "http://localhost/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed",
        "http://10.0.0.5/rss",
        "http://2130706433/feed",  # 127.0.0.1 as a decimal integer
    ],
)
async def test_private_urls_refused(url: str) -> None:
    with pytest.raises(FeedError, match=r"non-public|cannot resolve"):
        await check_url(url)


async def test_private_allowed_when_configured() -> None:
    assert await check_url("http://127.0.0.1:8080/feed", allow_private=True) == "http://127.0.0.1:8080/feed"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://x/", "http:///nohost"])
async def test_bad_schemes_and_hosts(url: str) -> None:
    with pytest.raises(FeedError, match=r"scheme|no host"):
        await check_url(url, allow_private=True)
