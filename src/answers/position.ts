import type { Resolved } from '../actors/knowledge';
import type { Briefing } from '../briefing';
import { positionScore } from '../stance/positionScore';
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
  role: string;
  /** The alias phrases of the target found in the sentence. */
  phrases: string[];
}

/** Every sentence that mentions the target, scored for how plainly it states the target's position. Cached per corpus. */
export function scoredPositions(b: Briefing, target: Target): ScoredSentence[] {
  const cacheKey = `position:${target.key}`;
  const cached = b.cache.get(cacheKey) as ScoredSentence[] | undefined;
  if (cached) return cached;
  const out: ScoredSentence[] = [];
  for (const id of b.mentionIndex.get(target.key) ?? []) {
    const s = b.sentence(id);
    const { tokens, mentions } = b.knowledge.analyse(s.text);
    const mine = mentions.filter((m) => b.knowledge.keysOf(m).includes(target.key));
    const spoken = (b.quotesBySentence.get(id) ?? [])
      .filter((q) => q.speaker && (q.speaker.actorId === target.key || `person:${q.speaker.personId}` === target.key))
      .reduce((n, q) => Math.max(n, q.text.split(/\s+/).length), 0);
    const f = positionScore(s.text, tokens, mine, mentions, s.kind, spoken);
    out.push({ id, score: f.score, role: f.role, phrases: [...new Set(mine.map((m) => m.phrase))] });
  }
  out.sort((x, y) => y.score - x.score || x.id - y.id);
  b.cache.set(cacheKey, out);
  return out;
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
    const hits = new Set(b.index.search(topic).map((h) => h.id));
    scored = scored.filter((s) => hits.has(s.id));
  }
  const matched = [...new Set(scored.flatMap((s) => s.phrases))];
  const actor = { name: target.name, aliases: matched.length ? matched : target.aliases };
  if (!scored.length) {
    const msg = topic ? `No lines about “${topic}” state ${target.name}’s position.` : `${target.name} is known, but no document mentions it yet.`;
    return problem('position', query, 'empty', msg, { actor });
  }
  const lines: AnswerLine[] = collapseNearDuplicates(scored.map((s) => lineFor(b, s.id, s.score)));
  return {
    command: 'position',
    query,
    status: 'ok',
    title: `Position: ${target.name}${topic ? ` on “${topic}”` : ''}`,
    summary: `Matched ${matched.slice(0, 8).join(', ')}${matched.length > 8 ? ', …' : ''}`,
    actor,
    sections: [{ lines: lines.slice(0, limit) }],
    total: lines.length,
  };
}
