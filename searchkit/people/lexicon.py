"""Word lists for the people extractor.

The lists here are hand-written, general English/news knowledge (titles, role nouns,
organisation and place words, demonyms, calendar words).  They are deliberately *not*
tuned to any evaluation document: they describe the shape of news prose.  The large
name lists are shipped as data files under ``searchkit/data`` (see docs/people.md for
their source and licence) and loaded lazily once.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from searchkit.people.wordlist import SortedWords

_DATA = Path(__file__).parent / "data"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and honorifics that precede a person's name ("President Donald Trump").
# Stored lowercase; matched case-insensitively on capitalised tokens.
TITLES = _words(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father sister
    brother rabbi imam sheikh sheik cardinal bishop archbishop pope
    president vice-president premier chancellor minister secretary ambassador envoy
    governor senator sen rep representative congressman congresswoman congressmember
    mayor judge justice commissioner chairman chairwoman chairperson chair chief
    general gen lieutenant lt colonel col major maj captain capt sergeant sgt admiral adm
    commander cmdr marshal brigadier corporal private officer inspector detective
    superintendent constable sheriff attorney prosecutor counsel councillor councilor
    king queen prince princess duke duchess earl count countess baron baroness emperor
    empress sultan emir shah crown speaker leader spokesman spokeswoman spokesperson
    director ceo cfo coo chancellor provost treasurer deputy acting interim
    gov sen rep supt insp det cmdr pres amb atty messrs mme mlle herr frau
    lieutenant-general major-general lieutenant-colonel brigadier-general
    coach manager striker midfielder defender goalkeeper captain skipper forward
    pitcher quarterback batsman bowler jockey trainer referee umpire champion
    ayatollah mullah ald alderman mp mep msp taoiseach tanaiste kaiser tsar czar shogun
    chairman-elect president-elect mayor-elect dj
    """
)

# Words that can sit inside a multi-word title before the name:
# "Secretary of State", "White House Press Secretary", "Prime Minister".
TITLE_PARTS = _words(
    """
    prime vice deputy foreign defence defense interior home finance trade health
    economy economic state press national security homeland justice energy labour labor
    education environment agriculture transport transportation treasury commerce
    general attorney chief executive supreme high first second assistant under
    senior junior former late then new acting interim grand head secretary-general
    foreign minister affairs intelligence army navy military police opposition
    majority minority party union house senate white cabinet staff joint
    """
)

# Lowercase role nouns that, right before a capitalised sequence, mark a person:
# "spokesperson Dmitry Peskov", "envoy Steve Witkoff", "military leader X".
ROLE_NOUNS = _words(
    """
    spokesman spokeswoman spokesperson spokespeople envoy leader president minister
    secretary chairman chairwoman chair director adviser advisor aide official
    ambassador diplomat negotiator commander general chief head founder co-founder
    executive ceo analyst economist strategist lawyer attorney prosecutor judge
    senator governor mayor lawmaker legislator politician candidate nominee rival
    challenger incumbent opponent premier chancellor correspondent reporter editor
    journalist columnist author writer novelist poet artist actor actress singer
    rapper musician guitarist drummer composer conductor director producer filmmaker
    photographer designer architect scientist researcher professor doctor surgeon
    nurse student teacher coach manager player striker midfielder defender goalkeeper
    captain skipper forward winger batsman bowler pitcher quarterback jockey driver
    rider cyclist runner sprinter swimmer boxer wrestler golfer champion teammate
    veteran rookie striker colleague friend wife husband son daughter mother father
    substitute replacement hooker prop lock flanker fly-half scrum-half full-back
    centre wing keeper
    brother sister uncle aunt nephew niece cousin grandson granddaughter widow
    mr mrs ms dr prof
    """
)

# Verbs of saying etc. that follow (or precede) a person: "Rubio said", "said Rubio".
SPEECH_VERBS = _words(
    """
    said says say told tells added adds stated states announced announces warned warns
    claimed claims insisted insists argued argues explained explains noted notes
    confirmed confirms denied denies wrote writes asked asks replied replies urged
    urges suggested suggests acknowledged acknowledges admitted admits recalled
    recalls declared declares reported reports testified testifies tweeted posted
    """
)

# Capitalised words that are never (part of) a person name in news prose.
NON_NAME = _words(
    """
    january february march july september october november december
    feb mar apr jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu
    thur thurs fri sat sun today yesterday tomorrow tonight
    i i'm i'd i've i'll we you he she it they his her its their our my your us me him
    them
    the a an and or but nor so yet for of in on at to from by with without into onto
    as if then than that this these those there here where when while what which who
    whom whose why how after before during despite since until unless although though
    because however meanwhile moreover furthermore nevertheless nonetheless instead
    also still even just only not no yes all any some many most more much few each
    every both either neither other another such same according following including
    about above across against along amid among around behind below beneath beside
    besides between beyond down inside near off out outside over past through
    throughout toward towards under up upon via within
    mr mrs ms dr
    god allah jesus christ
    christmas easter ramadan eid hanukkah diwali thanksgiving
    north south east west northern southern eastern western central middle upper lower
    new old great greater little big
    one two three four five six seven eight nine ten eleven twelve twenty hundred
    thousand million billion first second third fourth fifth
    """
)

# Words marking organisations, buildings, events or places: a capitalised sequence
# containing one is not a person ("Oval Office", "Lincoln Center", "Labour Party").
ORG_WORDS = _words(
    """
    office house center centre university college school academy institute institution
    hospital clinic church cathedral mosque temple synagogue museum gallery library
    theatre theater hall stadium arena park square street st avenue ave road rd
    boulevard blvd lane drive bridge tower building plaza palace castle airport
    station port harbour harbor bay river lake sea ocean island islands mountain
    mountains mount valley desert gulf strait canal coast peninsula region province
    county district city town village state states republic kingdom empire federation
    union commonwealth emirates territory territories
    inc corp corporation co ltd llc plc ag sa gmbh nv bv company companies group
    holdings bank banks fund trust partners associates capital ventures securities
    insurance airlines airways motors industries international systems technologies
    technology software energy oil petroleum gas mining foods pharmaceuticals
    party parliament congress senate assembly council committee commission
    ministry department agency bureau authority board court tribunal government
    administration service services army navy force forces corps guard police
    command brigade battalion regiment division
    association federation league club team united utd city rovers wanderers athletic
    sporting olympic olympics cup championship championships open tournament games
    series grand prix trophy award awards prize festival conference summit forum
    times post journal news herald tribune gazette telegraph guardian daily weekly
    magazine press radio television tv network channel media newspaper
    agreement treaty accord act law plan program programme project initiative
    war revolution movement campaign front alliance coalition organisation organization
    foundation society network fc afc cf ac sc bc rfc
    online multimedia images pictures photos studios apps
    index exchange market markets stock dollar euro yen pound
    declaration constitution doctrine
    """
)

# Organisation words that never end or sit inside a person name, even after a given name.
STRONG_ORG_WORDS = _words(
    """
    office center centre university college school institute hospital museum street
    avenue road stadium airport inc corp corporation ltd llc plc co company group party
    ministry department agency council committee commission parliament congress senate
    assembly court bureau league club cup championship championships fc government
    administration army navy police union federation association bank festival
    foundation airlines airways motors international republic kingdom states industries
    controls systems communications holdings services
    """
)

# Demonyms and nationality/religion adjectives ("Russian President ...").
DEMONYMS = _words(
    """
    american americans british briton britons english scottish welsh irish french german
    germans italian italians spanish portuguese dutch belgian swiss austrian swedish
    norwegian danish finnish icelandic polish czech slovak hungarian romanian bulgarian
    greek turkish turk turks cypriot russian russians ukrainian ukrainians belarusian
    lithuanian latvian estonian serbian serb serbs croatian croat croats bosnian
    slovenian macedonian albanian montenegrin kosovar georgian armenian azerbaijani
    kazakh uzbek turkmen kyrgyz tajik afghan pakistani indian indians bangladeshi
    sri lankan nepali nepalese bhutanese chinese japanese korean koreans taiwanese
    mongolian vietnamese thai cambodian laotian burmese malaysian singaporean
    indonesian filipino filipinos australian australians zealander zealanders
    canadian canadians mexican mexicans cuban haitian dominican jamaican puerto rican
    guatemalan honduran salvadoran nicaraguan costa panamanian colombian venezuelan
    ecuadorian peruvian bolivian chilean argentine argentinian paraguayan uruguayan
    brazilian brazilians egyptian libyan tunisian algerian moroccan sudanese ethiopian
    eritrean somali kenyan ugandan tanzanian rwandan burundian congolese nigerian
    nigerians ghanaian ivorian senegalese malian cameroonian angolan zambian
    zimbabwean mozambican namibian botswanan south african africans african
    israeli israelis palestinian palestinians lebanese syrian syrians jordanian
    iraqi iraqis iranian iranians saudi saudis yemeni omani emirati qatari kuwaiti
    bahraini arab arabs arabic persian kurdish kurd kurds european europeans asian
    asians latin hispanic western eastern soviet yugoslav catholic catholics
    protestant muslim muslims islamic christian christians jewish jew jews hindu
    sikh buddhist sunni shia shiite democrat democrats republican republicans
    democratic liberal liberals conservative conservatives labour tory tories
    socialist socialists communist communists nationalist nationalists
    dutchman frenchman englishman irishman scotsman welshman dutchwoman frenchwoman
    englishwoman irishwoman scotswoman welshwoman countryman compatriot spaniard
    spaniards swede swedes dane danes finn finns pole poles kiwi aussie
    """
)

# Places that appear as bare capitalised words in news (countries, regions, large
# cities, US states).  Ambiguous ones (Jordan, Washington, Georgia) stay here: a
# given name in front ("Michael Jordan") or a link to a full name in the same
# article still makes them a person.
PLACES = _words(
    """
    afghanistan albania algeria andorra angola argentina armenia australia austria
    azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan
    bolivia bosnia herzegovina botswana brazil brunei bulgaria burkina faso burundi
    cambodia cameroon canada chad chile china colombia comoros congo croatia cuba
    cyprus czechia denmark djibouti dominica ecuador egypt salvador eritrea estonia
    eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece
    grenada guatemala guinea guyana haiti honduras hungary iceland india indonesia
    iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati
    korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya
    liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta
    mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco
    mozambique myanmar burma namibia nauru nepal netherlands holland nicaragua niger
    nigeria macedonia norway oman pakistan palau palestine panama paraguay peru
    philippines poland portugal qatar romania russia rwanda samoa marino arabia
    senegal serbia seychelles sierra leone singapore slovakia slovenia somalia
    spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand
    timor togo tonga trinidad tobago tunisia turkey turkmenistan tuvalu uganda
    ukraine emirates britain england scotland wales uruguay uzbekistan vanuatu
    vatican venezuela vietnam yemen zambia zimbabwe zaire yugoslavia czechoslovakia
    ussr us u.s. usa u.s.a. uk u.k. eu u.n. un nato gaza kashmir tibet chechnya crimea
    donbas kurdistan balkans caucasus scandinavia siberia europe asia africa america
    americas antarctica arctic oceania eurasia levant
    alabama alaska arizona arkansas california colorado connecticut delaware florida
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada
    hampshire jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania
    rhode tennessee texas utah vermont virginia washington wisconsin wyoming
    london paris berlin madrid rome moscow kyiv kiev beijing tokyo delhi mumbai
    karachi lahore islamabad kabul tehran baghdad damascus beirut amman jerusalem
    cairo riyadh jeddah dubai doha ankara istanbul athens vienna prague warsaw
    budapest bucharest sofia belgrade zagreb sarajevo lisbon brussels amsterdam
    geneva zurich stockholm oslo copenhagen helsinki dublin edinburgh manchester
    liverpool birmingham glasgow sydney melbourne toronto montreal vancouver ottawa
    chicago boston houston dallas atlanta miami seattle denver detroit phoenix
    philadelphia baltimore angeles francisco hollywood brooklyn manhattan bronx
    seoul pyongyang shanghai hong kong bangkok jakarta manila hanoi singapore
    nairobi lagos johannesburg pretoria durban harare kinshasa addis ababa
    havana caracas bogota lima santiago aires rio paulo brasilia quito
    minsk kharkiv odesa odessa lviv dnipro mariupol kursk kherson donetsk luhansk
    crimea sevastopol petersburg vladivostok tbilisi yerevan baku tashkent almaty
    taipei kathmandu dhaka colombo hamburg munich frankfurt cologne milan naples
    turin barcelona seville valencia marseille lyon nice strasbourg rotterdam
    antwerp kremlin pentagon whitehall downing westminster wall capitol
    """
)

# Capitalised words that start sentences or headings and are not names even though
# some name list may contain them ("Speaking alongside...", "Despite ...").
SENTENCE_WORDS = _words(
    """
    speaking asked asked despite during while after before meanwhile however although
    following according earlier later last next first second third finally also
    but and so yet or nor for if when where why how what who which whose this that
    these those there here it its he she they we you i his her their our my your
    once since until unless though whether because as at by from in into on onto
    over under with without about above across against along among around behind
    below beneath beside between beyond inside outside through throughout toward
    up down off out past per via within near not no yes all any some many most
    more much few each every both either neither other another such same only even
    just still already again never always often sometimes perhaps maybe instead
    indeed thus hence therefore otherwise nonetheless nevertheless moreover
    furthermore besides overall elsewhere today yesterday tomorrow tonight now then
    monday tuesday wednesday thursday friday saturday sunday see
    """
)

# Lowercase particles allowed inside names: "Charles de Gaulle", "von der Leyen".
PARTICLES = _words(
    """
    de da di do dos das du del della der den van von ten ter la le bin ibn bint al el
    y e wa
    """
)

# Cues immediately before a capitalised word that mark a place, not a person.
PLACE_PREPS = _words("in at from near outside inside across throughout towards toward")

# Short all-caps tokens that are abbreviations, not initials ("US Army", "UN envoy").
ABBREVIATIONS = _words(
    """
    us uk un eu usa ussr uae nato opec imf wto who fbi cia nsa nasa bbc cnn abc nbc cbs
    afp ap upi ceo cfo gop mp mps pm tv nfl nba nhl mlb fifa uefa icc ioc gmt est pst
    ok ny la dc nhs sec fed ecb gdp cpi ipo ira plo anc ndp kgb fsb mi5 mi6 idf ltd plc
    """
)


@cache
def _load(name: str) -> frozenset[str]:
    path = _DATA / name
    if name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            return frozenset(handle.read().split())
    return frozenset(path.read_text(encoding="utf-8").split())


def given_names() -> frozenset[str]:
    """Lowercase given names (US Census 1990 + Faker locales, transliterated)."""
    return _load("given_names.txt")


def surnames() -> frozenset[str]:
    """Lowercase surnames (US Census 1990 top 20k + Faker locales)."""
    return _load("surnames.txt")


@cache
def english_words() -> SortedWords:
    """Lowercase common English words (Webster's 2nd, public domain), for ``word in english_words()``."""
    return SortedWords(gzip.decompress((_DATA / "english_words.txt.gz").read_bytes()).decode("utf-8"))


# Lowercase nouns next to a capitalised run that mark it as a thing, not a person:
# "telecoms group LM Ericsson", "the daily Le Matin", "Jones stock", "Ellis Park crowd".
THING_NOUNS = _words(
    """
    company companies firm firms group groups giant maker makers manufacturer producer
    bank banks insurer carrier airline operator retailer brand network
    news newspaper newspapers daily weekly magazine paper tabloid broadsheet agency agencies
    club clubs team teams outfit franchise squad contenders
    stock stocks shares subsidiary division venture affiliate
    airport stadium ground arena street avenue road square bridge park center centre
    hotel hospital school university college museum cathedral church mosque temple
    river lake mountain island valley province region district county town city
    village port harbour harbor palace building tower station circuit
    ship vessel carrier frigate destroyer submarine tanker ferry freighter yacht
    horse colt filly mare gelding stallion car cars engine engines crowd album song
    film movie novel opera factory refinery fund funds bond bonds currency
    band orchestra choir label studio studios bookmaker bookmakers
    drama comedy thriller musical biopic documentary sitcom soap franchise sequel
    book books game games console handset handsets phone phones browser software app
    character characters series single track chart hotel hotels
    style font typeface dress gown mode conglomerate futures symposium summit conference index
    officials executives employees shareholders investors customers subscribers
    """
)

# Words that end a company or organisation name ("Pirelli SpA", "Cofinec S.A.").
ORG_SUFFIXES = _words(
    """
    inc inc. corp corp. co co. ltd ltd. llc plc ag sa s.a. spa s.p.a. ab nv n.v. bv
    gmbh kg oy asa as a/s bhd pt tbk srl sarl kk pty lp llp holdings group bros bros.
    zeitung zeitschrift gazeta gazette prensa journal allgemeine nachrichten
    """
)

# First words of place names: "St Louis", "San Diego", "Fort Worth", "Lake Placid".
PLACE_PREFIXES = _words("st st. saint san santa los las fort port mount lake cape sao são")

# Subset of ORG_WORDS that are also common surnames and may end a person's name
# after a given name ("Jerry Hall", "Tony Banks").
SURNAME_ORG_WORDS = _words("hall banks wall church house law post bell")

# Months that are also given names: a name only when a surname follows ("June Carter").
NAME_MONTHS = _words("april may june august")

# Lowercase tails of hyphenated modifiers: "Brazilian-born", "Ontario-based".
MODIFIER_TAILS = _words(
    """
    born based listed registered controlled owned led backed run made bred raised style
    era like type speaking american british
    """
)

# Prefixes a name may glue to a capitalised word: "McDonald", "DiCaprio", "LaToya", "DuPont".
NAME_PREFIXES = _words("mc mac de di da la le du del van von fitz st o")

# Articles that start the names of newspapers and works ("Le Monde", "La Stampa").
# "El" is left out: it starts Arabic names ("El Hassane").
ARTICLES = _words("le la les los las il lo der die das het the")

# Roman numerals that continue a regnal name ("Elizabeth II", "Pedro I").
ROMAN = _words("II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI")

# Words that may follow an inverted speaker ("..., said Lebed on Friday").
AFTER_SPEAKER = _words("as on in at after before during when while yesterday today")

# Short forms of English first names, for joining "Vince Cable" to "Vincent Cable" across
# an archive (only when one person in the archive fits).
SHORT_FORMS = {
    short: frozenset(full.split()) for short, full in {
        "andy": "andrew", "drew": "andrew", "bill": "william", "billy": "william", "will": "william",
        "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "bert": "robert albert",
        "mike": "michael", "mick": "michael", "mickey": "michael", "tony": "anthony antony",
        "jim": "james", "jimmy": "james", "jamie": "james", "ken": "kenneth", "kenny": "kenneth",
        "vince": "vincent", "dave": "david", "davy": "david", "steve": "stephen steven",
        "chris": "christopher christian", "tom": "thomas", "tommy": "thomas", "nick": "nicholas nicolas",
        "matt": "matthew mathew", "pat": "patrick patricia", "dan": "daniel", "danny": "daniel",
        "joe": "joseph", "sam": "samuel samantha", "ben": "benjamin", "alex": "alexander alexandra",
        "ed": "edward edmund", "ted": "edward", "eddie": "edward", "fred": "frederick", "greg": "gregory",
        "jon": "jonathan", "johnny": "john jonathan", "jonny": "jonathan", "tim": "timothy",
        "phil": "philip phillip", "pete": "peter", "rick": "richard", "dick": "richard",
        "ron": "ronald", "don": "donald", "liz": "elizabeth", "beth": "elizabeth",
        "kate": "katherine catherine", "katie": "katherine catherine", "jenny": "jennifer", "sue": "susan",
        "larry": "lawrence", "gerry": "gerald gerard", "jerry": "gerald jerome", "charlie": "charles",
        "chuck": "charles", "harry": "henry harold", "hank": "henry", "jack": "john", "ollie": "oliver",
        "olly": "oliver", "nat": "nathan nathaniel natalie", "les": "leslie", "ray": "raymond",
    }.items()
}

