import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOperatorArgs, sidecarFor, UsageError } from '../src/cli/operator-options';

const dir = mkdtempSync(join(tmpdir(), 'operator-cli-'));
const describeRun = (name: string, auth: object) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ apps: { auth } }));
  return file;
};
const missing = join(dir, 'none.json');

describe('npm run operator: arguments', () => {
  it('takes one user, and --revoke and --system anywhere', () => {
    expect(parseOperatorArgs(['alice'])).toEqual({
      login: 'alice',
      operator: true,
      systemFile: undefined,
    });
    expect(parseOperatorArgs(['--system', 'run.json', '--revoke', 'bob'])).toEqual({
      login: 'bob',
      operator: false,
      systemFile: 'run.json',
    });
  });

  it('--help asks for the usage', () => {
    expect(parseOperatorArgs(['alice', '--help'])).toBeUndefined();
  });

  it.each([[[]], [['alice', 'bob']], [['--force', 'alice']], [['alice', '--system']]])(
    'refuses %j as a usage mistake',
    (args) => {
      expect(() => parseOperatorArgs(args)).toThrow(UsageError);
    },
  );
});

describe('npm run operator: where auth’s sidecar is', () => {
  it('from the environment, when DAPR_HTTP_PORT is set', () => {
    const env = { DAPR_HTTP_PORT: '3501', DAPR_API_TOKEN: 'token-from-the-environment' };

    expect(sidecarFor(undefined, env, missing)).toMatchObject({
      host: '127.0.0.1',
      httpPort: 3501,
      apiToken: 'token-from-the-environment',
    });
  });

  it('from the run description named with --system, its token included', () => {
    const file = describeRun('e2e.json', {
      sidecarUrl: 'http://127.0.0.1:4501',
      start: { env: { DAPR_API_TOKEN: 'token-of-the-run' } },
    });

    expect(sidecarFor(file, { DAPR_HTTP_PORT: '3501' }, missing)).toMatchObject({
      httpPort: 4501,
      apiToken: 'token-of-the-run',
    });
  });

  it('from npm run dev’s description when nothing else names one', () => {
    const file = describeRun('dev.json', { sidecarUrl: 'http://127.0.0.1:3501' });

    expect(sidecarFor(undefined, {}, file)).toMatchObject({ httpPort: 3501 });
  });

  it('otherwise says how to name it', () => {
    expect(() => sidecarFor(undefined, {}, missing)).toThrow(/DAPR_HTTP_PORT.*npm run dev/);
    expect(() => sidecarFor(describeRun('bad.json', {}), {}, missing)).toThrow(/sidecarUrl/);
  });
});
