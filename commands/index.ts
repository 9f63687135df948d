// The command list: every front end registers exactly these, in this order.
import type { CommandDef } from '../src/commandModel';
import add from './add';
import digest from './digest';
import feeds from './feeds';
import help from './help';
import position from './position';
import quotes from './quotes';
import search from './search';
import sources from './sources';

export const commands: readonly CommandDef[] = [position, quotes, search, digest, feeds, add, sources, help];
