"""English news names places the way agencies spell them, and names places that are not where anything happened
(FA-KES, bench/eval_fakes.py). Each row is one general mechanism: the longest name by spelling or consonants, an
agency's spelling of a governorate or region, the capital named for its government, a word that reads like a village
by its consonants, the headline's governorate for the incident it tells, a photo's caption above the lead."""

from __future__ import annotations

import pytest

from bot.analysis import _read, analyze
from bot.analysis.document import LEAD, Part
from bot.analysis.places import best_place


def _governorates(sentence: str) -> list[str]:
    """The governorates of the places a lead sentence names (as analyze() reads it)."""
    return [best_place([h]).governorate for h in _read(Part(sentence, 0, LEAD), "en").places]


@pytest.mark.parametrize(
    ("sentence", "governorates"),
    [
        # the longest name wins, read by its consonants, over a one-word village inside it
        ("Three children were killed in Jisr al-Shigour on Wednesday.", ["Idlib"]),
        ("Israeli planes struck positions in Khan-Arnab on Friday.", ["Quneitra"]),
        # agencies' spellings of governorates and regions, and a region resolves to its governorate
        ("US-led strikes on the northern province of Raqa killed 20.", ["Raqqa"]),
        ("Fighting raged in the Qalamun region by the Lebanese border.", ["Rif Dimashq"]),
        ("52 dead as rival groups clash in Eastern Gouta.", ["Rif Dimashq"]),
        ("Rocket shells fell on the Sheikh Maqsood neighbourhood.", ["Aleppo"]),
        ("A car bomb exploded near the Bab al-Salama crossing.", ["Aleppo"]),
        ("US airstrikes killed 23 civilians in Syria's Deir ezzor.", ["Deir ez-Zor"]),  # a later word not capitalised
        # the capital named for its government is no place
        ("There was no comment from the regime in Damascus.", []),
        ("Pro-Damascus media outlets said a suicide attacker detonated a car bomb.", []),
        ("Damascus has accused rebels of shelling the corridors.", []),
        ("The strike hit a base of the Damascus-backed National Defense Forces.", []),
        ("Rebel areas were bombed despite Damascus promises of a truce.", []),
        ("It was not clear whether the planes were Syrian or those of Damascus's ally Russia.", []),
        # ... but talks held there are held there
        ("A UN delegation met Syrian officials in Damascus on Tuesday.", ["Damascus"]),
        # words that read like a village by their consonants
        ("Twenty were killed, including members of Al-Nusra Front.", []),
        ("Secretary of State John Kerry said on Sunday.", []),
        ("43 killed in army shelling of rebel town Monitor", []),  # not the village Mintar
        ("In Daraa an army unit destroyed a command centre.", ["Daraa"]),  # "Daraa an" is no Deir Ali
    ],
)
def test_english_place_names(sentence, governorates):
    assert _governorates(sentence) == governorates


def _main_governorate(title: str, body: str) -> str | None:
    events = analyze(body, title=title).events
    placed = [e for e in events if e.location is not None and e.killed is not None]
    return placed[0].location.governorate if placed else None


def test_the_headlines_incident_is_in_the_governorate_the_headline_names():
    title = "16 civilians killed in Syria's Hasakeh after motorbike bomber attack"
    body = (
        "A motorcycle bomber killed at least 16 civilians outside a bakery in Syria's Hasakeh city on Tuesday, an "
        "official said.\n"
        "The attack also wounded dozens of people.\n"
        "A US-backed alliance has been locked in battle in the neighbouring province of Aleppo for control of Manbij."
    )
    assert _main_governorate(title, body) == "Al-Hasakah"


def test_the_headlines_toll_is_told_with_its_own_place():
    title = "Syrian Army Foils Attack in Daraa, Kills at least 50 Gunmen in Lattakia"
    body = (
        "07-07-2015 The Syrian Army Foils Attack in Daraa, Kills at least 50 Gunmen in Lattakia.\n"
        "The army continued its operations against the militants across the country.\n"
        "In Daraa, an army unit repelled an attack on a checkpoint east of the city."
    )
    assert _main_governorate(title, body) == "Latakia"


def test_a_landmark_the_headline_is_near_is_not_its_governorate():
    title = "US airstrikes kill 11 civilians near Syria's Aleppo"
    body = (
        "US airstrikes have killed 11 civilians in northwestern Syria, activists said on Wednesday.\n"
        "The civilians were killed as US aircraft hit a residential building in the city of Idlib near Aleppo."
    )
    assert _main_governorate(title, body) == "Idlib"


def test_a_photo_caption_above_the_lead_is_not_the_news():
    body = (
        "A member of the regime forces runs near destroyed buildings in the city of Hasakeh on Monday (AFP photo) "
        "BEIRUT Thirteen civilians were killed on Wednesday when helicopters dropped barrel bombs on the village of "
        "Tadef in the northern province of Aleppo, the Observatory said."
    )
    assert _main_governorate("13 civilians killed in regime air raids on northern Syria", body) == "Aleppo"
