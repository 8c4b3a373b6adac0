import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** `$XDG_CONFIG_HOME/todo-dapr`, or `~/.config/todo-dapr`; a relative XDG_CONFIG_HOME is ignored, as the spec says. */
export function configDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config');
  return join(base, 'todo-dapr');
}
