/**
 * The stance a line takes toward what it is about: supports, opposes, conditional ("only if a peace
 * deal is signed") or undecided ("has hesitated", "is considering", or no commitment at all).
 *
 * Read from the words of the line, clause by clause: with a topic, only the clauses that name it
 * count, so "won't send soldiers to the front lines, but will train them" opposes front-line
 * deployment and supports training. A negation flips the commitment it governs ("will not send").
 */
export type Stance = 'supports' | 'opposes' | 'conditional' | 'undecided';

export const STANCES: readonly Stance[] = ['supports', 'opposes', 'conditional', 'undecided'];

// "for as long as it takes" is a commitment, not a condition.
const CONDITION =
  /\b(only if|unless|provided that|on (?:the )?condition|conditional on|contingent on|if (?:(?:his|her|their|its|our) demands|an? (?:peace )?(?:agreement|deal)|a ceasefire)\b|if\b[^,;]{0,80}\b(?:materiali[sz]es?|is signed|is reached|are met|were not met|is agreed)|\b(?:prepared|ready|willing|would|will)\b[^,;]{0,60}\bif\b)/i;
const NOT_CONDITION = /\bfor as long as\b|\bas long as (?:it takes|necessary|needed)\b/i;

const UNDECIDED =
  /\b(not (?:\w+ )?yet|unlikely|still in talks|in talks|hesitat\w*|undecided|consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|mulling|reluctan\w*|stopped short|an option|a possibility|has yet to|have yet to|not yet decided|no decision|open to|on the table|non-committal|evasive)\b/i;

const OPPOSE =
  /\b(refus\w*|reject\w*|rul(?:e|es|ed|ing) out|oppos\w*|against|never|no intention|dismiss\w*|condemn\w*|criticis\w*|criticiz\w*|accus\w*|block\w*|veto\w*|red line|(?<!to )avoid\w*|den(?:y|ies|ied)|unforgivable|unacceptable|abolish\w*|scrap\w*|end (?:\w+ )?fees|failed|escalat\w*|provocation|legitimate military target|exacerbat\w*|freeze|threaten\w*)\b/i;

const SUPPORT =
  /\b(will|shall|ready|readiness|willing|willingness|support\w*|back(?:s|ed|ing)?|commit\w*|pledg\w*|promis\w*|wants?|wanted|plans?|intends?|calls? for|called for|urg\w*|advocat\w*|favou?r\w*|determined|continue to|expand\w*|allow|build|help|stand|contribute\w*|deploy\w*|must|has to|have to|need to|assur\w*|would \w+|confident|looking to|aims? to|happy to)\b/i;

// A negation right before a commitment turns it into a refusal: "will not send", "won't commit", "no … troops".
const NEGATED_COMMITMENT =
  /\b(?:will|would|can|shall|does|do|did|is|are|has|have)\s*(?:not|n[’']t)\b|\bwon[’']t\b|\bcannot\b|\bno (?:\w+ )?(?:troops|soldiers|forces|plans?|intention)\b|\bnot (?:be )?allowed\b/i;

/** Clauses a sentence is built from: split at semicolons, colons, dashes and "but"/"while" joints. */
function clausesOf(text: string): string[] {
  return text
    .split(/\s*[;:—–]\s*|,\s*(?=but\b|while\b|whereas\b|although\b|adding\b)|\s+but\s+|^while\s+[^,]+,\s*/i)
    .map((c) => c.trim())
    .filter(Boolean)
    .concat(/^while\s+([^,]+),/i.exec(text)?.[1] ?? [])
    .filter(Boolean);
}

function stemsOf(topic: string): string[] {
  return topic
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && !['the', 'and', 'for', 'about', 'with'].includes(w))
    .map((w) => w.slice(0, Math.max(4, Math.min(w.length - 1, 6))));
}

function clauseStance(c: string): Stance | undefined {
  if (CONDITION.test(c) && !NOT_CONDITION.test(c)) return 'conditional';
  // "Did not know yet", "unlikely to": undecided before a plain negation is read as a refusal.
  if (UNDECIDED.test(c) && !OPPOSE.test(c)) return 'undecided';
  if (NEGATED_COMMITMENT.test(c) || OPPOSE.test(c)) return 'opposes';
  if (SUPPORT.test(c)) return 'supports';
  return undefined;
}

export function stanceOf(text: string, topic?: string): Stance {
  let clauses = clausesOf(text);
  if (topic) {
    const stems = stemsOf(topic);
    const about = clauses.filter((c) => stems.some((s) => c.toLowerCase().includes(s)));
    if (about.length) clauses = about;
  }
  const found = clauses.map(clauseStance).filter((s): s is Stance => !!s);
  if (!found.length) return 'undecided';
  // A condition anywhere governs the whole commitment; a refusal outweighs a general "will".
  for (const s of ['conditional', 'opposes', 'undecided', 'supports'] as const) if (found[0] === s) return s;
  return found[0]!;
}

/** A word for a stance in a table cell or a heading. */
export const STANCE_LABEL: Record<Stance, string> = {
  supports: 'supports',
  opposes: 'opposes',
  conditional: 'conditional',
  undecided: 'undecided',
};
