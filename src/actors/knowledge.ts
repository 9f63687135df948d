import { personKey } from './keys';
import type { CorpusDocument, Sentence } from '../corpus/types';
import { PREPOSITIONS } from '../text/lexicon';
import { tokenize, type Token } from '../text/tokens';
import { AliasIndex, type Mention } from './aliasIndex';
import { buildGazetteer, findActorByPhrase, personAliases, slug, type Gazetteer } from './gazetteer';
import { findNameRuns, learnLinks, looksLikePerson } from './people';
import type { Actor, ActorsFile, Person } from './types';

/** What a query names: an actor (country, organisation), a person, or nothing known. */
export type Resolved =
  { type: 'actor'; actor: Actor; people: Person[] } | { type: 'person'; person: Person; actor?: Actor };

export interface DocumentLessons {
  links: Array<{ name: string; actorId: string; evidence: string }>;
  names: string[];
}

export interface SentenceMentions {
  tokens: Token[];
  mentions: Mention[];
}

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
  private builtinPeople = new Set<string>();

  static build(documents: CorpusDocument[], userFile?: ActorsFile): Knowledge {
    const k = new Knowledge(buildGazetteer(userFile));
    for (const id of k.people.keys()) k.builtinPeople.add(id);
    k.rebuildIndex();
    for (const d of documents) k.lessons.set(d.file, k.learnFrom(d));
    k.recompute();
    return k;
  }

  /** Knowledge from lessons saved in a snapshot: nothing is re-read. */
  static fromLessons(lessons: Map<string, DocumentLessons>, userFile?: ActorsFile): Knowledge {
    const k = new Knowledge(buildGazetteer(userFile));
    for (const id of k.people.keys()) k.builtinPeople.add(id);
    k.lessons = lessons;
    k.recompute();
    k.rebuildIndex();
    return k;
  }

  /** Every alias of every person, lower-cased: answers "who is Starmer?" in one look-up. */
  private personByAlias = new Map<string, Person>();

  private rebuildIndex() {
    this.suggestList = undefined;
    this.index = new AliasIndex();
    this.personByAlias = new Map();
    for (const p of this.people.values())
      for (const a of p.aliases)
        if (!this.personByAlias.has(a.toLowerCase())) this.personByAlias.set(a.toLowerCase(), p);
    for (const a of this.actors.values()) for (const alias of a.aliases) this.index.add(alias, { actorId: a.id });
    for (const p of this.people.values()) {
      for (const alias of p.aliases) {
        // A surname that is also a place or an organisation ("Jordan", "Georgia") stays the place.
        if (!alias.includes(' ') && findActorByPhrase(this.gaz, alias)) continue;
        this.index.add(alias, { personId: p.id, actorId: p.actorId });
      }
    }
  }

  /** What one document teaches: person → actor links (with the sentence that says so) and person names. */
  learnFrom(doc: CorpusDocument): DocumentLessons {
    const links: DocumentLessons['links'] = [];
    const names: string[] = [];
    let lastSubjectActor: string | undefined;
    for (const s of doc.sentences) {
      if (s.kind === 'furniture') continue;
      const { tokens, mentions } = this.analyse(s.text);
      const actorTokens = new Set<number>();
      for (const m of mentions) for (let i = m.first; i <= m.last; i++) actorTokens.add(i);
      const runs = findNameRuns(s.text, tokens, actorTokens);
      const found = learnLinks(s, tokens, mentions, runs, {
        personActor: (id) => this.people.get(id)?.actorId,
        lastSubjectActor,
      });
      for (const l of found) links.push({ name: l.name, actorId: l.actorId, evidence: `${s.doc}:${s.line}` });
      for (const r of runs) if (r.name.includes(' ') && looksLikePerson(s.text, tokens, r)) names.push(r.name);
      const subj = subjectPersonActor(tokens, mentions, (id) => this.people.get(id)?.actorId, found[0]?.actorId);
      if (subj) lastSubjectActor = subj;
    }
    return { links, names };
  }

  /** Records (or replaces) a document's lessons; returns the people whose identity or link changed. */
  setLessons(file: string, lessons: DocumentLessons | undefined): Set<string> {
    if (lessons) this.lessons.set(file, lessons);
    else this.lessons.delete(file);
    return this.recompute();
  }

  lessonsOf(file: string): DocumentLessons | undefined {
    return this.lessons.get(file);
  }

  /**
   * Rebuilds the learned people from every document's lessons, by majority vote per person, and the
   * alias index when anything changed. Returns the ids of people added, removed or relinked.
   */
  private recompute(): Set<string> {
    const before = new Map<string, string | undefined>();
    for (const p of this.people.values()) if (p.origin === 'learned') before.set(p.id, p.actorId);
    const votes = new Map<string, { name: string; byActor: Map<string, number>; evidence: string }>();
    const names = new Map<string, string>();
    for (const l of this.lessons.values()) {
      for (const link of l.links) {
        const key = slug(link.name);
        const v = votes.get(key) ?? { name: link.name, byActor: new Map(), evidence: link.evidence };
        v.byActor.set(link.actorId, (v.byActor.get(link.actorId) ?? 0) + 1);
        votes.set(key, v);
      }
      for (const n of l.names) names.set(slug(n), n);
    }
    for (const [id, p] of [...this.people]) if (p.origin === 'learned') this.people.delete(id);
    for (const [id, v] of votes) {
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
    for (const [id, name] of names)
      if (!this.people.has(id)) this.people.set(id, { id, name, aliases: personAliases(name), origin: 'learned' });
    const changed = new Set<string>();
    for (const [id, actor] of before)
      if (!this.people.has(id) || this.people.get(id)!.actorId !== actor) changed.add(id);
    for (const p of this.people.values()) if (p.origin === 'learned' && !before.has(p.id)) changed.add(p.id);
    if (changed.size) this.rebuildIndex();
    return changed;
  }

  /** The name forms of people (current or just removed) — to find the sentences a change touches. */
  aliasesOf(personIds: Iterable<string>, removedNames: Map<string, string[]> = new Map()): string[] {
    const out: string[] = [];
    for (const id of personIds) out.push(...(this.people.get(id)?.aliases ?? removedNames.get(id) ?? []));
    return out;
  }

  /** Aliases of the learned people now, keyed by id: kept before a change to find what it touched. */
  learnedAliases(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const p of this.people.values()) if (p.origin === 'learned') m.set(p.id, p.aliases);
    return m;
  }

  analyse(text: string): SentenceMentions {
    const tokens = tokenize(text);
    return { tokens, mentions: this.index.find(text, tokens) };
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
    return this.people.get(slug(q)) ?? this.personByAlias.get(q.trim().toLowerCase());
  }

  private suggestList?: Array<[phrase: string, label: string]>;

  /** Known names close to an unknown query, for "did you mean". */
  suggest(query: string, max = 5): string[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    if (!this.suggestList) {
      const list: Array<[string, string]> = [];
      for (const a of this.actors.values())
        for (const alias of [a.name, ...a.aliases]) list.push([alias.toLowerCase(), a.short ?? a.name]);
      for (const p of this.people.values()) for (const alias of p.aliases) list.push([alias.toLowerCase(), p.name]);
      this.suggestList = list;
    }
    const limit = Math.max(1, Math.floor(q.length / 3));
    const scored: Array<[number, string]> = [];
    for (const [p, label] of this.suggestList) {
      if (Math.abs(p.length - q.length) > limit && !p.startsWith(q) && !q.startsWith(p)) continue;
      const d =
        p.startsWith(q) || q.startsWith(p) ? Math.min(1, Math.abs(p.length - q.length)) : levenshtein(q, p, limit);
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

export function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]!);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

export type { Sentence };

/** Titles and honorifics that come before a name in a query, with an optional nationality ("US President"). */
const TITLE_PREFIX =
  /^(?:(?:the|former|us|u\.s\.|uk|british|american|french|german|russian|ukrainian|chinese|turkish|israeli|iranian)\s+)*(?:president|vice[- ]president|prime minister|pm|chancellor|premier|foreign minister|foreign secretary|defen[cs]e (?:secretary|minister)|secretary of state|secretary[- ]general|secretary|minister|senator|sen\.?|rep\.?|congressman|congresswoman|governor|mayor|king|queen|prince|princess|pope|general|gen\.?|admiral|ambassador|spokesman|spokeswoman|mr\.?|mrs\.?|ms\.?|dr\.?|sir|dame|lord|lady)\s+/i;

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
