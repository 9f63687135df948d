/**
 * The fixed benchmark workload: 240 queries of the kinds people ask during meetings, over both the
 * Ukraine-war and the BBC corpora. Typos are made deterministically (one edit per word).
 */
const ACTORS = [
  'UK',
  'US',
  'Russia',
  'France',
  'Germany',
  'China',
  'EU',
  'NATO',
  'Ukraine',
  'Japan',
  'India',
  'Iraq',
  'Iran',
  'Israel',
  'Italy',
  'Spain',
  'Ireland',
  'Australia',
  'Brazil',
  'Canada',
  'Poland',
  'Turkey',
  'Blair',
  'Brown',
  'Bush',
  'Putin',
  'Zelensky',
  'Biden',
  'Scholz',
  'Macron',
  'Johnson',
  'Starmer',
  'Trump',
  'Lavrov',
  'United Nations',
  'Britain',
  'America',
  'Kremlin',
  'White House',
  'Washington',
];
const TOPICS = [
  'troops',
  'economy',
  'sanctions',
  'oil',
  'election',
  'budget',
  'gas',
  'talks',
  'weapons',
  'trade',
  'tax',
  'peace',
  'growth',
  'war',
  'aid',
  'jobs',
  'energy',
  'border',
  'vote',
  'deal',
];
const SPEAKERS = [
  'Blair',
  'Brown',
  'Bush',
  'Putin',
  'Zelensky',
  'Biden',
  'Johnson',
  'Scholz',
  'Macron',
  'Howard',
  'Kennedy',
  'Prescott',
  'Straw',
  'Blunkett',
  'Annan',
  'Greenspan',
  'Trump',
  'Starmer',
  'Lavrov',
  'Kuleba',
  'Stoltenberg',
  'Peskov',
  'Truss',
  'Wallace',
  'Chirac',
  'Schroeder',
  'Milburn',
  'Kilroy-Silk',
  'Mourinho',
  'Wenger',
  'Ferguson',
  'Gates',
  'Jobs',
  'Hewitt',
  'Clarke',
  'Livingstone',
  'Campbell',
  'Mandelson',
  'Darling',
  'Cameron',
];
const PHRASES = [
  'interest rates',
  'oil prices',
  'boots on the ground',
  'peace talks',
  'world cup',
  'mobile phones',
  'box office',
  'general election',
  'security guarantees',
  'gas supplies',
  'grain exports',
  'nuclear plant',
  'stock market',
  'house prices',
  'broadband users',
  'video games',
  'film festival',
  'chancellor budget',
  'prime minister said',
  'humanitarian corridor',
  'air defence',
  'no-fly zone',
  'Article 5',
  'red line',
  'energy crisis',
  'inflation figures',
  'record profits',
  'job cuts',
  'court ruling',
  'asylum seekers',
  'Premier League',
  'Champions League',
  'six nations',
  'Oscar nominations',
  'music industry',
  'digital music',
  'search engine',
  'spam emails',
  'security flaw',
  'Labour party',
  'Conservative leader',
  'Liberal Democrats',
  'European Commission',
  'central bank',
  'trade deficit',
  'economic growth',
  'shares fell',
  'takeover bid',
  'chief executive',
  'football association',
  'tennis final',
  'marathon',
  'Mariupol',
  'Kharkiv',
  'Donbas offensive',
  'refugees fleeing',
  'sanctions on Russia',
  'weapons deliveries',
  'missile strikes',
  'ceasefire',
];
const TYPO_WORDS = [
  'government',
  'election',
  'economy',
  'minister',
  'football',
  'championship',
  'technology',
  'broadband',
  'television',
  'parliament',
  'sanctions',
  'invasion',
  'refugees',
  'ceasefire',
  'negotiations',
  'inflation',
  'unemployment',
  'microsoft',
  'peacekeeping',
  'Witkoff',
];

/** A one-letter typo: a deletion, a substitution or a doubled letter, at a fixed position. */
export function typo(word: string, k: number): string {
  const i = 1 + ((k * 7) % (word.length - 2));
  if (k % 3 === 0) return word.slice(0, i) + word.slice(i + 1);
  if (k % 3 === 1)
    return word.slice(0, i) + String.fromCharCode(((word.charCodeAt(i) - 97 + 1) % 26) + 97) + word.slice(i + 1);
  return word.slice(0, i) + word[i] + word.slice(i);
}

export interface BenchQuery {
  kind: 'position' | 'quotes' | 'search';
  text: string;
  /** For typo queries: the word the typo stands for. */
  intended?: string;
}

export function workload(): BenchQuery[] {
  const q: BenchQuery[] = [];
  for (const a of ACTORS) q.push({ kind: 'position', text: a });
  for (let i = 0; i < 40; i++)
    q.push({ kind: 'position', text: `${ACTORS[i % ACTORS.length]} ${TOPICS[i % TOPICS.length]}` });
  for (const s of SPEAKERS) q.push({ kind: 'quotes', text: s });
  for (const p of PHRASES) q.push({ kind: 'search', text: p });
  TYPO_WORDS.forEach((w, i) => {
    q.push({ kind: 'search', text: typo(w, i), intended: w });
    q.push({ kind: 'search', text: typo(w, i + 20), intended: w });
  });
  return q;
}

/** The conversational commands (/ask, /compare, /stances) over the same actors, topics and speakers. */
export function conversationalWorkload(): Array<{ kind: 'ask' | 'compare' | 'stances'; text: string }> {
  const q: Array<{ kind: 'ask' | 'compare' | 'stances'; text: string }> = [];
  for (let i = 0; i < 10; i++) {
    const a = ACTORS[i % ACTORS.length]!;
    const b = ACTORS[(i + 1) % ACTORS.length]!;
    const t = TOPICS[i % TOPICS.length]!;
    q.push({ kind: 'ask', text: `what does ${a} say about ${t}?` });
    q.push({ kind: 'ask', text: `what did ${SPEAKERS[i % SPEAKERS.length]} say?` });
    q.push({ kind: 'ask', text: `how do ${a} and ${b} differ on ${t}?` });
    q.push({ kind: 'ask', text: `who has ruled out ${t}?` });
    q.push({ kind: 'compare', text: `${a} ${b} ${t}` });
    q.push({ kind: 'compare', text: `${a} ${b} ${ACTORS[(i + 2) % ACTORS.length]}` });
    q.push({ kind: 'stances', text: i % 2 ? TOPICS[i % TOPICS.length]! : '' });
  }
  return q;
}
