#!/usr/bin/env node
// Scores the bot on the project's own labelled cases (eval/gold.json) over articles from the shared
// news corpora, the way ../shared/eval/score.mjs scores its cases: each case runs
// `npm run -s ask -- "<command>" --json --limit 20 --corpus DIR` and is scored on the JSON it prints.
//
// Usage: npm run eval [-- --verbose] [--corpora DIR] [--gold FILE]
// The corpora are read from ../shared/corpora beside the project (or --corpora); they are not part of
// the project, so a clone without them says so and scores nothing (exit 2).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = flag('--only');
const verbose = args.includes('--verbose');
const goldPath = resolve(flag('--gold') ?? join(root, 'eval', 'gold.json'));
const corpora = resolve(flag('--corpora') ?? join(root, '..', 'shared', 'corpora'));
const gold = JSON.parse(readFileSync(goldPath, 'utf8'));

if (!existsSync(corpora)) {
  console.error(`eval: the news corpora are not here (${corpora}); the labelled cases read their articles from it.`);
  console.error('Pass --corpora DIR to point at a copy. Nothing was scored.');
  process.exit(2);
}

const norm = (s) =>
  String(s ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
const has = (text, snip) => norm(text).includes(norm(snip));

// Each subset is copied, with its metadata lines, into a temporary folder named by its content.
const subsetDirs = new Map();
const subsetText = new Map();
for (const [name, spec] of Object.entries(gold.subsets ?? {})) {
  const from = join(corpora, spec.from);
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'briefing-eval', `${name}-${hash}`);
  mkdirSync(dir, { recursive: true });
  const meta = existsSync(join(from, 'metadata.jsonl'))
    ? readFileSync(join(from, 'metadata.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  const wanted = new Set(spec.files);
  let text = '';
  for (const f of spec.files) {
    copyFileSync(join(from, f), join(dir, f));
    text += `${readFileSync(join(from, f), 'utf8')}\n`;
  }
  writeFileSync(
    join(dir, 'metadata.jsonl'),
    meta
      .filter((m) => wanted.has(m.file))
      .map((m) => JSON.stringify(m))
      .join('\n') + '\n',
  );
  subsetDirs.set(name, dir);
  subsetText.set(name, text);
}

// A label that is not in the articles is a mistake in the gold, not in the bot: say so first.
let badLabels = 0;
for (const c of gold.cases) {
  const text = subsetText.get(c.corpus) ?? '';
  const snippets = [
    ...(c.core ?? []),
    ...(c.relevant ?? []),
    ...(c.expect ?? []).map((e) => (typeof e === 'string' ? e : e.quote)),
  ];
  for (const s of snippets)
    if (!has(text, s)) {
      badLabels++;
      console.log(`LABEL NOT IN TEXT (${c.command} on ${c.corpus}): ${s}`);
    }
}

function ask(command, corpus) {
  const a = ['run', '-s', 'ask', '--', command, '--json', '--limit', '20', '--corpus', corpus];
  let out;
  try {
    out = execFileSync('npm', a, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
  } catch (e) {
    return { error: `ask failed: ${String(e.stderr || e.message).slice(0, 300)}` };
  }
  const start = out.indexOf('{');
  try {
    return JSON.parse(out.slice(start));
  } catch {
    return { error: `not JSON: ${out.slice(0, 200)}` };
  }
}

const sums = {};
const byClass = {};
const add = (k, v, classes = []) => {
  (sums[k] ??= []).push(v);
  for (const cl of classes) ((byClass[cl] ??= {})[k] ??= []).push(v);
};
let failures = 0;
for (const c of gold.cases) {
  if (only && !c.command.includes(only)) continue;
  const r = ask(c.command, subsetDirs.get(c.corpus));
  if (r.error || !Array.isArray(r.results)) {
    console.log(`FAIL ${c.command}: ${r.error ?? 'no results array'}`);
    failures++;
    continue;
  }
  const res = r.results;
  const texts = res.map((x) => `${x.text ?? ''} ${x.quote ?? ''}`);
  let line = '';
  if (c.type === 'position') {
    const aliasRe = c.aliases ? new RegExp(c.aliases, 'u') : null;
    const core = c.core ?? [];
    const ok = (t) => core.concat(c.relevant ?? []).some((s) => has(t, s)) || (aliasRe && aliasRe.test(t));
    const top10 = texts.slice(0, 10);
    const p10 = top10.length ? top10.filter(ok).length / top10.length : core.length ? 0 : 1;
    const top20 = texts.slice(0, 20);
    const rec = core.length ? core.filter((s) => top20.some((t) => has(t, s))).length / core.length : 1;
    const want5 = Math.min(5, core.length);
    const c5 = want5 ? Math.min(1, texts.slice(0, 5).filter((t) => core.some((s) => has(t, s))).length / want5) : 1;
    add('position P@10', p10, c.classes);
    add('position core recall@20', rec, c.classes);
    add('position core share of top 5', c5, c.classes);
    line = `P@10 ${p10.toFixed(2)}  core-recall@20 ${rec.toFixed(2)}  core-top5 ${c5.toFixed(2)}  (${res.length} results)`;
    if (verbose) {
      top20.forEach((t, i) =>
        console.log(`   ${i + 1}. ${ok(t) ? ' ' : 'x'} ${core.some((s) => has(t, s)) ? '*' : ' '} ${t.slice(0, 110)}`),
      );
      core.filter((s) => !top20.some((t) => has(t, s))).forEach((s) => console.log(`   missed core: ${s}`));
    }
  } else if (c.type === 'quotes') {
    const spk = (x) => norm(x.speaker);
    const hit = (e) =>
      res.some((x) => has(`${x.quote ?? ''} ${x.text ?? ''}`, e.quote) && spk(x).includes(norm(e.speaker)));
    const found = c.expect.filter(hit);
    const rec = found.length / c.expect.length;
    const wrong = res.filter((x) => (c.not ?? []).some((s) => has(`${x.quote ?? ''}`, s))).length;
    const prec = res.length ? 1 - wrong / res.length : 0;
    add('quotes attribution recall', rec, c.classes);
    add('quotes precision', prec, c.classes);
    line = `attribution recall ${rec.toFixed(2)}  precision ${prec.toFixed(2)}  (${res.length} results)`;
    if (verbose) {
      res
        .slice(0, 10)
        .forEach((x, i) => console.log(`   ${i + 1}. [${x.speaker}] ${String(x.quote ?? x.text).slice(0, 100)}`));
      c.expect.filter((e) => !hit(e)).forEach((e) => console.log(`   missed: [${e.speaker}] ${e.quote}`));
    }
  } else if (c.type === 'search') {
    const k = c.top ?? 3;
    const hit = c.expect.every((s) => texts.slice(0, k).some((t) => has(t, s))) ? 1 : 0;
    add('search hit@k', hit, c.classes);
    line = `hit@${k} ${hit}`;
  }
  console.log(`${c.command.padEnd(40)} ${line}`);
}

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
console.log('---');
for (const [k, v] of Object.entries(sums)) console.log(`${k.padEnd(38)} ${mean(v).toFixed(3)}  (${v.length} cases)`);
if (Object.keys(byClass).length) {
  console.log('--- by class of failure (issue 11)');
  for (const [cl, m] of Object.entries(byClass).sort())
    console.log(
      `class ${cl}: ${Object.entries(m)
        .map(([k, v]) => `${k} ${mean(v).toFixed(2)} (${v.length})`)
        .join(' · ')}`,
    );
}
let short = failures + badLabels;
for (const [k, t] of Object.entries(gold.thresholds ?? {})) {
  const v = sums[k];
  const m = v ? mean(v) : 0;
  if (m < t) {
    short++;
    console.log(`below goal: ${k} ${m.toFixed(3)} < ${t}`);
  }
}
console.log(short ? `${short} short of the goals` : 'all goals met');
process.exit(short ? 1 : 0);
