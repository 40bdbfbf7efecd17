"""Which architecture a task needs: one-to-one, one-to-many, many-to-one or many-to-many.

A built-in table holds the notes' examples (predictive text, image captioning, music
generation, sentiment analysis, translation) and more, each with names, keyword stems and the
reason. A description is matched case-insensitively: a whole name in it scores 10 per word,
and each keyword stem that begins a word of it scores 1. The best score wins; a tie between
tasks of different architectures is reported as ambiguous rather than guessed.

Example:
    >>> solve("Image captioning").key
    'one-to-many'
    >>> solve("classify movie reviews as positive or negative").task
    'sentiment analysis'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rnnsym.model import ARCHITECTURES
from rnnsym.solvers.base import SolveError, Step

MAX_LENGTH = 500


@dataclass(frozen=True)
class Task:
    """A row of the table: a task, its architecture, how it is named and why."""

    name: str
    architecture: str
    aliases: tuple[str, ...]
    stems: tuple[str, ...]
    reason: str
    aligned: bool = True  # False: input and output sequences differ in length (seq2seq)


TASKS: tuple[Task, ...] = (
    Task("predictive text", "many-to-many",
         ("predictive text", "next word prediction", "language model", "language modelling",
          "language modeling", "autocomplete", "next character prediction"),
         ("predict", "next", "word", "keyboard", "autocomplet", "typing"),
         "a word goes in at every step and the next word comes out at every step: input "
         "and output sequences of the same length, aligned"),
    Task("image captioning", "one-to-many",
         ("image captioning", "image caption", "caption an image", "describe an image",
          "describe a photo"),
         ("caption", "image", "photo", "picture", "describ"),
         "one input (the image, read once) and a sequence of words out"),
    Task("music generation", "one-to-many",
         ("music generation", "generate music", "compose music", "melody generation"),
         ("music", "generat", "compos", "melod", "song", "note"),
         "one input (a seed note, a genre, or nothing) and a sequence of notes out"),
    Task("sentiment analysis", "many-to-one",
         ("sentiment analysis", "sentiment classification", "opinion mining"),
         ("sentiment", "review", "opinion", "positiv", "negativ", "rating", "tweet", "mood"),
         "a sequence of words goes in and one label (positive or negative, or a rating) "
         "comes out after the last word"),
    Task("machine translation", "many-to-many",
         ("machine translation", "translation", "translate"),
         ("translat", "french", "english", "german", "spanish", "hindi"),
         "a sentence in and a sentence out, of different lengths: an encoder reads the whole "
         "input, then a decoder writes the output (encoder–decoder, not aligned step by step)",
         aligned=False),
    Task("video classification", "many-to-one",
         ("video classification", "action recognition", "activity recognition"),
         ("video", "clip", "action", "activit", "classif"),
         "a sequence of frames in, one label for the whole video out (labelling every frame "
         "is many-to-many instead)"),
    Task("frame labelling", "many-to-many",
         ("frame labelling", "frame labeling", "label each frame", "label every frame"),
         ("frame", "each", "every"),
         "one label per frame: outputs aligned with the inputs, same length"),
    Task("named-entity recognition", "many-to-many",
         ("named entity recognition", "ner", "part of speech tagging", "pos tagging",
          "sequence labelling", "sequence labeling"),
         ("entit", "tag", "named"),
         "a tag for every word: input and output sequences aligned, of the same length"),
    Task("speech recognition", "many-to-many",
         ("speech recognition", "speech to text", "transcription", "transcribe"),
         ("speech", "audio", "transcri", "spoken", "dictat"),
         "a sequence of audio frames in and a sequence of characters or words out, of a "
         "different length (encoder–decoder or CTC)",
         aligned=False),
    Task("image classification", "one-to-one",
         ("image classification", "classify an image", "object recognition"),
         ("image", "classif", "object", "photo", "digit"),
         "one input and one output, no sequence: a plain feed-forward network (an RNN with "
         "T = 1)"),
    Task("text classification", "many-to-one",
         ("spam detection", "spam filtering", "text classification", "document classification",
          "topic classification"),
         ("spam", "email", "document", "topic", "classif"),
         "a sequence of words in, one class for the whole text out"),
    Task("time-series forecasting", "many-to-one",
         ("time series forecasting", "stock price prediction", "forecasting",
          "weather prediction"),
         ("stock", "price", "forecast", "series", "weather", "sensor"),
         "a window of past values in, the next value out"),
    Task("text generation", "one-to-many",
         ("text generation", "generate text", "poetry generation", "story generation"),
         ("generat", "poem", "poetry", "story", "shakespeare"),
         "a seed (or nothing) in, a sequence of characters or words out, each output fed "
         "back as the next input"),
    Task("video captioning", "many-to-many",
         ("video captioning", "video description", "describe a video"),
         ("video", "caption", "describ"),
         "a sequence of frames in, a sentence of a different length out (encoder–decoder)",
         aligned=False),
    Task("speaker identification", "many-to-one",
         ("speaker identification", "speaker recognition", "speaker verification"),
         ("speaker", "voice", "identif"),
         "a sequence of audio frames in, one identity out"),
    Task("music genre classification", "many-to-one",
         ("music genre classification", "genre classification"),
         ("genre", "music", "classif"),
         "a sequence of audio frames or notes in, one genre out"),
    Task("chatbot", "many-to-many",
         ("chatbot", "chat bot", "dialogue", "dialog", "question answering"),
         ("chat", "dialog", "convers", "answer", "repl"),
         "a message in and a reply of a different length out (encoder–decoder)",
         aligned=False),
    Task("summarization", "many-to-many",
         ("summarization", "summarisation", "text summarization"),
         ("summar", "abstract", "headline"),
         "a long text in, a shorter text out (encoder–decoder)",
         aligned=False),
    Task("handwriting recognition", "many-to-many",
         ("handwriting recognition", "optical character recognition", "ocr"),
         ("handwrit", "ocr", "scanned"),
         "a sequence of pen strokes or image columns in, a sequence of characters out, "
         "not aligned",
         aligned=False),
    Task("speech synthesis", "many-to-many",
         ("speech synthesis", "text to speech", "tts"),
         ("synthes", "tts"),
         "a sequence of characters in, a sequence of audio frames out, of a different length",
         aligned=False),
    Task("DNA sequence classification", "many-to-one",
         ("dna sequence classification", "protein classification"),
         ("dna", "protein", "genom", "amino"),
         "a sequence of bases or amino acids in, one class out"),
)


@dataclass(frozen=True)
class ArchitectureResult:
    """The matched task and its architecture.

    Attributes:
        task: the table's name for the task matched.
        key: its architecture ("one-to-many", …).
        reason: why that architecture.
        score: the match's score; others: other tasks that scored, best first.
    """

    description: str
    task: str
    key: str
    reason: str
    score: int
    others: tuple[tuple[str, str, int], ...]
    steps: tuple[Step, ...]

    def as_dict(self) -> dict:
        return {"description": self.description, "task": self.task, "architecture": self.key,
                "reason": self.reason, "score": self.score, "key": self.key,
                "others": [{"task": t, "architecture": a, "score": s} for t, a, s in self.others],
                "steps": [s.as_dict() for s in self.steps]}


def _normalized(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def score(task: Task, text: str) -> int:
    """How well a normalized description matches a task (0: not at all)."""
    padded, words = f" {text} ", text.split()
    named = max((10 * len(a.split()) for a in task.aliases
                 if f" {_normalized(a)} " in padded), default=0)
    return named + sum(1 for stem in task.stems if any(w.startswith(stem) for w in words))


def known_tasks() -> str:
    return ", ".join(t.name for t in TASKS)


def solve(description: str) -> ArchitectureResult:
    """The architecture of the task a description names.

    Raises:
        SolveError: no task matches (the message lists the known ones), or the best matches
            disagree on the architecture.

    Example:
        >>> solve("translate English to French").key
        'many-to-many'
    """
    if not isinstance(description, str) or not description.strip():
        raise SolveError(f"describe a task, for example one of: {known_tasks()}")
    if len(description) > MAX_LENGTH:
        raise SolveError(f"the description may have at most {MAX_LENGTH} characters")
    text = _normalized(description)
    ranked = sorted(((score(t, text), i, t) for i, t in enumerate(TASKS)),
                    key=lambda r: (-r[0], r[1]))
    best_score, _, best = ranked[0]
    if best_score == 0:
        raise SolveError(f"no known task matches {description!r}; known tasks: {known_tasks()}")
    rivals = [t for s, _, t in ranked if s == best_score and t.architecture != best.architecture]
    if rivals:
        named = ", ".join(f"{t.name} ({t.architecture})" for t in [best, *rivals])
        raise SolveError(f"{description!r} is ambiguous: it could be {named}; say more")
    others = tuple((t.name, t.architecture, s) for s, _, t in ranked[1:] if s > 0)[:3]
    arch = ARCHITECTURES[best.architecture]
    where = {"all": "every step", "last": "the last step only", "first": "step 1 only"}
    shape = (f"inputs at {where[arch.inputs_at]}, outputs and losses at "
             f"{where[arch.losses_at]}" if best.aligned else
             "unaligned: the output sequence has its own length and starts after the whole "
             "input is read")
    steps = (Step(f"Task: {best.name}."),
             Step(f"{best.reason[0].upper()}{best.reason[1:]}."),
             Step(f"So: {best.architecture} ({shape})."))
    return ArchitectureResult(description, best.name, best.architecture, best.reason,
                              best_score, others, steps)
