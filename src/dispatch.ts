import { problem, type Answer } from './answers/model';
import { metrics } from './ops/metrics';
import { SearchIndexLoading } from './search/sentenceIndex';
import { parseArgs, type CommandArgs, type CommandContext, type CommandDef } from './commandModel';

/** Splits "/position UK troops" into the command name and the rest; the slash is optional. */
export function splitCommand(input: string): { name: string; rest: string } {
  const m = /^\s*\/?([A-Za-z][\w-]*)\s*([\s\S]*)$/.exec(input);
  return m ? { name: m[1]!.toLowerCase(), rest: m[2]!.trim() } : { name: '', rest: input.trim() };
}

/** What an answer is kept under: the same question however its spaces were typed. */
export function answerKey(def: CommandDef, args: CommandArgs, limit: number): string {
  return `answer:${def.name}:${limit}:${JSON.stringify(Object.entries(args).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : v]))}`;
}

/** Runs one command; any failure inside it becomes a short answer, never a crash. Counted for /metrics. */
export async function runCommand(def: CommandDef, args: CommandArgs, ctx: CommandContext): Promise<Answer> {
  const t0 = performance.now();
  const answer = await answerCommand(def, args, ctx);
  metrics().command(ctx.channel?.platform ?? 'terminal', def.name, answer.status, (performance.now() - t0) / 1000);
  return answer;
}

/** runCommand without counting it: the warmer recomputing answers nobody asked for just now. */
export async function answerCommand(def: CommandDef, args: CommandArgs, ctx: CommandContext): Promise<Answer> {
  try {
    ctx.services.asked?.(def, args, ctx.limit);
    if (!def.cached) return await def.run(ctx, args);
    const key = answerKey(def, args, ctx.limit);
    const hit = ctx.corpus.cache.get(key) as Answer | undefined;
    if (hit) return hit;
    const version = ctx.corpus.version;
    const answer = await def.run(ctx, args);
    // Frozen: a renderer that changed a shared answer would corrupt it for the next asker.
    if (ctx.corpus.version === version) ctx.corpus.cache.set(key, deepFreeze(answer));
    return answer;
  } catch (e) {
    if (e instanceof SearchIndexLoading)
      return problem(
        def.name,
        Object.values(args).filter(Boolean).join(' '),
        'error',
        `The bot has just started and its search index is still loading (${Math.floor(e.share * 100)}% done): ask again in a few seconds. /position and /quotes for a name answer already.`,
      );
    metrics().error('command');
    console.error(`error in /${def.name}:`, e);
    return problem(
      def.name,
      Object.values(args).filter(Boolean).join(' '),
      'error',
      `Sorry — /${def.name} failed on this request. The error was logged; other commands still work.`,
    );
  }
}

/** Answers a line of text typed in the terminal or passed to `npm run ask`. */
export async function dispatch(input: string, ctx: CommandContext): Promise<Answer> {
  const { name, rest } = splitCommand(input);
  const def = ctx.commands.find((c) => c.name === name);
  if (!def) {
    const names = ctx.commands.map((c) => `/${c.name}`).join(', ');
    return problem(
      name || 'help',
      input.trim(),
      'usage',
      name ? `Unknown command “/${name}”. Try ${names}.` : `Type a command: ${names}.`,
    );
  }
  let args: CommandArgs;
  try {
    args = def.parse ? def.parse(rest, ctx) : parseArgs(def, rest);
  } catch (e) {
    console.error(`error parsing /${def.name}:`, e);
    return problem(def.name, rest, 'error', `Could not read that request. Usage: ${def.usage}`);
  }
  return runCommand(def, args, ctx);
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
