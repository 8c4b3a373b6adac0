import {
  buildOpenApi,
  DeadLetter,
  DeadLetterPage,
  DeadLetterPath,
  DeadLetterQuery,
  StatsTotals,
  UserStats,
} from '@todo-dapr/contracts';

/** subscriber's public API; event deliveries are for its sidecar only and are left out. */
export const subscriberOpenApi = buildOpenApi({ title: 'todo-dapr subscriber', version: '1.0.0' }, [
  {
    method: 'get',
    path: '/stats',
    summary: "The caller's todo statistics",
    access: 'user',
    responses: { 200: { description: 'Stats', schema: UserStats } },
  },
  {
    method: 'get',
    path: '/admin/stats',
    summary: 'Totals over every user (admin role)',
    access: 'admin',
    responses: { 200: { description: 'Totals', schema: StatsTotals } },
  },
  {
    method: 'get',
    path: '/admin/dead-letters',
    summary: 'Dead-lettered events, newest first (admin role)',
    access: 'admin',
    query: DeadLetterQuery,
    responses: { 200: { description: 'A page of dead letters', schema: DeadLetterPage } },
  },
  {
    method: 'post',
    path: '/admin/dead-letters/{topic}/{id}/replay',
    summary: 'Send a dead-lettered CloudEvent back to its topic as it was, same id (admin role)',
    access: 'admin',
    params: DeadLetterPath,
    responses: { 202: { description: 'Sent; the letter with its replays', schema: DeadLetter } },
    errors: [404, 422],
  },
]);
