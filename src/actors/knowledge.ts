import { personKey } from './keys';
import type { CorpusDocument, Sentence } from '../corpus/types';
import { PREPOSITIONS } from '../text/lexicon';
import { tokenize, type Token } from '../text/tokens';
import { drain } from '../util/steps';
import { AliasIndex, type Mention } from './aliasIndex';
import {
  buildGazetteer,
  findActorByPhrase,
  personAliases,
  reindexPhrases,
  slug,
  wordlikeSurname,
  type Gazetteer,
} from './gazetteer';
import { endsLikeOrganisation, findOrgEvidence, learnOrganisationsSteps, type OrgEvidence } from './organisations';
import { findNameRuns, learnLinks, looksLikePerson, titleBefore } from './people';
import type { Actor, ActorsFile, Person } from './types';

/** What a query names: an actor (country, organisation), a person, or nothing known. */
export type Resolved =
  { type: 'actor'; actor: Actor; people: Person[] } | { type: 'person'; person: Person; actor?: Actor };

export interface DocumentLessons {
  links: Array<{ name: string; actorId: string; evidence: string }>;
  names: string[];
  /** Cues that a phrase names an organisation ("Labour said", "a Gazprom spokesman"). */
  orgs?: OrgEvidence[];
  /** "Tory shadow home secretary David Davis": a title after a phrase not (yet) known as an actor. */
  pending?: Array<{ name: string; phrase: string }>;
}

/** What learning from these lessons produces, as a snapshot keeps it (for a snapshot written from disk, not from a running index). */
export function learnedFromLessons(lessons: Map<string, DocumentLessons>, userFile?: ActorsFile): LearnedState {
  return Knowledge.fromLessons(lessons, userFile).exportLearned()!;
}

/** What learning produced, as a snapshot keeps it (see Knowledge.exportLearned). */
export interface LearnedState {
  people: Person[];
  organisations: Array<{ actor: Actor; sig: string }>;
}

export interface LearnResult {
  knowledge: Knowledge;
  /** Ids of people added, removed or relinked, and `actor:<id>` of organisations (see `relearn`). */
  changed: Set<string>;
}

export interface SentenceMentions {
  tokens: Token[];
  mentions: Mention[];
}

/**
 * Items handled between two yields of a learning in steps. The caller groups steps into slices of a
 * few milliseconds, so a step may be small; 500 made steps of 10–14 ms at 1M sentences (500 actors'
 * aliases tokenised and indexed at once), longer than a slice.
 */
const STEP = 100;

/**
 * Everything the bot knows about who is who: built-in countries, seats and leaders, the team's
 * actors file, and the people the corpus itself links to actors. Rebuilt when the corpus changes.
 */
export class Knowledge {
  readonly actors: Map<string, Actor>;
  readonly people: Map<string, Person>;
  private index = new AliasIndex();

  private constructor(private gaz: Gazetteer) {
    this.actors = gaz.actors;
    this.people = gaz.people;
  }

  /** Person → actor links and person names learned per document, so a document's removal takes its lessons with it. */
  private lessons = new Map<string, DocumentLessons>();
  /** Lessons were recorded since people and organisations were last learned from them. */
  private unlearned = true;
  /** Bumped by every recorded lesson: a learning done on a copy is used only if none came since. */
  private lessonsVersion = 0;
  private builtinPeople = new Set<string>();

  /** The built-in and user's actors and people, before anything is learned. */
  private static withActors(userFile?: ActorsFile): Knowledge {
    const k = new Knowledge(buildGazetteer(userFile));
    for (const id of k.people.keys()) k.builtinPeople.add(id);
    return k;
  }

  static build(documents: CorpusDocument[], userFile?: ActorsFile): Knowledge {
    const k = Knowledge.withActors(userFile);
    k.rebuildIndex();
    for (const d of documents) k.lessons.set(d.file, k.learnFrom(d));
    k.relearn();
    return k;
  }

  /** Knowledge from lessons saved in a snapshot: nothing is re-read. */
  static fromLessons(lessons: Map<string, DocumentLessons>, userFile?: ActorsFile): Knowledge {
    const k = Knowledge.withActors(userFile);
    k.lessons = lessons;
    // Learning rebuilds the alias index when it learned anyone (every corpus that names people): a
    // second rebuild was a quarter of this at start. Only a corpus that taught nothing builds it here.
    if (!k.relearn().size) k.rebuildIndex();
    return k;
  }

  /**
   * What learning from the lessons produced, for a snapshot: every person (learning adds, merges and
   * edits them, built-in ones included) and the organisations learned, each in its map's order (the
   * alias index keeps insertion order among equals). Undefined while lessons wait to be learned.
   */
  exportLearned(): LearnedState | undefined {
    if (this.unlearned) return undefined;
    return {
      people: [...this.people.values()],
      organisations: [...this.learnedOrgs].map(([id, sig]) => ({ actor: this.actors.get(id)!, sig })),
    };
  }

  /**
   * Knowledge from a snapshot that saved what was learned with its lessons (see exportLearned):
   * what `fromLessons` makes, without learning again (a third of a start at 100k sentences).
   */
  static fromLearned(lessons: Map<string, DocumentLessons>, learned: LearnedState, userFile?: ActorsFile): Knowledge {
    const k = Knowledge.withActors(userFile);
    k.lessons = lessons;
    // The phrases of the built-in and user actors, then with the organisations, as learning indexes them.
    reindexPhrases(k.gaz);
    k.basePhrases = k.gaz.byPhrase;
    for (const { actor, sig } of learned.organisations) {
      k.actors.set(actor.id, actor);
      k.learnedOrgs.set(actor.id, sig);
    }
    reindexPhrases(k.gaz);
    k.allPhrases = k.gaz.byPhrase;
    k.people.clear();
    for (const p of learned.people) k.people.set(p.id, p);
    k.unlearned = false;
    k.rebuildIndex();
    return k;
  }

  /** Every alias of every person, lower-cased: answers "who is Starmer?" in one look-up. */
  private personByAlias = new Map<string, Person>();

  /** Short forms two or more people share ("Miliband" for David and Ed): lower-cased form → the people. */
  private shared = new Map<string, Person[]>();

  private rebuildIndex() {
    drain(this.rebuildIndexSteps());
  }

  private *rebuildIndexSteps(): Generator<void, void> {
    this.suggestList = undefined;
    this.index = new AliasIndex();
    this.personByAlias = new Map();
    this.shared = new Map();
    this.byWordSurname = new Map();
    const owners = new Map<string, Person[]>();
    let n = 0;
    for (const p of this.people.values()) {
      if (++n % STEP === 0) yield;
      const surname = wordlikeSurname(p.name);
      if (surname) {
        const key = foldName(surname);
        (this.byWordSurname.get(key) ?? this.byWordSurname.set(key, []).get(key)!).push(p);
      }
      for (const a of p.aliases) {
        const key = foldName(a);
        const list = owners.get(key) ?? owners.set(key, []).get(key)!;
        if (!list.includes(p)) list.push(p);
      }
    }
    for (const [key, list] of owners) {
      if (++n % STEP === 0) yield;
      // A full name is one person's; a surname shared by several people names none of them on its own.
      const full = list.find((p) => foldName(p.name) === key);
      if (full || list.length === 1) this.personByAlias.set(key, full ?? list[0]!);
      else this.shared.set(key, list);
    }
    yield;
    // Counted by alias: a country has a dozen, and a step of 100 actors' was longer than a slice.
    for (const a of this.actors.values()) {
      for (const alias of a.aliases) {
        if (++n % STEP === 0) yield;
        this.index.add(alias, { actorId: a.id });
      }
    }
    for (const p of this.people.values()) {
      for (const alias of p.aliases) {
        if (++n % STEP === 0) yield;
        // A surname that is also a place or an organisation ("Jordan", "Georgia") stays the place.
        if (!alias.includes(' ') && findActorByPhrase(this.gaz, alias)) continue;
        const sharedBy = this.shared.get(foldName(alias));
        if (sharedBy) this.index.add(alias, { candidates: sharedBy.map((x) => x.id) });
        else this.index.add(alias, { personId: p.id, actorId: p.actorId });
      }
    }
  }

  /** The people a query's short form could mean when several share it: "Miliband" → David and Ed Miliband. */
  sharedBy(query: string): Person[] {
    return (
      this.shared.get(foldName(stripTitles(query))) ??
      this.shared.get(foldName(query)) ??
      this.calledBySurname(query).filter((_, i, all) => all.length > 1)
    );
  }

  /** People by a surname that is an everyday word (see wordlikeSurname): not aliases, but what users type. */
  private byWordSurname = new Map<string, Person[]>();

  /** The people a query names by such a surname alone ("/position Brown"). */
  private calledBySurname(query: string): Person[] {
    return this.byWordSurname.get(foldName(stripTitles(query.trim()) || query)) ?? [];
  }

  /** What one document teaches: person → actor links (with the sentence that says so) and person names. */
  learnFrom(doc: CorpusDocument): DocumentLessons {
    const links: DocumentLessons['links'] = [];
    const names: string[] = [];
    const orgs: OrgEvidence[] = [];
    const pending: NonNullable<DocumentLessons['pending']> = [];
    let lastSubjectActor: string | undefined;
    const read = this.reader(doc);
    for (const s of doc.sentences) {
      if (s.kind === 'furniture') continue;
      const { tokens, mentions } = read(s.text, s);
      const actorTokens = new Set<number>();
      for (const m of mentions) for (let i = m.first; i <= m.last; i++) actorTokens.add(i);
      const runs = findNameRuns(s.text, tokens, actorTokens);
      const found = learnLinks(s, tokens, mentions, runs, {
        personActor: (id) => this.people.get(id)?.actorId,
        lastSubjectActor,
      });
      for (const l of found) links.push({ name: l.name, actorId: l.actorId, evidence: `${s.doc}:${s.line}` });
      for (const r of runs) if (r.name.includes(' ') && looksLikePerson(s.text, tokens, r)) names.push(r.name);
      for (const r of runs) {
        if (!r.name.includes(' ')) continue;
        const tb = titleBefore(s.text, tokens, r.first, () => undefined);
        const k = tb.start - 1;
        if (tb.words === 0 || tb.former || k < 0 || !tokens[k]!.cap || actorTokens.has(k)) continue;
        let f = k;
        while (
          f > 0 &&
          k - f < 2 &&
          tokens[f - 1]!.cap &&
          /^\s+$/.test(s.text.slice(tokens[f - 1]!.end, tokens[f]!.start))
        )
          f--;
        pending.push({ name: r.name, phrase: s.text.slice(tokens[f]!.start, tokens[k]!.end) });
      }
      // Organisations already learned are still counted, so their evidence outlives the reading that found them.
      if (s.kind !== 'title' && s.kind !== 'heading')
        orgs.push(
          ...findOrgEvidence(
            s.text,
            tokens,
            mentions.filter((m) => !m.target.actorId || !this.learnedOrgs.has(m.target.actorId) || m.target.personId),
          ),
        );
      const subj = subjectPersonActor(tokens, mentions, (id) => this.people.get(id)?.actorId, found[0]?.actorId);
      if (subj) lastSubjectActor = subj;
    }
    return { links, names, orgs, pending };
  }

  /**
   * Records (or replaces) a document's lessons. They count once `relearn` runs: it reads every
   * document's lessons, so a batch of documents is learned from in one go.
   */
  setLessons(file: string, lessons: DocumentLessons | undefined): void {
    if (lessons) this.lessons.set(file, lessons);
    else this.lessons.delete(file);
    this.unlearned = true;
    this.lessonsVersion++;
  }

  /**
   * Learns again in steps, on a copy, so that a burst's learning never holds the event loop: the
   * caller runs the steps a few milliseconds at a time while this knowledge goes on answering, and
   * gets the copy (this one when nothing changed) and what changed — or undefined if lessons were
   * recorded meanwhile: the caller then learns in place.
   */
  *learnInSteps(): Generator<void, LearnResult | undefined> {
    if (!this.unlearned) return { knowledge: this, changed: new Set() };
    const from = this.lessonsVersion;
    const copy = yield* this.copySteps();
    const changed = yield* copy.relearnSteps();
    if (this.lessonsVersion !== from) return undefined;
    if (!changed.size) this.unlearned = false;
    return { knowledge: changed.size ? copy : this, changed };
  }

  /**
   * A copy to learn in: people copied (learning edits them), the lessons and what was learned so far
   * shared. Learning only reads the lessons, and a learning during which any were recorded is thrown
   * away (see learnInSteps); copying them took one step of 25–60 ms at 1M sentences (52k documents).
   */
  private *copySteps(): Generator<void, Knowledge> {
    const people = new Map<string, Person>();
    let n = 0;
    for (const [id, p] of this.people) {
      if (++n % STEP === 0) yield;
      people.set(id, { ...p, aliases: [...p.aliases] });
    }
    const k = new Knowledge({ actors: new Map(this.actors), people, byPhrase: this.gaz.byPhrase });
    k.lessons = this.lessons;
    k.lessonsVersion = this.lessonsVersion;
    k.builtinPeople = this.builtinPeople;
    // Organisations learned before keep their objects when unchanged, so only real changes are reported.
    k.learnedOrgs = new Map(this.learnedOrgs);
    k.basePhrases = this.basePhrases;
    k.allPhrases = this.allPhrases;
    k.unlearned = true;
    return k;
  }

  lessonsOf(file: string): DocumentLessons | undefined {
    return this.lessons.get(file);
  }

  /**
   * Rebuilds the learned people from every document's lessons, by majority vote per person, and the
   * alias index when anything changed. Returns the ids of people added, removed or relinked (and
   * `actor:<id>` of organisations).
   */
  relearn(): Set<string> {
    return drain(this.relearnSteps());
  }

  /** `relearn()` as steps: it yields between pieces of a few thousand items (see `learnInSteps`). */
  private *relearnSteps(): Generator<void, Set<string>> {
    // Nothing recorded since the last learning (a start over an unchanged corpus): nothing to learn.
    if (!this.unlearned) return new Set();
    this.unlearned = false;
    let n = 0;
    const before = new Map<string, string | undefined>();
    for (const p of this.people.values()) {
      if (++n % STEP === 0) yield;
      if (p.origin === 'learned') before.set(p.id, p.actorId);
    }
    const votes = new Map<string, { name: string; byActor: Map<string, number>; evidence: string }>();
    const names = new Map<string, string>();
    for (const l of this.lessons.values()) {
      if (++n % STEP === 0) yield;
      for (const link of l.links) {
        const key = slug(link.name);
        const v = votes.get(key) ?? { name: link.name, byActor: new Map(), evidence: link.evidence };
        v.byActor.set(link.actorId, (v.byActor.get(link.actorId) ?? 0) + 1);
        votes.set(key, v);
      }
      for (const n of l.names) names.set(slug(n), n);
    }
    for (const [id, p] of [...this.people]) {
      if (++n % STEP === 0) yield;
      if (p.origin === 'learned') this.people.delete(id);
    }
    yield;
    for (const [id, v] of votes) {
      if (++n % STEP === 0) yield;
      const best = [...v.byActor.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
      if (this.builtinPeople.has(id)) continue;
      this.people.set(id, {
        id,
        name: v.name,
        aliases: personAliases(v.name),
        actorId: best[0],
        origin: 'learned',
        evidence: v.evidence,
      });
    }
    for (const [id, name] of names) {
      if (++n % STEP === 0) yield;
      if (!this.people.has(id) && !endsLikeOrganisation(name))
        this.people.set(id, { id, name, aliases: personAliases(name), origin: 'learned' });
    }
    // One person spelled two ways ("Sergey V. Lavrov", "Sergei Lavrov") is one person: the known spelling keeps it.
    const bySurname = new Map<string, Person[]>();
    for (const p of this.people.values()) {
      if (++n % STEP === 0) yield;
      const key = foldName(p.name.split(/\s+/).pop()!);
      (bySurname.get(key) ?? bySurname.set(key, []).get(key)!).push(p);
    }
    for (const group of bySurname.values()) {
      if (++n % STEP === 0) yield;
      if (group.length < 2) continue;
      group.sort(
        (a, b) => Number(a.origin === 'learned') - Number(b.origin === 'learned') || b.name.length - a.name.length,
      );
      for (const p of group) {
        if (p.origin !== 'learned' || !this.people.has(p.id)) continue;
        const keep = group.find((q) => q !== p && this.people.has(q.id) && sameName(p.name, q.name));
        if (!keep) continue;
        this.people.delete(p.id);
        for (const a of p.aliases) if (!keep.aliases.includes(a)) keep.aliases.push(a);
        if (!keep.actorId && p.actorId) keep.actorId = p.actorId;
      }
    }
    yield;
    const changed = new Set<string>();
    for (const id of yield* this.recomputeOrganisationsSteps()) changed.add(id);
    for (const [id, actor] of before) {
      if (++n % STEP === 0) yield;
      if (!this.people.has(id) || this.people.get(id)!.actorId !== actor) changed.add(id);
    }
    for (const p of this.people.values()) {
      if (++n % STEP === 0) yield;
      if (p.origin === 'learned' && !before.has(p.id)) changed.add(p.id);
    }
    if (changed.size) yield* this.rebuildIndexSteps();
    return changed;
  }

  /** Ids of the organisations learned from the corpus (as `org-<name>` actors) → what they are called. */
  private learnedOrgs = new Map<string, string>();
  /** The phrase index of the built-in and user actors alone, and with the learned organisations. */
  private basePhrases?: Map<string, Actor>;
  private allPhrases?: Map<string, Actor>;

  /**
   * Re-learns the organisations from every document's cues. Returns `actor:<id>` for each one added,
   * removed or whose aliases changed, so the sentences naming it are read again.
   */
  private *recomputeOrganisationsSteps(): Generator<void, string[]> {
    let n = 0;
    const previous = new Map<string, Actor>();
    for (const id of this.learnedOrgs.keys()) {
      const a = this.actors.get(id);
      if (a) previous.set(id, a);
      this.actors.delete(id);
    }
    // The phrases of the built-in and user actors never change: indexed once (14 ms at 100k sentences, twice per learning).
    if (this.basePhrases) this.gaz.byPhrase = this.basePhrases;
    else {
      reindexPhrases(this.gaz);
      this.basePhrases = this.gaz.byPhrase;
    }
    const surnames = new Set<string>();
    for (const p of this.people.values()) {
      if (++n % STEP === 0) yield;
      if (p.name.includes(' ')) surnames.add(slug(p.name.split(/\s+/).pop()!));
    }
    const evidence: OrgEvidence[] = [];
    for (const l of this.lessons.values()) {
      if (++n % STEP === 0) yield;
      if (l.orgs) evidence.push(...l.orgs);
    }
    yield;
    const learned = yield* learnOrganisationsSteps(
      evidence,
      (form) => !!findActorByPhrase(this.gaz, form) || this.builtinPeople.has(slug(form)),
      (word) => surnames.has(slug(word)),
    );
    const now = new Map<string, string>();
    const byAlias = new Map<string, string>();
    for (const org of learned) {
      if (++n % STEP === 0) yield;
      if (!org.aliases.length) continue;
      const sig = [org.name, org.short ?? '', ...org.aliases].join('|');
      const before = previous.get(org.id);
      // The same organisation keeps its object, so the phrase index made with it stays valid.
      const actor: Actor =
        before && this.learnedOrgs.get(org.id) === sig
          ? before
          : { id: org.id, name: org.name, short: org.short, kind: org.kind, aliases: org.aliases };
      this.actors.set(actor.id, actor);
      now.set(actor.id, sig);
      for (const a of actor.aliases) {
        byAlias.set(a, actor.id);
        // An organisation that was taken for a person ("Liberal Democrats said") is not one.
        const p = this.people.get(slug(a));
        if (p?.origin === 'learned') this.people.delete(p.id);
      }
    }
    // "Tory shadow home secretary David Davis": a person speaks for the organisation before their title.
    for (const l of this.lessons.values()) {
      if (++n % STEP === 0) yield;
      for (const p of l.pending ?? []) {
        const orgId = byAlias.get(p.phrase) ?? byAlias.get(p.phrase.split(/\s+/).pop()!);
        const person = orgId ? this.people.get(slug(p.name)) : undefined;
        if (person?.origin === 'learned' && !person.actorId) person.actorId = orgId;
      }
    }
    // "Tory Liam Fox said": the party is not part of the name, and tells whom he speaks for.
    for (const p of [...this.people.values()]) {
      if (++n % STEP === 0) yield;
      if (p.origin !== 'learned') continue;
      const words = p.name.split(/\s+/);
      const orgId = words.length >= 3 ? byAlias.get(words[0]!) : undefined;
      if (!orgId) continue;
      this.people.delete(p.id);
      const name = words.slice(1).join(' ');
      const known = this.people.get(slug(name));
      if (known) known.actorId ??= orgId;
      else
        this.people.set(slug(name), {
          ...p,
          id: slug(name),
          name,
          aliases: personAliases(name),
          actorId: p.actorId ?? orgId,
        });
    }
    yield;
    const same = now.size === this.learnedOrgs.size && [...now].every(([id, sig]) => this.learnedOrgs.get(id) === sig);
    if (same && this.allPhrases) this.gaz.byPhrase = this.allPhrases;
    else {
      reindexPhrases(this.gaz);
      this.allPhrases = this.gaz.byPhrase;
    }
    const changed: string[] = [];
    for (const [id, sig] of now) if (this.learnedOrgs.get(id) !== sig) changed.push(`actor:${id}`);
    for (const id of this.learnedOrgs.keys()) if (!now.has(id)) changed.push(`actor:${id}`);
    this.learnedOrgs = now;
    return changed;
  }

  /** The name forms of people (current or just removed) — to find the sentences a change touches. */
  aliasesOf(ids: Iterable<string>, removedNames: Map<string, string[]> = new Map()): string[] {
    const out: string[] = [];
    for (const id of ids) {
      const now = id.startsWith('actor:') ? this.actors.get(id.slice(6))?.aliases : this.people.get(id)?.aliases;
      out.push(...(now ?? []), ...(removedNames.get(id) ?? []));
    }
    return [...new Set(out)];
  }

  /** Aliases of the learned people and organisations now, keyed by id: kept before a change to find what it touched. */
  learnedAliases(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const p of this.people.values()) if (p.origin === 'learned') m.set(p.id, p.aliases);
    for (const id of this.learnedOrgs.keys()) m.set(`actor:${id}`, this.actors.get(id)?.aliases ?? []);
    return m;
  }

  /**
   * Tokens and mentions of one sentence. A shared surname is given to the person `pick` chooses
   * (the one the document named in full); without a choice it names nobody rather than the wrong one.
   */
  analyse(text: string, pick?: (candidates: string[]) => string | undefined): SentenceMentions {
    const tokens = tokenize(text);
    return this.choose(tokens, this.index.find(text, tokens), pick);
  }

  /** The mentions found in a sentence, each shared surname given to the person `pick` chooses. */
  private choose(
    tokens: Token[],
    found: Mention[],
    pick?: (candidates: string[]) => string | undefined,
  ): SentenceMentions {
    if (!found.some((m) => m.target.candidates)) return { tokens, mentions: found };
    const mentions: Mention[] = [];
    for (const m of found) {
      if (!m.target.candidates) {
        mentions.push(m);
        continue;
      }
      const id = pick?.(m.target.candidates);
      const p = id ? this.people.get(id) : undefined;
      if (p) mentions.push({ ...m, target: { personId: p.id, actorId: p.actorId } });
    }
    return { tokens, mentions };
  }

  /**
   * Reads a document's sentences in order, so that a shared surname ("Miliband said") goes to the
   * person the document last named in full before it — or, when it names one only later, that one.
   */
  reader(doc: CorpusDocument): (text: string, at?: Sentence) => SentenceMentions {
    // Each sentence tokenised and looked up once, though both the full names and the reading need it.
    const scanned = new Map<string, { tokens: Token[]; found: Mention[] }>();
    const scan = (text: string) => {
      let r = scanned.get(text);
      if (!r) {
        const tokens = tokenize(text);
        scanned.set(text, (r = { tokens, found: this.index.find(text, tokens) }));
      }
      return r;
    };
    let named: Array<{ start: number; personId: string }> | undefined;
    const fullNames = () => {
      if (named) return named;
      named = [];
      for (const s of doc.sentences)
        for (const m of scan(s.text).found)
          if (m.target.personId) named.push({ start: s.start, personId: m.target.personId });
      return named;
    };
    return (text, at) =>
      this.choose(scan(text).tokens, scan(text).found, (candidates) => {
        const seen = fullNames().filter((n) => candidates.includes(n.personId));
        if (!seen.length) return undefined;
        const pos = at?.start ?? Infinity;
        const before = seen.filter((n) => n.start <= pos);
        return (before.length ? before[before.length - 1]! : seen[0]!).personId;
      });
  }

  /** The actor ids a mention stands for: the actor itself, or the person and the actor they speak for. */
  keysOf(m: Mention): string[] {
    const out: string[] = [];
    if (m.target.personId) out.push(personKey(m.target.personId));
    const actor = m.target.actorId ?? (m.target.personId ? this.people.get(m.target.personId)?.actorId : undefined);
    if (actor) out.push(actor);
    return out;
  }

  /**
   * What a query names. People type titles and honorifics ("President Trump", "Mr. Zelensky",
   * "Chancellor Scholz"): when the words as typed name nothing, they are tried without them.
   */
  resolve(query: string): Resolved | undefined {
    const q = query.trim();
    if (!q) return undefined;
    const found = this.resolveExact(q);
    if (found) return found;
    const bare = stripTitles(q);
    return bare && bare !== q ? this.resolveExact(bare) : undefined;
  }

  private resolveExact(q: string): Resolved | undefined {
    const actor = findActorByPhrase(this.gaz, q);
    if (actor) return { type: 'actor', actor, people: [...this.people.values()].filter((p) => p.actorId === actor.id) };
    const person = this.findPerson(q);
    if (person) return { type: 'person', person, actor: person.actorId ? this.actors.get(person.actorId) : undefined };
    return undefined;
  }

  findPerson(q: string): Person | undefined {
    const key = foldName(q);
    if (this.shared.has(key)) return undefined;
    return this.people.get(slug(q)) ?? this.personByAlias.get(key) ?? onlyOne(this.calledBySurname(q));
  }

  private suggestList?: Array<{ phrase: string; label: string; letters?: Uint8Array }>;

  /** Known names close to an unknown query, for "did you mean". */
  suggest(query: string, max = 5): string[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    if (!this.suggestList) {
      const list: Array<{ phrase: string; label: string; letters?: Uint8Array }> = [];
      for (const a of this.actors.values())
        for (const alias of [a.name, ...a.aliases])
          list.push({ phrase: alias.toLowerCase(), label: a.short ?? a.name });
      for (const p of this.people.values())
        for (const alias of p.aliases) list.push({ phrase: alias.toLowerCase(), label: p.name });
      this.suggestList = list;
    }
    const limit = Math.max(1, Math.floor(q.length / 3));
    const letters = letterCounts(q);
    const scored: Array<[number, string]> = [];
    for (const entry of this.suggestList) {
      const { phrase: p, label } = entry;
      const affix = p.startsWith(q) || q.startsWith(p);
      if (Math.abs(p.length - q.length) > limit && !affix) continue;
      // Counted when first needed: most names never come within the length of a query.
      if (!affix && bagDistance(letters, (entry.letters ??= letterCounts(p))) > limit) continue;
      const d = affix ? Math.min(1, Math.abs(p.length - q.length)) : levenshtein(q, p, limit);
      if (d <= limit) scored.push([d, label]);
    }
    scored.sort((a, b) => a[0] - b[0]);
    return [...new Set(scored.map((s) => s[1]))].slice(0, max);
  }
}

/** The actor of the person who is the subject of a sentence (the first person named, not after a preposition). */
export function subjectPersonActor(
  tokens: Token[],
  mentions: Mention[],
  personActor: (id: string) => string | undefined,
  fallback?: string,
): string | undefined {
  for (const m of mentions) {
    if (!m.target.personId) continue;
    const prev = tokens[m.first - 1];
    if (prev && PREPOSITIONS.has(prev.key)) continue;
    return m.target.actorId ?? personActor(m.target.personId) ?? fallback;
  }
  return fallback;
}

/** Case and accents do not matter when a name is looked up: "Muller" finds "Klaus Müller". */
function foldName(s: string): string {
  return s.trim().normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Whether two names are one person spelled two ways: the same surname and first names that differ by
 * a middle initial or a transliteration ("Sergey V. Lavrov" and "Sergei Lavrov").
 */
export function sameName(a: string, b: string): boolean {
  const parts = (s: string) =>
    foldName(s)
      .split(/\s+/)
      .filter((w) => !/^\p{L}\.?$/u.test(w));
  const x = parts(a);
  const y = parts(b);
  if (x.length < 2 || y.length < 2 || x[x.length - 1] !== y[y.length - 1]) return false;
  const [f, g] = [x[0]!, y[0]!];
  return f === g || (f[0] === g[0] && Math.min(f.length, g.length) >= 4 && levenshtein(f, g, 2) <= 2);
}

export function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Int32Array(b.length + 1).map((_, i) => i);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j]! < best) best = cur[j]!;
    }
    if (best > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Letters a–z, and one count for everything else. */
function letterCounts(text: string): Uint8Array {
  const c = new Uint8Array(27);
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i) - 97;
    const slot = k >= 0 && k < 26 ? k : 26;
    if (c[slot]! < 255) c[slot]!++;
  }
  return c;
}

/**
 * A lower bound of the edit distance from the letters alone (the bag distance): most names are
 * ruled out by it without the quadratic comparison.
 */
function bagDistance(a: Uint8Array, b: Uint8Array): number {
  let more = 0;
  let fewer = 0;
  for (let i = 0; i < 27; i++) {
    const d = a[i]! - b[i]!;
    if (d > 0) more += d;
    else fewer -= d;
  }
  return Math.max(more, fewer);
}

export type { Sentence };

/** Titles and honorifics that come before a name in a query, with an optional nationality ("US President"). */
const TITLE_PREFIX =
  /^(?:(?:the|former|us|u\.s\.|uk|british|american|french|german|russian|ukrainian|chinese|turkish|israeli|iranian)\s+)*(?:president|vice[- ]president|prime minister|pm|chancellor|premier|foreign minister|foreign secretary|defen[cs]e (?:secretary|minister)|secretary of state|secretary[- ]general|secretary|minister|senator|sen\.?|rep\.?|congressman|congresswoman|governor|mayor|king|queen|prince|princess|pope|general|gen\.?|admiral|ambassador|spokesman|spokeswoman|mr\.?|mrs\.?|ms\.?|dr\.?|sir|dame|lord|lady)\s+/i;

function onlyOne<T>(list: T[]): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}

/** The query without its leading titles: "US President Donald Trump" → "Donald Trump". */

export function stripTitles(q: string): string {
  let out = q.trim();
  for (let i = 0; i < 4; i++) {
    const m = TITLE_PREFIX.exec(out);
    if (!m || m[0].length >= out.length) break;
    out = out.slice(m[0].length).trim();
  }
  return out;
}
