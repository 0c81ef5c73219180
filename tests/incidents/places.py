"""Gazetteer places for incident tests, written out (the analysis' gazetteer is not needed here)."""

from __future__ import annotations

from bot.models import Place

ARIHA = Place("Ariha", "أريحا", "Idlib", "C4278", 35.81, 36.61)
SARAQIB = Place("Saraqib", "سراقب", "Idlib", None, 35.86, 36.8)
KAFR_NOBOL = Place("Kafr Nobol", "كفر نبل", "Idlib", "C4068", 35.61, 36.56)
MAARAT = Place("Maarat al-Numan", "معرة النعمان", "Idlib", "C3985", 35.64, 36.67)
JISR = Place("Jisr al-Shughur", "جسر الشغور", "Idlib", "C4199", 35.81, 36.32)
ATAREB = Place("Atareb", "الأتارب", "Aleppo", "C1022", 36.14, 36.83)
AZAZ = Place("Azaz", "أعزاز", "Aleppo", "C1564", 36.59, 37.05)
HARASTA = Place("Harasta", "حرستا", "Rif Dimashq", "C2342", 33.56, 36.37)
SAQBA = Place("Saqba", "سقبا", "Rif Dimashq", "C2314", 33.52, 36.38)
DARAA = Place("Daraa", "درعا", "Daraa", "SY12", 32.62, 36.1, level="governorate")
IDLIB = Place("Idlib", "إدلب", "Idlib", "SY07", 35.77, 36.67, level="governorate")
ALEPPO = Place("Aleppo", "حلب", "Aleppo", "SY02", 36.25, 37.62, level="governorate")
MAARAT_DISTRICT = Place("Maarrat al-Nu'man", "معرة النعمان", "Idlib", "SY0702", 35.54, 36.79, level="district")
ARIHA_DISTRICT = Place("Ariha", "أريحا", "Idlib", "SY0705", 35.76, 36.55, level="district")
