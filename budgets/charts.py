"""The standard charts of accounts a new budget starts from, and the example fringes.

The fringe rates are examples that producers expect to see, to be checked against the current
agreements and tax tables before the budget is relied on; every one is editable.
"""

from decimal import Decimal

ATL, PROD, POST, OTHER = "above_the_line", "production", "post", "other"

# (category number, name, section, [(account number, name)])
FEATURE = [
    ("1100", "Story & Rights", ATL, [("1101", "Rights purchase"), ("1102", "Writers")]),
    ("1200", "Producers", ATL, [("1201", "Producers"), ("1202", "Producer's assistant")]),
    ("1300", "Director", ATL, [("1301", "Director"), ("1302", "Director's assistant")]),
    (
        "1400",
        "Cast",
        ATL,
        [("1401", "Principal cast"), ("1402", "Day players"), ("1403", "Stunts")],
    ),
    ("1500", "Travel & Living", ATL, [("1501", "Airfare"), ("1502", "Hotels and per diem")]),
    (
        "2000",
        "Production Staff",
        PROD,
        [("2001", "Line producer"), ("2002", "Assistant directors")],
    ),
    ("2100", "Extras", PROD, [("2101", "Background"), ("2102", "Stand-ins")]),
    ("2200", "Art Department", PROD, [("2201", "Production designer"), ("2202", "Art crew")]),
    ("2300", "Set Construction", PROD, [("2301", "Construction crew"), ("2302", "Materials")]),
    ("2500", "Set Dressing", PROD, [("2501", "Set dressers"), ("2502", "Purchases and rentals")]),
    ("2600", "Property", PROD, [("2601", "Prop master"), ("2602", "Props")]),
    ("2700", "Wardrobe", PROD, [("2701", "Costume designer"), ("2702", "Costumes")]),
    ("2800", "Make-up & Hair", PROD, [("2801", "Make-up and hair crew"), ("2802", "Supplies")]),
    ("2900", "Electrical", PROD, [("2901", "Gaffer and electricians"), ("2902", "Lighting")]),
    ("3000", "Grip", PROD, [("3001", "Key grip and grips"), ("3002", "Grip equipment")]),
    ("3300", "Camera", PROD, [("3301", "Camera crew"), ("3302", "Camera rentals")]),
    ("3400", "Sound", PROD, [("3401", "Sound mixer and boom"), ("3402", "Sound equipment")]),
    ("3500", "Transportation", PROD, [("3501", "Drivers"), ("3502", "Vehicles and fuel")]),
    ("3600", "Locations", PROD, [("3601", "Location manager"), ("3602", "Site fees")]),
    ("3700", "Production Film & Lab", PROD, [("3701", "Media and storage"), ("3702", "DIT")]),
    ("5000", "Editing", POST, [("5001", "Editor"), ("5002", "Edit suite")]),
    ("5100", "Music", POST, [("5101", "Composer"), ("5102", "Music licensing")]),
    ("5200", "Post Sound", POST, [("5201", "Sound design and mix")]),
    ("5300", "Visual Effects", POST, [("5301", "VFX vendor")]),
    ("6700", "Insurance", OTHER, [("6701", "Production package"), ("6702", "E&O")]),
    ("6800", "General Expense", OTHER, [("6801", "Legal and accounting"), ("6802", "Office")]),
    ("7500", "Fees", OTHER, [("7501", "Bank and payroll fees")]),
]

SERIES = [
    ("1100", "Story & Rights", ATL, [("1101", "Format rights"), ("1102", "Writers' room")]),
    ("1200", "Producers", ATL, [("1201", "Showrunner and producers")]),
    ("1300", "Directors", ATL, [("1301", "Episode directors")]),
    ("1400", "Cast", ATL, [("1401", "Series regulars"), ("1402", "Guest cast")]),
    ("2000", "Production Staff", PROD, [("2001", "Production office")]),
    ("2200", "Art Department", PROD, [("2201", "Art crew"), ("2202", "Standing sets")]),
    ("3300", "Camera", PROD, [("3301", "Camera crew"), ("3302", "Camera rentals")]),
    ("3400", "Sound", PROD, [("3401", "Sound crew")]),
    ("3500", "Transportation", PROD, [("3501", "Drivers and vehicles")]),
    ("3600", "Locations", PROD, [("3601", "Site fees")]),
    ("5000", "Editing", POST, [("5001", "Editors")]),
    ("5100", "Music", POST, [("5101", "Composer")]),
    ("6700", "Insurance", OTHER, [("6701", "Production package")]),
    ("6800", "General Expense", OTHER, [("6801", "Office and legal")]),
    ("7500", "Fees", OTHER, [("7501", "Bank and payroll fees")]),
]

CHARTS = {"feature": FEATURE, "series": SERIES, "blank": []}

# (code, name, kind, rate, cutoff): examples to check against the current agreements.
EXAMPLE_FRINGES = [
    (
        "FICA",
        "FICA social security 6.2 % (example: check the wage base)",
        "percent",
        Decimal("6.2"),
        Decimal("176100"),
    ),
    ("MED", "Medicare 1.45 % (example)", "percent", Decimal("1.45"), None),
    ("FUTA", "FUTA 0.6 % (example)", "percent", Decimal("0.6"), Decimal("7000")),
    ("SUI", "State unemployment (example rate)", "percent", Decimal("3.4"), Decimal("7000")),
    ("PAYRL", "Payroll service fee (example)", "percent", Decimal("0.5"), None),
    (
        "SAG",
        "SAG-AFTRA pension & health 21 % (example)",
        "percent",
        Decimal("21"),
        Decimal("232000"),
    ),
    ("DGA", "DGA pension & health 8.5 % (example)", "percent", Decimal("8.5"), None),
    ("WGA", "WGA pension & health 8.5 % (example)", "percent", Decimal("8.5"), None),
    ("IATSE", "IATSE pension & health, per hour (example)", "flat", Decimal("8.5"), None),
    ("IAPCT", "IATSE percent on wages (example)", "percent", Decimal("6.5"), None),
]


def section_for_number(number: str) -> str:
    """Guess a new category's section from its number, as the standard charts lay them out."""
    digits = "".join(c for c in number if c.isdigit())[:4]
    value = int(digits or 0)
    if value < 2000:
        return ATL
    if value < 5000:
        return PROD
    if value < 6500:
        return POST
    return OTHER
