import { FORMER, HONORIFICS, NOT_NAMES, SPEECH_VERBS, TITLE_WORDS } from '../text/lexicon';
import type { Token } from '../text/tokens';
import type { Mention } from './aliasIndex';
import { slug } from './gazetteer';
import type { Actor } from './types';
import { memoString } from '../util/memo';
import { drain } from '../util/steps';

/**
 * Parties, companies, agencies and institutions the corpus talks about ("Labour said", "a Microsoft
 * spokesman", "the International Monetary Fund (IMF)") are learned from the text, as people are: each
 * document records the cues it holds, and an organisation is known once enough cues agree.
 */

/** How a sentence shows a phrase is an organisation. */
export type OrgCue = 'speaker' | 'role' | 'named' | 'person';

export interface OrgEvidence {
  /** The form as written, without a leading "the": "Labour", "Tories", "Bank of England", "IMF". */
  form: string;
  cue: OrgCue;
  /** Whether the phrase opened its sentence (where every word is capitalised anyway). */
  initial: boolean;
  /** Preceded by "the": "the IMF said", "the Tories" — which a person's surname never is. */
  the?: boolean;
  /** An acronym given in brackets right after the name: "International Monetary Fund (IMF)". */
  acronym?: string;
}

/** The last (or only) word that makes a capitalised phrase an institution's name. */
const ORG_HEADS = new Set(
  `party ministry bank fund agency commission council committee corporation corp inc ltd plc group association union
  federation authority office department institute institution organisation organization service trust court assembly
  foundation board airlines airways motors company forum alliance front movement network society coalition league
  industries holdings bureau centre center confederation tribunal parliament congress senate exchange reserve
  university college school hospital club studios records pictures entertainment media broadcasting communications
  telecom energy petroleum oil bancorp securities partners capital`
    .trim()
    .split(/\s+/),
);
/** Words after a name that make it an institution: "a Labour spokesman", "Tory leader Michael Howard", "Google shares". */
const ROLE_AFTER = new Set(
  `spokesman spokeswoman spokesperson spokespeople leader leaders leadership chairman chairwoman chair chief chiefs mp mps mep
  meps candidate candidates councillor councillors peer peers member members shares shareholders boss bosses executive
  executives official officials source sources manifesto backbencher backbenchers activists voters supporters deputy
  frontbencher frontbenchers`
    .trim()
    .split(/\s+/),
);
/** Capitalised words that name no particular institution on their own. */
const GENERIC = new Set(
  `government parliament cabinet police army navy court council ministry department commission committee opposition
  company firm group party union bank agency office report survey study statement police officers ministers mps
  researchers campaigners economists investors shares prices figures doctors teachers scientists unions companies
  firms banks retailers lawyers judges fans players coach manager managers club clubs team teams critics observers
  supporters voters consumers customers users people residents workers staff he she it they we i you the this that
  sources spokesman spokeswoman spokesperson chief city county state house senate congress`
    .trim()
    .split(/\s+/),
);
const GLUE = new Set(['of', 'for', 'and', 'on', 'the', '&']);
const AUX = new Set('has have had is was also would will has later then previously repeatedly'.split(' '));

/** Synonyms newspapers use for the same party: folded to one key. */
const SYNONYMS = new Map<string, string>([
  ['tory', 'conservative'],
  ['lib dem', 'liberal democrat'],
  ['libdem', 'liberal democrat'],
  ['gop', 'republican'],
]);

/** What a group named with "the" goes on to do: "the Liberal Democrats want", "the Lib Dems would". */
const GROUP_VERBS = new Set('would will want wants plan plans have has are were oppose opposes back backs'.split(' '));

const spaced = (text: string, a: Token, b: Token) => /^[ \t\u00a0]+$/.test(text.slice(a.end, b.start)) && !a.possessive;

function wordLike(t: Token) {
  // Two letters at least and no apostrophe: "I've", "T" and "O'Leary" are not institutions' names.
  return /^\p{Lu}[\p{L}-]+$/u.test(t.text) && !HONORIFICS.has(t.key);
}

function speaks(tokens: Token[], k: number) {
  while (k < tokens.length && (AUX.has(tokens[k]!.key) || /ly$/.test(tokens[k]!.key)) && !tokens[k]!.cap) k++;
  return k < tokens.length && SPEECH_VERBS.has(tokens[k]!.key);
}

/** The organisation cues in one sentence, outside the actors and people already recognised. */
export function findOrgEvidence(text: string, tokens: Token[], mentions: Mention[]): OrgEvidence[] {
  const taken = new Set<number>();
  for (const m of mentions) for (let i = m.first; i <= m.last; i++) taken.add(i);
  const out: OrgEvidence[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    // "Meanwhile", "However", "The": sentence openers start no name ("The" is stepped over below).
    if (taken.has(i) || !wordLike(t) || (NOT_NAMES.has(t.key) && t.key !== 'the')) {
      i++;
      continue;
    }
    // A part of an actor already known ("Russia’s Defence Ministry", "British Airways") speaks for that actor.
    const prev = tokens[i - 1];
    if (prev && taken.has(i - 1) && spaced(text, prev, t)) {
      i++;
      continue;
    }
    // The capitalised run, with "of"/"for"/"and" inside it: "Bank of England", "Department for Education".
    let j = i;
    while (j + 1 < tokens.length && !taken.has(j + 1) && spaced(text, tokens[j]!, tokens[j + 1]!)) {
      const n = tokens[j + 1]!;
      if (wordLike(n)) j++;
      else if (
        GLUE.has(n.key) &&
        !n.cap &&
        j + 2 < tokens.length &&
        wordLike(tokens[j + 2]!) &&
        !taken.has(j + 2) &&
        spaced(text, n, tokens[j + 2]!)
      )
        j += 2;
      else break;
    }
    const initial = i === 0 || (i === 1 && tokens[0]!.key === 'the');
    let first = t.key === 'the' ? i + 1 : i;
    while (first <= j && FORMER.has(tokens[first]!.key)) first++;
    const the = (prev?.key === 'the' && !prev.cap) || t.key === 'the';
    if (prev && HONORIFICS.has(prev.key) && first === i) {
      // "Mr Ebbers": a person, whatever else the text does with the word.
      out.push({ form: text.slice(t.start, tokens[j]!.end), cue: 'person', initial });
      i = j + 1;
      continue;
    }
    if (first > j) {
      i = j + 1;
      continue;
    }
    const form = text.slice(tokens[first]!.start, tokens[j]!.end);
    const words = j - first + 1;
    const last = tokens[j]!;
    const next = tokens[j + 1];
    const acr = /^\s*\(([A-Z][A-Za-z&]{1,7})\)/.exec(text.slice(last.end));
    if (words >= 2 && ORG_HEADS.has(last.key) && !TITLE_WORDS.has(tokens[first]!.key)) {
      out.push({ form, cue: speaks(tokens, j + 1) ? 'speaker' : 'named', initial, the, acronym: acr?.[1] });
    } else if (words <= 3 && !GENERIC.has(last.key) && !NOT_NAMES.has(tokens[first]!.key)) {
      const role = next && spaced(text, last, next) && ROLE_AFTER.has(next.key) && !next.cap;
      const roleCap = next && spaced(text, last, next) && ['MP', 'MPs', 'MEP', 'MEPs'].includes(next.text);
      const byline = prev?.key === 'to' && tokens[i - 2]?.key === 'according';
      // A single capitalised word is too often a person's surname to be learned from "X said" alone: the
      // recompute step checks it against every known name.
      if (role || roleCap) out.push({ form, cue: 'role', initial, the, acronym: acr?.[1] });
      // A person's full name never takes "the": "The Liberal Democrats say", "the Lib Dems would" are groups.
      else if (!last.possessive && (speaks(tokens, j + 1) || byline) && (words === 1 || the))
        out.push({ form, cue: 'speaker', initial, the, acronym: acr?.[1] });
      else if (the && words > 1 && !last.possessive && next && spaced(text, last, next) && GROUP_VERBS.has(next.key))
        out.push({ form, cue: 'named', initial, the, acronym: acr?.[1] });
    }
    i = j + 1;
  }
  return out;
}

/** The key that folds a party's forms together: "the Tories", "Conservatives", "Conservative Party" → "conservative". */
export function orgKey(form: string, synonyms = true): string {
  const k = foldOrgForm(form);
  return (synonyms && SYNONYMS.get(k)) || k;
}

const foldOrgForm = memoString((form) =>
  form
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/\s+party$/, '')
    // Singular and plural are one name: "Conservatives"/"Conservative", "Tories"/"Tory", "Lib Dems"/"Lib Dem".
    .replace(/ies$/, 'y')
    .replace(/(?<=[a-z]{3})s$/, '')
    .replace(/(?<= dem)s$/, ''),
);

/** Whether a capitalised run ends like an institution's name or a role, so is no person: "Federal Labour Agency", "Labour MPs". */
export function endsLikeOrganisation(name: string): boolean {
  const last = name.split(/\s+/).pop()!.toLowerCase();
  return ORG_HEADS.has(last) || ROLE_AFTER.has(last);
}

/** Capitals that are common nouns, not institutions: "TV", "PC", "GDP". */
const NOT_ORG_ACRONYMS = new Set(
  'TV PC DVD CD GDP CEO RFID VAT AIDS HIV ID IT AM PM UK US EU UN MP MPS MEP MEPS OK'.split(' '),
);

export interface LearnedOrganisation extends Actor {
  evidence: number;
}

/**
 * Organisations from every document's evidence. A phrase is learned when it is seen with at least two
 * cues, one of them away from the start of a sentence (where every word is capitalised); a single word
 * also needs a cue no surname has ("a Labour spokesman", "the IMF said") and must not be a known
 * person's surname ("Brown said" is Gordon Brown), nor be written "Mr X" anywhere.
 */
export function learnOrganisations(
  evidence: Iterable<OrgEvidence>,
  isKnown: (form: string) => boolean,
  isPersonWord: (word: string) => boolean,
): LearnedOrganisation[] {
  return drain(learnOrganisationsSteps(evidence, isKnown, isPersonWord));
}

/** Cues or groups handled between two yields (see Knowledge's STEP). */
const ORG_STEP = 200;

/** `learnOrganisations` as steps: it yields every few hundred cues or groups (see `Knowledge.learnInSteps`). */
export function* learnOrganisationsSteps(
  evidence: Iterable<OrgEvidence>,
  isKnown: (form: string) => boolean,
  isPersonWord: (word: string) => boolean,
): Generator<void, LearnedOrganisation[]> {
  let n = 0;
  const groups = new Map<
    string,
    {
      forms: Map<string, number>;
      cues: number;
      midSentence: number;
      institutional: number;
      person: boolean;
      acronyms: Set<string>;
    }
  >();
  for (const e of evidence) {
    if (++n % ORG_STEP === 0) yield;
    const key = orgKey(e.form);
    const g = groups.get(key) ?? {
      forms: new Map(),
      cues: 0,
      midSentence: 0,
      institutional: 0,
      person: false,
      acronyms: new Set(),
    };
    groups.set(key, g);
    if (e.cue === 'person') {
      g.person = true;
      continue;
    }
    g.forms.set(e.form, (g.forms.get(e.form) ?? 0) + 1);
    g.cues++;
    if (!e.initial) g.midSentence++;
    // What a surname never has: a role after it ("a Labour spokesman"), "the" before it, capitals throughout.
    if (e.cue === 'role' || e.the || /^[A-Z]{2,}$/.test(e.form)) g.institutional++;
    if (e.acronym) g.acronyms.add(e.acronym);
  }
  // "International Monetary Fund (IMF)": the acronym's own cues belong to the full name.
  for (const [key, g] of groups)
    for (const a of g.acronyms) {
      const short = groups.get(orgKey(a));
      if (!short || short === g) continue;
      for (const [f, n] of short.forms) g.forms.set(f, (g.forms.get(f) ?? 0) + n);
      g.cues += short.cues;
      g.midSentence += short.midSentence;
      g.institutional += short.institutional;
      g.person ||= short.person;
      groups.delete(orgKey(a));
      void key;
    }
  const out: LearnedOrganisation[] = [];
  yield;
  for (const [key, g] of groups) {
    if (++n % ORG_STEP === 0) yield;
    if (g.cues < 2 || !g.midSentence || g.person || NOT_ORG_ACRONYMS.has(key.toUpperCase())) continue;
    const multi = key.includes(' ');
    if (!multi && (!g.institutional || isPersonWord(key))) continue;
    const forms = [...g.forms.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length);
    const own = forms.filter(([f]) => orgKey(f, false) === key);
    let name = (own[0] ?? forms[0]!)[0];
    // A party is named as its members are: "Conservatives", "Liberal Democrats".
    if (g.forms.has(`${name}s`)) name = `${name}s`;
    if ([...g.forms.keys()].some(isKnown)) continue;
    const aliases = new Set<string>();
    for (const [f] of forms) {
      aliases.add(f);
      // "Liberal Democrat leader" teaches "Liberal Democrats" too, and the other way round.
      if (f.includes(' ')) aliases.add(/[^s]s$/.test(f) ? f.slice(0, -1) : /s$/.test(f) ? f : `${f}s`);
    }
    // The other names a party goes by: "Tory"/"Tories" for the Conservatives.
    for (const [syn, target] of SYNONYMS) if (target === key) for (const f of formsOf(syn)) aliases.add(f);
    for (const a of g.acronyms) aliases.add(a);
    out.push({
      id: `org-${slug(key)}`,
      name,
      short: [...g.acronyms][0],
      kind: 'organisation',
      aliases: [...aliases].filter((a) => !isKnown(a)),
      evidence: g.cues,
    });
  }
  return out;
}

function formsOf(syn: string): string[] {
  const cap = syn.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  if (syn === 'gop') return ['GOP'];
  if (syn.endsWith('y')) return [cap, `${cap.slice(0, -1)}ies`];
  return [cap, `${cap}s`];
}
