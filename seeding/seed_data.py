"""The Taskforce Vaccins as the implementation proposal of 1 April 2021 describes it.

Source: "Vaccins – van productie tot preparedness. Implementatie van aanbevelingen - voorstel
1 april 2021" (shared/seeds/000_d021276bfa8f4a6d.txt). Titles are the introduction's table's,
which the proposal says were adapted for the implementation; owners are in the document's order.
"""

ORGANISATIONS = [
    # short name as the document writes it, full name, kind
    ("Special Envoy", "Special envoy vaccins", "envoy"),
    ("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport", "ministry"),
    ("EZK", "Ministerie van Economische Zaken en Klimaat", "ministry"),
    ("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", "ministry"),
    ("VNO-NCW", "Vereniging VNO-NCW", "association"),
    ("NFIA", "Netherlands Foreign Investment Agency", "agency"),
    (
        "Health-Holland",
        "Health~Holland, Topsector Life Sciences & Health",
        "public_private",
    ),
    ("VIG", "Vereniging Innovatieve Geneesmiddelen", "association"),
    ("HollandBIO", "HollandBIO", "association"),
    ("EC", "Europese Commissie", "eu_body"),
    ("EMA", "Europees Geneesmiddelenbureau (European Medicines Agency)", "eu_body"),
    ("RIVM", "Rijksinstituut voor Volksgezondheid en Milieu", "agency"),
    ("Topsector LSH", "Topsector Life Sciences & Health", "public_private"),
    ("Topsector Creatief", "Topsector Creatieve Industrie", "public_private"),
    ("Biotech Training Facility", "Biotech Training Facility", "education"),
    ("Brancheverenigingen", "", "association"),
    ("Bedrijfsleven", "", "business"),
    ("Individuele bedrijven", "", "business"),
    ("logistieke expertise", "", "other"),
]

TASKFORCE = {
    "name": "Taskforce Vaccins",
    "goal": (
        "Op een gecoordineerde wijze op korte termijn invulling geven aan de aanbevelingen van de special "
        "envoy vaccins."
    ),
    "approach": (
        "De taskforce is een orgaan met de opdracht om uitvoering te geven aan de verschillende werkstromen. "
        "Tevens heeft de taskforce als doel om doublures te voorkomen en de snelheid in het traject te behouden. "
        "In de taskforce zijn de drie werkstromen vertegenwoordigd via hun ‘trekkers’."
    ),
    "participants": [
        "Special Envoy",
        "VWS",
        "EZK",
        "VNO-NCW",
        "NFIA",
        "Health-Holland",
    ],
    "planned_size": 6,
    "workstream_size_min": 5,
    "workstream_size_max": 7,
}

PURSUED, SIDELINE = "pursued", "sideline"

# number, title, theme, tracking, owners, workstreams (slugs, sections 3-5)
RECOMMENDATIONS = [
    (
        1,
        "Verbinden internationale vaccinfabrikanten met Nederlandse aanbod",
        "verbinden",
        PURSUED,
        ["EZK", "VNO-NCW"],
        ["verbinden"],
    ),
    (
        2,
        "Match-making events tussen bedrijven op Europese schaal uitbreiden",
        "verbinden",
        PURSUED,
        ["EZK", "Brancheverenigingen", "EC"],
        ["verbinden"],
    ),
    (
        3,
        "(In)directe tekorten in supply chain gedetailleerd in kaart brengen",
        "voorkomen",
        PURSUED,
        ["EC", "EZK", "VWS", "Bedrijfsleven"],
        ["voorkomen"],
    ),
    (
        4,
        "Nederlandse bedrijfsleven inschakelen bij oplossing verwachte tekorten",
        "voorkomen",
        PURSUED,
        ["EZK", "VNO-NCW"],
        ["voorkomen"],
    ),
    (
        5,
        "Meer tech transfer personeel opleiden",
        "voorkomen",
        PURSUED,
        ["Biotech Training Facility", "OCW"],
        ["voorkomen"],
    ),
    # The table lists 6 and 7 under Voorkomen; sections 3 and 5 give 6 to Verbinden and Voorbereiden
    # and 7 to Voorbereiden.
    (
        6,
        "Advance Purchase Agreements aangaan voor vaccins vanaf 2022",
        "voorkomen",
        PURSUED,
        ["EC"],
        ["verbinden", "voorbereiden"],
    ),
    (
        7,
        "Optie van Advance Purchase Agreements voor COVID-19 geneesmiddelen",
        "voorkomen",
        PURSUED,
        ["VWS", "EC"],
        ["voorbereiden"],
    ),
    (
        8,
        "Mogelijke vaccin-reallocatie bespreekbaar maken",
        "supply_chain",
        SIDELINE,
        ["EC"],
        [],
    ),
    (
        9,
        "Afschaffing/aanpassing van exportlicenties voor vaccins",
        "regulation",
        SIDELINE,
        ["EC"],
        [],
    ),
    (
        10,
        "Mogelijke verdere optimalisatie beoordelingstrajecten nieuwe vaccins",
        "regulation",
        SIDELINE,
        ["EMA"],
        [],
    ),
    (
        11,
        "Centrale registratie van irregulier aangeboden (nep)vaccins",
        "regulation",
        SIDELINE,
        ["VWS", "EC"],
        [],
    ),
    (
        12,
        "Beter begrip creëren rond vaccinproductie",
        "communication",
        SIDELINE,
        ["VIG", "Individuele bedrijven"],
        [],
    ),
    (
        13,
        "Publiekscampagne vaccinatie met hulp van creatieve sector",
        "communication",
        SIDELINE,
        ["VWS", "RIVM", "Topsector Creatief"],
        [],
    ),
    (
        14,
        "Rondetafelgesprek over geleerde lessen pandemie",
        "voorbereiden",
        PURSUED,
        ["VWS", "EZK", "VIG", "HollandBIO", "VNO-NCW"],
        ["voorbereiden"],
    ),
    (
        15,
        "Bijeenkomst over Pandemic Preparedness Facility in Nederland",
        "voorbereiden",
        PURSUED,
        ["Topsector LSH"],
        ["voorbereiden"],
    ),
]

# The trekker is underlined in the document, which the text lost: the first-listed participant is seeded.
WORKSTREAMS = [
    {
        "slug": "verbinden",
        "name": "Verbinden",
        "goal": (
            "Nederlandse bedrijven die actief zijn of kunnen worden in de productieketen van vaccins onder de "
            "aandacht brengen van (buitenlandse) vaccinfabrikanten, teneinde mogelijke samenwerking te stimuleren."
        ),
        "participants": ["NFIA", "VWS", "EZK", "VNO-NCW", "VIG"],
        # (title, bullet text from "Aanpak", recommendations served)
        "actions": [
            (
                "Nederlands bedrijfsleven in de vaccinproductie in kaart brengen",
                "Verder in kaart brengen van het Nederlandse bedrijfsleven op het vlak van vaccinproductie, zowel "
                "als het gaat om drug substance alsook fill-and-finish, maar wellicht ook de distributie van vaccins.",
                [1],
            ),
            (
                "Contacten faciliteren tussen aanbieders en buitenlandse fabrikanten",
                "Het faciliteren van contacten tussen deze aanbieders en buitenlandse fabrikanten, bijvoorbeeld via "
                "het onder de aandacht brengen van matchmaking events, via publicaties en andere vormen van "
                "communicatie, zoals een bidbook.",
                [1, 2],
            ),
            (
                "Mogelijkheden voor overheidsondersteuning evalueren",
                "De mogelijkheden evalueren voor ondersteuning vanuit de Nederlandse of Europese overheid of "
                "daaraan gelieerde organisaties.",
                [1, 6],
            ),
        ],
        "kpis": [
            {
                "name": "Nieuw gestarte samenwerkingen en opschalingen",
                "text": (
                    "Het aantal concrete, nieuw gestarte samenwerkingen met of opschaling van "
                    "vaccin-productiecapaciteit van Nederlandse bedrijven."
                ),
                "definition": (
                    "Aantal samenwerkingen of opschalingen van vaccinproductiecapaciteit van Nederlandse "
                    "bedrijven die sinds de start van de taskforce zijn gestart."
                ),
                "unit": "samenwerkingen",
                "source": "collaborations_started",
                "kind": "count",
                "direction": "up",
                "target": None,
            }
        ],
    },
    {
        "slug": "voorkomen",
        "name": "Voorkomen",
        "goal": (
            "In samenspraak met vaccinfabrikanten mogelijke tekorten in de toevoerketens zoveel als mogelijk "
            "trachten af te wenden daarbij gebruik makende van Nederlandse bedrijven."
        ),
        "participants": ["VNO-NCW", "EZK", "VWS", "VIG", "logistieke expertise"],
        "actions": [
            (
                "Bestaande en verwachte tekorten in kaart brengen",
                "Samen met vaccinfabrikanten gedetailleerd in kaart brengen voor welke componenten, materialen, "
                "grondstoffen, apparatuur en menskracht in de productie van vaccins tekorten reeds bestaan of "
                "worden verwacht.",
                [3],
            ),
            (
                "Gevolgen voor andere vaccins en geneesmiddelen evalueren",
                "Evalueren in hoeverre deze mogelijke tekorten gevolgen hebben voor andere vaccins of geneesmiddelen.",
                [3],
            ),
            (
                "Oplossingen voor tekorten nagaan",
                "Nagaan welke oplossingen voor deze tekorten bestaan.",
                [4],
            ),
            (
                "Bijdrage Nederlandse bedrijven en opleiding tech transfer personeel bezien",
                "In samenspraak met brancheverenigingen bezien of Nederlandse bedrijven aan de oplossing kunnen "
                "bijdragen. In samenspraak met opleidingsinstituten nagaan of opleiding van tech transfer "
                "personeel uitgebreid kan worden.",
                [4, 5],
            ),
            (
                "Mogelijkheden voor overheidsondersteuning inventariseren",
                "De mogelijkheden inventariseren voor ondersteuning vanuit de Nederlandse of Europese overheid of "
                "daaraan gelieerde organisaties.",
                [4],
            ),
        ],
        "kpis": [
            {
                "name": "Geen tekorten voor vaccins en geneesmiddelen",
                "text": (
                    "Geen tekorten voor vaccins en geneesmiddelen als gevolg van de pandemie en de daardoor "
                    "ontstane druk op de productieketens."
                ),
                "definition": "Aantal open, onopgeloste tekorten die vaccins of geneesmiddelen raken; doel nul.",
                "unit": "open tekorten",
                "source": "open_shortages",
                "kind": "zero",
                "direction": "down",
                "target": 0,
            }
        ],
    },
    {
        "slug": "voorbereiden",
        "name": "Voorbereiden",
        "goal": (
            "Inventarisatie van de geleerde lessen van deze pandemie met een focus op productie en de "
            "beschikbaarheid van vaccins en een concreet voorstel formuleren hoe bij een volgende pandemie "
            "Nederland beter voorbereid kan zijn middels een Pandemic Preparedness Productie faciliteit."
        ),
        "participants": [
            "Health-Holland",
            "VWS",
            "EZK",
            "VIG",
            "HollandBIO",
            "VNO-NCW",
            "NFIA",
        ],
        "actions": [
            (
                "Digitale rondetafelbijeenkomsten organiseren",
                "Organiseren van een aantal digitale rondetafelbijeenkomsten met vaccinfabrikanten, contract "
                "manufacturing organisaties, brancheverenigingen als de Vereniging Innovatieve Geneesmiddelen en "
                "HollandBIO, VNO-NCW, VWS en EZK. De vraag die hierbij aan bod dient te komen: wat ging goed en wat "
                "kan beter, met een focus op de productie en beschikbaarheid van vaccins.",
                [14],
            ),
            (
                "Succesvolle landen evalueren",
                "Evaluatie van succesvolle landen en wat wij daarvan kunnen leren.",
                [14],
            ),
            (
                "Geïnteresseerde partijen voor een Pandemic Preparedness Productie faciliteit bevestigen",
                "Samen met Health-Holland bevestigen welke partijen, zowel privaat als publiek, mogelijk "
                "geïnteresseerd zijn om een rol te spelen bij het opzetten van een Pandemic Preparedness Productie "
                "faciliteit.",
                [15],
            ),
            (
                "Aansluiting zoeken bij FAST en het Nationaal Actieprogramma LSH",
                "Aansluiting zoeken bij bestaande initiatieven zoals FAST en het Nationaal Actieprogramma LSH. "
                "Nederland heeft een goede uitgangspositie om bij te dragen aan de beschikbaarheid en productie van "
                "vaccins en COVID-19-geneesmiddelen. De focus vanuit zowel het innovatie- en vestigingsbeleid als "
                "het geneesmiddelenbeleid moeten daarop gericht zijn.",
                [15],
            ),
            (
                "Kennisnemen van initiatieven in andere landen (EU FAB, HERA)",
                "Kennisnemen van initiatieven die op dit vlak reeds in andere landen plaatsvinden, mede in het kader "
                "van het Europese EU FAB initiatief binnen HERA.",
                [15],
            ),
            (
                "Ondersteuning en Advance Purchase Agreements in kaart brengen",
                "De mogelijkheden in kaart brengen voor ondersteuning vanuit de Nederlandse of Europese overheid of "
                "daaraan gelieerde organisaties. Onder meer door koppeling aan reeds lopende initiatieven om "
                "aanvullende contracten te sluiten op Europees niveau via Advance Purchase Agreements met "
                "fabrikanten van (kandidaat-)vaccins of kandidaat-geneesmiddelen voor (varianten van) COVID-19 en "
                "door soortgelijke constructies of andere vormen van garanties of risicobeperking uit te werken om "
                "beter voorbereid te zijn op een mogelijk toekomstige pandemie.",
                [6, 7],
            ),
        ],
        "kpis": [
            {
                "name": "Concreet overzicht van aanbevelingen",
                "text": (
                    "Concreet overzicht van aanbevelingen om de verdere bestrijding van COVID-19, inclusief "
                    "varianten, te versterken en bij een volgende pandemie beter voorbereid te zijn."
                ),
                "definition": "Mijlpaal: het overzicht is opgeleverd (1) of nog niet (0).",
                "unit": "opgeleverd",
                "source": "overview_delivered",
                "kind": "milestone",
                "direction": "up",
                "target": 1,
            },
            {
                "name": "Breed gedragen initiatief Pandemic Preparedness Productie faciliteit",
                "text": (
                    "Een breed gedragen initiatief voor het opzetten van een Pandemic Preparedness Productie "
                    "faciliteit."
                ),
                "definition": "Aantal private en publieke partijen dat hun steun voor het initiatief bevestigde.",
                "unit": "partijen",
                "source": "supporters",
                "kind": "count",
                "direction": "up",
                "target": None,
            },
        ],
        # Milestone products in the deliverables register; "kpi" is the position of the KPI it delivers.
        "deliverables": [{"title": "Concreet overzicht van aanbevelingen", "kpi": 1}],
    },
]

# One demo login per role: username, role, first name, last name, organisation, workstream membership.
DEMO_USERS = [
    ("secretariaat", "secretariat", "Sanne", "Secretariaat", "VWS", None),
    ("taskforce", "taskforce", "Tom", "Taskforce", "Special Envoy", None),
    ("trekker", "taskforce", "Tara", "Trekker", "NFIA", ("verbinden", "trekker")),
    ("lid", "member", "Lars", "Lid", "EZK", ("verbinden", "member")),
    ("ministerie", "viewer", "Mira", "Ministerie", "VWS", None),
]
