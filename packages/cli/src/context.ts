/** What a run of the CLI touches outside itself, so tests can run it in-process too. */
export interface Context {
  env: Record<string, string | undefined>;
  /** Writes to stdout as is (add the newline). */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTty: boolean;
  stdinIsTty: boolean;
  /** All of stdin, for --password-stdin. */
  readStdin: () => Promise<string>;
  /** A password typed on the terminal without echo. */
  promptHidden: (prompt: string) => Promise<string>;
  /** Called on Ctrl-C or SIGTERM (watch stops). */
  onStop: (listener: () => void) => void;
}
