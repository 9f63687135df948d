import { positionAnswer } from '../../src/answers/position';
import { corpusFrom } from '../helpers';

const b = corpusFrom({
  'a.txt': [
    'Headline about talks',
    '',
    'Ahead of Trump’s visit to the UK, officials met in Paris.',
    'Analysts expect the UK economy to slow.',
    'Britain has no intention of sending combat troops, the defence secretary said.',
    'British troops trained in Estonia last year.',
    'For Britain, the priority is clear: support Kyiv without escalation.',
    'Britain’s message is clear: it will not join the strikes.',
    'Will the UK change course?',
  ].join('\n'),
});

test('stated positions rank above mere mentions', () => {
  const a = positionAnswer(b, 'UK', undefined, 10);
  const texts = a.sections[0]!.lines!.map((l) => l.text);
  const rank = (start: string) => texts.findIndex((t) => t.startsWith(start));
  for (const position of ['Britain has no intention', 'For Britain, the priority', 'Britain’s message is clear']) {
    for (const mention of ['Ahead of Trump’s visit', 'British troops trained', 'Will the UK change']) {
      expect(rank(position)).toBeLessThan(rank(mention));
    }
  }
  expect(a.actor?.name).toBe('United Kingdom');
  expect(a.actor?.aliases).toEqual(expect.arrayContaining(['Britain', 'UK', 'British']));
});

test('a topic narrows the lines', () => {
  const a = positionAnswer(b, 'UK', 'troops', 10);
  expect(a.sections[0]!.lines!.map((l) => l.text)).toEqual([
    'Britain has no intention of sending combat troops, the defence secretary said.',
    'British troops trained in Estonia last year.',
  ]);
});

test('an unknown actor gets no lines, a short message and close suggestions', () => {
  const a = positionAnswer(b, 'Narnia', undefined, 10);
  expect(a.status).toBe('empty');
  expect(a.sections).toEqual([]);
  expect(a.message).toMatch(/Narnia/);
  expect(positionAnswer(b, 'Britian', undefined, 10).suggestions).toContain('UK');
});

test('empty and huge queries get usage and length messages', () => {
  expect(positionAnswer(b, '  ', undefined, 10)).toMatchObject({ status: 'usage' });
  expect(positionAnswer(b, 'x'.repeat(5000), undefined, 10)).toMatchObject({
    status: 'error',
    message: expect.stringMatching(/5000 characters/),
  });
});

test('near-duplicate lines collapse into one, naming the other source', () => {
  const dup = corpusFrom({
    'a.txt': 'Headline one\n\nMoscow has strongly opposed any deployment of foreign troops to Ukraine.',
    'b.txt': 'Headline two\n\nMoscow has strongly opposed any deployment of foreign troops to Ukraine!',
  });
  const lines = positionAnswer(dup, 'Russia', undefined, 10).sections[0]!.lines!;
  expect(lines).toHaveLength(1);
  expect(lines[0]!.alsoIn).toEqual(['b.txt:3']);
});
