import { anonKey, nameKey, parseKey, personKey, speakingActorKey } from '../actors/keys';
import type { Knowledge } from '../actors/knowledge';
import type { Mention } from '../actors/aliasIndex';
import { findNameRuns, PERSON_NOUNS } from '../actors/people';
import type { CorpusDocument, Sentence } from '../corpus/types';
import { HONORIFICS, NOT_NAMES, PREPOSITIONS, SOURCE_NOUNS, SPEECH_VERBS, TITLE_WORDS } from '../text/lexicon';
import type { Token } from '../text/tokens';
import { findQuoteSpans, maskQuotes, type QuoteSpan } from './findQuotes';

export interface Speaker {
  /** What answers print: "Donald Trump", "One NATO diplomat". */
  name: string;
  /** Identity for grouping: `person:<id>`, `name:<slug>`, `anon:<text>` or `actor:<id>`. */
  key: string;
  personId?: string;
  actorId?: string;
}

export interface Quote {
  doc: string;
  line: number;
  /** The sentence holding the opening mark. */
  sentenceId: number;
  /** The quoted words, without the marks. */
  text: string;
  speaker?: Speaker;
  /** Which rule attributed it: kept for debugging and for ranking confidence. */
  rule?: 'after' | 'before' | 'subject' | 'according' | 'continued';
}

const SKIP_BEFORE_VERB = new Set(
  'has have had is was were are also himself herself themselves itself then later repeatedly once again further previously recently quickly publicly'.split(
    ' ',
  ),
);
const SUBORDINATORS = new Set(
  'following after before despite while whilst when although though as in on at during since amid with without if because'.split(
    ' ',
  ),
);

interface Ctx {
  k: Knowledge;
  text: string;
  tokens: Token[];
  mentions: Mention[];
  /** The person last named as a subject before this sentence, for "he"/"she". */
  lastPerson?: Speaker;
}

function personSpeaker(ctx: Ctx, personId: string): Speaker {
  const p = ctx.k.people.get(personId)!;
  return { name: p.name, key: personKey(p.id), personId: p.id, actorId: p.actorId };
}

/** The noun phrase that ends right before character `end` of the sentence: a person, a pronoun, an anonymous source, an actor. */
function npEndingAt(ctx: Ctx, end: number, firstToken = 0): Speaker | undefined {
  const { tokens, text } = ctx;
  let i = -1;
  for (let j = tokens.length - 1; j >= firstToken; j--) {
    if (tokens[j]!.end <= end) {
      i = j;
      break;
    }
  }
  if (i < 0 || !/^[\s]*$/.test(text.slice(tokens[i]!.end, end).replace(/^[’']s?/, ''))) return undefined;
  const t = tokens[i]!;
  const mention = ctx.mentions.find((m) => m.last === i);
  if (mention?.target.personId) return personSpeaker(ctx, mention.target.personId);
  if (t.key === 'he' || t.key === 'she') return pronoun(ctx, t.start);
  if (SOURCE_NOUNS.has(t.key) && !t.cap) return anonymous(ctx, i);
  if (mention?.target.actorId && !mention.possessive) {
    const a = ctx.k.actors.get(mention.target.actorId)!;
    // "the Kremlin said", "Downing Street said": an institution as the speaker.
    return { name: mention.phrase.replace(/^the\s+/i, ''), key: speakingActorKey(a.id), actorId: a.id };
  }
  if (t.cap && !NOT_NAMES.has(t.key) && !TITLE_WORDS.has(t.key)) {
    const runs = findNameRuns(text, tokens, new Set());
    const run = runs.find((r) => r.end === i || r.last === i);
    if (run) return nameSpeaker(ctx, run.name);
  }
  return undefined;
}

function nameSpeaker(ctx: Ctx, name: string): Speaker {
  const p = ctx.k.findPerson(name) ?? ctx.k.findPerson(name.split(/\s+/).pop()!);
  if (p) return { name: p.name, key: personKey(p.id), personId: p.id, actorId: p.actorId };
  return { name, key: nameKey(name) };
}

/** "one NATO diplomat", "a senior official", "Ukrainian officials": up to five words before the noun. */
function anonymous(ctx: Ctx, nounIndex: number): Speaker {
  const { tokens, text } = ctx;
  let s = nounIndex;
  while (s > 0 && nounIndex - s < 5) {
    const prev = tokens[s - 1]!;
    if (!/^\s+$/.test(text.slice(prev.end, tokens[s]!.start))) break;
    if (PREPOSITIONS.has(prev.key) || SPEECH_VERBS.has(prev.key) || prev.key === 'by') break;
    s--;
    if (['one', 'a', 'an', 'another', 'the', 'two', 'several', 'some', 'many'].includes(prev.key)) break;
  }
  const phrase = text.slice(tokens[s]!.start, tokens[nounIndex]!.end);
  const m = ctx.mentions.find((x) => x.first >= s && x.last < nounIndex && x.target.actorId);
  const actorId = m?.target.actorId;
  return { name: phrase.charAt(0).toUpperCase() + phrase.slice(1), key: anonKey(phrase), actorId };
}

/** A known person, or a full name the corpus uses like one ("Ingrid Solberg"). */
function isPersonLike(s: Speaker): boolean {
  return !!s.personId || (parseKey(s.key).kind === 'name' && s.name.includes(' '));
}

/** He/she: the person who is the subject of this sentence before the pronoun, else the last one named. */
function pronoun(ctx: Ctx, at: number): Speaker | undefined {
  const subj = sentenceSubject(ctx, at);
  if (subj && isPersonLike(subj)) return subj;
  return ctx.lastPerson;
}

/**
 * A participle opening a sentence ("Commenting on the talks, …", "Speaking to reporters, …"): an -ing
 * word followed by a preposition or a determiner — so "Manning said" stays a name.
 */
function leadingParticiple(tokens: Token[]): boolean {
  const [first, second] = tokens;
  return (
    !!first &&
    !!second &&
    /^\p{Lu}\p{Ll}+ing$/u.test(first.text) &&
    (PREPOSITIONS.has(second.key) || DETERMINERS.has(second.key))
  );
}
const DETERMINERS = new Set('the a an his her their its our this that these those'.split(' '));

/** The first noun phrase of the sentence that is not inside a leading subordinate clause or a prepositional phrase. */
function sentenceSubject(ctx: Ctx, before: number): Speaker | undefined {
  const { tokens, text } = ctx;
  let i = 0;
  // A leading clause ("While …," "Commenting on the talks,") is not the subject: the subject follows its comma.
  if (tokens[0] && (SUBORDINATORS.has(tokens[0].key) || leadingParticiple(tokens))) {
    const comma = text.indexOf(',');
    if (comma < 0 || comma > before) return undefined;
    while (i < tokens.length && tokens[i]!.start < comma) i++;
  }
  for (; i < tokens.length && tokens[i]!.start < before; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    if (prev && (PREPOSITIONS.has(prev.key) || prev.key === 'by')) continue;
    const m = ctx.mentions.find((x) => x.first === i);
    if (m?.target.personId && !m.possessive) return personSpeaker(ctx, m.target.personId);
    if (m) {
      i = m.last;
      continue;
    }
    if ((t.key === 'he' || t.key === 'she') && ctx.lastPerson) return ctx.lastPerson;
    if (SOURCE_NOUNS.has(t.key) && !t.cap) return namedAfter(ctx, i) ?? anonymous(ctx, i);
    if (t.cap && !NOT_NAMES.has(t.key) && !TITLE_WORDS.has(t.key) && !HONORIFICS.has(t.key)) {
      const run = findNameRuns(text, tokens, new Set()).find((r) => r.first === i);
      if (run && !t.possessive && !tokens[run.end]!.possessive) return nameSpeaker(ctx, run.name);
    }
  }
  return undefined;
}

/**
 * "The Kremlin spokesman, Dmitry Peskov, said": the title names a person right after it, between
 * commas — the person is the subject (and whom a later "he" means), not the anonymous title.
 */
function namedAfter(ctx: Ctx, nounIndex: number): Speaker | undefined {
  const { tokens, text } = ctx;
  const next = tokens[nounIndex + 1];
  if (!next || !/^\s*,\s*$/.test(text.slice(tokens[nounIndex]!.end, next.start))) return undefined;
  const m = ctx.mentions.find((x) => x.first === nounIndex + 1 && x.target.personId);
  const run = m ? undefined : findNameRuns(text, tokens, new Set()).find((r) => r.first === nounIndex + 1);
  const last = m ? m.last : run ? run.end : -1;
  if (last < 0 || !/^\s*,/.test(text.slice(tokens[last]!.end, tokens[last + 1]?.start ?? text.length)))
    return undefined;
  if (m) return personSpeaker(ctx, m.target.personId!);
  return run!.name.includes(' ') ? nameSpeaker(ctx, run!.name) : undefined;
}

/** "the government spokesperson Christiane Hoffmann": a full name right after the title, joined by a space. */
function nameRightAfter(ctx: Ctx, nounIndex: number): Speaker | undefined {
  const { tokens, text } = ctx;
  const next = tokens[nounIndex + 1];
  if (!next || !/^\s+$/.test(text.slice(tokens[nounIndex]!.end, next.start))) return undefined;
  const m = ctx.mentions.find((x) => x.first === nounIndex + 1 && x.target.personId);
  if (m) return personSpeaker(ctx, m.target.personId!);
  const run = findNameRuns(text, tokens, new Set()).find((r) => r.first === nounIndex + 1);
  return run && run.name.includes(' ') ? nameSpeaker(ctx, run.name) : undefined;
}

/** “Q,” Trump responded / “Q,” said the minister / “Q,” he added. */
function attributeAfter(ctx: Ctx, qEnd: number, limit: number): Speaker | undefined {
  const { tokens, text } = ctx;
  const i = tokens.findIndex((t) => t.start >= qEnd);
  if (i < 0 || tokens[i]!.start >= limit) return undefined;
  if (
    /[.!?]\s+$/.test(text.slice(qEnd, tokens[i]!.start)) &&
    !/[,!?]\s*$/.test(text.slice(0, qEnd).replace(/[”"]\s*$/, ''))
  ) {
    // The quote ended a sentence of its own; what follows is not its attribution.
    if (!/[,]/.test(text.slice(qEnd - 3, qEnd))) return undefined;
  }
  const t0 = tokens[i]!;
  if (SPEECH_VERBS.has(t0.key)) {
    // "said Trump", "said the minister", "said one official"
    const j = i + 1;
    // "said Tory shadow local government secretary Caroline Spelman", "said the government spokesperson
    // Christiane Hoffmann", "said the deputy spokesman, Farhan Haq": step over the actor and the title to the name.
    for (let e = j; e < Math.min(tokens.length, j + 9); e++) {
      const m = ctx.mentions.find((x) => x.first === e);
      if (m?.target.personId) return personSpeaker(ctx, m.target.personId);
      if (m) {
        e = m.last;
        continue;
      }
      const t = tokens[e]!;
      if (SOURCE_NOUNS.has(t.key) || TITLE_WORDS.has(t.key)) {
        const named = namedAfter(ctx, e) ?? nameRightAfter(ctx, e);
        if (named) return named;
        if (SOURCE_NOUNS.has(t.key) && !TITLE_WORDS.has(tokens[e + 1]?.key ?? '')) return anonymous(ctx, e);
        continue;
      }
      if (t.cap && !NOT_NAMES.has(t.key) && !HONORIFICS.has(t.key)) {
        const run = findNameRuns(text, tokens, new Set()).find((r) => r.first === e);
        if (run) return nameSpeaker(ctx, run.name);
      }
      if (/[,.;:]/.test(text.slice(t.end, tokens[e + 1]?.start ?? t.end))) break;
    }
    return undefined;
  }
  // A name, its title between commas, then the verb: the name speaks, not the title.
  const appositive = appositiveSpeaker(ctx, i, limit);
  if (appositive) return appositive;
  // "Trump responded", "he said", "the Kremlin said", "one official added", "Mr. Zelensky said"
  for (let v = i + 1; v < Math.min(tokens.length, i + 7); v++) {
    if (SPEECH_VERBS.has(tokens[v]!.key)) {
      let e = v - 1;
      while (e > i && SKIP_BEFORE_VERB.has(tokens[e]!.key)) e--;
      return npEndingAt(ctx, tokens[e]!.end, i);
    }
    const gap = text.slice(tokens[v - 1]!.end, tokens[v]!.start);
    // The full stop of "Mr." or "Ms." ends no sentence.
    if (/[.;:!?]/.test(gap) && !(/^\.\s+$/.test(gap) && HONORIFICS.has(tokens[v - 1]!.key))) break;
  }
  return undefined;
}

/**
 * “Q,” Ursula von der Leyen, president of the commission, told reporters: a name, then an
 * appositive between commas, then the saying verb.
 */
function appositiveSpeaker(ctx: Ctx, i: number, limit: number): Speaker | undefined {
  const { tokens, text } = ctx;
  const m = ctx.mentions.find((x) => x.first === i && x.target.personId);
  const run = m ? undefined : findNameRuns(text, tokens, new Set()).find((r) => r.first === i);
  const last = m ? m.last : run ? run.end : -1;
  if (last < 0 || !/^\s*,/.test(text.slice(tokens[last]!.end, tokens[last + 1]?.start ?? text.length)))
    return undefined;
  for (let v = last + 2; v < Math.min(tokens.length, last + 14) && tokens[v]!.start < limit; v++) {
    const gap = text.slice(tokens[v - 1]!.end, tokens[v]!.start);
    if (/[.;:!?]/.test(gap)) return undefined;
    if (/,/.test(gap) && SPEECH_VERBS.has(tokens[v]!.key))
      return m ? personSpeaker(ctx, m.target.personId!) : nameSpeaker(ctx, run!.name);
  }
  return undefined;
}

/** Zelensky urged Trump to take a “clear position” / Starmer …, stating, “Q” / with one official admitting, “Q”. */
function attributeBefore(ctx: Ctx, qStart: number): { speaker?: Speaker; rule?: Quote['rule'] } {
  const { tokens, text } = ctx;
  const before = text.slice(0, qStart);
  const acc = /according to\s+([^,]+),[^,]*$/i.exec(before);
  if (acc) {
    const end = acc.index + 'according to '.length + acc[1]!.length + (acc[0].length - acc[0].trimStart().length);
    const sp = npEndingAt(ctx, before.indexOf(acc[1]!, acc.index) + acc[1]!.length);
    if (sp && sp.key !== anonKey('him') && end) return { speaker: sp, rule: 'according' };
  }
  let sawVerb = false;
  for (let v = tokens.length - 1; v >= 0; v--) {
    const t = tokens[v]!;
    if (t.end > qStart || !SPEECH_VERBS.has(t.key)) continue;
    sawVerb = true;
    let e = v - 1;
    while (e >= 0 && (SKIP_BEFORE_VERB.has(tokens[e]!.key) || (/ly$/.test(tokens[e]!.key) && !tokens[e]!.cap))) e--;
    if (e < 0) continue;
    let left = text.slice(0, tokens[e]!.end);
    // Step over an appositive: "Dmytro, co-founder of the volunteer group …, expressed".
    const gap = text.slice(tokens[e]!.end, t.start);
    if (/^\s*$/.test(gap)) {
      const sp = npEndingAt(ctx, left.length);
      if (sp) return { speaker: sp, rule: 'before' };
    }
    left = text.slice(0, t.start).replace(/\s+$/, '');
    const app = /,\s*([^,]+),$/.exec(left);
    // "the judge who sentenced him, Shira A. Scheindlin, said": the words between the commas are the name.
    if (app && /^\p{Lu}[\p{L}’'-]+(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{L}’'-]+))+$/u.test(app[1]!.trim())) {
      const start = app.index + app[0].indexOf(app[1]!);
      const run = findNameRuns(text, tokens, new Set()).find((r) => tokens[r.first]!.start === start);
      if (run && run.name.includes(' ')) return { speaker: nameSpeaker(ctx, run.name), rule: 'before' };
    }
    const first = app ? (/^[\p{L}]+/u.exec(app[1]!)?.[0] ?? '').toLowerCase() : '';
    if (app && (['a', 'an', 'the'].includes(first) || TITLE_WORDS.has(first) || PERSON_NOUNS.has(first))) {
      const sp = npEndingAt(ctx, app.index);
      if (sp) return { speaker: sp, rule: 'before' };
    }
  }
  if (sawVerb) {
    const subj = sentenceSubject(ctx, qStart);
    if (subj) return { speaker: subj, rule: 'subject' };
  }
  return {};
}

interface Paragraph {
  text: string;
  sentences: Array<{ s: Sentence; offset: number }>;
}

function paragraphs(doc: CorpusDocument): Paragraph[] {
  const out: Paragraph[] = [];
  let cur: Paragraph | undefined;
  let curNo = -1;
  let base = 0;
  for (const s of doc.sentences) {
    if (s.kind === 'furniture' || s.kind === 'heading' || s.kind === 'title') continue;
    if (s.paragraph !== curNo) {
      cur = { text: '', sentences: [] };
      out.push(cur);
      curNo = s.paragraph;
      base = s.start;
    }
    const offset = s.start - base;
    cur!.text = cur!.text.padEnd(offset, ' ') + s.text;
    cur!.sentences.push({ s, offset });
  }
  return out;
}

/**
 * The quote's words as a string that keeps nothing else alive: a slice of the paragraph text would
 * hold the whole paragraph in memory (V8 slices point into their parent), a third of the heap at 1M.
 */
function ownText(quote: string, sentence: string): string {
  const at = sentence.indexOf(quote);
  if (at >= 0) return sentence.slice(at, at + quote.length);
  return Buffer.from(quote, 'utf16le').toString('utf16le');
}

/** Finds every quotation in a document and the speaker it belongs to, or none when unsure. */
export function attributeQuotes(
  doc: CorpusDocument,
  k: Knowledge,
  analyse: (text: string, at?: Sentence) => ReturnType<Knowledge['analyse']> = k.reader(doc),
): Quote[] {
  const quotes: Quote[] = [];
  let lastPerson: Speaker | undefined;
  let prevParagraphSpeaker: Speaker | undefined;
  for (const para of paragraphs(doc)) {
    const spans = findQuoteSpans(para.text);
    const masked = maskQuotes(para.text, spans);
    let paragraphSpeaker: Speaker | undefined;
    const bySentence = new Map<number, QuoteSpan[]>();
    for (const sp of spans) {
      const host = [...para.sentences].reverse().find((x) => x.offset <= sp.open) ?? para.sentences[0]!;
      const list = bySentence.get(host.s.id) ?? [];
      list.push(sp);
      bySentence.set(host.s.id, list);
    }
    for (const { s, offset } of para.sentences) {
      const mtext = masked.slice(offset, offset + s.text.length);
      const { tokens, mentions } = analyse(mtext, s);
      const ctx: Ctx = { k, text: mtext, tokens, mentions, lastPerson };
      const mine = bySentence.get(s.id) ?? [];
      mine.forEach((sp, n) => {
        const qStart = sp.open - offset;
        const qEnd = sp.close - offset;
        const next = mine[n + 1] ? mine[n + 1]!.open - offset : mtext.length;
        let speaker = attributeAfter(ctx, qEnd, next);
        let rule: Quote['rule'] = speaker ? 'after' : undefined;
        if (!speaker) ({ speaker, rule } = attributeBefore(ctx, qStart));
        // A later quote in the paragraph that opens its sentence with nobody named continues the speaker before it.
        const opensSentence = !/\p{L}/u.test(mtext.slice(0, qStart));
        if (!speaker && paragraphSpeaker && (n > 0 || opensSentence)) {
          speaker = paragraphSpeaker;
          rule = 'continued';
        }
        if (!speaker && sp.open === 0 && prevParagraphSpeaker) {
          // A paragraph that opens with a quote and names nobody continues the previous speaker.
          speaker = prevParagraphSpeaker;
          rule = 'continued';
        }
        if (speaker && isPersonLike(speaker)) lastPerson = speaker;
        if (speaker) paragraphSpeaker = speaker;
        quotes.push({ doc: doc.file, line: s.line, sentenceId: s.id, text: ownText(sp.text, s.text), speaker, rule });
      });
      const subj = sentenceSubject(ctx, mtext.length);
      if (subj && isPersonLike(subj)) lastPerson = subj;
    }
    const lastSpan = spans[spans.length - 1];
    // Only a paragraph that ends inside or right after a quote hands its speaker on.
    prevParagraphSpeaker = lastSpan && para.text.length - lastSpan.close < 40 ? paragraphSpeaker : undefined;
  }
  return quotes;
}
