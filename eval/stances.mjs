#!/usr/bin/env node
// Scores the stance of each labelled line (eval/stances.json) against the majority-class baseline.
// Usage: npm run eval:stances [-- --verbose]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { stanceOf } = createRequire(import.meta.url)(join(root, 'dist', 'src', 'stance', 'stance'));
const gold = JSON.parse(readFileSync(join(root, 'eval', 'stances.json'), 'utf8'));
const verbose = process.argv.includes('--verbose');
function score(cases, name) {
  const counts = {};
  let right = 0;
  for (const c of cases) {
    counts[c.stance] = (counts[c.stance] ?? 0) + 1;
    const got = stanceOf(c.text, c.topic);
    if (got === c.stance) right++;
    else if (verbose)
      console.log(`✗ ${c.stance} → ${got}  [${c.actor}${c.topic ? ` / ${c.topic}` : ''}] ${c.text.slice(0, 140)}`);
  }
  const n = cases.length;
  const majority = Math.max(...Object.values(counts));
  console.log(
    `${name}: stance accuracy ${(right / n).toFixed(3)} (${right}/${n}); majority-class baseline ${(majority / n).toFixed(3)} · ${Object.entries(
      counts,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}
score(
  gold.cases.filter((c) => !c.heldOut),
  'labels the rules were written with',
);
score(
  gold.cases.filter((c) => c.heldOut === true || c.heldOut === 1),
  'held out, then used (round 1)',
);
score(
  gold.cases.filter((c) => c.heldOut === 2),
  'held out, never used (round 2)',
);
score(gold.cases, 'all');
