"""A fixed vocabulary and seeded sentence makers for synthetic framework text.

The words are generic workplace and education terms, so generated statements read like
the skill and task statements of large frameworks (ESCO skills, O*NET tasks: a verb, an
object, a context and often a purpose, 12 to 35 words). :class:`Vocabulary` draws every
statement afresh; :class:`Formulaic` builds them around a few stock phrases, as CE and
CME competency frameworks do. The text is synthetic and is never written into the
repository; it exists only to give the benchmarks realistic sizes and wording.
"""

from __future__ import annotations

import random

__all__ = ["Formulaic", "Vocabulary"]


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


# -- formulaic wording --------------------------------------------------------------------------
#
# Real competency frameworks repeat themselves: statements open with the same formula
# ("Demonstrate the ability to ...") and close with the same purposes and contexts ("to
# improve patient outcomes", "in collaboration with stakeholders"). What tells one item
# from another is a verb and an object or two in the middle. ``Formulaic`` writes such
# text: a few stock phrases make up about half of the words of every statement.

OPENERS = (
    "Demonstrate the ability to",
    "Be able to",
    "Effectively",
    "Consistently",
    "Demonstrate competence to",
    "Work with others to",
)
TAILS = (
    "to improve patient outcomes",
    "in collaboration with stakeholders",
    "in accordance with accreditation standards",
    "across the continuum of care",
    "to support lifelong learning",
    "within the organization",
    "in a timely manner",
    "to ensure compliance with applicable policies",
    "for the purpose of quality improvement",
    "to meet the needs of learners",
    "using evidence-based methods",
    "consistent with the mission of the organization",
    "across all educational activities",
    "in alignment with institutional goals",
    "to promote interprofessional collaboration",
    "throughout the planning process",
    "as required by the accrediting body",
    "to advance the quality of care",
    "in support of continuous improvement",
    "with input from faculty members",
    "for healthcare professionals",
    "in the context of the learning environment",
    "to close identified practice gaps",
    "according to established procedures",
    "on a regular basis",
    "as appropriate",
    "to enhance professional performance",
    "at the institutional level",
)
STOCK_OBJECTS = (
    "educational activities",
    "learning needs",
    "practice gaps",
    "learner outcomes",
    "the educational program",
    "accreditation requirements",
    "the planning process",
    "commercial support",
    "faculty development",
    "needs assessment data",
)
TITLES = (
    "Educational planning",
    "Needs assessment",
    "Evaluation and outcomes",
    "Leadership and management",
    "Accreditation and compliance",
    "Collaboration and partnerships",
    "Learning design",
    "Administration",
    "Quality improvement",
    "Professional development",
    "Communication",
    "Systems and technology",
)


class Formulaic(Vocabulary):
    """Seeded formulaic text: an optional opener, one to three verb clauses joined by
    "and", and one or two stock tails; headings from a short list, qualified at random.

    A statement's parts can be told apart again (:meth:`parts`), so that a revision can
    split a statement at a clause or merge two statements as an editor would: "Plan
    activities to improve patient outcomes" and "Evaluate activities to improve patient
    outcomes" become "Plan activities and evaluate activities to improve patient outcomes".
    """

    def _object(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(STOCK_OBJECTS)
        return self._phrase()

    def clause(self) -> str:
        """``verb object [preposition object]``: 2 to 10 words, no "and" inside."""
        rng = self.rng
        parts = [rng.choice(VERBS), self._object()]
        if rng.random() < 0.4:
            parts += [rng.choice(PREPOSITIONS), self._object()]
        return " ".join(parts)

    def tails(self) -> list[str]:
        count = self.rng.choice((1, 1, 2))
        return self.rng.sample(TAILS, count)

    def compose(self, opener: str | None, clauses: list[str], tails: list[str]) -> str:
        """A statement from its parts, capitalised, with a full stop."""
        body = " and ".join(clauses)
        if opener:
            body = f"{opener} {body}"
        text = " ".join([body, *tails])
        return text[0].upper() + text[1:] + "."

    def statement(self, clauses: int | None = None) -> str:
        rng = self.rng
        count = clauses if clauses is not None else rng.choice((1, 1, 2, 2, 3))
        opener = rng.choice(OPENERS) if rng.random() < 0.5 else None
        return self.compose(opener, [self.clause() for _ in range(count)], self.tails())

    def title(self) -> str:
        rng = self.rng
        base = rng.choice(TITLES)
        if rng.random() < 0.7:
            base += f" {rng.choice(('for', 'in', 'of'))} {self._phrase()}"
        return base

    def parts(self, text: str) -> tuple[str | None, list[str], list[str]]:
        """The opener, clauses and tails of a statement this class wrote (or edited)."""
        body = text.rstrip(".")
        opener = next((o for o in OPENERS if body.lower().startswith(o.lower() + " ")), None)
        if opener is not None:
            body = body[len(opener) + 1 :]
        tails: list[str] = []
        found = True
        while found:
            found = False
            for tail in TAILS:
                if body.endswith(" " + tail):
                    tails.insert(0, tail)
                    body = body[: -len(tail) - 1]
                    found = True
                    break
        body = body[:1].lower() + body[1:]
        return opener, body.split(" and "), tails

    def reword(self, text: str) -> str:
        """An editor's rewording: a word of a clause swapped, an adverb added, and now and
        then one stock tail traded for another."""
        rng = self.rng
        opener, clauses, tails = self.parts(text)
        at = rng.randrange(len(clauses))
        words = clauses[at].split(" ")
        spot = rng.randrange(len(words))
        pool = VERBS if spot == 0 else (ADJECTIVES if rng.random() < 0.5 else NOUNS)
        words[spot] = rng.choice(pool)
        words.insert(rng.randrange(1, len(words) + 1), rng.choice(ADVERBS))
        clauses[at] = " ".join(words)
        if tails and rng.random() < 0.3:
            tails[rng.randrange(len(tails))] = rng.choice(TAILS)
        return self.compose(opener, clauses, tails)

    def split(self, text: str) -> tuple[str, str] | None:
        """A statement of several clauses cut in two between clauses, each half keeping the
        opener and the tails; ``None`` for a statement of one clause."""
        opener, clauses, tails = self.parts(text)
        if len(clauses) < 2:
            return None
        at = self.rng.randrange(1, len(clauses))
        return (
            self.compose(opener, clauses[:at], tails),
            self.compose(opener, clauses[at:], tails),
        )

    def merge(self, first: str, second: str) -> str:
        """Two statements as one: the first's opener, the clauses of both, the first's
        tails and those of the second it lacks (two at most)."""
        opener, clauses, tails = self.parts(first)
        _opener, more, extra = self.parts(second)
        tails = (tails + [t for t in extra if t not in tails])[:2]
        return self.compose(opener, clauses + more, tails)

    def touch(self, text: str) -> str:
        """A light rewording, as an item that is renumbered too gets: an adverb after the
        verb of one clause and, half the time, one word of its object swapped. The opener
        and the tails stay: what is left of the item's own words must still say which item
        it was (a stock tail traded for another, in a short statement, leaves little)."""
        rng = self.rng
        opener, clauses, tails = self.parts(text)
        at = rng.randrange(len(clauses))
        words = clauses[at].split(" ")
        words.insert(1, rng.choice(ADVERBS))
        if rng.random() < 0.5 and len(words) > 2:
            spot = rng.randrange(2, len(words))
            words[spot] = rng.choice(ADJECTIVES if rng.random() < 0.5 else NOUNS)
        clauses[at] = " ".join(words)
        return self.compose(opener, clauses, tails)
