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
  /\b(refus\w*|reject\w*|rul(?:e|es|ed|ing) out|oppos\w*|(?<!\b(?:sanctions|measures|war|aggression|attacks?|fight|fighting|campaign|defen[cs]es?|protect|protection|case|charges|crimes?|strikes?|offensive|action|struggle|weapons|guarantees?|support|aid|help|united|stand|ally|allies|backed|with)\s)against|never|no intention|dismiss\w*|condemn\w*|criticis\w*|criticiz\w*|accus\w*|block\w*|veto\w*|red line|(?<!to )avoid\w*|den(?:y|ies|ied)|unforgivable|unacceptable|abolish\w*|scrap\w*|end (?:\w+ )?fees|failed|escalat\w*|provocation|legitimate military target|exacerbat\w*|freeze|threaten\w*)\b/i;

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

/** The stems a topic is matched by in a clause ("troops" → "troop"): the same for stance and for changes. */
export function stemsOf(topic: string): string[] {
  return topic
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && !['the', 'and', 'for', 'about', 'with'].includes(w))
    .map((w) => w.slice(0, Math.max(4, Math.min(w.length - 1, 6))));
}

/** The stance of one clause and where its deciding word starts (the earliest, when two decide). */
function clauseStance(c: string): { stance: Stance; at: number } | undefined {
  const at = (...res: RegExp[]) => Math.min(...res.map((r) => r.exec(c)?.index ?? Infinity));
  if (CONDITION.test(c) && !NOT_CONDITION.test(c)) return { stance: 'conditional', at: at(CONDITION) };
  // "Did not know yet", "unlikely to": undecided before a plain negation is read as a refusal.
  if (UNDECIDED.test(c) && !OPPOSE.test(c)) return { stance: 'undecided', at: at(UNDECIDED) };
  if (NEGATED_COMMITMENT.test(c) || OPPOSE.test(c)) return { stance: 'opposes', at: at(NEGATED_COMMITMENT, OPPOSE) };
  if (SUPPORT.test(c)) return { stance: 'supports', at: at(SUPPORT) };
  return undefined;
}

/**
 * The stance a line's own words take, and the clause that carries it; undefined when no clause commits,
 * refuses, conditions or hesitates (a bare report of a meeting is no stance at all). `cueAt` is where
 * in the clause the deciding word starts.
 */
export function statedStance(
  text: string,
  topic?: string,
  /** Only a clause that names the topic may answer (else any clause, when none names it). */
  strict = false,
): { stance: Stance; clause: string; cueAt: number } | undefined {
  let clauses = clausesOf(text);
  if (topic) {
    const stems = stemsOf(topic);
    const about = clauses.filter((c) => stems.some((s) => c.toLowerCase().includes(s)));
    if (about.length || strict) clauses = about;
  }
  // The first clause that takes a stance speaks for the line: news puts the commitment first.
  for (const clause of clauses) {
    const found = clauseStance(clause);
    if (found) return { stance: found.stance, clause, cueAt: found.at };
  }
  return undefined;
}

export function stanceOf(text: string, topic?: string): Stance {
  return statedStance(text, topic)?.stance ?? 'undecided';
}

/** A word for a stance in a table cell or a heading. */
export const STANCE_LABEL: Record<Stance, string> = {
  supports: 'supports',
  opposes: 'opposes',
  conditional: 'conditional',
  undecided: 'undecided',
};
