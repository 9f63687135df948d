import type { CorpusIndex } from '../corpusIndex';
import { statedStance, stemsOf, type Stance } from '../stance/stance';
import type { ListItem } from './model';
import { rankedPositions, type ScoredSentence } from './ranked';
import { issueWordsOf, STATED } from './stances';
import { mentionRole, type Role } from '../stance/positionScore';

/** One side of a change: the line, its date and the words that carry the stance. */
export interface StanceAt {
  id: number;
  day: number;
  stance: Stance;
  clause: string;
  cueAt: number;
}

/** An actor's newest statement on a topic takes a different stance from its previous one. */
export interface StanceChange {
  topic: string;
  was: StanceAt;
  now: StanceAt;
}

const DAY_MS = 86_400_000;
/** How many of an actor's strongest lines are searched for a change, as /position ranks them. */
export const CHANGE_CANDIDATES = 200;
/** How many of the newest statements are tried before concluding nothing changed. */
const NEWEST_TRIED = 3;
const CLAUSE_WORDS = 14;
/** How far (in characters) the topic may sit from the stance word and still be what the stance is about. */
const AFTER_CUE = 80;
const BEFORE_CUE = 40;

/** Whole days since 1970 of a document's date; undefined when it has none or it cannot be read. */
export function dayOf(date: string | undefined): number | undefined {
  if (!date) return undefined;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : undefined;
}

/** "2 Mar 2022": the year always, since briefings mix this year's news with older archives. */
function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * The clause quoted word for word around the words that decide it (the stance word and the topic),
 * cut to a glance with an ellipsis wherever words were left out.
 */
function excerpt(s: StanceAt, topic: string): string {
  const lower = s.clause.toLowerCase();
  const topicAt = Math.min(
    ...stemsOf(topic)
      .map((stem) => lower.indexOf(stem))
      .filter((i) => i >= 0),
  );
  const at = Math.min(s.cueAt, topicAt);
  const words = s.clause.replace(/[.。]+$/, '').split(/\s+/);
  let from = 0;
  for (let n = 0, i = 0; i < words.length; n += words[i]!.length + 1, i++) if (n <= at) from = i;
  from = Math.max(0, Math.min(from - 3, words.length - CLAUSE_WORDS));
  const cut = words.slice(from, from + CLAUSE_WORDS).join(' ');
  return `${from > 0 ? '… ' : ''}${cut}${from + CLAUSE_WORDS < words.length ? ' …' : ''}`;
}

interface Dated extends ScoredSentence {
  day: number;
}

/** Roles in which a line carries the actor's own voice; a mention as object or in passing states nobody's stance. */
const VOICE: ReadonlySet<Role> = new Set<Role>(['speaker', 'reported', 'subject', 'possessive']);

/** The actor's statements that can show a change: dated and plainly stated. Newest first. */
function datedStatements(b: CorpusIndex, lines: ScoredSentence[]): Dated[] {
  const out: Dated[] = [];
  const days = new Map<string, number | undefined>();
  for (const l of lines) {
    if (l.score < STATED) continue;
    const doc = b.sentence(l.id).doc;
    if (!days.has(doc)) days.set(doc, dayOf(b.document(doc)?.date));
    const day = days.get(doc);
    if (day !== undefined) out.push({ ...l, day });
  }
  // Newest first; on one day, the plainest statement first.
  return out.sort((x, y) => y.day - x.day || y.score - x.score || x.id - y.id);
}

/** Whether the stance word bears on the topic: the topic follows it closely ("refused to send troops") or just precedes it ("troops will not be sent"). */
function bearsOn(s: { clause: string; cueAt: number }, topic: string): boolean {
  const lower = s.clause.toLowerCase();
  return stemsOf(topic).some((stem) => {
    for (let i = lower.indexOf(stem); i >= 0; i = lower.indexOf(stem, i + 1))
      if (i - s.cueAt >= -BEFORE_CUE && i - s.cueAt <= AFTER_CUE) return true;
    return false;
  });
}

/**
 * Words with which news itself says a position moved ("U-turn", "reversed", "no longer", "despite
 * previously"). Two lines taking different stances are often about different things; a change is only
 * claimed when the newer line, or its neighbour in the paragraph, says so too.
 */
const CHANGE_WORDS =
  /\b(?:u-turn|reversal|revers(?:e|ed|es|ing)|backtrack\w*|back-pedal\w*|climb(?:ed|s)? down|climbdown|change[sd]? (?:of )?(?:course|tack|heart|its mind|his mind|her mind|their mind)|shift(?:ed|s|ing)? (?:its|his|her|their)? ?(?:stance|position|tone)|(?:a|the) shift|no longer|previously|for the first time|softened|hardened|departure from|dropped (?:its|his|her|their) (?:opposition|objection|demand)s?|lift(?:ed|ing)? (?:its|his|her|their) (?:opposition|objection|veto)s?|now (?:says|said|backs|supports|opposes|wants|ready|willing|rules)|had (?:earlier|previously|long) (?:said|insisted|refused|ruled|rejected|opposed))/i;

function saysItChanged(b: CorpusIndex, id: number): boolean {
  const s = b.sentence(id);
  const sentences = b.document(s.doc)?.sentences ?? [s];
  const i = sentences.findIndex((x) => x.id === id);
  return sentences
    .slice(Math.max(0, i - 1), i + 2)
    .some((t) => t.paragraph === s.paragraph && CHANGE_WORDS.test(t.text));
}

const PRONOUN_LED = /^[“"‘']?\s*(?:it|he|she|they|we|i|this|that)\b/i;

/**
 * Whether the stance clause is the actor's own: the actor is named in it in its own voice (subject,
 * speaker, reported), or the clause opens with a pronoun or a quote after the actor was named so.
 * "Russia staunchly supported China's sovereignty" is Russia's stance, not China's.
 */
function voicedIn(b: CorpusIndex, key: string, id: number, clause: string): boolean {
  const s = b.sentence(id);
  const start = s.text.indexOf(clause);
  if (start < 0) return false;
  const end = start + clause.length;
  const { tokens, mentions } = b.knowledge.analyse(s.text);
  return mentions.some((m) => {
    if (!b.knowledge.keysOf(m).includes(key)) return false;
    const role = mentionRole(s.text, tokens, m, mentions, s.kind);
    if (!VOICE.has(role)) return false;
    if (m.start >= start && m.start < end) return true;
    return PRONOUN_LED.test(clause) && (m.start < start || role === 'speaker');
  });
}

/**
 * The changes among an actor's dated statements: a statement takes a stance on a topic (named, or
 * what its stance clause is about), and the latest earlier-dated statement whose clause names the same
 * topic took another. Undated documents cannot say what came first, so they never take part. With
 * `newIn`, only statements from those documents are "now".
 */
function changesAmong(
  b: CorpusIndex,
  key: string,
  lines: Dated[],
  topic: string | undefined,
  newIn?: Set<string>,
): StanceChange[] {
  const out: StanceChange[] = [];
  let tried = 0;
  for (let i = 0; i < lines.length && tried < NEWEST_TRIED; i++) {
    const l = lines[i]!;
    if (newIn && !newIn.has(b.sentence(l.id).doc)) continue;
    tried++;
    // Cheapest test first: most statements do not say anything moved.
    if (!saysItChanged(b, l.id)) continue;
    const text = b.sentence(l.id).text;
    const s = statedStance(text, topic, !!topic);
    if (!s || (topic && !bearsOn(s, topic)) || !voicedIn(b, key, l.id, s.clause)) continue;
    const now: StanceAt = { id: l.id, day: l.day, ...s };
    const open = new Set(topic ? [topic] : issueWordsOf(b, s.clause).filter((t) => bearsOn(s, t)));
    for (let j = i + 1; j < lines.length && open.size; j++) {
      const e = lines[j]!;
      if (e.day >= l.day) continue;
      const earlier = b.sentence(e.id).text;
      for (const t of [...open]) {
        const was = statedStance(earlier, t, true);
        if (!was || !bearsOn(was, t) || !voicedIn(b, key, e.id, was.clause)) continue;
        // The latest earlier word on this topic decides: the same stance means no change.
        open.delete(t);
        if (was.stance !== now.stance) out.push({ topic: t, was: { id: e.id, day: e.day, ...was }, now });
      }
    }
    if (out.length) break;
  }
  return out;
}

/**
 * Where an actor's newest statement shifts its earlier stance, on the named topic or on what that
 * statement is about. With `newIn`, only a statement from those documents counts as "now" (a
 * briefing reports the changes its new documents bring).
 */
export function stanceChanges(
  b: CorpusIndex,
  key: string,
  opts: {
    topic?: string;
    /** The actor's best lines already ranked (by /position): saves ranking them again. */
    ranked?: ScoredSentence[];
    newIn?: Set<string>;
    max?: number;
  } = {},
): StanceChange[] {
  const top = opts.ranked ?? rankedPositions(b, key, CHANGE_CANDIDATES).top;
  let pool = top;
  if (opts.newIn) {
    // The new documents' own statements, however they rank among the whole corpus's.
    const mentions = b.mentionsOf(key);
    const seen = new Set(top.map((t) => t.id));
    const extra: ScoredSentence[] = [];
    for (const file of opts.newIn)
      for (const s of b.document(file)?.sentences ?? []) {
        const score = mentions?.get(s.id);
        if (score !== undefined && !seen.has(s.id)) extra.push({ id: s.id, score });
      }
    pool = top.concat(extra);
  }
  const lines = datedStatements(b, pool);
  if (lines.length < 2) return [];
  return changesAmong(b, key, lines, opts.topic, opts.newIn).slice(0, opts.max ?? 2);
}

/** "UK on “troops”" — "was ‘…’ (12 Feb 2025, opposes; a.txt:3) → now ‘…’ (2 Mar 2025, supports; b.txt:4)". */
export function changeItem(b: CorpusIndex, actor: string, c: StanceChange): ListItem {
  const side = (s: StanceAt) => {
    const where = b.sentence(s.id);
    return `‘${excerpt(s, c.topic)}’ (${dayLabel(s.day)}, ${s.stance}; ${where.doc}:${where.line})`;
  };
  return { label: `${actor} on “${c.topic}”`, detail: `was ${side(c.was)} → now ${side(c.now)}` };
}
