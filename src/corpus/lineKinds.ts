import type { LineKind } from './types';

/**
 * Page furniture: the boilerplate that scrapers carry along with an article. Never an answer.
 * Matched against a whole line (or a sentence) after trimming.
 */
const FURNITURE_LINE = [
  /^(leave a (reply|comment)|post a comment|add a comment|comments?|\d+\s+comments?|no comments( yet)?)\.?$/i,
  /^(share|share this( article| story| post)?|print|email|tweet|advertisement|related( articles| stories)?|read more|see also|tags?:.*|sign up.*|subscribe.*|follow us.*|click here.*|you may also like.*)$/i,
  /^(image|photo|picture)( copyright| caption| source)?[:\s].{0,80}$/i,
];
const FURNITURE_SENTENCE = [
  /\b(share|leave|post|tell us) (your|us your) (thoughts|views|comments?)\b/i,
  /\bin the comments( section)?( below)?\b/i,
  /\bstay tuned\b/i,
  /\b(subscribe|sign up) (to|for) our\b/i,
  /\bfollow us on\b/i,
  /\b(click|tap) here\b/i,
];

/** A sentence that is page furniture ("Stay tuned for more.", "Share your thoughts in the comments below"). */
export function isFurniture(text: string): boolean {
  const t = text.trim();
  return FURNITURE_LINE.some((re) => re.test(t)) || FURNITURE_SENTENCE.some((re) => re.test(t));
}

/**
 * A whole line that is page furniture. Only the whole-line patterns: a paragraph that merely ends
 * with "Stay tuned." keeps its other sentences (each sentence is checked on its own).
 */
export function isFurnitureLine(text: string): boolean {
  const t = text.trim();
  return FURNITURE_LINE.some((re) => re.test(t));
}

const BULLET = /^\s*(?:[-*•‣▪–]|\d{1,2}[.)])\s+/;

/** Length of the bullet marker at the start of a line, or 0. */
export function bulletPrefix(line: string): number {
  const m = BULLET.exec(line);
  return m ? m[0].length : 0;
}

const MINOR_WORDS = new Set(
  'a an and as at but by for from in into of on or over the to vs via with without under after before about is are s'.split(
    ' ',
  ),
);

/**
 * A heading is a short line that does not read as a sentence: no closing full stop, few words,
 * mostly capitalised (Title Case) or very short ("Expert views", "Takeaway").
 */
export function isHeadingLike(line: string): boolean {
  const t = line.trim().replace(/^#{1,6}\s+/, '');
  if (!t || t.length > 120) return false;
  if (/^#{1,6}\s/.test(line.trim())) return true;
  if (/[.,;]["”’)]?$/.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length > 14) return false;
  // A question of a few words ("What Comes Next?") reads as a heading; a long one is a sentence.
  if (/[?!]["”]?$/.test(t) && words.length > 8) return false;
  const content = words.filter((w) => !MINOR_WORDS.has(w.toLowerCase().replace(/[^a-z]/g, '')));
  if (content.length === 0) return false;
  const capitalised = content.filter((w) => /^[\p{Lu}\d"“'‘(]/u.test(w)).length;
  if (words.length <= 4) return /^[\p{Lu}\d"“'‘]/u.test(t);
  return capitalised / content.length >= 0.6;
}

export function classifyLine(line: string): LineKind {
  if (isFurnitureLine(line)) return 'furniture';
  if (bulletPrefix(line)) return 'bullet';
  if (isHeadingLike(line)) return 'heading';
  return 'body';
}
