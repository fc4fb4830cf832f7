"""A list counter written in one of Word's number formats: the w:numFmt values of ECMA-376 Part 1 §17.18.59
ST_NumberFormat, rendered the way Microsoft Word renders them, which is not always the way the standard says.

`format_number(value, fmt)` covers every format that matters to documents in the six UN languages and a few
cheap neighbours (see `FORMATS`); any other value is written in decimal. Where the standard, Word and other
renderers part, this follows Word. The evidence, in order of weight:

* Microsoft's own: [MS-DOCX] §2.4 "numFmt Extensions" (sample strings for 1, 10, 100 of each format: chineseCounting
  一, 十, 一○○; ideographDigital 一, 一〇, 一〇〇; arabicAlpha starts أ ب ت, arabicAbjad أ ب ج), [MS-OI29500]
  §2.1.540 (where Word departs from §17.18.59; e.g. it does not write 零 in chineseCountingThousand), and
  Microsoft's Open-XML-PowerTools `ListItemTextGetter_Default` (letters wrap after 780 = 30 × 26; English words
  "One", "Twenty-one", "One hundredth") and `ListItemTextGetter_zh_CN` (chineseCounting 1–99 counted, from 100
  digit by digit with ○).
* Aspose.Words' numbering code and its tests read from Word documents (`NumberConverterCore`, `ChineseNumber`,
  `ZodiacNumber`, `TestNumbering`): Word's Russian letters, its hijāʾī Arabic alphabet, Arabic letters cycling after
  392 = 14 × 28, the 〇/零 of the Chinese thousand systems, 戍 (not 戌) as the 11th zodiac sign.
* LibreOffice's import of the same values (writerfilter `ConversionHelper::ConvertNumberingType`, i18npool tables),
  which tests/test_number_formats.py runs as an oracle; its known departures from Word are listed there with their
  sources.

Text formats (cardinalText, ordinalText, ordinal) are written in English. Word writes them in the language of the
numbered paragraph (Open-XML-PowerTools picks the paragraph's w:lang and has French, Russian, Spanish, Chinese …
getters; Aspose has providers per culture and falls back to English), but `format_number` gets no language, the
ITU texts resdiff reads do not number in words, and the other languages' forms could not be checked against Word
here; English is what Word writes for English.

Value 0 (a w:start of 0) follows Word's output as measured by a third party in Word 16 PDFs: nothing for letters
and Roman numerals, "00" for decimalZero, 〇/○/零 for the ideographic systems. Negative values, and values past
Word's 32-bit counter, are written in decimal. Every format costs time linear in the length of its result; the
repeated-letter formats cycle the way Word does (at most 30 letters), and only Roman numerals grow with the value
(an m for each thousand, as in Word).
"""

from __future__ import annotations

from collections.abc import Callable

from resdiff.labels import SCRIPTS

__all__ = ["ARABIC_ALPHA_LETTERS", "FORMATS", "RUSSIAN_LETTERS", "format_number"]

_INT32_MAX = 2**31 - 1

# ---- letters -----------------------------------------------------------------------------------------------------

# Word's russianLower: а … я without ё, й, ъ, ь — but with ы (26th), so 27 is э and 29 is я (Aspose
# NumberConverterCore.GetAlphabetLetters; LibreOffice's table_CyrillicLowerLetter_ru is the same 29 letters). This is
# not labels.SCRIPTS["cyrillic"], the series Russian ITU texts letter their items in by hand, which has no ы.
RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщыэюя"
# Word's arabicAlpha: the 28 letters in hijāʾī order, ending in ي (U+064A) — Aspose NumberConverterCore.ArabicAlpha and
# its test read from Word; ONLYOFFICE's font set for the format agrees; [MS-DOCX] gives أ ب ت for 1, 2, 3.
ARABIC_ALPHA_LETTERS = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
# Word's arabicAbjad is the abjad order resdiff already reads Arabic items in (أ ب ج د … ذ ض ظ غ; [MS-DOCX] gives
# أ ب ج for 1, 2, 3): one source of truth with resdiff.labels. Aspose's table ends ض غ ظ; LibreOffice's, another
# implementation checked against Word's labels, and the traditional abjad end ض ظ غ, which is followed here.
ARABIC_ABJAD_LETTERS = SCRIPTS["arabic"]
LATIN_LETTERS = SCRIPTS["latin"]


def _repeated(value: int, letters: str, cycle: int) -> str:
    """a … z, aa … zz, aaa …: the letter written once more each time round the alphabet (§17.18.59), not counted
    like spreadsheet columns (aa, ab); from the first letter again after `cycle` values, as Word does."""
    if value < 1:
        return ""
    index = (value - 1) % cycle
    return letters[index % len(letters)] * (index // len(letters) + 1)


def _latin(value: int) -> str:
    return _repeated(value, LATIN_LETTERS, 780)  # 30 rounds: Open-XML-PowerTools ListItemTextGetter_Default


def _russian(value: int) -> str:
    # Word's cycle for Russian is not documented anywhere found; 30 rounds, as for Latin letters, is an inference.
    return _repeated(value, RUSSIAN_LETTERS, 30 * len(RUSSIAN_LETTERS))


def _arabic(letters: str) -> Callable[[int], str]:
    return lambda value: _repeated(value, letters, 392)  # 14 rounds: Aspose GetCycledValue and its Word test


# ---- Roman numerals ----------------------------------------------------------------------------------------------

_ROMAN = (("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"),
          ("", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"),
          ("", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"))


def _roman(value: int) -> str:
    """§17.18.59 lowerRoman: thousands as repeated m (4000 is mmmm, 32767 is 32 m and dcclxvii, as in Word)."""
    thousands, rest = divmod(value, 1000)
    return "m" * thousands + _ROMAN[2][rest // 100] + _ROMAN[1][rest // 10 % 10] + _ROMAN[0][rest % 10]


# ---- English words -----------------------------------------------------------------------------------------------

_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_ONES_TH = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
            "nineteenth")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS_TH = ("", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
            "ninetieth")
_BIG = ("", "thousand", "million", "billion")


def _below_thousand(number: int, ordinal: bool) -> list[str]:
    hundreds, rest = divmod(number, 100)
    words = [_ONES[hundreds], "hundredth" if ordinal and not rest else "hundred"] if hundreds else []
    if rest >= 20 and rest % 10:
        words.append(_TENS[rest // 10] + "-" + (_ONES_TH if ordinal else _ONES)[rest % 10])
    elif rest >= 20:
        words.append((_TENS_TH if ordinal else _TENS)[rest // 10])
    elif rest:
        words.append((_ONES_TH if ordinal else _ONES)[rest])
    return words


def _english(value: int, ordinal: bool) -> str:
    """cardinalText/ordinalText as Word writes them in English: "One hundred one", "Twenty-first", "One thousandth" —
    no "and", a hyphen between tens and units, the first letter capitalised ([MS-DOCX] "One, Two, Three";
    Open-XML-PowerTools ListItemTextGetter_Default; Aspose EnglishTextualNumber)."""
    if value == 0:
        return "Zero"
    groups = []
    while value:
        value, group = divmod(value, 1000)
        groups.append(group)
    words: list[str] = []
    for power in range(len(groups) - 1, 0, -1):
        if groups[power]:
            words += _below_thousand(groups[power], False) + [_BIG[power]]
    if groups[0]:
        words += _below_thousand(groups[0], ordinal)
    elif ordinal:
        words[-1] += "th"  # "One thousandth", "Two millionth"
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _ordinal(value: int) -> str:
    suffix = "th" if value % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


# ---- digits of other scripts and enclosed numbers -----------------------------------------------------------------

def _digits(table: str) -> Callable[[int], str]:
    """Each decimal digit replaced by its character in `table` (0 … 9)."""
    return lambda value: "".join(table[int(digit)] for digit in str(value))


def _enclosed(first: int, count: int) -> Callable[[int], str]:
    """One character for 1 … `count` (U+`first` …), decimal for any other value: Word does not continue the
    sequence (Aspose ToUnicodeCharacter and its Word tests: ⑳ then 21; §17.18.59 allows it)."""
    return lambda value: chr(first + value - 1) if 1 <= value <= count else str(value)


def _table(symbols: str) -> Callable[[int], str]:
    """`symbols` for 1 … len(symbols), decimal after (Aspose ZodiacNumber and its Word tests)."""
    return lambda value: symbols[value - 1] if 1 <= value <= len(symbols) else str(value)


# ---- Chinese counting systems --------------------------------------------------------------------------------------

_HAN = "一二三四五六七八九"


def _chinese_counting(zero: str) -> Callable[[int], str]:
    """chineseCounting/taiwaneseCounting: counted up to 99 (十, 十一, 二十), from 100 digit by digit with ○ for
    nought: 100 is 一○○ ([MS-DOCX] §2.4; Open-XML-PowerTools ListItemTextGetter_zh_CN; Aspose ChineseNumber)."""
    def render(value: int) -> str:
        if value < 10:
            return (zero + _HAN)[value]
        if value < 100:
            tens, units = divmod(value, 10)
            return ("" if tens == 1 else _HAN[tens - 1]) + "十" + (_HAN[units - 1] if units else "")
        return "".join((zero + _HAN)[int(digit)] for digit in str(value))
    return render


def _chinese_thousand(digits: str, units: str, myriad: str, zero: str, *, always_one: bool) -> Callable[[int], str]:
    """The thousand systems (chineseCountingThousand, taiwaneseCountingThousand, chineseLegalSimplified,
    ideographLegalTraditional): each digit and its unit, one `zero` for any run of noughts before a digit, 万/萬 after
    the ten thousands. The one before 十 is dropped in 10–19 of the counting systems (十一) and kept by the legal ones
    (壹拾壹). Word writes 一百〇一 in chineseCountingThousand where the standard has 零 ([MS-OI29500] §2.1.540 e;
    Aspose ChineseNumber and its Word tests: 一万〇一十一, 壹佰零贰, 三萬二千七百六十七)."""
    def group(value: int, whole: bool) -> str:  # 1 … 9999
        out: list[str] = []
        pending = False
        for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
            digit = value // power % 10
            if not digit:
                pending = pending or bool(out)
                continue
            if pending:
                out.append(zero)
                pending = False
            drop = power == 10 and digit == 1 and whole and value < 20 and not always_one
            out.append(("" if drop else digits[digit - 1]) + unit)
        return "".join(out)

    def render(value: int, whole: bool = True) -> str:
        if value == 0:
            return zero if whole else ""
        if value < 10000:
            return group(value, whole)
        high, low = divmod(value, 10000)
        tail = (zero if low < 1000 else "") + group(low, False) if low else ""
        return render(high, False) + myriad + tail
    return render


def _custom_zeros(width: int) -> Callable[[int], str]:
    return lambda value: str(value).zfill(width)


def _decimal_zero(value: int) -> str:
    return f"{value:02d}"


FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": _decimal_zero,
    "lowerLetter": _latin,
    "upperLetter": lambda value: _latin(value).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda value: _roman(value).upper(),
    "ordinal": _ordinal,
    "cardinalText": lambda value: _english(value, ordinal=False),
    "ordinalText": lambda value: _english(value, ordinal=True),
    "hex": lambda value: f"{value:X}",
    "numberInDash": lambda value: f"- {value} -",  # Aspose ToNumberInDash
    "decimalFullWidth": _digits("０１２３４５６７８９"),
    "decimalFullWidth2": _digits("０１２３４５６７８９"),
    "hindiNumbers": _digits("०१२३४५६७८९"),  # [MS-DOCX]: U+0967, U+0968, U+0969
    "decimalEnclosedCircle": _enclosed(0x2460, 20),  # ① … ⑳
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 20),  # Aspose: identical to decimalEnclosedCircle
    "decimalEnclosedFullstop": _enclosed(0x2488, 20),  # ⒈ … ⒛
    "decimalEnclosedParen": _enclosed(0x2474, 20),  # ⑴ … ⒇
    "ideographEnclosedCircle": _enclosed(0x3220, 10),  # ㈠ … ㈩: [MS-OI29500] §2.1.540 a, in parentheses
    "ideographDigital": _digits("〇一二三四五六七八九"),  # [MS-DOCX]: 一, 一〇, 一〇〇
    "taiwaneseDigital": _digits("○一二三四五六七八九"),  # nought ○ as Word writes 0 in this format (see tests)
    "chineseCounting": _chinese_counting("○"),
    "taiwaneseCounting": _chinese_counting("○"),
    "chineseCountingThousand": _chinese_thousand(_HAN, "十百千", "万", "〇", always_one=False),
    "taiwaneseCountingThousand": _chinese_thousand(_HAN, "十百千", "萬", "零", always_one=False),
    "chineseLegalSimplified": _chinese_thousand("壹贰叁肆伍陆柒捌玖", "拾佰仟", "万", "零", always_one=True),
    "ideographLegalTraditional": _chinese_thousand("壹貳參肆伍陸柒捌玖", "拾佰仟", "萬", "零", always_one=True),
    "ideographTraditional": _table("甲乙丙丁戊己庚辛壬癸"),
    "ideographZodiac": _table("子丑寅卯辰巳午未申酉戍亥"),  # Word's 11th is 戍 (U+620D), not the zodiac's 戌
    "ideographZodiacTraditional": lambda value: (
        "甲乙丙丁戊己庚辛壬癸"[(value - 1) % 10] + "子丑寅卯辰巳午未申酉戍亥"[(value - 1) % 12] if value > 0
        else str(value)),  # the sexagenary cycle 甲子 … 癸亥, then 甲子 again (Aspose ZodiacNumber.ToZodiac3)
    "arabicAlpha": _arabic(ARABIC_ALPHA_LETTERS),
    "arabicAbjad": _arabic(ARABIC_ABJAD_LETTERS),
    "russianLower": _russian,
    "russianUpper": lambda value: _russian(value).upper(),
    "none": lambda value: "",
    "bullet": lambda value: "",  # not a number: the caller writes the level's w:lvlText
    # w14 custom formats ([MS-DOCX] §2.4, second table): the w:format string of <w:numFmt w:val="custom">
    "001, 002, 003, ...": _custom_zeros(3),
    "0001, 0002, 0003, ...": _custom_zeros(4),
    "00001, 00002, 00003, ...": _custom_zeros(5),
}
"""Every format `format_number` knows, with its renderer for values 0 … 2³¹−1."""


def format_number(value: int, fmt: str) -> str:
    """`value` as Word writes a list counter in the ST_NumberFormat `fmt` (ECMA-376 Part 1 §17.18.59): lowerLetter 28
    is "bb", chineseCounting 100 is "一○○", russianLower 26 is "ы". A format not in `FORMATS` is written in decimal,
    as Word writes bahtText ([MS-OI29500] §2.1.540 d) and as LibreOffice and Aspose write what they do not know;
    "bullet" and "none" give "" (a bullet's character is the level's text, not a number). Negative values and
    values past 2³¹−1, which Word's counters cannot hold, are written in decimal."""
    if not 0 <= value <= _INT32_MAX:
        return str(value)
    return FORMATS.get(fmt, str)(value)
