import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configDir } from '../src/config-dir.js';
import { tokenFile } from '../src/token-file.js';

const tokens = (n: number) => ({ accessToken: `at-${n}`, refreshToken: `rt-${n}`, expiresAt: n });

describe('tokenFile', () => {
  it('keeps one session per origin in tokens.json, mode 0600 in a 0700 directory', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'todo-tokens-')), 'todo-dapr');
    const local = tokenFile(dir, 'http://127.0.0.1:8080');
    const other = tokenFile(dir, 'https://todo.example');

    local.set(tokens(1));
    other.set(tokens(2));
    local.set(tokens(3));

    expect(local.get()).toEqual(tokens(3));
    expect(other.get()).toEqual(tokens(2));
    expect(statSync(local.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(Object.keys(JSON.parse(readFileSync(local.path, 'utf8')))).toHaveLength(2);
  });

  it('removes the file when the last session is forgotten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'todo-tokens-'));
    const store = tokenFile(dir, 'http://127.0.0.1:8080');
    store.set(tokens(1));

    store.set(undefined);

    expect(store.get()).toBeUndefined();
    expect(existsSync(store.path)).toBe(false);
  });
});

describe('configDir', () => {
  it('is $XDG_CONFIG_HOME/todo-dapr, or ~/.config/todo-dapr when it is unset or relative', () => {
    expect(configDir({ XDG_CONFIG_HOME: '/tmp/xdg' })).toBe('/tmp/xdg/todo-dapr');
    expect(configDir({ XDG_CONFIG_HOME: 'relative' })).toMatch(/\/\.config\/todo-dapr$/);
    expect(configDir({})).toMatch(/\/\.config\/todo-dapr$/);
  });
});
