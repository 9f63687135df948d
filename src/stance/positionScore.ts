import type { Mention } from '../actors/aliasIndex';
import type { LineKind } from '../corpus/types';
import {
  HEDGES,
  HONORIFICS,
  MODALS_AUX,
  ORG_PARTS,
  PREPOSITIONS,
  SPEECH_VERBS,
  STANCE_CUES,
  STANCE_NOUNS,
  TITLE_WORDS,
} from '../text/lexicon';
import type { Token } from '../text/tokens';

export type Role =
  | 'speaker'
  | 'reported'
  | 'subject'
  | 'possessive'
  | 'framing'
  | 'label'
  | 'led-by'
  | 'modifier'
  | 'object'
  | 'mention';

const ROLE_WEIGHT: Record<Role, number> = {
  speaker: 3,
  // Reported speech ("Russia said it would…", "China's foreign ministry said…"): how news states most positions.
  reported: 2.5,
  subject: 1.5,
  possessive: 2,
  framing: 2,
  label: 2,
  'led-by': 1.6,
  mention: 0.6,
  modifier: 0.4,
  object: 0.1,
};

const ACTION_VERBS = new Set(
  'attacked attacks unleashed launched launches struck strikes shelled bombed invaded fired killed hit intensified intensifying seized captured destroyed advanced pounded targeted'.split(
    ' ',
  ),
);
const CLAUSE_OPENERS = new Set(
  'that while but and as because so although though whereas yet nor where when'.split(' '),
);
const MEDIA_HEADS = new Set(
  'post times herald journal daily news telegraph tribune gazette observer guardian standard star mail express chronicle review insider'.split(
    ' ',
  ),
);
/** Participles whose "by …" names who acted: "unveiled by", "proposed by", "backed by". */
const PASSIVE_AGENT =
  /^(unveiled|proposed|announced|backed|supported|rejected|opposed|criticised|criticized|condemned|welcomed|endorsed|promised|pledged|set out|tabled|put forward|drawn up|made|offered|demanded|sought|agreed|approved|blocked|vetoed)$/;
const FRAMING_NOUNS = new Set('perspective view standpoint eyes'.split(' '));

// A line quoting the actor already scores its attribution ("…," Mr. Lavrov said): the quote adds to it,
// more for a full sentence than for a fragment.
const QUOTE_LONG = 2;
const QUOTE_SHORT = 1;
// The opening paragraph of a news article states its point.
const LEDE = 1;

export interface PositionFeatures {
  role: Role;
  score: number;
}

function gapHasBoundary(text: string, a: Token | undefined, b: Token): boolean {
  if (!a) return true;
  return /[,:;—–(\[]/.test(text.slice(a.end, b.start));
}

/** The grammatical role a mention of the actor plays in its sentence, from word order alone. */
export function mentionRole(text: string, tokens: Token[], m: Mention, mentions: Mention[], lineKind: LineKind): Role {
  // Walk left over determiners, titles and other actor words ("British Prime Minister Keir Starmer").
  let i = m.first;
  while (i > 0) {
    const p = tokens[i - 1]!;
    if (gapHasBoundary(text, p, tokens[i]!)) break;
    const inMention = mentions.some((x) => x.first <= i - 1 && x.last >= i - 1);
    if (p.key === 'the' || TITLE_WORDS.has(p.key) || HONORIFICS.has(p.key) || inMention) i--;
    else break;
  }
  const prev = tokens[i - 1];
  const prev2 = tokens[i - 2];
  const next = tokens[m.last + 1];
  // A newspaper named after its city speaks for itself: "according to the Jerusalem Post".
  if (next && MEDIA_HEADS.has(next.key) && next.cap && !gapHasBoundary(text, tokens[m.last], next)) return 'modifier';
  // "according to Russia", "according to China's foreign ministry"
  if (prev && prev2 && prev.key === 'to' && prev2.key === 'according') return 'reported';
  if (reportsSpeech(text, tokens, m, i)) return 'reported';
  // "The U.K.: Despite …" at the head of a bullet or line.
  if (i === 0 && next && /^\s*:/.test(text.slice(tokens[m.last]!.end, next.start)) && lineKind !== 'heading')
    return 'label';
  if (
    prev &&
    prev.key === 'for' &&
    (!prev2 || gapHasBoundary(text, prev2, prev)) &&
    next &&
    /^\s*,/.test(text.slice(tokens[m.last]!.end, next.start))
  )
    return 'framing';
  if (prev && prev.key === 'from' && m.possessive && next && FRAMING_NOUNS.has(next.key)) return 'framing';
  if (prev && prev.key === 'by' && prev2 && prev2.key === 'led') return 'led-by';
  // The agent of a passive: "plans … have been unveiled by the Conservatives".
  if (prev && prev.key === 'by' && prev2 && PASSIVE_AGENT.test(prev2.key) && !gapHasBoundary(text, prev2, prev))
    return 'subject';
  // The inverted report that closes a sentence: "It would not be means tested, say the Tories."
  if (prev && SPEECH_VERBS.has(prev.key) && prev2 && gapHasBoundary(text, prev2, prev) && !next) return 'reported';
  if (prev && PREPOSITIONS.has(prev.key) && !gapHasBoundary(text, prev, tokens[i]!)) return 'object';
  const atClauseStart =
    !prev || gapHasBoundary(text, prev, tokens[i]!) || CLAUSE_OPENERS.has(prev.key) || (i === 1 && prev.cap);
  if (m.possessive) {
    let j = m.last + 1;
    for (let n = 0; n < 3 && j < tokens.length; n++, j++)
      if (STANCE_NOUNS.has(tokens[j]!.key)) return atClauseStart ? 'possessive' : 'mention';
    return atClauseStart ? 'mention' : 'modifier';
  }
  // An adjective before a noun ("British troops", "Russian missiles"): the noun, not the actor, acts.
  // A person's name is no adjective: the lower-case word after it is their verb ("Mr. Erdogan sent").
  const person = !!m.target.personId;
  if (
    !person &&
    next &&
    !gapHasBoundary(text, tokens[m.last], next) &&
    /^\p{Ll}/u.test(next.text) &&
    !MODALS_AUX.has(next.key) &&
    !STANCE_CUES.has(next.key) &&
    !/ed$/.test(next.key)
  ) {
    return 'modifier';
  }
  if (atClauseStart) {
    let j = m.last + 1;
    const limit = next && /^\s*,/.test(text.slice(tokens[m.last]!.end, next.start)) ? 10 : 4;
    for (let n = 0; n < limit && j < tokens.length; n++, j++) {
      const t = tokens[j]!;
      if (MODALS_AUX.has(t.key) || STANCE_CUES.has(t.key) || (/ed$/.test(t.key) && !t.cap)) return 'subject';
    }
    if (person && next && !next.cap && !PREPOSITIONS.has(next.key) && !gapHasBoundary(text, tokens[m.last], next))
      return 'subject';
    return 'mention';
  }
  return 'mention';
}

/** Auxiliaries and adverbs that may stand between a speaker and the verb ("has repeatedly said"). */
const BEFORE_VERB = new Set(
  'has have had also again repeatedly previously earlier reportedly publicly officially'.split(' '),
);

/**
 * The actor, at the start of a clause, is the one saying: its name (or "X's" and the parts that
 * speak for it — ministry, officials, spokesman) and then a saying verb: "Russia said it would cut
 * gas", "Pentagon officials say", "China's foreign ministry said".
 */
function reportsSpeech(text: string, tokens: Token[], m: Mention, start: number): boolean {
  const prev = tokens[start - 1];
  const atStart =
    !prev || gapHasBoundary(text, prev, tokens[start]!) || CLAUSE_OPENERS.has(prev.key) || (start === 1 && prev.cap);
  if (!atStart) return false;
  let j = m.last + 1;
  for (let parts = 0; parts < 3 && j < tokens.length && ORG_PARTS.has(tokens[j]!.key); parts++) j++;
  for (let skips = 0; skips < 2 && j < tokens.length && BEFORE_VERB.has(tokens[j]!.key); skips++) j++;
  const verb = tokens[j];
  return !!verb && SPEECH_VERBS.has(verb.key) && !gapHasBoundary(text, tokens[j - 1], verb);
}

/**
 * How plainly a sentence states the actor's own position: the actor's role (speaker, subject,
 * possessive "Britain’s message", framing "For Britain,") plus stance cues after it, less hedges.
 */
export function positionScore(
  text: string,
  tokens: Token[],
  actorMentions: Mention[],
  allMentions: Mention[],
  lineKind: LineKind,
  spokenWords: number,
  lede = false,
): PositionFeatures {
  let best: PositionFeatures = { role: 'mention', score: -Infinity };
  for (const m of actorMentions) {
    const role = mentionRole(text, tokens, m, allMentions, lineKind);
    let cue = 0;
    let cuesNear = 0;
    for (let j = m.last + 1; j < tokens.length; j++) {
      const w = STANCE_CUES.get(tokens[j]!.key);
      if (!w) continue;
      const near = j - m.last <= 20;
      cue += near ? w : w * 0.4;
      if (near) cuesNear++;
    }
    for (let j = 0; j < m.first; j++) if (STANCE_CUES.has(tokens[j]!.key)) cue += 0.3;
    const cueScore = Math.min(2.5, cue > 0 ? 1 + (cue - 1) * 0.5 : 0);
    const weight = ROLE_WEIGHT[role];
    // Cues count fully only where the actor carries the sentence.
    const strong = role !== 'object' && role !== 'modifier' && role !== 'mention';
    // A subject followed by its own commitment or refusal ("Britain has no intention", "London is willing") is the plainest position.
    const nearBonus = !strong || !cuesNear ? 0 : role === 'subject' ? 0.8 : 0.3;
    const redLine = /\bred lines?\b/i.test(text) && strong ? 0.5 : 0;
    const score = weight + cueScore * (strong ? 1 : 0.35) + nearBonus + redLine + (lede && strong ? LEDE : 0);
    if (score > best.score) best = { role, score };
  }
  // The actor's own words: a full quoted sentence says more than a two-word fragment.
  if (spokenWords > 0)
    best = {
      role: 'speaker',
      score: Math.max(best.score, 0) + (spokenWords >= 8 ? QUOTE_LONG : QUOTE_SHORT),
    };
  let hedge = 0;
  for (const t of tokens) if (HEDGES.has(t.key)) hedge += 0.35;
  if (/\bexpected to\b|\bremains to be seen\b/i.test(text)) hedge += 0.4;
  if (/\?["”’]?$/.test(text.trim())) hedge += 1.5;
  // Someone else's reading of the actor ("In his view, Russia’s goal…", "analysts believe") is not its stated position.
  if (
    /\b(in (his|her|their|the) (view|opinion|analysis)|analysts?|experts?|critics|observers|commentators)\b[^.]{0,40}\b(say|says|said|believe|believes|argue|argues|suggest|suggests|view|think|thinks|warn|warns)\b/i.test(
      text,
    ) ||
    /^in (his|her|their) view\b/i.test(text)
  )
    hedge += 0.8;
  // Battlefield actions report what an actor did, not what it says it will or won't do.
  if (best.role === 'subject' && tokens.some((t) => ACTION_VERBS.has(t.key))) hedge += 0.4;
  if (lineKind === 'heading') hedge += 2.5;
  if (lineKind === 'title') hedge += 1;
  best.score -= Math.min(hedge, 3);
  return best;
}
