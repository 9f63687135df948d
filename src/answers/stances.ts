import type { CorpusIndex } from '../corpusIndex';
import { STOP_WORDS } from '../search/terms';
import { stanceOf, type Stance } from '../stance/stance';
import { checkQuery, lineFor, tooLong } from './lines';
import { problem, type Answer, type ListItem, type StanceCell, type StanceMatrix } from './model';
import { rankedPositions } from './ranked';

/** A line states a position at this score or above (a speaker, a report, a subject with a commitment). */
export const STATED = 2.5;
const MAX_ACTORS = 8;
const MAX_ISSUES = 5;

/**
 * Words too general to be an issue of their own: who speaks and how ("the prime minister said", "in an
 * interview"), and what is done ("send", "want", "continue") — an issue is the thing sent, not the sending.
 */
const NOT_ISSUES = new Set(
  `said says would will could also there their about after before which while other more most many much such been have
  being were into over than them they this that what when with from some only just like very year years week weeks
  time told according including people country countries government minister president official officials statement
  support stance stances camp position positions clear direct potential significant possible current further strong
  firm major recent ongoing role part path made make making take taking european western prime ministers chancellor
  secretary spokesman spokeswoman spokesperson administration leader leaders ambassador envoy office interview talks
  comments remarks month today earlier send sending give giving provide providing deliver delivering supply supplying
  allow allowing keep offer offering help deploy deploying continue continuing ready willing reversal want wants
  wanting back backs plan plans claim claims call calls urge urges warn warns added adding asked saying think thinks
  believe believes going able need needs must should might shall does doing done still even well again already last
  first next across every both each another tell tells news monday tuesday wednesday thursday friday saturday sunday`.split(
    /\s+/,
  ),
);

/** The actors (countries, organisations) with the most lines stating a position, most first. */
function mainActors(b: CorpusIndex): Array<{ id: string; name: string }> {
  return b.cache.remember('stances:actors', () => {
    const counts: Array<{ id: string; name: string; n: number }> = [];
    for (const a of b.knowledge.actors.values()) {
      const m = b.mentionsOf(a.id);
      if (!m) continue;
      let n = 0;
      for (const score of m.values()) if (score >= STATED) n++;
      if (n) counts.push({ id: a.id, name: a.short ?? a.name, n });
    }
    return counts.sort((x, y) => y.n - x.n || x.name.localeCompare(y.name)).slice(0, MAX_ACTORS);
  });
}

/** The words of actors' and people's names: a name is who speaks, never what about. */
function actorWords(b: CorpusIndex): Set<string> {
  return b.cache.remember('stances:actorWords', () => {
    const words = new Set<string>();
    const names = [...b.knowledge.actors.values()].flatMap((a) => [a.name, ...a.aliases]);
    for (const p of b.knowledge.people.values()) names.push(p.name, ...p.aliases);
    for (const alias of names) for (const w of alias.toLowerCase().split(/[^\p{L}]+/u)) words.add(w);
    return words;
  });
}

/** The words of a line that could name what it is about: no stop words, no names, nothing too general. */
export function issueWordsOf(b: CorpusIndex, text: string): string[] {
  const names = actorWords(b);
  // Past tenses ("announced", "called") report an act; what it was about is elsewhere in the line.
  return [...new Set(text.toLowerCase().match(/\p{L}[\p{L}-]{3,}/gu) ?? [])].filter(
    (w) => !STOP_WORDS.has(w) && !NOT_ISSUES.has(w) && !names.has(w) && !/ed$/.test(w),
  );
}

/**
 * The issues the main actors' stated positions talk about most: the words, or two-word phrases
 * ("security guarantees", "ground troops"), found in the most of their lines. A phrase stands in for
 * its words when it carries at least half of their uses: "guarantees" alone is vaguer than the phrase.
 */
export function mainIssues(b: CorpusIndex, actors: Array<{ id: string }> = mainActors(b)): string[] {
  return b.cache.remember('stances:issues', () => {
    const df = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (const a of actors) {
      const { top } = rankedPositions(b, a.id, 40);
      for (const s of top) {
        if (s.score < STATED) continue;
        const text = b.sentence(s.id).text;
        const words = new Set(issueWordsOf(b, text));
        for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
        const seq = text.toLowerCase().match(/\p{L}[\p{L}-]*/gu) ?? [];
        const seen = new Set<string>();
        for (let i = 0; i + 1 < seq.length; i++)
          if (words.has(seq[i]!) && words.has(seq[i + 1]!)) seen.add(`${seq[i]} ${seq[i + 1]}`);
        for (const p of seen) pairs.set(p, (pairs.get(p) ?? 0) + 1);
      }
    }
    const terms = new Map(df);
    for (const [p, n] of pairs) {
      const [x, y] = p.split(' ') as [string, string];
      if (n >= 2 && n * 2 >= Math.max(df.get(x)!, df.get(y)!)) terms.set(p, n + 0.5);
    }
    const picked: string[] = [];
    for (const [t] of [...terms].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))) {
      if (picked.length >= MAX_ISSUES) break;
      // A phrase and one of its own words are one issue.
      const parts = t.split(' ');
      if (picked.some((p) => p.split(' ').some((w) => parts.includes(w)))) continue;
      picked.push(t);
    }
    return picked;
  });
}

/** /stances [topic[, topic…]]: who supports, opposes, conditions or has said nothing on each issue. */
export function stancesAnswer(b: CorpusIndex, topicText: string | undefined, only?: Stance): Answer {
  const t = topicText ? checkQuery(topicText) : undefined;
  const query = topicText?.trim() ?? '';
  if (t && !t.ok && t.reason === 'long') return problem('stances', query, 'error', tooLong(t.length));
  const actors = mainActors(b);
  if (!actors.length) return problem('stances', query, 'empty', 'No document states an actor’s position yet.');
  const named =
    t && t.ok
      ? t.text
          .split(/\s*,\s*/)
          .filter(Boolean)
          .slice(0, MAX_ISSUES)
      : [];
  const issues = named.length ? named : mainIssues(b, actors);
  if (!issues.length) return problem('stances', query, 'empty', 'No issue is discussed enough to compare stances.');
  const matrix: StanceMatrix = { issues, rows: [] };
  const items: ListItem[] = [];
  for (const a of actors) {
    const cells: StanceCell[] = issues.map((issue) => {
      const among = b.cache.remember(`topic:${issue.toLowerCase()}`, () => b.index.matching(issue));
      const best = rankedPositions(b, a.id, 1, among).top[0];
      if (!best || best.score < STATED) return {};
      const l = lineFor(b, best.id, best.score);
      return { stance: stanceOf(l.text, issue), doc: l.doc, line: l.line, text: l.text };
    });
    matrix.rows.push({ actor: a.name, cells });
    const said = cells
      .map((c, i) => (c.stance && (!only || c.stance === only) ? `${issues[i]}: ${c.stance} (${c.doc}:${c.line})` : ''))
      .filter(Boolean);
    if (said.length) items.push({ label: a.name, detail: said.join(' · ') });
  }
  const title = only
    ? `Who ${only === 'opposes' ? 'opposes or rules out' : only} ${issues.join(', ')}`
    : `Stances${named.length ? ` on ${issues.map((i) => `“${i}”`).join(', ')}` : ''}`;
  // Nobody takes that stance, but some take another: the closest useful answer is where they all stand.
  if (only && !items.length && matrix.rows.some((r) => r.cells.some((c) => c.stance))) {
    const all = stancesAnswer(b, topicText);
    return { ...all, message: `No actor ${only} “${issues.join(', ')}” in the documents; here is where they stand.` };
  }
  if (!items.length)
    return problem(
      'stances',
      query,
      'empty',
      only
        ? `No actor ${only === 'opposes' ? 'opposes' : only === 'supports' ? 'supports' : 'states a stance on'} “${issues.join(', ')}” in the documents.`
        : `No actor states a position on ${issues.map((i) => `“${i}”`).join(', ')}.`,
    );
  return {
    command: 'stances',
    query,
    status: 'ok',
    title,
    summary: `Each cell comes from one quoted line: ask /position ACTOR ISSUE for it. Issues: ${issues.join(', ')}.`,
    sections: [{ items }],
    total: items.length,
    matrix: only ? undefined : matrix,
  };
}
