// /ask <question> — a question in plain words, answered as the command it reads as ("Read as: /position UK troops").
import { askAnswer } from '../src/answers/ask';
import { defineCommand } from '../src/commandModel';

export default defineCommand({
  name: 'ask',
  description: 'Ask in plain words: what does Britain say about troops? who has ruled out ground troops?',
  usage: '/ask <question>',
  examples: ['/ask what does Britain say about sending troops?', '/ask how do the UK and the US differ on air cover?'],
  options: [{ name: 'question', description: 'Your question, as you would ask a colleague', required: true }],
  parse: (text) => ({ question: text.trim() || undefined }),
  cached: true,
  run: (ctx, args) => askAnswer(ctx.corpus, args.question, ctx.limit),
});
