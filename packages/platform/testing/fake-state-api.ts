import type { IncomingMessage } from 'node:http';
import type { StateItem, StateOperation } from '../src/dapr/state';
import { Answer, bodyOf, daprError, type Admit } from './daprd-answers';
import { Conflict, createMemoryStateStore, type MemoryStateStore } from './memory-state-store';

/** `/v1.0/state/…` of the fake sidecar: one memory store per store name. */
export function createFakeStateApi(now: () => number, admit: Admit) {
  let etags = 0;
  let conflicts = 0;
  const stores = new Map<string, MemoryStateStore>();
  const transactions: { store: string; operations: StateOperation[] }[] = [];

  const store = (name: string) => {
    let found = stores.get(name);
    if (!found) {
      found = createMemoryStateStore(now, () => String((etags += 1)));
      stores.set(name, found);
    }
    return found;
  };
  /** Runs a guarded write; a conflict answers as daprd does for a single write or a transaction. */
  const guarded = (inTransaction: boolean, write: () => void) => {
    try {
      write();
      return new Answer(204);
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      conflicts += 1;
      const message = `error while executing state transaction: ${error.message}`;
      return inTransaction
        ? daprError(500, 'ERR_STATE_TRANSACTION', message)
        : daprError(409, 'ERR_STATE_ETAG_MISMATCH', error.message);
    }
  };

  async function handle(req: IncomingMessage, name: string, key?: string): Promise<Answer> {
    const memory = store(name);
    const up = (operation: 'get' | 'bulk' | 'save' | 'delete' | 'transaction') =>
      admit({ api: 'state', operation, store: name });
    if (key?.includes('||')) return daprError(400, 'ERR_MALFORMED_REQUEST', 'key contains ||');
    if (req.method === 'GET' && key !== undefined) {
      await up('get');
      const row = memory.get(key);
      return row ? new Answer(200, row.value, { etag: row.etag }) : new Answer(204);
    }
    if (req.method === 'DELETE' && key !== undefined) {
      await up('delete');
      return guarded(false, () => memory.delete(key, req.headers['if-match']));
    }
    const body = await bodyOf(req);
    if (key === 'bulk') {
      await up('bulk');
      const { keys } = body as { keys: string[] };
      const rows = keys.map((asked) => [asked, memory.get(asked)] as const);
      return new Answer(
        200,
        rows.map(([asked, row]) =>
          row ? { key: asked, data: row.value, etag: row.etag } : { key: asked },
        ),
      );
    }
    if (key === 'transaction') {
      await up('transaction');
      const { operations } = body as { operations: StateOperation[] };
      const answer = guarded(true, () => memory.transact(operations));
      if (answer.status === 204) transactions.push({ store: name, operations });
      return answer;
    }
    await up('save');
    return guarded(false, () => memory.save(body as StateItem[]));
  }

  return {
    handle,
    /** The rows of one state store, to seed or inspect. */
    rows: (name: string) => store(name).rows,
    /** Committed transactions, in order. */
    transactions,
    /** Writes refused on an ETag or first-write guard. */
    conflicts: () => conflicts,
  };
}
