import { discordProblems } from './invariants';

/** The checker the hostile tests trust: it must see Discord's markdown as Discord does. */
describe('discordProblems reads code spans as Discord does', () => {
  const flags = (content: string) => discordProblems({ content }).filter((p) => p.startsWith('an unescaped'));

  test('escaped backticks open no code span, so an escaped bracket after them is still escaped', () => {
    // What the renderer writes for the actor name "``[" (found by the fuzzer, seeds 117 and 124).
    expect(flags('I don’t know an actor called “\\`\\`\\[”.')).toEqual([]);
  });

  test('a bracket inside a real code span is inert; outside it, or after escaped backticks, it is not', () => {
    expect(flags('a `code [` b')).toEqual([]);
    expect(flags('a `code` [')).toHaveLength(1);
    expect(flags('\\`x\\` [')).toHaveLength(1);
    // An escaped backslash leaves the backtick after it unescaped: that one opens a span.
    expect(flags('\\\\`x [`')).toEqual([]);
    expect(flags('\\\\`x` [')).toHaveLength(1);
  });
});
