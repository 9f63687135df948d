import type { Answer } from '../../src/answers/model';
import { renderDiscord } from '../../src/adapters/discord/render';
import { renderSlack } from '../../src/adapters/slack/render';
import { renderTerminal } from '../../src/adapters/terminal/render';

const answer = (url: string): Answer => ({
  command: 'search',
  query: 'x',
  status: 'ok',
  title: 'Search: x',
  sections: [
    {
      lines: [
        {
          doc: 'feeds/wire/a.md',
          title: 'Britain pledges engineers',
          url,
          line: 7,
          text: 'Britain will send engineers.',
          score: 1,
        },
      ],
    },
  ],
  total: 1,
});

test('a document with a URL is cited with a link on every platform', () => {
  const url = 'https://news.example/2026/03/02/engineers';
  expect(JSON.stringify(renderSlack(answer(url)).blocks)).toContain(`<${url}|Britain pledges engineers>`);
  expect(JSON.stringify(renderDiscord(answer(url)).embeds)).toContain(`[Britain pledges engineers](${url})`);
  expect(renderTerminal(answer(url))).toContain(url);
});

test('a URL that is not http(s), or that tries to break out of the link, is never a live link', () => {
  for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd']) {
    expect(JSON.stringify(renderSlack(answer(bad)).blocks)).not.toContain(bad);
    expect(JSON.stringify(renderDiscord(answer(bad)).embeds)).not.toContain(bad);
  }
  const tricky = 'https://evil.example/a|b>c)d(e [f]';
  const slack = JSON.stringify(renderSlack(answer(tricky)).blocks);
  expect(slack).toContain('<https://evil.example/a%7Cb%3Ec)d(e%20[f]|Britain pledges engineers>');
  const discord = JSON.stringify(renderDiscord(answer(tricky)).embeds);
  expect(discord).toContain('(https://evil.example/a|b%3Ec%29d%28e%20%5Bf%5D)');
});
