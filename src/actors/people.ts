import type { Sentence } from '../corpus/types';
import {
  FORMER,
  HEAD_TITLES,
  HONORIFICS,
  NOT_NAMES,
  POST_NOMINALS,
  SPEECH_VERBS,
  TITLE_GLUE,
  TITLE_WORDS,
} from '../text/lexicon';
import type { Token } from '../text/tokens';
import type { Mention } from './aliasIndex';

const PARTICLES = new Set(['von', 'der', 'van', 'de', 'da', 'di', 'del', 'al', 'bin', 'la', 'le', 'du', 'dos', 'das']);

export interface NameRun {
  first: number;
  last: number;
  /** Last token including post-nominals ("KC"). */
  end: number;
  /** The name without honorifics or post-nominals: "Marcin Kaczmarski". */
  name: string;
  possessive: boolean;
}

function gapIsSpace(text: string, a: Token, b: Token) {
  return /^[ \t\u00a0]+$/.test(text.slice(a.end, b.start)) && !a.possessive;
}

function nameLike(t: Token) {
  return (
    t.cap &&
    !t.upper &&
    !/\d/.test(t.text) &&
    !NOT_NAMES.has(t.key) &&
    !TITLE_WORDS.has(t.key) &&
    !HONORIFICS.has(t.key)
  );
}

/**
 * Runs of capitalised words that can be a person's name, outside the places and organisations the
 * alias index already recognised. Whether a run really is a person is decided by its context.
 */
export function findNameRuns(text: string, tokens: Token[], actorTokens: Set<number>): NameRun[] {
  const runs: NameRun[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (actorTokens.has(i) || !nameLike(t)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && !actorTokens.has(j + 1)) {
      const n = tokens[j + 1]!;
      // A middle initial: "John F. Kirby", "Sergey V. Lavrov", "Shira A. Scheindlin".
      if (
        /^\p{Lu}$/u.test(n.text) &&
        j + 2 < tokens.length &&
        gapIsSpace(text, tokens[j]!, n) &&
        /^\.\s+$/.test(text.slice(n.end, tokens[j + 2]!.start)) &&
        nameLike(tokens[j + 2]!)
      ) {
        j += 2;
        continue;
      }
      if (!gapIsSpace(text, tokens[j]!, n)) break;
      const postNominal = POST_NOMINALS.has(n.key) && n.upper;
      // "Labour MP Stephen Pound": a post-nominal followed by a name is a title between two names, not the end of one.
      const nameAfter =
        postNominal && j + 2 < tokens.length && nameLike(tokens[j + 2]!) && gapIsSpace(text, n, tokens[j + 2]!);
      if (nameLike(n) || (postNominal && !nameAfter)) j++;
      else if (
        PARTICLES.has(n.key) &&
        j + 2 < tokens.length &&
        nameLike(tokens[j + 2]!) &&
        gapIsSpace(text, n, tokens[j + 2]!)
      )
        j += 2;
      else break;
    }
    let last = j;
    while (last > i && POST_NOMINALS.has(tokens[last]!.key)) last--;
    // "the Treasury Paul Boateng": a name does not follow "the"; the word after it is an institution.
    let first = i;
    if (i > 0 && tokens[i - 1]!.key === 'the' && !tokens[i - 1]!.cap && last - i >= 2) first = i + 1;
    runs.push({
      first,
      last,
      end: j,
      name: text.slice(tokens[first]!.start, tokens[last]!.end),
      possessive: tokens[j]!.possessive,
    });
    i = j + 1;
  }
  return runs;
}

/**
 * The job title that ends right before token `end` (exclusive): where it starts, how many title
 * words it has, and whether it is a former one. The word next to the name must be a head title
 * ("minister", "secretary"), and only spaces may separate the words, so "air force and Black Sea"
 * or "of Ukraine, prime minister Fumio Kishida" are not read as titles of the preceding actor.
 */
export function titleBefore(
  text: string,
  tokens: Token[],
  end: number,
  mentionEndingAt: (k: number) => Mention | undefined,
): { start: number; words: number; former: boolean } {
  let k = end - 1;
  let words = 0;
  let former = false;
  const spaced = (a: number) =>
    a + 1 >= tokens.length ||
    /^[ \t\u00a0-]+$/.test(text.slice(tokens[a]!.end, tokens[a + 1]!.start)) ||
    (tokens[a]!.possessive && /^[’']s?\s+$/.test(text.slice(tokens[a]!.end, tokens[a + 1]!.start)));
  while (k >= 0 && HONORIFICS.has(tokens[k]!.key) && spaced(k)) k--;
  // "Ambassador to Norway Mark Ellis": step over the posting to reach the title.
  const posting = k >= 0 ? mentionEndingAt(k) : undefined;
  if (posting && posting.first >= 2 && tokens[posting.first - 1]!.key === 'to') k = posting.first - 2;
  if (k < 0 || !HEAD_TITLES.has(tokens[k]!.key) || !spaced(k)) return { start: end, words: 0, former: false };
  while (k >= 0 && spaced(k)) {
    const t = tokens[k]!;
    if (t.possessive && words > 0) break;
    if (TITLE_WORDS.has(t.key)) {
      if (FORMER.has(t.key)) former = true;
      else words++;
      k--;
    } else if (TITLE_GLUE.has(t.key) && k > 0 && TITLE_WORDS.has(tokens[k - 1]!.key)) {
      k--;
    } else if (k > 1 && tokens[k - 1]!.key === 'to' && mentionEndingAt(k)) {
      // "ambassador to Russia": the country after "to" is the posting, not the employer.
      k = mentionEndingAt(k)!.first - 2;
    } else break;
  }
  const start = k + 1;
  // The actor before the title must also be joined by spaces only ("US President", "Russia’s defence minister").
  if (start > 0 && !spaced(start - 1)) return { start, words: 0, former };
  return { start, words, former };
}

export interface LinkEvidence {
  name: string;
  actorId: string;
  sentence: Sentence;
}

export interface PersonContext {
  /** Resolves a known person's mention to the actor they speak for. */
  personActor: (personId: string) => string | undefined;
  /** The actor of the person last named as a subject, for "His envoy, Steve Witkoff". */
  lastSubjectActor?: string;
}

/**
 * Person → actor links stated in one sentence:
 *   "British Prime Minister Keir Starmer"                 (title after an actor)
 *   "Elbridge Colby, the U.S. Undersecretary of Defense"   (appositive)
 *   "Germany’s chancellor, Olaf Scholz"                     (reversed)
 *   "Trump’s envoy, Steve Witkoff" / "His envoy, ..."       (through a person already known)
 */
export function learnLinks(
  s: Sentence,
  tokens: Token[],
  mentions: Mention[],
  runs: NameRun[],
  ctx: PersonContext,
): LinkEvidence[] {
  const out: LinkEvidence[] = [];
  const text = s.text;
  const endingAt = new Map<number, Mention>();
  for (const m of mentions) endingAt.set(m.last, m);
  const actorOf = (m: Mention | undefined) =>
    m ? (m.target.actorId ?? (m.target.personId ? ctx.personActor(m.target.personId) : undefined)) : undefined;
  const isPersonMention = (m: Mention | undefined) => !!m?.target.personId;

  for (const run of runs) {
    // One-word names are too often places, months or sentence openers to be learned.
    if (run.first === run.last) continue;
    // 1. Title before the name, with the actor (or a possessive person) before the title.
    const tb = titleBefore(text, tokens, run.first, (k) => endingAt.get(k));
    if (tb.words > 0 && !tb.former && tb.start > 0) {
      const before = endingAt.get(tb.start - 1);
      const pron = tokens[tb.start - 1]!;
      let actor: string | undefined;
      const formerBefore = before && before.first > 0 && FORMER.has(tokens[before.first - 1]!.key);
      if (formerBefore) continue;
      if (before && (!isPersonMention(before) || before.possessive)) actor = actorOf(before);
      else if ((pron.key === 'his' || pron.key === 'her') && ctx.lastSubjectActor) actor = ctx.lastSubjectActor;
      if (actor) {
        out.push({ name: run.name, actorId: actor, sentence: s });
        continue;
      }
    }
    // 2. Appositive after the name: "X, the U.S. Undersecretary of ...", "X, the UK’s Chief of Defence Staff".
    const after = run.last + 1;
    if (
      after < tokens.length &&
      /^\s*,\s*$/.test(text.slice(tokens[run.last]!.end + (tokens[run.last]!.possessive ? 2 : 0), tokens[after]!.start))
    ) {
      let k = after;
      if (['the', 'a', 'an'].includes(tokens[k]!.key)) k++;
      if (k < tokens.length && FORMER.has(tokens[k]!.key)) continue;
      const m = mentions.find((x) => x.first === k && !isPersonMention(x));
      if (m && m.last + 1 < tokens.length && TITLE_WORDS.has(tokens[m.last + 1]!.key)) {
        const actor = actorOf(m);
        if (actor) {
          out.push({ name: run.name, actorId: actor, sentence: s });
          continue;
        }
      }
    }
    // 3. Reversed: "<actor>’s <title>, X" / "the <demonym> <title>, X".
    if (run.first > 0 && /,\s*$/.test(text.slice(tokens[run.first - 1]!.end, tokens[run.first]!.start))) {
      // The title sits before the comma: "Germany’s chancellor, Olaf Scholz".
      let k = run.first - 1;
      let words = 0;
      let former = false;
      while (k >= 0 && (TITLE_WORDS.has(tokens[k]!.key) || TITLE_GLUE.has(tokens[k]!.key))) {
        if (FORMER.has(tokens[k]!.key)) former = true;
        else if (TITLE_WORDS.has(tokens[k]!.key)) words++;
        k--;
      }
      const m = k >= 0 ? endingAt.get(k) : undefined;
      if (words > 0 && !former && m) {
        const actor = actorOf(m);
        if (actor && (!isPersonMention(m) || m.possessive)) out.push({ name: run.name, actorId: actor, sentence: s });
      } else if (words > 0 && !former && k >= 0 && ['his', 'her'].includes(tokens[k]!.key) && ctx.lastSubjectActor) {
        out.push({ name: run.name, actorId: ctx.lastSubjectActor, sentence: s });
      }
    }
  }
  return out;
}

export const PERSON_NOUNS = new Set(
  'co founder cofounder lecturer professor analyst expert researcher fellow author head member owner resident activist campaigner journalist correspondent editor lawyer economist historian scientist volunteer soldier veteran survivor mother father son daughter wife husband student teacher doctor nurse partner associate manager executive chairman founder'.split(
    ' ',
  ),
);
const AUX = new Set('has have had is was also would will has later then previously repeatedly'.split(' '));

/**
 * Whether a run is used the way people are: after a title or honorific, right before a speech verb,
 * or with a person's appositive ("Wayne Jordash KC, President of ...", "Dmytro, co-founder of ...").
 */
export function looksLikePerson(text: string, tokens: Token[], run: NameRun): boolean {
  const prev = tokens[run.first - 1];
  if (prev && (HONORIFICS.has(prev.key) || (TITLE_WORDS.has(prev.key) && prev.cap))) return true;
  let k = run.end + 1;
  const next = tokens[k];
  if (!next) return false;
  const gap = text.slice(tokens[run.end]!.end + (tokens[run.end]!.possessive ? 2 : 0), next.start);
  if (/^\s*,\s*$/.test(gap)) {
    if (['a', 'an', 'the'].includes(next.key)) k++;
    const n = tokens[k];
    return !!n && (TITLE_WORDS.has(n.key) || PERSON_NOUNS.has(n.key)) && !FORMER.has(n.key);
  }
  if (!/^\s+$/.test(gap)) return false;
  while (k < tokens.length && k < run.end + 4 && (AUX.has(tokens[k]!.key) || /ly$/.test(tokens[k]!.key))) k++;
  return k < tokens.length && SPEECH_VERBS.has(tokens[k]!.key);
}
