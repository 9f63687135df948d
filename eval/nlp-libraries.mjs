#!/usr/bin/env node
// Measures what wink-nlp (with wink-eng-lite-web-model) and compromise would add to the bot's own
// word-order rules, on the project's labelled cases (eval/gold.json). Neither library is a dependency:
// install them beside the project first, then point this script at them:
//
//   npm install --prefix /tmp/nlp-side wink-nlp wink-eng-lite-web-model compromise
//   npm run build && node eval/nlp-libraries.mjs --libs /tmp/nlp-side [--corpora DIR]
//
// It reports, for every line of the labelled articles that names a position case's actor:
//   - how well the bot's position score separates the labelled core lines from the rest (ROC AUC), and
//     the same score with the actor's role decided by wink-nlp's part-of-speech tags instead;
//   - for the quote cases, how often compromise's people()/organizations() find the labelled speaker
//     in the line that carries the quote (the bot's own attribution recall is in `npm run eval`);
//   - the cost per sentence of each library, next to the bot's own analysis.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const libs = flag('--libs');
if (!libs || !existsSync(join(libs, 'node_modules', 'wink-nlp'))) {
  console.error(
    'nlp-libraries: pass --libs DIR, a folder where wink-nlp, wink-eng-lite-web-model and compromise are installed.',
  );
  process.exit(2);
}
const need = createRequire(join(resolve(libs), 'package.json'));
const winkNLP = need('wink-nlp');
const model = need('wink-eng-lite-web-model');
const nlp = need('compromise');
const wink = winkNLP(model);
const its = wink.its;

const dist = join(root, 'dist', 'src');
const req = createRequire(import.meta.url);
const { loadFolder } = req(join(dist, 'corpus', 'loadCorpus'));
const { CorpusIndex } = req(join(dist, 'corpusIndex'));
const { positionScore } = req(join(dist, 'stance', 'positionScore'));

// The eval script copies each subset to a temporary folder; running it once prepares them.
const gold = JSON.parse(readFileSync(join(root, 'eval', 'gold.json'), 'utf8'));
const corpora = flag('--corpora');
try {
  execFileSync(
    process.execPath,
    [join(root, 'eval', 'run.mjs'), '--only', '/search abolish quangos', ...(corpora ? ['--corpora', corpora] : [])],
    {
      stdio: 'ignore',
    },
  );
} catch {
  // One case alone misses the other goals; the folders are made all the same.
}
const { tmpdir } = await import('node:os');
const { readdirSync } = await import('node:fs');
const base = join(tmpdir(), 'briefing-eval');
const dirOf = (name) =>
  join(
    base,
    readdirSync(base).find((d) => d.startsWith(`${name}-`)),
  );

const norm = (s) =>
  String(s ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();

/** ROC AUC: the chance a core line scores above a non-core one (ties count half). */
function auc(pairs) {
  const pos = pairs.filter((p) => p.core).map((p) => p.score);
  const neg = pairs.filter((p) => !p.core).map((p) => p.score);
  let win = 0;
  for (const a of pos) for (const b of neg) win += a > b ? 1 : a === b ? 0.5 : 0;
  return pos.length && neg.length ? win / (pos.length * neg.length) : NaN;
}

/** The role as wink-nlp's tags would give it: a subject is followed by a verb before any other noun. */
function winkStrong(text, phrase) {
  const doc = wink.readDoc(text);
  const words = doc.tokens().out();
  const pos = doc.tokens().out(its.pos);
  const first = phrase.split(/\s+/)[0];
  const last = phrase.split(/\s+/).pop();
  const at = words.findIndex((w) => w === first);
  if (at < 0) return false;
  let end = words.indexOf(last, at);
  if (end < 0) end = at;
  if (at > 0 && pos[at - 1] === 'ADP') return false;
  for (let j = end + 1; j < Math.min(words.length, end + 5); j++) {
    if (pos[j] === 'VERB' || pos[j] === 'AUX') return true;
    if (pos[j] === 'NOUN' || pos[j] === 'PROPN') return false;
  }
  return false;
}

const byCorpus = new Map();
const indexOf = (name) => {
  if (!byCorpus.has(name)) {
    const { documents } = loadFolder(dirOf(name));
    byCorpus.set(name, CorpusIndex.build ? CorpusIndex.build(documents) : new CorpusIndex(documents));
  }
  return byCorpus.get(name);
};

const ours = [];
const withWink = [];
for (const c of gold.cases.filter((c) => c.type === 'position' && c.command.split(' ').length === 2)) {
  const b = indexOf(c.corpus);
  const actor = c.command.split(' ').slice(1).join(' ');
  const r = b.knowledge.resolve(actor);
  if (!r) continue;
  const key = r.type === 'actor' ? r.actor.id : `person:${r.person.id}`;
  const re = new RegExp(c.aliases, 'i');
  const scores = b.mentionsOf(key) ?? new Map();
  for (const s of b.documents.flatMap((d) => d.sentences)) {
    if (s.kind === 'furniture' || !re.test(s.text)) continue;
    if ((c.relevant ?? []).some((x) => norm(s.text).includes(norm(x)))) continue;
    const core = c.core.some((x) => norm(s.text).includes(norm(x)));
    const score = scores.get(s.id) ?? -5;
    ours.push({ core, score });
    // The same score with the role replaced: strong when wink's tags say the actor's mention is a subject.
    const an = b.knowledge.analyse(s.text, s);
    const own = an.mentions.filter((m) => b.knowledge.keysOf(m).includes(key));
    const base = own.length ? positionScore(s.text, an.tokens, own, an.mentions, s.kind, 0).score : -5;
    const strong = own.some((m) => winkStrong(s.text, m.phrase));
    withWink.push({ core, score: base + (strong ? 1.5 : 0) });
  }
}

// compromise on quote speakers: the line of each expected quote, and whether it names the speaker.
let found = 0;
let total = 0;
for (const c of gold.cases.filter((c) => c.type === 'quotes')) {
  const b = indexOf(c.corpus);
  for (const e of c.expect) {
    const line = b.documents.flatMap((d) => d.sentences).find((s) => norm(s.text).includes(norm(e.quote)))?.text;
    if (!line) continue;
    total++;
    const d = nlp(line);
    const names = [...d.people().out('array'), ...d.organizations().out('array')].join(' ').toLowerCase();
    if (names.includes(e.speaker.toLowerCase())) found++;
  }
}

// Cost per sentence over every labelled article.
const sentences = [...byCorpus.values()].flatMap((b) => b.documents.flatMap((d) => d.sentences.map((s) => s.text)));
const time = (f) => {
  const t = process.hrtime.bigint();
  for (const s of sentences) f(s);
  return Number(process.hrtime.bigint() - t) / 1e6 / sentences.length;
};
const b0 = [...byCorpus.values()][0];
const ms = {
  bot: time((s) => b0.knowledge.analyse(s)),
  wink: time((s) => wink.readDoc(s).tokens().out(its.pos)),
  compromise: time((s) => {
    const d = nlp(s);
    d.people().out('array');
    d.organizations().out('array');
  }),
};

const f = (x) => x.toFixed(3);
console.log(`lines naming a position case's actor: ${ours.length} (${ours.filter((p) => p.core).length} core)`);
console.log(`position score AUC, the bot's rules           ${f(auc(ours))}`);
console.log(`position score AUC, + wink-nlp subject bonus  ${f(auc(withWink))}`);
console.log(`quote lines whose speaker compromise names     ${found}/${total} (${f(found / Math.max(total, 1))})`);
console.log(
  `ms per sentence: bot analysis ${f(ms.bot)} · wink-nlp tags ${f(ms.wink)} · compromise people+organisations ${f(ms.compromise)} (${sentences.length} sentences)`,
);
