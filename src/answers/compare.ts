import { stanceOf, type Stance } from '../stance/stance';
import { checkQuery, tooLong } from './lines';
import { positionAnswer } from './position';
import { allLines, problem, type Answer, type AnswerLine, type Section } from './model';

export const COMPARE_MAX_ACTORS = 5;
/** Lines per actor: enough to see a stance, few enough for five actors in one Slack message or Discord embed. */
const LINES_EACH = 3;

/** The stance most of an actor's strongest lines take (the first line breaks ties: it ranks highest). */
export function overallStance(lines: AnswerLine[]): Stance | undefined {
  const votes = new Map<string, number>();
  for (const l of lines) if (l.stance) votes.set(l.stance, (votes.get(l.stance) ?? 0) + 1);
  let best: string | undefined;
  for (const l of lines)
    if (l.stance && (best === undefined || votes.get(l.stance)! > votes.get(best)!)) best = l.stance;
  return best as Stance | undefined;
}

/** /compare UK US [topic]: each actor's strongest lines with their stance, then where they agree or differ. */
export function compareAnswer(
  b: Parameters<typeof positionAnswer>[0],
  actorTexts: string[],
  topicText: string | undefined,
  limit: number,
): Answer {
  const query = [...actorTexts, topicText].filter(Boolean).join(' ');
  const usage = 'Usage: /compare <actor> <actor> [topic] — two to five actors, e.g. /compare UK US troops';
  if (actorTexts.length < 2) return problem('compare', query, 'usage', usage);
  if (actorTexts.length > COMPARE_MAX_ACTORS)
    return problem('compare', query, 'usage', `Compare at most ${COMPARE_MAX_ACTORS} actors at a time. ${usage}`);
  const t = topicText ? checkQuery(topicText) : undefined;
  if (t && !t.ok && t.reason === 'long') return problem('compare', query, 'error', tooLong(t.length));
  const topic = t && t.ok ? t.text : undefined;
  const each = Math.max(1, Math.min(LINES_EACH, Math.floor(limit / actorTexts.length) || 1));
  const sections: Section[] = [];
  const unknown: string[] = [];
  const verdicts: Array<{ name: string; stance?: Stance }> = [];
  for (const text of actorTexts) {
    const a = positionAnswer(b, text, topic, each);
    if (a.status !== 'ok') {
      if (!a.actor) unknown.push(text);
      else verdicts.push({ name: a.actor.name });
      sections.push({ heading: a.actor?.name ?? text, note: a.message ?? 'Nothing found.' });
      continue;
    }
    const name = a.title.replace(/^Position: /, '').replace(/ on “.*”$/, '');
    const lines = allLines(a).map((l) => ({ ...l, stance: stanceOf(l.text, topic) }));
    const stance = overallStance(lines);
    verdicts.push({ name, stance });
    sections.push({ heading: name, note: stance ? `Mostly ${stance}` : undefined, lines });
  }
  if (unknown.length === actorTexts.length)
    return problem('compare', query, 'empty', `I don’t know ${unknown.map((u) => `“${u}”`).join(' or ')}.`, {
      suggestions: unknown.flatMap((u) => b.knowledge.suggest(u)).slice(0, 5),
    });
  const known = verdicts.filter((v) => v.stance);
  const groups = new Map<string, string[]>();
  for (const v of known) groups.set(v.stance!, [...(groups.get(v.stance!) ?? []), v.name]);
  const summary =
    known.length < 2
      ? 'Too few of them state a position here to compare.'
      : groups.size === 1
        ? `They agree: all ${[...groups.keys()][0]}.`
        : `They differ: ${[...groups].map(([s, names]) => `${names.join(', ')} ${s}`).join('; ')}.`;
  if (unknown.length) sections.push({ note: `Not known: ${unknown.map((u) => `“${u}”`).join(', ')}.` });
  const lines = sections.flatMap((s) => s.lines ?? []);
  return {
    command: 'compare',
    query,
    status: lines.length ? 'ok' : 'empty',
    title: `Compare: ${verdicts.map((v) => v.name).join(' · ')}${topic ? ` on “${topic}”` : ''}`,
    summary,
    message: lines.length ? undefined : summary,
    sections,
    total: lines.length,
  };
}
