import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { ENV_VARIABLES } from '../src/config';

/**
 * The layering, enforced on the import graph of `src/` and `commands/` (type imports included):
 * data flows one way — documents → sentences → index → answers → commands → runtime → adapters —
 * and a module imports only from its own layer or those below it.
 */
const ROOT = join(__dirname, '..');
const LAYERS: Array<[name: string, test: RegExp]> = [
  ['foundation', /^src\/(util|text|types|ops)\/|^src\/(channel|config)\.ts$/],
  ['analysis', /^src\/(corpus|actors|quotes|stance|search)\//],
  ['index', /^src\/corpusIndex\.ts$|^src\/(persist|sources)\//],
  ['answers', /^src\/(answers|render)\//],
  ['commands', /^src\/(commandModel|dispatch|shares)\.ts$|^commands\/|^src\/(digest|feeds|state)\//],
  ['runtime', /^src\/(runtime|liveIndex|warmer)\.ts$/],
  ['adapters', /^src\/adapters\//],
  ['main', /^src\/main\.ts$/],
];

function sources(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(join(ROOT, d), { withFileTypes: true })) {
      const p = `${d}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.push(p);
    }
  };
  walk('src');
  walk('commands');
  return out;
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((n) => n.startsWith('.'))
    .map((n) => {
      const r = relative(ROOT, resolve(ROOT, dirname(file), n));
      for (const c of [`${r}.ts`, `${r}/index.ts`])
        if (existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile()) return c;
      return r;
    });
}

const files = sources();
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const layerOf = (f: string) => LAYERS.findIndex(([, re]) => re.test(f));

test('every module belongs to a layer', () => {
  expect(files.filter((f) => layerOf(f) < 0)).toEqual([]);
});

test('a module imports only from its own layer or below', () => {
  const wrong: string[] = [];
  for (const [f, deps] of graph)
    for (const d of deps)
      if (graph.has(d) && layerOf(d) > layerOf(f))
        wrong.push(`${f} (${LAYERS[layerOf(f)]![0]}) → ${d} (${LAYERS[layerOf(d)]![0]})`);
  expect(wrong).toEqual([]);
});

test('no import cycles', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (!graph.has(d)) continue;
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  expect(cycles).toEqual([]);
});

/**
 * Below the adapters only these may name a platform: the configuration (every variable is read in one
 * place, SLACK_* and DISCORD_* included) and the escaping (every string is escaped for its platform
 * in one place, as the project's rules ask).
 */
const MAY_NAME_PLATFORMS = new Set(['src/config.ts', 'src/render/escape.ts']);

test('one platform folder never imports another; nothing below the adapters names a platform', () => {
  const wrong: string[] = [];
  for (const [f, deps] of graph) {
    const own = /^src\/adapters\/([^/]+)\//.exec(f)?.[1];
    for (const d of deps) {
      const other = /^src\/adapters\/([^/]+)\//.exec(d)?.[1];
      if (own && other && own !== other) wrong.push(`${f} → ${d}`);
    }
    if (layerOf(f) < layerOf('src/adapters/x.ts') && !MAY_NAME_PLATFORMS.has(f)) {
      // Code, not comments: a platform's name in a string or an identifier is platform knowledge.
      const sf = ts.createSourceFile(f, readFileSync(join(ROOT, f), 'utf8'), ts.ScriptTarget.Latest);
      const code = sf.statements
        .map((s) => s.getText(sf))
        .join('\n')
        .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
      if (/slack|discord/i.test(code)) wrong.push(`${f} names a platform`);
    }
  }
  expect(wrong).toEqual([]);
});

test('only src/config.ts reads the environment, and .env.example lists every variable it reads', () => {
  const readers = files.filter(
    (f) => f !== 'src/config.ts' && /process\.env\b/.test(readFileSync(join(ROOT, f), 'utf8')),
  );
  expect(readers).toEqual([]);
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  expect(ENV_VARIABLES.filter((v) => !new RegExp(`^#? ?${v}=`, 'm').test(example))).toEqual([]);
});
