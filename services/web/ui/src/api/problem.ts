import type { Problem } from '@todo-dapr/contracts';

/** An answer of the API that is not a success: its RFC 9457 problem body. */
export class ProblemError extends Error {
  readonly status: number;

  constructor(readonly problem: Problem) {
    super(describeProblem(problem));
    this.name = 'ProblemError';
    this.status = problem.status;
  }
}

/** One line: "Title: detail (path: message; path: message)". */
export function describeProblem(problem: Problem): string {
  const head = problem.detail ? `${problem.title}: ${problem.detail}` : problem.title;
  const fields = (problem.errors ?? []).map((field) => `${field.path}: ${field.message}`);
  return fields.length > 0 ? `${head} (${fields.join('; ')})` : head;
}

/** The problem of a failed answer; a body that is not one (a proxy's page) gets one made up. */
export async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  if (/[/+]json\b/.test(response.headers.get('content-type') ?? '')) {
    try {
      const body = JSON.parse(text) as Partial<Problem>;
      if (typeof body.title === 'string') {
        return {
          type: 'about:blank',
          code: 'HTTP.ERROR',
          ...body,
          title: body.title,
          status: response.status,
        };
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
