import { personKey } from '../actors/keys';
import type { Resolved } from '../actors/knowledge';
import type { CorpusIndex } from '../corpusIndex';
import { CHANGE_CANDIDATES, changeItem, stanceChanges } from './changes';
import { checkQuery, collapseNearDuplicates, lineFor, tooLong } from './lines';
import { rankedPositions } from './ranked';
import { linesCut, problem, whichOne, type Answer, type AnswerLine } from './model';

export interface Target {
  key: string;
  name: string;
  aliases: string[];
  kind: 'actor' | 'person';
}

export function targetOf(r: Resolved): Target {
  if (r.type === 'actor') {
    const a = r.actor;
    const aliases = [
      ...new Set([a.short, a.name, ...a.aliases, ...r.people.map((p) => p.name)].filter((x): x is string => !!x)),
    ];
    return { key: a.id, name: a.name, aliases, kind: 'actor' };
  }
  return { key: personKey(r.person.id), name: r.person.name, aliases: r.person.aliases, kind: 'person' };
}

/** The phrases of the target's aliases found in these lines: what the header says was matched. */
function matchedPhrases(b: CorpusIndex, target: Target, topic: string | undefined, ids: number[]): string[] {
  return b.cache.remember(`aliases:${target.key}:${topic?.toLowerCase() ?? ''}`, () => {
    const out = new Set<string>();
    for (const id of ids) {
      for (const m of b.knowledge.analyse(b.sentence(id).text).mentions)
        if (b.knowledge.keysOf(m).includes(target.key)) out.add(m.phrase.replace(/^the\s+/i, ''));
    }
    return [...out];
  });
}

interface PositionParts {
  version: number | undefined;
  lines: AnswerLine[];
  matched: string[];
  changes: ReturnType<typeof changeItem>[];
}

/** /position <actor> [topic] */
export function positionAnswer(
  b: CorpusIndex,
  actorText: string | undefined,
  topicText: string | undefined,
  limit: number,
): Answer {
  const q = checkQuery(actorText);
  const query = [actorText, topicText].filter(Boolean).join(' ').trim();
  if (!q.ok)
    return q.reason === 'empty'
      ? problem(
          'position',
          query,
          'usage',
          'Usage: /position <actor> [topic] — for example /position UK or /position US troops',
        )
      : problem('position', query, 'error', tooLong(q.length));
  const topicQ = topicText ? checkQuery(topicText) : undefined;
  if (topicQ && !topicQ.ok && topicQ.reason === 'long')
    return problem('position', query, 'error', tooLong(topicQ.length));
  const resolved = b.knowledge.resolve(q.text);
  if (!resolved) {
    const shared = b.knowledge.sharedBy(q.text);
    if (shared.length) return whichOne('position', query, q.text, shared);
    const suggestions = b.knowledge.suggest(q.text);
    const hint = suggestions.length
      ? ` Did you mean ${suggestions.map((s) => `“${s}”`).join(', ')}?`
      : ' Try a country, an organisation or a person named in the documents (see /sources).';
    return problem('position', query, 'empty', `I don’t know an actor called “${q.text}”.${hint}`, {
      suggestions,
      actor: null,
    });
  }
  const target = targetOf(resolved);
  const topic = topicQ && topicQ.ok ? topicQ.text : undefined;
  const among = topic ? b.cache.remember(`topic:${topic.toLowerCase()}`, () => b.index.matching(topic)) : undefined;
  // Enough candidates to fill the answer after collapsing near-duplicates, and to name the aliases matched.
  const pool = Math.max(limit * 3, 60);
  const { top, total: mentions } = rankedPositions(b, target.key, Math.max(pool, CHANGE_CANDIDATES), among);
  if (!mentions) {
    const actor = { name: target.name, aliases: target.aliases };
    const msg = topic
      ? `No lines about “${topic}” state ${target.name}’s position.`
      : `${target.name} is known, but no document mentions it yet.`;
    return problem('position', query, 'empty', msg, { actor });
  }
  // Lines, aliases matched and what changed depend only on the ranked lines: without a topic, they are
  // kept across corpus changes while this actor's kept ranking stays the same (most changes touch
  // few actors), so the first question after a change costs little more than a warm one.
  const fromKept = !topic && Math.max(pool, CHANGE_CANDIDATES) <= b.ranked.depth;
  const version = fromKept ? b.ranked.versionOf(target.key) : undefined;
  const partsKey = `position:${target.key}:${pool}`;
  const held = version === undefined ? undefined : (b.kept.get(partsKey) as PositionParts | undefined);
  const parts: PositionParts =
    held && held.version === version
      ? held
      : {
          version,
          lines: collapseNearDuplicates(top.slice(0, pool).map((s) => lineFor(b, s.id, s.score))),
          // The aliases seen in the best hundred lines: representative, and cheap however large the corpus.
          matched: matchedPhrases(
            b,
            target,
            topic,
            top.slice(0, 100).map((x) => x.id),
          ),
          changes: b.cache.remember(`changes:${target.key}:${topic?.toLowerCase() ?? ''}`, () =>
            stanceChanges(b, target.key, { topic, ranked: top }).map((c) => changeItem(b, target.name, c)),
          ),
        };
  if (version !== undefined && parts !== held) b.kept.set(partsKey, parts);
  const { lines, matched, changes } = parts;
  const total = lines.length + Math.max(0, mentions - pool);
  const shown = lines.slice(0, limit);
  const actor = { name: target.name, aliases: matched.length ? matched : target.aliases };
  return {
    command: 'position',
    query,
    status: 'ok',
    title: `Position: ${target.name}${topic ? ` on “${topic}”` : ''}`,
    summary: `Matched ${matched.slice(0, 8).join(', ')}${matched.length > 8 ? ', …' : ''}`,
    actor,
    sections: [...(changes.length ? [{ heading: 'What changed', items: changes }] : []), { lines: shown }],
    total,
    more: linesCut(total, shown.length),
  };
}
