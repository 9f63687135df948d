import type { Answer, AnswerLine } from '../../src/answers/model';
import { escapeSlack, renderSlack, SLACK_LIMITS } from '../../src/adapters/slack/render';
import { splitText } from '../../src/render/split';

function longAnswer(lines: number, words: number): Answer {
  const text = (i: number) =>
    Array.from({ length: words }, (_, w) => (w % 12 === 11 ? `sentence${i}x${w}.` : `word${w}`)).join(' ');
  const ls: AnswerLine[] = Array.from({ length: lines }, (_, i) => ({
    doc: `d${i}.txt`,
    title: 'A title',
    line: i + 1,
    text: text(i),
    score: 1,
  }));
  return {
    command: 'position',
    query: 'UK',
    status: 'ok',
    title: 'Position: United Kingdom',
    actor: { name: 'United Kingdom', aliases: ['UK'] },
    sections: [{ lines: ls }],
    total: lines + 40,
  };
}

type B = { type: string; text?: { text: string }; elements?: Array<{ text?: string }> };

describe('renderSlack', () => {
  test('a very long answer stays within 50 blocks and 3,000 characters a section, and says what was left out', () => {
    const msg = renderSlack(longAnswer(60, 700), { shareId: 'x' });
    const blocks = msg.blocks as B[];
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const b of blocks)
      if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    const tail = blocks
      .filter((b) => b.type === 'context')
      .flatMap((b) => b.elements!.map((e) => e.text))
      .join(' ');
    expect(tail).toMatch(/\d+ more lines not shown/);
    // Split parts end at a sentence or a whole word, never inside one.
    for (const b of blocks)
      if (b.type === 'section') expect(b.text!.text.split('\n')[0]).toMatch(/(\.|word\d+|sentence\d+x\d+\.)$/);
  });

  test('escapes document text so it cannot mention anyone or link anywhere', () => {
    expect(escapeSlack('<!channel> <!here> <@U123> <http://x|y> & @everyone @here')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;http://x|y&gt; &amp; @\u2060everyone @\u2060here',
    );
  });

  test('errors carry no share button', () => {
    const msg = renderSlack(
      { command: 'position', query: '', status: 'usage', title: 'Usage: /position <actor>', sections: [], total: 0 },
      { shareId: 'x' },
    );
    expect(JSON.stringify(msg.blocks)).not.toContain('share_answer');
  });
});

test('splitText cuts at sentence ends, else at spaces, never inside a word', () => {
  const text = 'One two three. Four five six seven. ' + 'abc '.repeat(100);
  const parts = splitText(text, 50);
  expect(parts[0]).toBe('One two three. Four five six seven.');
  for (const p of parts) {
    expect(p.length).toBeLessThanOrEqual(50);
    expect(p).toMatch(/^(abc|One)/);
  }
  expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
});
