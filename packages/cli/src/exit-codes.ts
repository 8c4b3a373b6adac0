/** What `todo` exits with; docs/cli.md lists the same. */
export const ExitCode = {
  ok: 0,
  /** Wrong arguments or options, or a todo reference that names no todo or several. */
  usage: 1,
  /** The API answered with a problem (4xx but 401/403, or 5xx). */
  problem: 2,
  /** Not logged in, or the session is over (401), or not allowed (403). */
  auth: 3,
  /** The API could not be reached. */
  network: 4,
} as const;
