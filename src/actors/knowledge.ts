import type { CorpusDocument, Sentence } from '../corpus/types';
import { PREPOSITIONS } from '../text/lexicon';
import { tokenize, type Token } from '../text/tokens';
import { AliasIndex, type Mention } from './aliasIndex';
import { buildGazetteer, findActorByPhrase, personAliases, slug, type Gazetteer } from './gazetteer';
import { findNameRuns, learnLinks, looksLikePerson } from './people';
import type { Actor, ActorsFile, Person } from './types';

/** What a query names: an actor (country, organisation), a person, or nothing known. */
export type Resolved =
  | { type: 'actor'; actor: Actor; people: Person[] }
  | { type: 'person'; person: Person; actor?: Actor };

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
  private personBySurname = new Map<string, Person>();

  private constructor(private gaz: Gazetteer) {
    this.actors = gaz.actors;
    this.people = gaz.people;
  }

  static build(documents: CorpusDocument[], userFile?: ActorsFile): Knowledge {
    const k = new Knowledge(buildGazetteer(userFile));
    k.rebuildIndex();
    k.learn(documents);
    k.rebuildIndex();
    return k;
  }

  private rebuildIndex() {
    this.index = new AliasIndex();
    for (const a of this.actors.values()) for (const alias of a.aliases) this.index.add(alias, { actorId: a.id });
    for (const p of this.people.values()) {
      for (const alias of p.aliases) {
        // A surname that is also a place or an organisation ("Jordan", "Georgia") stays the place.
        if (!alias.includes(' ') && this.index.hasKey(alias.toLowerCase()) && !p.aliases.includes(alias.toLowerCase())) {
          const existing = findActorByPhrase(this.gaz, alias);
          if (existing) continue;
        }
        this.index.add(alias, { personId: p.id, actorId: p.actorId });
      }
      this.personBySurname.set(p.aliases[1]?.toLowerCase() ?? p.name.toLowerCase(), p);
    }
  }

  /** Learns person → actor links from the corpus, by majority over every sentence that states one. */
  private learn(documents: CorpusDocument[]) {
    const votes = new Map<string, { name: string; byActor: Map<string, number>; evidence: string }>();
    const candidates = new Map<string, string>();
    for (const doc of documents) {
      let lastSubjectActor: string | undefined;
      for (const s of doc.sentences) {
        if (s.kind === 'furniture') continue;
        const { tokens, mentions } = this.analyse(s.text);
        const actorTokens = new Set<number>();
        for (const m of mentions) for (let i = m.first; i <= m.last; i++) actorTokens.add(i);
        const runs = findNameRuns(s.text, tokens, actorTokens);
        const links = learnLinks(s, tokens, mentions, runs, {
          personActor: (id) => this.people.get(id)?.actorId,
          lastSubjectActor,
        });
        for (const l of links) {
          const key = slug(l.name);
          const v = votes.get(key) ?? { name: l.name, byActor: new Map(), evidence: `${s.doc}:${s.line}` };
          v.byActor.set(l.actorId, (v.byActor.get(l.actorId) ?? 0) + 1);
          votes.set(key, v);
        }
        for (const r of runs) {
          if (r.name.includes(' ') && looksLikePerson(s.text, tokens, r)) candidates.set(slug(r.name), r.name);
        }
        const subj = subjectPersonActor(tokens, mentions, (id) => this.people.get(id)?.actorId, links[0]?.actorId);
        if (subj) lastSubjectActor = subj;
      }
    }
    for (const [id, v] of votes) {
      const best = [...v.byActor.entries()].sort((a, b) => b[1] - a[1])[0]!;
      const known = this.people.get(id);
      if (known) {
        known.actorId ??= best[0];
        continue;
      }
      this.people.set(id, { id, name: v.name, aliases: personAliases(v.name), actorId: best[0], origin: 'learned', evidence: v.evidence });
    }
    for (const [id, name] of candidates) {
      if (this.people.has(id)) continue;
      // A shorter form of a person already known ("Vladimir Putin" vs "President Vladimir Putin") is the same person.
      this.people.set(id, { id, name, aliases: personAliases(name), origin: 'learned' });
    }
  }

  analyse(text: string): SentenceMentions {
    const tokens = tokenize(text);
    return { tokens, mentions: this.index.find(text, tokens) };
  }

  /** The actor ids a mention stands for: the actor itself, or the person and the actor they speak for. */
  keysOf(m: Mention): string[] {
    const out: string[] = [];
    if (m.target.personId) out.push(`person:${m.target.personId}`);
    const actor = m.target.actorId ?? (m.target.personId ? this.people.get(m.target.personId)?.actorId : undefined);
    if (actor) out.push(actor);
    return out;
  }

  resolve(query: string): Resolved | undefined {
    const q = query.trim();
    if (!q) return undefined;
    const actor = findActorByPhrase(this.gaz, q);
    if (actor) return { type: 'actor', actor, people: [...this.people.values()].filter((p) => p.actorId === actor.id) };
    const person = this.findPerson(q);
    if (person) return { type: 'person', person, actor: person.actorId ? this.actors.get(person.actorId) : undefined };
    return undefined;
  }

  findPerson(q: string): Person | undefined {
    const key = q.trim().toLowerCase();
    const id = slug(q);
    if (this.people.has(id)) return this.people.get(id);
    for (const p of this.people.values()) if (p.aliases.some((a) => a.toLowerCase() === key)) return p;
    return undefined;
  }

  /** Known names close to an unknown query, for "did you mean". */
  suggest(query: string, max = 5): string[] {
    const q = query.trim().toLowerCase();
    const scored: Array<[number, string]> = [];
    const consider = (label: string, phrase: string) => {
      const p = phrase.toLowerCase();
      const d = p.startsWith(q) || q.startsWith(p) ? Math.min(1, Math.abs(p.length - q.length)) : levenshtein(q, p, 3);
      if (d <= Math.max(1, Math.floor(q.length / 3))) scored.push([d, label]);
    };
    for (const a of this.actors.values()) for (const alias of [a.name, ...a.aliases]) consider(a.short ?? a.name, alias);
    for (const p of this.people.values()) for (const alias of p.aliases) consider(p.name, alias);
    scored.sort((a, b) => a[0] - b[0]);
    return [...new Set(scored.map((s) => s[1]))].slice(0, max);
  }

  /** Every actor and person label, for autocomplete. */
  labels(): string[] {
    return [...[...this.actors.values()].map((a) => a.short ?? a.name), ...[...this.people.values()].map((p) => p.name)];
  }
}

/** The actor of the person who is the subject of a sentence (the first person named, not after a preposition). */
export function subjectPersonActor(tokens: Token[], mentions: Mention[], personActor: (id: string) => string | undefined, fallback?: string): string | undefined {
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
