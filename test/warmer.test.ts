import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands } from '../commands';
import type { CommandDef } from '../src/commandModel';
import type { CorpusIndex } from '../src/corpusIndex';
import { runCommand } from '../src/dispatch';
import { Turns } from '../src/util/turns';
import { AnswerWarmer } from '../src/warmer';
import { loadConfig } from '../src/config';
import { BotRuntime } from '../src/runtime';
import { corpusFrom, docFromText, SEEDS, tempDir } from './helpers';

const texts = Object.fromEntries(
  readdirSync(SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => [f, readFileSync(join(SEEDS, f), 'utf8')]),
);

/** /position with its computations counted. */
function counted(): { def: CommandDef; runs: () => number } {
  const position = commands.find((c) => c.name === 'position')!;
  let n = 0;
  return {
    def: { ...position, run: (ctx, args) => (n++, position.run(ctx, args)) },
    runs: () => n,
  };
}

function setup() {
  const b: CorpusIndex = corpusFrom(texts);
  const warmer = new AnswerWarmer(new Turns(), (limit) => ({ corpus: b, limit, services: {}, commands }));
  // What a chat user's question goes through: the runtime's services tell the warmer.
  const ask = (def: CommandDef, actor: string) =>
    runCommand(
      def,
      { actor },
      { corpus: b, limit: 10, services: { asked: (d, a, l) => warmer.record(d, a, l) }, commands },
    );
  return { b, warmer, ask };
}

const article = (n: number) =>
  docFromText(`new-${n}.txt`, `Talks ${n}\n\nBritain said on Monday it would send more aid, officials said.`);

describe('the most-asked answers are warmed after a change', () => {
  test('the first question after a new article is answered from the warmed answer', async () => {
    const { b, warmer, ask } = setup();
    const { def, runs } = counted();
    await ask(def, 'UK');
    await ask(def, 'UK');
    expect(runs()).toBe(1); // the second was the kept answer
    b.apply({ upsert: [article(1)], remove: [] });
    expect(await warmer.warm()).toBe(1);
    expect(runs()).toBe(2);
    const answer = await ask(def, 'UK');
    expect(runs()).toBe(2); // nobody waited for it
    expect(answer.sections.flatMap((s) => s.lines ?? []).some((l) => l.doc === 'new-1.txt')).toBe(true);
  });

  test('the most asked first, at most `top` of them; a newer change stops a warming in progress', async () => {
    const { b, ask } = setup();
    const { def, runs } = counted();
    const warmer = new AnswerWarmer(new Turns(), (limit) => ({ corpus: b, limit, services: {}, commands }), {
      top: 2,
    });
    const record = (actor: string, times: number) => {
      for (let i = 0; i < times; i++) warmer.record(def, { actor }, 10);
    };
    record('France', 1);
    record('UK', 3);
    record('US', 2);
    b.apply({ upsert: [article(2)], remove: [] });
    const before = runs();
    expect(await warmer.warm()).toBe(2); // UK and US, not France
    expect(runs() - before).toBe(2);
    const france = await ask(def, 'France');
    expect(france.status).toBe('ok');
    expect(runs() - before).toBe(3); // France was not warmed

    b.apply({ upsert: [article(3)], remove: [] });
    const warming = warmer.warm();
    b.apply({ upsert: [article(4)], remove: [] }); // before its first turn
    expect(await warming).toBe(0);
  });

  test('no more once the computing budget is spent: the most asked goes first', async () => {
    const { b } = setup();
    const { def, runs } = counted();
    // A budget of nothing still warms one answer: the check comes after each.
    const warmer = new AnswerWarmer(new Turns(), (limit) => ({ corpus: b, limit, services: {}, commands }), {
      budgetMs: 0,
    });
    warmer.record(def, { actor: 'France' }, 10);
    warmer.record(def, { actor: 'UK' }, 10);
    warmer.record(def, { actor: 'UK' }, 10);
    b.apply({ upsert: [article(5)], remove: [] });
    const before = runs();
    expect(await warmer.warm()).toBe(1);
    expect(runs() - before).toBe(1);
    const uk = await runCommand(def, { actor: 'UK' }, { corpus: b, limit: 10, services: {}, commands });
    expect(uk.status).toBe('ok');
    expect(runs() - before).toBe(1); // UK was the one warmed
  });

  test('commands whose answers are not kept are not counted', () => {
    const { warmer } = setup();
    const help = commands.find((c) => c.name === 'help')!;
    warmer.record({ ...help, cached: false }, {}, 10);
    return expect(warmer.warm()).resolves.toBe(0);
  });
});

describe('the bot warms what its users asked', () => {
  test('after a new article, the answers asked before are computed again before anyone asks', async () => {
    const corpus = tempDir();
    cpSync(SEEDS, corpus, { recursive: true });
    const bot = new BotRuntime(loadConfig({ CORPUS_DIR: corpus, DATA_DIR: tempDir() }), undefined, () => undefined);
    try {
      await bot.ask('/position UK');
      await bot.ask('/position UK');
      expect(bot.corpus.cache.size).toBeGreaterThan(0);
      writeFileSync(join(corpus, 'new.txt'), 'Talks\n\nBritain said on Monday it would send more aid.\n');
      await bot.refresh();
      expect(bot.corpus.cache.size).toBe(0); // the change dropped every kept answer
      for (let i = 0; i < 50 && bot.corpus.cache.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(bot.corpus.cache.size).toBeGreaterThan(0);
    } finally {
      await bot.live?.stop();
    }
  });
});
