"""The demo production's screenplay and its breakdown: "The Long Night", 61 scenes.

Imported through the same service an upload uses, then broken down as an AD would: characters
linked to the cast, locations with addresses and coordinates in Los Angeles, elements tagged.
Idempotent: running it again adds only what is missing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

import productions
from productions import scripts, services
from productions.models import BreakdownElement, Location, Production, Scene

SCREENPLAY = Path(productions.__file__).resolve().parent / "demo" / "the_long_night.fountain"

Category = BreakdownElement.Category


@dataclass(frozen=True)
class DemoLocation:
    name: str
    address: str
    latitude: str
    longitude: str
    parking: str
    basecamp: str
    hospital: str
    hospital_address: str
    hospital_phone: str
    notes: str = ""


SAN_PEDRO_HOSPITAL = (
    "Providence Little Company of Mary Medical Center San Pedro",
    "1300 W 7th St, San Pedro, CA 90732",
    "+1 310 555 0131",
)
DOWNTOWN_HOSPITAL = (
    "Good Samaritan Hospital",
    "1225 Wilshire Blvd, Los Angeles, CA 90017",
    "+1 213 555 0177",
)
EASTSIDE_HOSPITAL = (
    "LAC+USC Medical Center",
    "2051 Marengo St, Los Angeles, CA 90033",
    "+1 323 555 0120",
)
WESTSIDE_HOSPITAL = (
    "Providence Saint John's Health Center",
    "2121 Santa Monica Blvd, Santa Monica, CA 90404",
    "+1 310 555 0164",
)


def _place(name, address, lat, lon, parking, basecamp, hospital, notes=""):
    return DemoLocation(name, address, lat, lon, parking, basecamp, *hospital, notes=notes)


# Each is named as the script's sets begin: "HARBOR WAREHOUSE - BACK ROOM" shoots at
# HARBOR WAREHOUSE.
LOCATIONS = [
    _place(
        "DOCKS",
        "Berth 73, 2 E 22nd St, San Pedro, CA 90731",
        "33.722640",
        "-118.276930",
        "Crew parking in the Port lot on 22nd St; show cars inside the gate.",
        "Trucks and trailers along Signal St.",
        SAN_PEDRO_HOSPITAL,
        "Port police escort needed after 10 pm; fog rolls in after midnight.",
    ),
    _place(
        "HARBOR WAREHOUSE",
        "1201 E Anaheim St, Wilmington, CA 90744",
        "33.779520",
        "-118.251380",
        "Lot behind the warehouse, 60 spaces; enter from Lagoon Ave.",
        "East yard of the warehouse.",
        SAN_PEDRO_HOSPITAL,
    ),
    _place(
        "MAYA'S APARTMENT",
        "1453 W Sunset Blvd, Los Angeles, CA 90026",
        "34.078140",
        "-118.256620",
        "Street parking only; crew shuttle from the Dodger Stadium lot.",
        "Dodger Stadium, Lot 13.",
        DOWNTOWN_HOSPITAL,
        "Third-floor walk-up: no elevator, carry equipment by hand.",
    ),
    _place(
        "POLICE STATION",
        "401 N Avenue 19, Los Angeles, CA 90031",
        "34.067320",
        "-118.226840",
        "Gated lot on the north side, 40 spaces.",
        "North lot.",
        EASTSIDE_HOSPITAL,
        "Former jail building; bullpen and offices dressed on the 2nd floor.",
    ),
    _place(
        "HOSPITAL",
        "610 S St Louis St, Los Angeles, CA 90023",
        "34.037710",
        "-118.214630",
        "Main lot off Boyle Ave, 80 spaces.",
        "Ambulance bay apron, west side.",
        EASTSIDE_HOSPITAL,
        "A closed hospital used as a standing set; there is no working ER here.",
    ),
    _place(
        "DINER",
        "2901 Pico Blvd, Santa Monica, CA 90405",
        "34.029810",
        "-118.461240",
        "Diner lot, 12 spaces; the rest at the Ocean Park lot.",
        "Ocean Park Blvd lot.",
        WESTSIDE_HOSPITAL,
        "Open to the public by day: shoot nights only, or pay to close.",
    ),
    _place(
        "VICTOR'S OFFICE",
        "633 W 5th St, Los Angeles, CA 90071",
        "34.050720",
        "-118.254600",
        "Building garage, levels P3 and P4.",
        "Loading dock on Hope Pl.",
        DOWNTOWN_HOSPITAL,
        "47th floor; freight elevator bookable by the hour.",
    ),
    _place(
        "CITY STREETS",
        "4th St & Main St, Los Angeles, CA 90013",
        "34.046690",
        "-118.247040",
        "Crew parking at the 4th & Main lot; picture cars staged on Werdin Pl.",
        "Werdin Pl.",
        DOWNTOWN_HOSPITAL,
        "FilmLA permit for rolling closures on Main St.",
    ),
    _place(
        "ROOFTOP",
        "810 S Spring St, Los Angeles, CA 90014",
        "34.043430",
        "-118.253410",
        "Spring St garage, 30 spaces.",
        "8th St side of the building.",
        DOWNTOWN_HOSPITAL,
        "Roof load limit: no cranes; fall protection for anyone near the parapet.",
    ),
    _place(
        "KANE HOUSE",
        "1120 W 24th St, San Pedro, CA 90731",
        "33.725110",
        "-118.296320",
        "Street parking by permit on 24th St; crew lot at the church on Cabrillo Ave.",
        "Church lot on Cabrillo Ave.",
        SAN_PEDRO_HOSPITAL,
        "Residential street: quiet after 10 pm, neighbours notified.",
    ),
]

LOCATION_DATES_OFF = [
    ("DINER", date(2027, 1, 23), date(2027, 1, 24), "Private event booked"),
    ("ROOFTOP", date(2027, 2, 3), date(2027, 2, 3), "Roof repairs"),
]

# Category, element, the scene numbers it is in.
ELEMENTS = [
    (Category.PROPS, "Revolver", ["10", "11", "30", "33", "53", "54", "56"]),
    (Category.PROPS, "The ledger", ["1", "12", "13", "16", "20", "21", "29", "32", "33", "37"]),
    (Category.PROPS, "Binoculars", ["2"]),
    (Category.PROPS, "Oscar's flashlight", ["1", "10", "31", "33"]),
    (Category.PROPS, "Handcuffs", ["56"]),
    (Category.VEHICLES, "Red pickup truck", ["1", "10", "11", "18", "45", "47"]),
    (Category.VEHICLES, "Black sedan", ["13", "19", "39"]),
    (Category.VEHICLES, "Patrol cars (3)", ["54", "56", "57"]),
    (Category.VEHICLES, "Harbor patrol boat", ["51"]),
    (Category.ANIMALS, "Biscuit, German shepherd", ["1", "10", "11", "23", "31", "33", "47", "53"]),
    (Category.ANIMAL_HANDLER, "Dog trainer", ["1", "10", "11", "23", "31", "33", "47", "53"]),
    (Category.BACKGROUND, "Diner patrons (6)", ["4", "15", "16", "38", "60"]),
    (Category.BACKGROUND, "ER staff and patients (10)", ["24", "25"]),
    (Category.BACKGROUND, "Uniformed officers (8)", ["8", "22", "57", "59"]),
    (Category.STUNTS, "Biscuit takes down Hale", ["53"]),
    (Category.STUNTS, "Foot chase in the container row", ["33"]),
    (Category.SPECIAL_EFFECTS, "Rain", ["9", "10", "13", "15", "17", "21", "23", "25"]),
    (Category.SPECIAL_EFFECTS, "Gunshot squib", ["53"]),
    (Category.MAKEUP_HAIR, "Hale's shoulder wound", ["53", "57"]),
    (Category.WARDROBE, "Maya's shoulder holster", ["10", "33", "53"]),
    (Category.GREENERY, "Potted tomato plants", ["19", "39", "44"]),
]


@transaction.atomic
def demo_breakdown_seed(production: Production, owner) -> None:
    """Import the demo screenplay (once) and break it down, adding only what is missing."""
    if not production.scripts.exists():
        scripts.script_import(
            production=production,
            file=SCREENPLAY.read_bytes(),
            filename=SCREENPLAY.name,
            by=owner,
            revision_name="White draft",
        )
    _link_cast(production)
    locations = _locations(production)
    _set_locations(production, locations)
    _tag_elements(production)


def _link_cast(production: Production) -> None:
    """Link each character to the cast role named after it: MAYA is played by "Maya"."""
    cast = {
        assignment.title.upper(): assignment
        for assignment in production.assignments.filter(role_kind="cast")
    }
    for character in production.characters.filter(assignment__isnull=True):
        assignment = cast.get(character.name.upper())
        if assignment is not None:
            services.character_update(character=character, assignment=assignment)


def _locations(production: Production) -> list[Location]:
    existing = {location.name: location for location in production.locations.all()}
    for place in LOCATIONS:
        if place.name not in existing:
            existing[place.name] = services.location_create(
                production=production,
                name=place.name,
                address=place.address,
                latitude=Decimal(place.latitude),
                longitude=Decimal(place.longitude),
                parking=place.parking,
                basecamp=place.basecamp,
                nearest_hospital=place.hospital,
                hospital_address=place.hospital_address,
                hospital_phone=place.hospital_phone,
                notes=place.notes,
            )
    for name, start, end, reason in LOCATION_DATES_OFF:
        location = existing[name]
        if not location.unavailabilities.filter(start_date=start).exists():
            services.location_unavailability_add(
                location=location, start_date=start, end_date=end, reason=reason
            )
    return list(existing.values())


def _location_for(scene: Scene, locations: list[Location]) -> Location | None:
    """Return the location whose name the set begins with, the longest such name winning."""
    matches = [
        location
        for location in locations
        if scene.set_name == location.name or scene.set_name.startswith(f"{location.name} ")
    ]
    return max(matches, key=lambda location: len(location.name), default=None)


def _set_locations(production: Production, locations: list[Location]) -> None:
    for scene in production.scenes.filter(location__isnull=True).select_related("production"):
        location = _location_for(scene, locations)
        if location is not None:
            services.scene_update(scene=scene, location=location)


def _tag_elements(production: Production) -> None:
    scenes = {scene.number: scene for scene in production.scenes.select_related("production")}
    for category, name, numbers in ELEMENTS:
        for number in numbers:
            if number in scenes:
                services.scene_element_tag(scene=scenes[number], category=category, name=name)
