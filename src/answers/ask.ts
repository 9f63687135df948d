import type { Knowledge } from '../actors/knowledge';
import type { CorpusIndex } from '../corpusIndex';
import type { Stance } from '../stance/stance';
import { compareAnswer } from './compare';
import { checkQuery, tooLong } from './lines';
import { allLines, problem, type Answer } from './model';
import { positionAnswer } from './position';
import { quotesAnswer } from './quotes';
import { searchAnswer } from './search';
import { stancesAnswer } from './stances';

/** How a question was understood: the command it becomes, its actors and topic. */
export interface Reading {
  command: 'position' | 'quotes' | 'search' | 'compare' | 'stances' | 'recent';
  actors: string[];
  topic?: string;
  /** For "who has ruled out …": only the actors taking this stance. */
  only?: Stance;
  /** The command a user could type to get the same answer. */
  readAs: string;
}

/** Words of a question that carry no actor and no topic. */
const FILLER = new Set(
  `what whats what's does do did is are was were has have had the a an say says said saying think thinks thought about on of
  regarding re position positions stance stances view views stand stands standing where how who whom which when why tell me
  please can could would you show give find any anything new latest recent recently lately news update updates differ differs
  difference differences compare compared comparing between and versus vs agree agrees disagree disagree on to in with for
  been their his her its there so far currently now today quote quotes quoted words own ruled rule rules out
  who's whos exactly really everyone everybody all actors main side sides`.split(/\s+/),
);
/** Stance verbs open a question ("who supports …") but end a topic ("air support"). */
const LEADING = new Set([
  ...FILLER,
  ...'ready willing prepared undecided hesitant unsure conditional conditions fence oppose opposes opposed against support supports supported back backs backing favour favor favours favors reject rejects rejected refuse refuses refused'.split(
    ' ',
  ),
]);

const INTENTS: Array<{ re: RegExp; command: Reading['command']; only?: Stance }> = [
  {
    re: /\bwho(?:'s| is| has| have)?\b.*\b(ruled? out|rules out|rejects?|rejected|refuses?|refused|opposes?|opposed|against)\b/,
    command: 'stances',
    only: 'opposes',
  },
  {
    re: /\bwho(?:'s| is| has| have)?\b.*\b(only if|conditions?|conditional)\b/,
    command: 'stances',
    only: 'conditional',
  },
  {
    re: /\bwho(?:'s| is| has| have)?\b.*\b(undecided|hesitat\w*|unsure|on the fence)\b/,
    command: 'stances',
    only: 'undecided',
  },
  {
    re: /\bwho(?:'s| is| has| have)?\b.*\b(?<!air )(supports?|supported|backs?|backed|in favou?r|ready|willing|wants?)\b/,
    command: 'stances',
    only: 'supports',
  },
  { re: /\b(where does everyone stand|who stands where|everyone'?s stances?|stances|all sides)\b/, command: 'stances' },
  {
    re: /\b(compare|comparing|compared|differ|differs|difference|differences|versus|vs\.?|disagree|agree)\b/,
    command: 'compare',
  },
  {
    re: /\b(what'?s new|whats new|anything new|latest|recent|recently|lately|news on|update on|updates on)\b/,
    command: 'recent',
  },
  {
    re: /\b(quotes?|quoted|in (?:his|her|their) (?:own )?words|what (?:did|has|have) .+ (?:say|said)|exact words)\b/,
    command: 'quotes',
  },
];

/** The actors a question names (longest phrase first) and where each stands among the words. */
function findActors(
  k: Knowledge,
  words: string[],
): Array<{ name: string; person: boolean; start: number; end: number }> {
  const found: Array<{ name: string; person: boolean; start: number; end: number }> = [];
  for (let i = 0; i < words.length;) {
    let matched = 0;
    for (let n = Math.min(5, words.length - i); n > 0; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const lower = phrase.toLowerCase();
      // Question words and pronouns are no actors ("tell us" is not the US); an actor typed in lower case is.
      if (n === 1 && (FILLER.has(lower) || phrase === 'us' || lower.length < 2)) continue;
      const r = k.resolve(phrase);
      if (!r) continue;
      const name = r.type === 'actor' ? (r.actor.short ?? r.actor.name) : r.person.name;
      found.push({ name, person: r.type === 'person', start: i, end: i + n });
      matched = n;
      break;
    }
    i += matched || 1;
  }
  return found;
}

/** Words after which the topic begins: "about troops", "on air cover". */
const TOPIC_OPENERS = new Set('about on over regarding concerning towards toward re'.split(' '));

/** Reads a question in plain English as one of the bot's commands. No language model: the actors, aliases and topics it knows. */
export function readQuestion(k: Knowledge, question: string): Reading {
  const q = question
    .replace(/[’‘]/g, "'")
    .replace(/[?!.,;:"“”()]/g, ' ')
    .trim();
  const lower = q.toLowerCase();
  const intent = INTENTS.find((i) => i.re.test(lower));
  const words = q
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/'s$/i, ''));
  const spans = findActors(k, words);
  // An actor named once the topic has begun is part of it: "What does Moscow think about foreign troops in Ukraine?"
  const firstEnd = spans[0]?.end ?? 0;
  const opener = words.findIndex((w, i) => i >= firstEnd && TOPIC_OPENERS.has(w.toLowerCase()));
  const actorSpans = spans.filter((sp, i) => i === 0 || opener < 0 || sp.start < opener);
  const inActor = (i: number) => actorSpans.some((sp) => i >= sp.start && i < sp.end);
  const rest = words.map((w, i) => (inActor(i) ? undefined : w));
  const from = rest.findIndex((w) => w !== undefined && !LEADING.has(w.toLowerCase()));
  let to = rest.length;
  while (to > 0 && (rest[to - 1] === undefined || FILLER.has(rest[to - 1]!.toLowerCase()))) to--;
  const topic =
    from >= 0 && to > from
      ? rest
          .slice(from, to)
          .filter((w): w is string => w !== undefined)
          .join(' ') || undefined
      : undefined;
  const actors = [...new Set(actorSpans.map((sp) => sp.name))];
  let command: Reading['command'] = intent?.command ?? (actors.length ? 'position' : 'search');
  if (command === 'compare' && actors.length < 2) command = actors.length ? 'position' : 'search';
  // What a country or party "said" is its position; quotes are what a person said.
  if (command === 'quotes' && !actorSpans[0]?.person) command = actors.length ? 'position' : 'search';
  if (command === 'position' && actors.length > 1) command = 'compare';
  const t = topic ? ` ${topic}` : '';
  const readAs =
    command === 'compare'
      ? `/compare ${actors.join(' ')}${t}`
      : command === 'stances'
        ? `/stances${t}`
        : command === 'recent'
          ? `/search${t || ` ${actors.join(' ')}`} (newest first)`
          : command === 'search'
            ? `/search${t}`
            : `/${command} ${actors[0]}${t}`;
  return { command, actors, topic, only: intent?.only, readAs };
}

const TRY = [
  '/position UK troops',
  '/quotes Trump',
  '/compare UK US troops',
  '/stances',
  '/search boots on the ground',
];

/** /ask <question>: answered as the command it reads as, saying how it was read. */
export function askAnswer(b: CorpusIndex, question: string | undefined, limit: number): Answer {
  const c = checkQuery(question);
  if (!c.ok)
    return c.reason === 'empty'
      ? problem(
          'ask',
          '',
          'usage',
          'Usage: /ask <question> — for example /ask what does Britain say about sending troops?',
          {
            suggestions: TRY,
          },
        )
      : problem('ask', question ?? '', 'error', tooLong(c.length));
  const r = readQuestion(b.knowledge, c.text);
  let a: Answer;
  switch (r.command) {
    case 'compare':
      a = compareAnswer(b, r.actors, r.topic, limit);
      break;
    case 'stances':
      a = stancesAnswer(b, r.topic, r.only);
      break;
    case 'quotes': {
      a = quotesAnswer(b, r.actors[0], limit * 3);
      if (r.topic && a.status === 'ok') {
        const among = b.index.matching(r.topic);
        const about = allLines(a).filter((l) => l.id !== undefined && among.has(l.id));
        if (about.length)
          a = {
            ...a,
            title: `${a.title} on “${r.topic}”`,
            sections: [{ lines: about.slice(0, limit) }],
            total: about.length,
          };
        else a = { ...a, summary: `No quote of theirs is about “${r.topic}”; here is what they said.` };
      }
      a = { ...a, sections: a.sections.map((s) => ({ ...s, lines: s.lines?.slice(0, limit) })) };
      break;
    }
    case 'recent': {
      const text = r.topic ?? r.actors.join(' ');
      a = searchAnswer(b, text, limit * 3);
      if (a.status === 'ok') {
        const lines = allLines(a)
          .map((l, i) => ({ l, i, t: Date.parse(l.date ?? '') || 0 }))
          .sort((x, y) => y.t - x.t || x.i - y.i)
          .map((x) => x.l)
          .slice(0, limit);
        a = { ...a, title: `Newest on “${text}”`, sections: [{ lines }] };
      }
      break;
    }
    case 'search':
      a = r.topic
        ? searchAnswer(b, r.topic, limit)
        : problem('ask', c.text, 'empty', 'I could not tell what the question is about.', { suggestions: TRY });
      break;
    default:
      a = positionAnswer(b, r.actors[0], r.topic, limit);
  }
  const closest =
    a.status === 'ok'
      ? undefined
      : ` Try ${TRY.slice(0, 3).join(', ')}${r.actors.length ? '' : ' — name a country, organisation or person from the documents'}.`;
  return {
    ...a,
    command: 'ask',
    query: c.text,
    readAs: r.readAs,
    summary: [`Read as: ${r.readAs}`, a.summary].filter(Boolean).join(' · '),
    message: a.message ? `${a.message}${closest ?? ''}` : a.message,
    suggestions: a.suggestions?.length ? a.suggestions : a.status === 'ok' ? undefined : TRY,
  };
}
