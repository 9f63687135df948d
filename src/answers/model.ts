/**
 * The neutral answer every command returns and every front end renders (terminal, JSON, Block Kit,
 * embeds). Renderers decide looks and platform limits; nothing here knows about a platform.
 */
export interface AnswerLine {
  /** The sentence's id in the current corpus (internal; not part of the JSON contract). */
  id?: number;
  doc: string;
  title: string;
  date?: string;
  /** The document's own address, when it has one (articles from feeds and links). */
  url?: string;
  line: number;
  text: string;
  /** For /quotes: the quoted words and who said them. */
  quote?: string;
  speaker?: string;
  score: number;
  /** Character ranges in `text` to emphasise (matched words). */
  highlights?: Array<[number, number]>;
  section?: string;
  /** Further documents carrying the same line, collapsed into this one. */
  alsoIn?: string[];
  /** The stance the line takes (for /compare and /stances): supports, opposes, conditional, undecided. */
  stance?: string;
}

/** One cell of /stances: an actor's stance on an issue, and the line it was read from. */
export interface StanceCell {
  stance?: string;
  doc?: string;
  line?: number;
  text?: string;
}

/** The actors × issues picture of /stances; renderers draw it (a PNG where the platform takes files). */
export interface StanceMatrix {
  issues: string[];
  rows: Array<{ actor: string; cells: StanceCell[] }>;
}

export interface ListItem {
  label: string;
  detail?: string;
}

export interface Section {
  heading?: string;
  /** Where the heading's document lives on the web, when it does. */
  url?: string;
  note?: string;
  /** Every line comes from the document the heading names: citations need not repeat its title. */
  sameDocument?: boolean;
  lines?: AnswerLine[];
  items?: ListItem[];
}

export interface Answer {
  command: string;
  query: string;
  /** ok: answered; empty: understood, nothing found; usage/error: the request itself was wrong. */
  status: 'ok' | 'empty' | 'usage' | 'error';
  title: string;
  summary?: string;
  message?: string;
  suggestions?: string[];
  actor?: { name: string; aliases: string[] } | null;
  sections: Section[];
  /** Lines found before the limit cut them. */
  total: number;
  /**
   * Found but cut by the answer's limit, with what to do about it. Renderers say it as it is and add
   * only what their own platform's limits left out: they never decide it from the command's name.
   */
  more?: { count: number; hint: string };
  /** For /stances: the matrix a picture is drawn from (the sections carry the same as text). */
  matrix?: StanceMatrix;
  /** For /ask: how the question was read, as the command it became ("/position UK troops"). */
  readAs?: string;
}

/** Says how many lines a limit cut from an answer, or nothing when none were. */
export function linesCut(
  total: number,
  shown: number,
  hint = 'narrow the question (e.g. add a topic) or use /search',
): Answer['more'] {
  return total > shown ? { count: total - shown, hint } : undefined;
}

export function allLines(a: Answer): AnswerLine[] {
  return a.sections.flatMap((s) => s.lines ?? []);
}

export function problem(
  command: string,
  query: string,
  status: 'usage' | 'error' | 'empty',
  message: string,
  extra: Partial<Answer> = {},
): Answer {
  return { command, query, status, title: message, message, sections: [], total: 0, ...extra };
}

/** A short form several known people share: name them and ask which, rather than mix their lines. */
export function whichOne(command: string, query: string, typed: string, people: Array<{ name: string }>): Answer {
  const names = people.map((p) => p.name).sort();
  const list = names.map((n) => `“${n}”`);
  const choices = list.length > 1 ? `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}` : list[0];
  return problem(command, query, 'empty', `“${typed}” could be ${choices}. Say which, e.g. /${command} ${names[0]}`, {
    suggestions: names,
    actor: null,
  });
}
