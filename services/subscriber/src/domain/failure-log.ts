export interface Failure {
  reason: string;
  attempts: number;
}

/**
 * Why recent deliveries failed, by event id, so that a dead letter can say why it died and
 * after how many attempts. Kept in memory (the store may be what is failing), bounded.
 */
export function createFailureLog(limit = 10_000) {
  const failures = new Map<string, Failure>();
  return {
    note(eventId: string, reason: string): Failure {
      const failure = { reason, attempts: (failures.get(eventId)?.attempts ?? 0) + 1 };
      failures.delete(eventId);
      failures.set(eventId, failure);
      const oldest = failures.keys().next();
      if (failures.size > limit && !oldest.done) failures.delete(oldest.value);
      return failure;
    },
    forget(eventId: string): void {
      failures.delete(eventId);
    },
    get(eventId: string): Failure | undefined {
      return failures.get(eventId);
    },
  };
}
export type FailureLog = ReturnType<typeof createFailureLog>;
