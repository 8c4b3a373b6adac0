import type { Problem } from '@todo-dapr/contracts';

/** An answer of the API that is not a success: its RFC 9457 problem body, field errors included. */
export class ProblemError extends Error {
  readonly status: number;

  constructor(readonly problem: Problem) {
    super(describeProblem(problem));
    this.name = 'ProblemError';
    this.status = problem.status;
  }
}

/** The API could not be reached, or did not answer HTTP (refused, reset, DNS, aborted body). */
export class NetworkError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`${new URL(url).origin} cannot be reached: ${reasonOf(cause)}`, { cause });
    this.name = 'NetworkError';
  }
}

/** A call that needs a session was made with no tokens in the store. */
export class NotLoggedInError extends Error {
  constructor() {
    super('Not logged in.');
    this.name = 'NotLoggedInError';
  }
}

/** One line: "Title: detail (path: message; path: message)". */
export function describeProblem(problem: Problem): string {
  const head = problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
  const fields = (problem.errors ?? []).map((field) => `${field.path}: ${field.message}`);
  return fields.length > 0 ? `${head} (${fields.join('; ')})` : head;
}

/** Node's fetch says "fetch failed" and keeps the reason (ECONNREFUSED …) in its cause. */
function reasonOf(error: unknown): string {
  // Duck-typed: errors from another realm (Node's own fetch under a test runner) are no `Error`s here.
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: unknown };
  const { code, message: causeMessage } = (cause ?? {}) as { code?: unknown; message?: unknown };
  if (typeof causeMessage === 'string' && causeMessage) return causeMessage;
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? message : String(error);
}

/** The problem of a failed answer; a body that is not a problem (a proxy's page) gets one made up. */
export async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  if (/[/+]json\b/.test(response.headers.get('content-type') ?? '')) {
    try {
      const body = JSON.parse(text) as Partial<Problem>;
      const { title } = body;
      if (typeof title === 'string') {
        return { type: 'about:blank', code: 'HTTP.ERROR', ...body, title, status: response.status };
      }
    } catch {
      // Not JSON after all: described below like any other body.
    }
  }
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: 'HTTP.ERROR',
    ...(text.trim() && { detail: text.trim().slice(0, 200) }),
  };
}
