// The command list: every front end registers exactly these, in this order.
import type { CommandDef } from '../src/commandModel';
import add from './add';
import ask from './ask';
import compare from './compare';
import digest from './digest';
import feeds from './feeds';
import help from './help';
import position from './position';
import quotes from './quotes';
import search from './search';
import sources from './sources';
import stances from './stances';

export const commands: readonly CommandDef[] = [
  position,
  quotes,
  search,
  ask,
  compare,
  stances,
  digest,
  feeds,
  add,
  sources,
  help,
];
