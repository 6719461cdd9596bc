"""A fixed vocabulary and a seeded sentence maker for synthetic framework text.

The words are generic workplace and education terms, so generated statements read like
the skill and task statements of large frameworks (ESCO skills, O*NET tasks: a verb, an
object, a context and often a purpose, 12 to 35 words). The text is synthetic and is
never written into the repository; it exists only to give the benchmarks realistic sizes.
"""

from __future__ import annotations

import random

__all__ = ["Vocabulary"]


def _words(text: str) -> tuple[str, ...]:
    """Comma-separated words and phrases, as a tuple (a compact way to keep long lists)."""
    return tuple(w.strip() for w in text.split(",") if w.strip())


VERBS = _words(
    """
    analyse, apply, assess, audit, budget, calibrate, catalogue, chair, coach,
    collaborate on, communicate, compare, compile, conduct, configure, consolidate,
    consult on, coordinate, critique, curate, define, delegate, deliver, demonstrate,
    design, determine, develop, diagnose, document, draft, estimate, evaluate, examine,
    facilitate, forecast, formulate, guide, identify, implement, improve, inform, inspect,
    integrate, interpret, investigate, justify, lead, maintain, manage, map, measure,
    mentor, model, monitor, negotiate, organise, oversee, pilot, plan, prepare, present,
    prioritise, promote, publish, recommend, reconcile, record, report on, represent,
    research, review, revise, schedule, select, simulate, standardise, summarise,
    supervise, support, synthesise, teach, test, track, train, translate, update, validate,
    verify
    """
)
ADJECTIVES = _words(
    """
    accredited, accurate, adaptive, annual, appropriate, balanced, clinical, collaborative,
    complex, compliant, comprehensive, consistent, contextual, continuous, core,
    cross-functional, current, digital, documented, effective, emerging, ethical,
    evidence-based, external, formal, hybrid, independent, individual, informal,
    institutional, integrated, inter-professional, internal, key, longitudinal, measurable,
    multidisciplinary, national, operational, organisational, peer-reviewed, periodic,
    practical, professional, quality, regional, regulatory, relevant, reliable, remote,
    required, safe, scientific, shared, specialised, strategic, structured, sustainable,
    targeted, technical, transparent, valid, written
    """
)
NOUNS = _words(
    """
    accreditation, activity, agenda, allocation, analysis, appraisal, assessment,
    attendance, audience, audit, benchmark, budget, campaign, case, certificate, change,
    checklist, competence, compliance, conference, conflict, consent, content, contract,
    course, credit, criterion, curriculum, data, database, decision, delivery, design,
    disclosure, document, evaluation, event, evidence, exhibit, expenditure, faculty,
    feedback, finding, format, funding, goal, grant, guideline, incident, indicator,
    information, initiative, inquiry, intervention, inventory, learner, learning,
    literature, meeting, method, metric, milestone, mission, module, need, network,
    objective, outcome, partner, partnership, performance, plan, planner, policy,
    portfolio, practice, presentation, priority, procedure, process, programme, progress,
    project, proposal, protocol, provider, record, regulation, report, request,
    requirement, research, resource, result, review, risk, role, rule, schedule, session,
    setting, skill, source, sponsor, staff, stakeholder, standard, strategy, study,
    supplier, survey, system, task, team, technology, template, timeline, tool, topic,
    trend, venue, workflow, workshop
    """
)
PREPOSITIONS = _words(
    """
    across, after, against, among, before, by, during, for, from, in, on, through, under,
    with, within
    """
)
PURPOSES = _words(
    """
    to ensure, to improve, to support, to meet, to inform, to reduce, to maintain,
    to document, to strengthen, to demonstrate, in order to achieve, so as to align,
    to enable
    """
)
ADVERBS = _words(
    """
    accurately, carefully, consistently, effectively, efficiently, promptly, regularly,
    systematically, thoroughly, transparently
    """
)
CONNECTORS = ("and", "and then", "as well as", "while also")


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


class Vocabulary:
    """Seeded text: titles, statements and rewordings, the same for the same seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _phrase(self) -> str:
        """An object phrase: ``[adjective] noun [noun]``, 1 to 4 words."""
        rng = self.rng
        words = []
        if rng.random() < 0.6:
            words.append(rng.choice(ADJECTIVES))
        words.append(rng.choice(NOUNS))
        if rng.random() < 0.5:
            words.append(rng.choice(NOUNS))
        if rng.random() < 0.2:
            words.append(_plural(rng.choice(NOUNS)))
        return " ".join(words)

    def clause(self) -> str:
        """One verb clause: ``verb object prep object [purpose object]``, 6 to 16 words."""
        rng = self.rng
        parts = [rng.choice(VERBS), self._phrase(), rng.choice(PREPOSITIONS), self._phrase()]
        if rng.random() < 0.5:
            parts += [rng.choice(PURPOSES), self._phrase()]
        return " ".join(parts)

    def statement(self, clauses: int | None = None) -> str:
        """A statement of one to three clauses, capitalised, with a full stop."""
        rng = self.rng
        count = clauses if clauses is not None else rng.choice((1, 2, 2, 2, 3))
        text = self.clause()
        for _ in range(count - 1):
            text += f" {rng.choice(CONNECTORS)} {self.clause()}"
        return text[0].upper() + text[1:] + "."

    def title(self) -> str:
        """A short heading, 2 to 5 words, capitalised."""
        rng = self.rng
        words = [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
        if rng.random() < 0.5:
            words += ["and", rng.choice(NOUNS)]
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def tag(self) -> str:
        return self.rng.choice(NOUNS).replace(" ", "-")

    def reword(self, text: str) -> str:
        """The same statement edited as an editor would: a few words swapped, one added."""
        rng = self.rng
        words = text.rstrip(".").split(" ")
        changes = max(1, len(words) // 8)
        for _ in range(changes):
            at = rng.randrange(len(words))
            pool = VERBS if at == 0 else (ADJECTIVES if rng.random() < 0.5 else NOUNS)
            words[at] = rng.choice(pool)
        at = rng.randrange(1, len(words) + 1)
        words.insert(at, rng.choice(ADVERBS))
        out = " ".join(words)
        return out[0].upper() + out[1:] + "."
