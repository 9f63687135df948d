import { commands } from '../../commands';
import { renderDiscord } from '../../src/adapters/discord/render';
import { renderSlack } from '../../src/adapters/slack/render';
import { renderTerminal } from '../../src/adapters/terminal/render';
import { dispatch } from '../../src/dispatch';
import { corpusFrom } from '../helpers';

test('/help lists every command and, on no platform, claims lines were left out', async () => {
  const a = await dispatch('/help', {
    corpus: corpusFrom({ 'a.txt': 'A\n\nBritain said so.\n' }),
    limit: 10,
    services: {},
    commands,
  });
  const outputs = [JSON.stringify(renderSlack(a)), JSON.stringify(renderDiscord(a)), renderTerminal(a)];
  for (const out of outputs) {
    for (const c of commands) expect(out).toContain(`/${c.name}`);
    expect(out).not.toMatch(/more lines? not shown|Showing \d+ of/);
  }
});
