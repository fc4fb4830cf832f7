"""resdiff.lang: call lines, titles, annexes, enacting formulas, Reasons, proposal tags (DOMAIN.md §1, §2, §9)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus import CORPUS, corpus_missing, corpus_path
from resdiff import lang
from resdiff.lang import CallMatch, TitleMatch, match_call


def call(line: str, language: str | None = None) -> tuple[str, str, str] | None:
    found = match_call(line, language)
    return (found.language, found.kind, found.key) if found else None


# ---- data ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_data_loads_with_evidence(code: str) -> None:
    phrases = lang.call_phrases(code)
    assert phrases, code
    assert all(p.evidence for p in phrases), [p.phrase for p in phrases if not p.evidence]
    assert {"resolves", "instructs", "invites"} <= set(lang.call_keys(code))
    assert {"considering", "noting"} <= set(lang.call_keys(code))
    assert {p.kind for p in phrases} == {"preamble", "operative"}


def test_evidence_split() -> None:
    verified = {code: sum(p.verified for p in lang.call_phrases(code)) for code in lang.LANGUAGES}
    assert verified["en"] > 40 and verified["fr"] >= 10
    assert verified["ar"] == 0  # nothing Arabic was seen in a source: every form stays unverified


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        lang.call_keys("de")


# ---- one test per language: verified forms and a few unverified ones -------------------------------------------

PER_LANGUAGE = {
    "en": [
        ("recalling", "preamble", "recalling"),
        ("considering further", "preamble", "considering further"),
        ("further considering", "preamble", "considering further"),
        ("noting with satisfaction and appreciation", "preamble", "noting with satisfaction and appreciation"),
        ("resolves", "operative", "resolves"),
        ("resolves further", "operative", "further resolves"),
        ("further resolves", "operative", "further resolves"),
        ("instructs the ITU Council", "operative", "instructs"),
        ("invites ITU-R", "operative", "invites"),  # WRC
        ("approves", "operative", "approves"),  # unverified
        ("underlining", "preamble", "underlining"),  # unverified
    ],
    "fr": [
        ("considérant de plus", "preamble", "considering further"),
        ("considérant en outre", "preamble", "considering further"),
        ("ayant examiné", "preamble", "having examined"),
        ("décide en outre", "operative", "further resolves"),
        ("prie instamment les États Membres", "operative", "urges"),
        ("tenant compte de", "preamble", "taking into account"),  # complement
    ],
    "es": [
        ("considerando", "preamble", "considering"),
        ("reconociendo además", "preamble", "recognizing further"),
        ("considerando también", "preamble", "considering also"),
        ("teniendo en cuenta", "preamble", "taking into account"),
        ("resuelve", "operative", "resolves"),
        ("invita a los Estados Miembros", "operative", "invites"),
        ("encarga al Secretario General", "operative", "instructs"),
        ("encarga además al Director de la Oficina de Desarrollo de las Telecomunicaciones", "operative",
         "further instructs"),
        ("decide", "operative", "decides"),
    ],
    "ru": [
        ("учитывая,", "preamble", "considering"),
        ("напоминая также", "preamble", "recalling also"),
        ("с удовлетворением отмечая", "preamble", "noting with satisfaction"),
        ("принимая во внимание,", "preamble", "taking into account"),
        ("решает,", "operative", "resolves"),
        ("поручает Директору Бюро развития электросвязи", "operative", "instructs"),
        ("поручает Генеральному секретарю,", "operative", "instructs"),
        ("далее поручает Генеральному секретарю", "operative", "further instructs"),
        ("предлагает Государствам-Членам", "operative", "invites"),
    ],
    "zh": [
        ("考虑到", "preamble", "considering"),
        ("注意到，", "preamble", "noting"),
        ("进一步注意到", "preamble", "noting further"),
        ("满意地注意到", "preamble", "noting with satisfaction"),
        ("做出决议，", "operative", "resolves"),
        ("做出决定", "operative", "decides"),
        ("责成秘书长", "operative", "instructs"),
        ("进一步责成电信发展局主任", "operative", "further instructs"),
        ("请成员国", "operative", "invites"),
    ],
    "ar": [
        ("إذ يضع في اعتباره", "preamble", "considering"),
        ("وإذ يضع في اعتباره", "preamble", "considering"),
        ("إذ تضع في اعتبارها،", "preamble", "considering"),
        ("وإذ يذكّر", "preamble", "recalling"),
        ("وإذ يذكر", "preamble", "recalling"),  # without shadda
        ("وإذ يؤكد من جديد", "preamble", "reaffirming"),
        ("يقرر", "operative", "resolves"),
        ("تقرر كذلك", "operative", "further resolves"),
        ("يكلف الأمين العام", "operative", "instructs"),
        ("يدعو الدول الأعضاء", "operative", "invites"),
    ],
}


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_language_forms(code: str) -> None:
    for line, kind, key in PER_LANGUAGE[code]:
        assert call(line) == (code, kind, key), line


def test_gender_variants_share_a_key() -> None:
    pairs = [("consciente", "conscient"), ("convaincue", "convaincu"), ("préoccupée", "préoccupé"),
             ("convencida", "convencido"), ("будучи убеждена", "будучи убежден"),
             ("إذ يلاحظ", "إذ تلاحظ"), ("يكلف", "تكلف")]
    for feminine, masculine in pairs:
        assert call(feminine)[2] == call(masculine)[2], (feminine, masculine)  # type: ignore[index]


def test_language_hint_resolves_shared_spelling() -> None:
    assert call("consciente") == ("fr", "preamble", "aware")
    assert call("consciente", "es") == ("es", "preamble", "aware")
    assert call("rappelant", "en") is None


# ---- Res. 130, FR 2022 proposal (seed) and EN 2018 -------------------------------------------------------------

_TSB_BDT = ("le Directeur du Bureau de la normalisation des télécommunications et le Directeur du Bureau de "
            "développement des télécommunications")
RES130_FR = [
    ("rappelant", "recalling", ""),
    ("considérant", "considering", ""),
    ("reconnaissant", "recognizing", ""),
    ("consciente du fait", "aware", ""),
    ("notant", "noting", ""),
    ("ayant à l'esprit", "bearing in mind", ""),
    ("décide", "resolves", ""),
    ("charge le Secrétaire général et les Directeurs des Bureaux", "instructs",
     "le Secrétaire général et les Directeurs des Bureaux"),
    ("charge le Directeur du Bureau de la normalisation des télécommunications", "instructs",
     "le Directeur du Bureau de la normalisation des télécommunications"),
    ("charge le Directeur du Bureau de développement des télécommunications", "instructs",
     "le Directeur du Bureau de développement des télécommunications"),
    (f"charge en outre {_TSB_BDT}", "further instructs", _TSB_BDT),
    ("charge le Secrétaire général", "instructs", "le Secrétaire général"),
    ("prie le Conseil de l'UIT", "requests", "le Conseil de l'UIT"),
    ("invite les États Membres", "invites", "les États Membres"),
    ("invite les États Membres, les Membres des Secteurs et les Associés", "invites",
     "les États Membres, les Membres des Secteurs et les Associés"),
]


@pytest.mark.parametrize(("line", "key", "addressee"), RES130_FR)
def test_res130_fr_call_lines(line: str, key: str, addressee: str) -> None:
    found = match_call(line)
    assert found is not None
    assert (found.language, found.key, found.addressee) == ("fr", key, addressee)
    assert found.kind == ("operative" if addressee or key == "resolves" else "preamble")


def test_call_match_fields() -> None:
    assert match_call(RES130_FR[10][0]) == CallMatch("fr", "operative", "further instructs", "charge en outre",
                                                     RES130_FR[10][2])
    assert match_call("consciente du fait") == CallMatch("fr", "preamble", "aware", "consciente du fait", "")


def test_res130_seed_has_exactly_the_fifteen_call_lines() -> None:
    seed = CORPUS.parent / "seeds" / "001_3bff429732c833e8.txt"
    if not seed.exists():
        corpus_missing(seed)
    lines = seed.read_text(encoding="utf-8").split("\n")
    matched = [(line, match_call(line)) for line in lines]
    assert [(line, m.key) for line, m in matched if m] == [(line, key) for line, key, _ in RES130_FR]


_EN_TSB_BDT = ("the Director of the Telecommunication Standardization Bureau and the Director of the "
               "Telecommunication Development Bureau")
RES130_EN = [
    ("recalling", "recalling"), ("considering", "considering"), ("recognizing", "recognizing"), ("aware", "aware"),
    ("noting", "noting"), ("bearing in mind", "bearing in mind"), ("resolves", "resolves"),
    ("instructs the Secretary-General and the Directors of the Bureaux", "instructs"),
    ("instructs the Director of the Telecommunication Standardization Bureau", "instructs"),
    ("instructs the Director of the Telecommunication Development Bureau", "instructs"),
    (f"further instructs {_EN_TSB_BDT}", "further instructs"),
    ("instructs the Secretary-General", "instructs"), ("requests the ITU Council", "requests"),
    ("invites Member States", "invites"), ("invites Member States, Sector Members and Associates", "invites"),
]


def test_res130_en_call_lines() -> None:
    for line, key in RES130_EN:
        kind = "preamble" if key in ("recalling", "considering", "recognizing", "aware", "noting",
                                     "bearing in mind") else "operative"
        assert call(line) == ("en", kind, key), line


# ---- §2.1: the English PP-18 inventory --------------------------------------------------------------------------

PP18_PREAMBLE = [
    "considering", "recognizing", "recalling", "noting", "taking into account", "considering further",
    "recognizing further", "aware", "bearing in mind", "emphasizing", "recalling further", "noting further",
    "referring to", "highlighting", "noting also", "mindful", "convinced", "concerned", "welcoming", "reaffirming",
    "stressing", "seeking", "having regard", "in view of",
    # each once
    "recognizing also", "taking into account also", "taking into account further", "noting with appreciation",
    "noting with concern", "noting with grave concern", "noting with satisfaction and appreciation", "conscious",
    "having considered", "having noted", "having due regard", "observing", "appreciating",
]
PP18_OPERATIVE = {
    "resolves": "resolves",
    "instructs the Secretary-General": "instructs",
    "instructs the ITU Council": "instructs",
    "invites Member States": "invites",
    "instructs the Director of the Telecommunication Development Bureau": "instructs",
    "invites Member States and Sector Members": "invites",
    "instructs the Director of the Telecommunication Standardization Bureau": "instructs",
    "instructs the Directors of the Bureaux": "instructs",
    "instructs the Secretary-General and the Directors of the Bureaux": "instructs",
    "instructs the Secretary-General and the Directors of the three Bureaux": "instructs",
    "invites the ITU Council": "invites",
    "instructs the Director of the Radiocommunication Bureau": "instructs",
    "requests the ITU Council": "requests",
    "invites Sector Members": "invites",
    "encourages Member States and Sector Members": "encourages",
    "decides": "decides",
    "further resolves": "further resolves",
    "urges Member States": "urges",
    "encourages Member States": "encourages",
    "calls upon Member States": "calls upon",
    "invites ITU Member States": "invites",
    # each once
    "resolves further": "further resolves",
    "instructs the Directors of the Radiocommunication Bureau and the Telecommunication Standardization Bureau":
        "instructs",
    "instructs the Secretary-General and the Director of the Telecommunication Development Bureau": "instructs",
    "instructs the ITU-T study groups": "instructs",
    "instructs the Member States Advisory Group": "instructs",
    "instructs the ITU Council Working Group on international Internet-related public policy issues": "instructs",
    "further instructs the ITU Council": "further instructs",
    "further instructs the Secretary-General": "further instructs",
    f"further instructs {_EN_TSB_BDT}": "further instructs",
    "further invites Member States": "further invites",
    "further invites Member States and Sector Members": "further invites",
    "invites all Member States and Sector Members": "invites",
    "invites the ITU membership": "invites",
    "invites Academia": "invites",
    "invites the Plenipotentiary Conference": "invites",
    "requests the ITU Telecommunication Standardization Sector": "requests",
    "urges": "urges",
    "urges the ITU membership": "urges",
    "urges Member States Parties": "urges",
    "authorizes the Secretary-General": "authorizes",
    "recommends": "recommends",
    "expresses its warmest thanks and deepest gratitude": "expresses",
    "declares": "declares",
    # §1.4 and merged PP-18 call lines with a qualifier after the addressee
    "instructs the Secretary-General, in close cooperation with the Directors of the three Bureaux,": "instructs",
    "invites Member States, Sector Members, Associates and Academia": "invites",
}


def test_pp18_inventory() -> None:
    for line in PP18_PREAMBLE:
        assert call(line) == ("en", "preamble", line), line
    for line, key in PP18_OPERATIVE.items():
        assert call(line) == ("en", "operative", key), line


def test_pp18_italic_call_lines() -> None:
    """Every italic call line of the 64 PP-18 texts (AKN <i>…</i>) is recognised."""
    text = corpus_path("akn4itu-itu-pp18", "pp18_final_acts_akn.xml").read_text(encoding="utf-8")
    italics = Counter(" ".join(m.split()) for m in re.findall(r"<i>(.*?)</i>", text, re.DOTALL))
    assert len(italics) >= 39
    assert [line for line in italics if match_call(line) is None] == []
    titles = set(re.findall(r'<FRBRnumber value="(?:res|dec|rec)-[^"]*" showAs="([^"]*)"', text))
    assert len(titles) == 64
    assert [t for t in titles if lang.match_title(t) is None] == []


# ---- normalisation and negatives ---------------------------------------------------------------------------------


def test_normalisation() -> None:
    assert call("ayant à l’esprit") == ("fr", "preamble", "bearing in mind")
    assert call("ayant\u00a0à  l'esprit ") == ("fr", "preamble", "bearing in mind")
    assert call("Considering") == ("en", "preamble", "considering")
    assert call("considering:") == ("en", "preamble", "considering")
    assert match_call("invite les Etats Membres").addressee == "les Etats Membres"  # type: ignore[union-attr]
    found = match_call("instructs the Secretary\u2011General and the Directors of the Bureaux")
    assert found is not None and found.addressee == "the Secretary\u2011General and the Directors of the Bureaux"
    assert call("\u00a0noting\u00a0further\u00a0") == ("en", "preamble", "noting further")
    assert call("учитывая ,") == ("ru", "preamble", "considering")


NOT_CALLS = [
    "a)\tUnited Nations General Assembly Resolution 68/198, on information and communication technologies;",
    "resolves to continue to give this work high priority within ITU;",
    "resolves to continue to give this work high priority within ITU.",
    "invites Member States to take part in the work;",
    "as stated in instructs the Director of the Telecommunication Development Bureau above;",
    "described under bearing in mind above,",
    "",
    "   ",
    "RESOLUTION 130 (REV. DUBAI, 2018)",
    "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),",
    "pursuant to his initiative on this matter:",
    "dans les limites de leurs responsabilités respectives,",
    "d'inclure le rapport du Secrétaire général dans les documents qui seront envoyés aux États Membres,",
    "noting with joy",  # preamble phrase + unknown complement
    "considering that the Council has approved the guidelines,",
    "Recalling its resolution 68/198 of 20 December 2013,",  # UN style paragraph
    "resolves that",
    "instructs to",
    "instructs\tthe Secretary-General",
    "1\tto continue to give this work high priority",
    "instructs " + " ".join(["the"] * 30),  # addressee too long
    "做出决议，敦促各成员国。",
    "notant avec satisfaction que le Conseil;",
]


@pytest.mark.parametrize("line", NOT_CALLS)
def test_not_a_call(line: str) -> None:
    assert match_call(line) is None


# ---- titles ------------------------------------------------------------------------------------------------------

TITLES = [
    ("RESOLUTION 130 (REV. DUBAI, 2018)", "en", "RESOLUTION", "130", "REV. DUBAI, 2018"),
    ("RÉSOLUTION 130 (RÉV. DUBAÏ, 2018)", "fr", "RESOLUTION", "130", "RÉV. DUBAÏ, 2018"),
    ("RESOLUCIÓN 130 (REV. DUBÁI, 2018)", "es", "RESOLUTION", "130", "REV. DUBÁI, 2018"),
    ("РЕЗОЛЮЦИЯ 130 (ПЕРЕСМ. ДУБАЙ, 2018 Г.)", "ru", "RESOLUTION", "130", "ПЕРЕСМ. ДУБАЙ, 2018 Г."),
    ("第130号决议（2018年，迪拜，修订版）", "zh", "RESOLUTION", "130", "2018年，迪拜，修订版"),
    ("القرار 130 (المراجَع في دبي، 2018)", "ar", "RESOLUTION", "130", "المراجَع في دبي، 2018"),
    ("RESOLUTION 28 (REV.WRC-15)", "en", "RESOLUTION", "28", "REV.WRC-15"),
    ("RESOLUTION ITU-R 4-5", "en", "RESOLUTION", "ITU-R 4-5", None),
    ("RESOLUCIÓN UIT-R 12-1", "es", "RESOLUTION", "UIT-R 12-1", None),
    ("DECISION 5 (REV. DUBAI, 2018)", "en", "DECISION", "5", "REV. DUBAI, 2018"),
    ("RECOMMENDATION 7 (DUBAI, 2018)", "en", "RECOMMENDATION", "7", "DUBAI, 2018"),
    ("DRAFT NEW RESOLUTION [ACP-1]", "en", "DRAFT NEW RESOLUTION", "[ACP-1]", None),
    ("DRAFT RESOLUTION [SEN-1]", "en", "DRAFT RESOLUTION", "[SEN-1]", None),
    ("PROJET DE NOUVELLE RÉSOLUTION [IAP-1]", "fr", "DRAFT NEW RESOLUTION", "[IAP-1]", None),
    ("RESOLUTION 130 (REV. DUBAI, 2018BUCHAREST, 2022)", "en", "RESOLUTION", "130", "REV. DUBAI, 2018BUCHAREST, 2022"),
    ("[bookmark: _Toc407016224]RÉSOLUTION 130 (RÉV. DUBAÏ, 2018bucarest, 2022)", "fr", "RESOLUTION", "130",
     "RÉV. DUBAÏ, 2018bucarest, 2022"),
    ("РЕШЕНИЕ 12 (ГВАДАЛАХАРА, 2010 Г.ПЕРЕСМ. ПУСАН, 2014 Г.)", "ru", "DECISION", "12",
     "ГВАДАЛАХАРА, 2010 Г.ПЕРЕСМ. ПУСАН, 2014 Г."),
    ("Resolution 130 (Rev. Dubai, 2018)", "en", "RESOLUTION", "130", "Rev. Dubai, 2018"),
    ("Resolution 27 (Rev.WRC-12)*", "en", "RESOLUTION", "27", "Rev.WRC-12"),
    ("RESOLUTION 130 (REV. DUBAI, 2018)1", "en", "RESOLUTION", "130", "REV. DUBAI, 2018"),
    ("DECISION 482 (C01, last amended C20)", "en", "DECISION", "482", "C01, last amended C20"),
    ("Opinion 4 (Lisbon, 2009)", "en", "OPINION", "4", "Lisbon, 2009"),
    ("第1110号决议", "zh", "RESOLUTION", "1110", None),
]


@pytest.mark.parametrize(("line", "language", "kind", "number", "revision"), TITLES)
def test_titles(line: str, language: str, kind: str, number: str, revision: str | None) -> None:
    assert lang.match_title(line) == TitleMatch(language, kind, number, revision)


@pytest.mark.parametrize("line", [
    "Resolution 130 (Rev. Dubai, 2018) of the Plenipotentiary Conference, on building confidence;",
    "Resolution 130 (Rev. Dubai, 2018) is revised as follows.",
    "RESOLUTION",
    "rappelant",
    "ANNEX TO RESOLUTION 71 (REV. DUBAI, 2018)",
    " MOD\tIAP/76A35/1",
])
def test_not_a_title(line: str) -> None:
    assert lang.match_title(line) is None


# ---- annexes, enacting formulas, Reasons, proposals, closing rule ----------------------------------------------

ANNEXES = [
    ("ANNEX", "ANNEX"), ("ANNEX 1", "ANNEX 1"), ("ANNEX A", "ANNEX A"), ("ANNEXE", "ANNEXE"),
    ("ANNEX TO RESOLUTION 71 (REV. DUBAI, 2018)", "ANNEX"),
    ("ANNEX 1 TO DECISION 5 (REV. DUBAI, 2018)", "ANNEX 1"),
    ("APPENDIX 1 TO ANNEX A", "APPENDIX 1"),
    ("ANNEXE DE LA RÉSOLUTION 71 (RÉV. DUBAÏ, 2018)", "ANNEXE"),
    ("ANEXO A LA RESOLUCIÓN 71 (REV. DUBÁI, 2018)", "ANEXO"),
    ("ПРИЛОЖЕНИЕ К РЕЗОЛЮЦИИ 71 (ПЕРЕСМ. ДУБАЙ, 2018 Г.)", "ПРИЛОЖЕНИЕ"),
    ("第71号决议附件", "附件"),
    ("ملحق القرار 71 (المراجَع في دبي، 2018)", "ملحق"),
]


@pytest.mark.parametrize(("line", "heading"), ANNEXES)
def test_annex_headings(line: str, heading: str) -> None:
    assert lang.match_annex(line) == heading


@pytest.mark.parametrize("line", ["Annexe: 1", "Annex 2 contains the list of countries.", "ANNEXA",
                                  "annexed to this resolution,", "RESOLUTION 71 (REV. DUBAI, 2018)"])
def test_not_an_annex(line: str) -> None:
    assert lang.match_annex(line) is None


ENACTING = [
    ("The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),", "en"),
    ("The World Telecommunication Standardization Assembly (Dubai, 2012),", "en"),
    ("The World Radiocommunication Conference (Geneva, 2015),", "en"),
    ("The Council,", "en"),
    ("La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Dubaï, 2018Bucarest, 2022),",
     "fr"),
    ("La Conférence de plénipotentiaires de l’Union internationale des télécommunications (Dubaï, 2018),", "fr"),
    ("Le Conseil,", "fr"),
    ("La Conferencia de Plenipotenciarios de la Unión Internacional de Telecomunicaciones (Dubái, 2018),", "es"),
    ("La Asamblea Mundial de Normalización de las Telecomunicaciones (Johannesburgo, 2008),", "es"),
    ("Полномочная конференция Международного союза электросвязи (Пусан, 2014 г.),", "ru"),
    ("Совет,", "ru"),
    ("国际电信联盟全权代表大会（2018年，迪拜），", "zh"),
    ("理事会，", "zh"),
    ("إن مؤتمر المندوبين المفوضين للاتحاد الدولي للاتصالات (دبي، 2018)،", "ar"),
    ("إن المجلس،", "ar"),
]


@pytest.mark.parametrize(("line", "language"), ENACTING)
def test_enacting_formulas(line: str, language: str) -> None:
    assert lang.match_enacting_formula(line) == language


def test_an_enacting_formula_without_its_comma_needs_the_place_and_year() -> None:
    """PP-18 Res. 160 lost the comma in conversion; the (place, year) still marks the line as the formula."""
    assert lang.match_enacting_formula(
        "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018)") == "en"
    assert lang.match_enacting_formula("The Plenipotentiary Conference of the International Telecommunication Union") is None


@pytest.mark.parametrize("line", [
    "The Council decided that,",
    "The Council Working Group on international Internet-related public policy issues,",
    "considering,",
])
def test_not_an_enacting_formula(line: str) -> None:
    assert lang.match_enacting_formula(line) is None


@pytest.mark.parametrize(("line", "label"), [
    ("Reasons:\tTo update the resolution.", "Reasons:"), ("Motifs:\tActualiser.", "Motifs:"),
    ("Motifs :\tActualiser.", "Motifs :"), ("Motivos:\tActualizar.", "Motivos:"), ("Основания:\tx", "Основания:"),
    ("الأسباب:\tx", "الأسباب:"), ("理由：更新。", "理由："),
])
def test_reasons(line: str, label: str) -> None:
    assert lang.match_reasons(line) == label


def test_not_reasons() -> None:
    assert lang.match_reasons("Reasons for the change are given below.") is None
    assert lang.match_reasons("considering") is None


@pytest.mark.parametrize(("line", "expected"), [
    (" MOD\tIAP/76A35/1", ("MOD", "IAP/76A35/1")),
    ("MOD EUR/44A7/1", ("MOD", "EUR/44A7/1")),
    ("ADD*\tACP/67A1/4", ("ADD*", "ACP/67A1/4")),
    ("(MOD)\tEUR/44A7/2", ("(MOD)", "EUR/44A7/2")),
    ("SUP\tRCC/62A1/3", ("SUP", "RCC/62A1/3")),
    ("NOC\tAFCP/55A3/4", ("NOC", "AFCP/55A3/4")),
    ("MOD\u00a0EUR/XX/1", ("MOD", "EUR/XX/1")),
    ("ADD\tB/CAN/CLM/USA/12/1", ("ADD", "B/CAN/CLM/USA/12/1")),
])
def test_proposals(line: str, expected: tuple[str, str]) -> None:
    assert lang.match_proposal(line) == expected


@pytest.mark.parametrize("line", ["MOD EUR/44A7/1 RESOLUTION 130 (REV. DUBAI, 2018)", "MOD", "mod\tIAP/76A35/1",
                                  "a)\tMOD IAP/76A35/1 proposes"])
def test_not_a_proposal(line: str) -> None:
    assert lang.match_proposal(line) is None


def test_closing_rule() -> None:
    assert lang.is_closing_rule("______________")
    assert lang.is_closing_rule(" _____ \n")
    assert not lang.is_closing_rule("____")
    assert not lang.is_closing_rule("____________________ 1 These include the least developed countries")
    assert not lang.is_closing_rule("")


@pytest.mark.parametrize("formula, body", [
    ("The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),", "itu-pp"),
    ("La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Bucarest, 2022),",
     "itu-pp"),
    ("La Asamblea Mundial de Normalización de las Telecomunicaciones (Ginebra, 2022),", "itu-wtsa"),
    ("Всемирная конференция по развитию электросвязи (Кигали, 2022 г.),", "itu-wtdc"),
    ("The Council,", "itu-council"),
    ("国际电信联盟全权代表大会（2018年，迪拜），", "itu-pp"),
    ("The Committee decided,", None),
])
def test_the_body_an_enacting_formula_names(formula: str, body: str | None) -> None:
    assert lang.match_body(formula) == body


@given(st.text(alphabet=st.sampled_from("aZéÉ`'\u2019-\u2013ёЁأ\u064b\u0640İßΣ 1;") | st.characters(), max_size=30))
def test_fold_is_the_per_character_fold_with_source_positions(text: str) -> None:
    """fold() takes shortcuts (ASCII, one character for one); they give what folding each character gives."""
    from resdiff.lang.tables import _fold_char, fold

    folded, index = [], []
    for position, char in enumerate(text):
        folded.append(_fold_char(char))
        index.extend([position] * len(folded[-1]))
    assert fold(text) == ("".join(folded), [*index, len(text)])
