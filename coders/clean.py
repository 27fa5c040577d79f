"""Text cleaning at ingest: markup, boilerplate and control characters out, and a check that the text
is English (the model and the dictionaries are).

:func:`clean_text` returns the text to parse with notes on what was removed, which the article table
keeps; :func:`not_english` says why a text is not English, or returns None.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import NamedTuple

# Tags whose presence makes a text HTML (a stray "<" or "a < b" does not)
HTML_TAG = re.compile(r"</?(?:html|head|body|p|div|span|br|a|b|i|em|strong|ul|ol|li|table|tr|td|th|h[1-6]|img|"
                      r"script|style|meta|link|section|article|header|footer|nav|figure|figcaption|blockquote)"
                      r"\b[^<>]*>", re.IGNORECASE)
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                        "header", "footer", "blockquote", "figure", "figcaption", "table", "ul", "ol", "nav"})
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "head", "nav", "footer", "header", "form", "button"})
# Whole lines that are page furniture, not news text
BOILERPLATE = re.compile(
    r"^\s*(?:advertisement|advertising|sponsored(?: content)?|share(?: this)?(?: article| story| on \w+)?|"
    r"subscribe(?: now| today| to [^.]{0,60})?|sign up(?: for [^.]{0,60})?|click here[^.]{0,80}|"
    r"read more[^.]{0,80}|related(?: articles| stories| content)?:?|follow us(?: on [^.]{0,60})?|"
    r"all rights reserved\.?|(?:copyright|\(c\)|©)\s*[^.]{0,80}|"
    r"(?:we use )?cookies?(?: policy| settings| notice)?[^.]{0,80}|accept(?: all)? cookies|"
    r"skip to (?:main )?content|(?:photo|image|picture|video)(?: credit)?:\s*[^.]{0,80}|"
    r"(?:facebook|twitter|whatsapp|linkedin|email|print)(?:\s*[|/·,]\s*(?:facebook|twitter|whatsapp|"
    r"linkedin|email|print))*)\s*$",
    re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WORD = re.compile(r"[^\W\d_]+")
# Frequent function words of English, and of the languages most often mistaken for it in news feeds
# (French, Spanish, Portuguese, Italian, German, Dutch, Indonesian, Turkish, Polish). Words shared with
# English, or frequent in English names ("de", "die", "do", "son"), are in neither list.
ENGLISH_WORDS = frozenset(
    "the of and to a in on is that for with was were are be been by this it its from at has have had will "
    "would which who their they he she his her said but not or after about than over also into more when "
    "there what new two up out them these could should other we our you while during against between an".split())
FOREIGN_WORDS = frozenset(
    "le la les des du est et une un pour dans sur avec qui que au aux pas par ce sont été "  # French
    "el los las del por con para una es y se lo como pero más sus fue entre "  # Spanish
    "os um uma não com em pelo pela ao dos das são foi "  # Portuguese
    "il di che della delle degli dei nel nella sono gli anche "  # Italian
    "der das und ist nicht mit von den dem zu ein eine auch sich im wird wurde "  # German
    "het een van voor niet met zijn ook wordt "  # Dutch
    "yang dan ini itu dengan untuk tidak dari dalam "  # Indonesian
    "ve bir bu için ile olarak "  # Turkish
    "się nie że jest przez oraz".split())  # Polish
MIN_WORDS_FOR_LANGUAGE = 25
MIN_ENGLISH_SHARE = 0.10


class Cleaned(NamedTuple):
    """The text to parse, and what was removed from it (empty when nothing was)."""

    text: str
    notes: tuple[str, ...]


def clean_text(text: str) -> Cleaned:
    """Remove HTML markup, boilerplate lines and control characters from ``text``."""
    notes: list[str] = []
    if HTML_TAG.search(text):
        text = html_to_text(text)
        notes.append("HTML markup removed")
    lines = text.split("\n")
    kept = [line for line in lines if not (line.strip() and BOILERPLATE.match(line))]
    if len(kept) < len(lines):
        removed = len(lines) - len(kept)
        notes.append(f"{removed} boilerplate line{'s' if removed > 1 else ''} removed")
        text = "\n".join(kept)
    text, n_control = CONTROL.subn("", text)
    if n_control:
        notes.append(f"{n_control} control character{'s' if n_control > 1 else ''} removed")
    return Cleaned(text.strip() if notes else text, tuple(notes))


def not_english(text: str) -> str | None:
    """Why ``text`` is not English, or None (short texts are given the benefit of the doubt)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 100:
        latin = sum(c.isascii() for c in letters) / len(letters)
        if latin < 0.5:
            return f"not English: {latin:.0%} of its letters are Latin"
    words = WORD.findall(text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return None
    english = sum(w in ENGLISH_WORDS for w in words) / len(words)
    foreign = sum(w in FOREIGN_WORDS for w in words) / len(words)
    if english < MIN_ENGLISH_SHARE and foreign > english:
        return (f"not English: {english:.0%} English and {foreign:.0%} other languages' function words "
                f"in {len(words)} words")
    return None


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page or fragment: one line a block, scripts and navigation left out."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
