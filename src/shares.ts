import { randomUUID } from 'node:crypto';
import type { Answer } from './answers/model';
import type { StateStore } from './state/types';

/** How long a "Share in channel" button keeps working. */
export const SHARE_TTL_MS = 24 * 3600 * 1000;

/** Answers waiting behind a share button, by id. One store serves every platform. */
export interface ShareStore {
  put(answer: Answer): Promise<string>;
  get(id: string): Promise<Answer | undefined>;
}

/** Where the database is unavailable: shares live in memory and end with the process. */
export class MemoryShares implements ShareStore {
  private map = new Map<string, { answer: Answer; at: number }>();
  constructor(private max = 2000) {}
  async put(answer: Answer): Promise<string> {
    const id = randomUUID();
    this.map.set(id, { answer, at: Date.now() });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
    return id;
  }
  async get(id: string): Promise<Answer | undefined> {
    const e = this.map.get(id);
    return e && Date.now() - e.at <= SHARE_TTL_MS ? e.answer : undefined;
  }
}

/** Shares kept in the state database, so a button still works after a restart. */
export class DatabaseShares implements ShareStore {
  constructor(private db: Pick<StateStore, 'putShare' | 'getShare'>) {}
  async put(answer: Answer): Promise<string> {
    const id = randomUUID();
    await this.db.putShare(id, JSON.stringify(answer), Date.now(), SHARE_TTL_MS);
    return id;
  }
  async get(id: string): Promise<Answer | undefined> {
    const raw = await this.db.getShare(id, Date.now(), SHARE_TTL_MS);
    if (!raw) return undefined;
    try {
      return JSON.parse(raw) as Answer;
    } catch {
      return undefined;
    }
  }
}
