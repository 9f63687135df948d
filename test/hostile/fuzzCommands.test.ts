import fc from 'fast-check';
import { cpSync } from 'node:fs';
import { CorpusIndex } from '../../src/corpusIndex';
import { loadConfig } from '../../src/config';
import { loadFolder } from '../../src/corpus/loadCorpus';
import { discordFallback, renderDiscord } from '../../src/adapters/discord/render';
import { renderSlack, slackFallback } from '../../src/adapters/slack/render';
import { renderTerminal } from '../../src/adapters/terminal/render';
import { BotRuntime } from '../../src/runtime';
import { SEEDS } from '../helpers';
import { hostileCorpus } from './corpus';
import { discordProblems, slackProblems, terminalProblems } from './invariants';

/**
 * The standing hostile suite, property-based: generated commands — hostile words, random Unicode,
 * huge and empty queries — run against the seeds plus the hostile corpus, and every answer goes
 * through every renderer. Whatever the input, each output keeps the platform's limits and carries no
 * live markup, mention or control character. fast-check shrinks a failure to its smallest command.
 */
const dir = hostileCorpus({ symlinks: false });
cpSync(SEEDS, dir, { recursive: true });
const { documents, warnings } = loadFolder(dir);
const bot = new BotRuntime({ ...loadConfig({}), limit: 50 }, new CorpusIndex(documents, warnings));

const HOSTILE_WORDS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '@everyone',
  '@here',
  '<@U123>',
  '<@123456789012345678>',
  '<#1>',
  '<@&1>',
  '[official plan](http://evil.example/phish)',
  '<http://evil.example|safe>',
  '**bold**',
  '`code`',
  '||spoiler||',
  '> quote',
  '# head',
  '\u001b[2J',
  '\u001b]0;x\u0007',
  '\u202e',
  '\r',
  '\n',
  '\u0000',
  '&amp;',
  'UK',
  'Britain',
  'Trump',
  'Starmer',
  'Russia',
  'troops',
  'boots on the ground',
  'envoys',
  'syndicated',
  'clause7',
  'Narnia',
  '"',
  '“',
  'subscribe',
  'now',
  'status',
  'preview',
  'bogus',
];
const word = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_WORDS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), 'Britain '.repeat(400), '') },
);
const commandName = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom('position', 'quotes', 'search', 'digest', 'sources', 'help') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const command = fc
  .tuple(fc.boolean(), commandName, fc.array(word, { maxLength: 6 }))
  .map(([slash, name, words]) => `${slash ? '/' : ''}${name} ${words.join(' ')}`);

test('1,000 generated commands: every answer, through every renderer, keeps the limits and carries no live markup', async () => {
  await fc.assert(
    fc.asyncProperty(command, async (text) => {
      const answer = await bot.ask(text, { platform: 'terminal', id: 'fuzz' });
      const problems = [
        ...slackProblems(renderSlack(answer, { shareId: 'id' })).map((p) => `slack: ${p}`),
        ...slackProblems(slackFallback(answer)).map((p) => `slack fallback: ${p}`),
        ...discordProblems(renderDiscord(answer)).map((p) => `discord: ${p}`),
        ...discordProblems(discordFallback(answer)).map((p) => `discord fallback: ${p}`),
        ...terminalProblems(renderTerminal(answer)).map((p) => `terminal: ${p}`),
      ];
      if (problems.length) throw new Error(`${JSON.stringify(text)} →\n${problems.slice(0, 5).join('\n')}`);
    }),
    { numRuns: 1000, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
  );
}, 120000);

test('every line of the hostile corpus, asked for directly, renders safely on every platform', async () => {
  for (const q of [
    '/search Britain said',
    '/position UK',
    '/quotes Britain',
    '/sources',
    '/digest',
    '/search syndicated envoys',
    '/search clause7',
    '/search harmless',
  ]) {
    const answer = await bot.ask(q, { platform: 'terminal', id: 'fuzz' });
    expect(answer.status).toBe('ok');
    expect(slackProblems(renderSlack(answer, { shareId: 'id' }))).toEqual([]);
    expect(discordProblems(renderDiscord(answer))).toEqual([]);
    expect(terminalProblems(renderTerminal(answer))).toEqual([]);
  }
});
