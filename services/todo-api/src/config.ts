import { BaseConfig, commaSeparated } from '@todo-dapr/platform';
import { z } from 'zod';

export const TodoApiConfig = BaseConfig.extend({
  /** The public origin: todo `url`s and `Link` headers point there. */
  PUBLIC_URL: z.url().default('http://127.0.0.1:3002'),
  MAX_TODOS_PER_USER: z.coerce.number().int().positive().default(10_000),
  IDEMPOTENCY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 3600),
  /** Benchmarks only: mounts POST /bench/noop-todos, the full path minus storage and events. */
  BENCH_NOOP_ROUTE: z.stringbool().default(false),
  /** Comma-separated browser origins allowed by CORS; `*` for any. */
  CORS_ORIGINS: commaSeparated(),
  /** Crash tests only: the process dies after a write commits, before its events go out. */
  TEST_CRASH_AFTER_COMMIT: z.stringbool().default(false),
  NODE_ENV: z.string().optional(),
}).refine((config) => !config.TEST_CRASH_AFTER_COMMIT || config.NODE_ENV === 'test', {
  path: ['TEST_CRASH_AFTER_COMMIT'],
  error: 'is honoured only with NODE_ENV=test',
});
export type TodoApiConfig = z.infer<typeof TodoApiConfig>;
