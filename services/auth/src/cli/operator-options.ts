import { existsSync, readFileSync } from 'node:fs';
import {
  BaseConfig,
  loadConfig,
  sidecarOptionsFrom,
  type SidecarOptions,
} from '@todo-dapr/platform';
import { z } from 'zod';

export const USAGE = `Usage: npm run operator -- [--revoke] <username or e-mail> [--system <file>]

Makes an existing user an operator (the \`admin\` role, for the subscriber's /admin/* routes),
or with --revoke no longer one. The role is stored with the user; their tokens carry it from
their next login or refresh.

auth's sidecar is taken from DAPR_HTTP_PORT (with DAPR_HOST and DAPR_API_TOKEN) when set, or
else from a run's description: --system <file>, by default the .data/system.json that
\`npm run dev\` writes.

Examples:
  npm run operator -- alice                                  # while npm run dev runs
  npm run operator -- --revoke alice
  npm run operator -- e2e-admin --system .data/e2e/system.json
  kubectl -n todo-dapr exec deploy/auth -c auth -- node dist/operator-cli.js alice`;

/** A mistake in the command's arguments: exit code 2. */
export class UsageError extends Error {}

export interface OperatorCommand {
  login: string;
  operator: boolean;
  systemFile: string | undefined;
}

/** `[--revoke] <login> [--system <file>]`, or undefined for --help. */
export function parseOperatorArgs(args: string[]): OperatorCommand | undefined {
  if (args.includes('--help') || args.includes('-h')) return undefined;
  const rest = [...args];
  let systemFile: string | undefined;
  const system = rest.indexOf('--system');
  if (system >= 0) {
    systemFile = rest[system + 1];
    if (!systemFile) throw new UsageError('--system needs a file');
    rest.splice(system, 2);
  }
  const revoke = rest.indexOf('--revoke');
  if (revoke >= 0) rest.splice(revoke, 1);
  const unknown = rest.find((arg) => arg.startsWith('-'));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  const [login, ...extra] = rest;
  if (!login || extra.length > 0) throw new UsageError('name exactly one user');
  return { login, operator: revoke < 0, systemFile };
}

const SidecarConfig = BaseConfig.pick({
  DAPR_HOST: true,
  DAPR_HTTP_PORT: true,
  DAPR_API_TOKEN: true,
  DAPR_TIMEOUT_MS: true,
});

/** The part of a run's description (.data/system.json, .data/e2e/system.json) read here. */
const RunDescription = z.object({
  apps: z.object({
    auth: z.object({
      sidecarUrl: z.url(),
      start: z.object({ env: z.record(z.string(), z.string()) }).optional(),
    }),
  }),
});

/** Where auth's sidecar is: the environment's, or the one a run's description names. */
export function sidecarFor(
  systemFile: string | undefined,
  env: NodeJS.ProcessEnv,
  defaultSystemFile: string,
): SidecarOptions {
  if (!systemFile && env.DAPR_HTTP_PORT) return sidecarOptionsFrom(loadConfig(SidecarConfig, env));
  const file = systemFile ?? defaultSystemFile;
  if (!existsSync(file)) {
    throw new Error(
      systemFile
        ? `${file} does not exist.`
        : 'where is auth’s sidecar? Set DAPR_HTTP_PORT, start npm run dev, or pass --system <file>.',
    );
  }
  const parsed = RunDescription.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} does not name auth’s sidecarUrl.`);
  const { sidecarUrl, start } = parsed.data.apps.auth;
  const url = new URL(sidecarUrl);
  return {
    host: url.hostname,
    httpPort: Number(url.port),
    apiToken: start?.env.DAPR_API_TOKEN ?? env.DAPR_API_TOKEN,
    timeoutMs: 5000,
  };
}
