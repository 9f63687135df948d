import type { Resolved } from '../actors/knowledge';
import type { Briefing } from '../briefing';
import { checkQuery, collapseNearDuplicates, lineFor, tooLong } from './lines';
import { problem, type Answer, type AnswerLine } from './model';

export interface Target {
  key: string;
  name: string;
  aliases: string[];
  kind: 'actor' | 'person';
}

export function targetOf(r: Resolved): Target {
  if (r.type === 'actor') {
    const a = r.actor;
    const aliases = [...new Set([a.short, a.name, ...a.aliases, ...r.people.map((p) => p.name)].filter((x): x is string => !!x))];
    return { key: a.id, name: a.name, aliases, kind: 'actor' };
  }
  return { key: `person:${r.person.id}`, name: r.person.name, aliases: r.person.aliases, kind: 'person' };
}

export interface ScoredSentence {
  id: number;
  score: number;
}

/**
 * Every sentence that mentions the target, best stated position first. Scores were computed when
 * the sentences were indexed; this only sorts, once per corpus version.
 */
export function scoredPositions(b: Briefing, target: Target): ScoredSentence[] {
  return b.cache.remember(`position:${target.key}`, () => {
    const out: ScoredSentence[] = [];
    for (const [id, score] of b.mentionsOf(target.key) ?? []) out.push({ id, score });
    return out.sort((x, y) => y.score - x.score || x.id - y.id);
  });
}

/** The phrases of the target's aliases found in these lines: what the header says was matched. */
function matchedPhrases(b: Briefing, target: Target, ids: number[]): string[] {
  return b.cache.remember(`aliases:${target.key}`, () => {
    const out = new Set<string>();
    for (const id of ids) {
      for (const m of b.knowledge.analyse(b.sentence(id).text).mentions) if (b.knowledge.keysOf(m).includes(target.key)) out.add(m.phrase.replace(/^the\s+/i, ''));
    }
    return [...out];
  });
}

/** /position <actor> [topic] */
export function positionAnswer(b: Briefing, actorText: string | undefined, topicText: string | undefined, limit: number): Answer {
  const q = checkQuery(actorText);
  const query = [actorText, topicText].filter(Boolean).join(' ').trim();
  if (!q.ok) return q.reason === 'empty' ? problem('position', query, 'usage', 'Usage: /position <actor> [topic] — for example /position UK or /position US troops') : problem('position', query, 'error', tooLong(q.length));
  const topicQ = topicText ? checkQuery(topicText) : undefined;
  if (topicQ && !topicQ.ok && topicQ.reason === 'long') return problem('position', query, 'error', tooLong(topicQ.length));
  const resolved = b.knowledge.resolve(q.text);
  if (!resolved) {
    const suggestions = b.knowledge.suggest(q.text);
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `“${s}”`).join(', ')}?` : ' Try a country, an organisation or a person named in the documents (see /sources).';
    return problem('position', query, 'empty', `I don’t know an actor called “${q.text}”.${hint}`, { suggestions, actor: null });
  }
  const target = targetOf(resolved);
  let scored = scoredPositions(b, target);
  const topic = topicQ && topicQ.ok ? topicQ.text : undefined;
  if (topic) {
    const hits = b.cache.remember(`topic:${topic.toLowerCase()}`, () => b.index.matching(topic));
    scored = scored.filter((s) => hits.has(s.id));
  }
  if (!scored.length) {
    const actor = { name: target.name, aliases: target.aliases };
    const msg = topic ? `No lines about “${topic}” state ${target.name}’s position.` : `${target.name} is known, but no document mentions it yet.`;
    return problem('position', query, 'empty', msg, { actor });
  }
  // Collapsing near-duplicates needs only enough lines to fill the answer (and to count the rest cheaply).
  const lines: AnswerLine[] = collapseNearDuplicates(scored.slice(0, Math.max(limit * 3, 60)).map((s) => lineFor(b, s.id, s.score)));
  const total = lines.length + Math.max(0, scored.length - Math.max(limit * 3, 60));
  const shown = lines.slice(0, limit);
  // The aliases seen in the best hundred lines: representative, and cheap however large the corpus.
  const matched = matchedPhrases(b, target, scored.slice(0, 100).map((x) => x.id));
  const actor = { name: target.name, aliases: matched.length ? matched : target.aliases };
  return {
    command: 'position',
    query,
    status: 'ok',
    title: `Position: ${target.name}${topic ? ` on “${topic}”` : ''}`,
    summary: `Matched ${matched.slice(0, 8).join(', ')}${matched.length > 8 ? ', …' : ''}`,
    actor,
    sections: [{ lines: shown }],
    total,
  };
}
