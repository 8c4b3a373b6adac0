// Traefik from its Go module, in a writable copy with three changes, because the Go module
// proxy here does not serve its whole graph (traefik-patches/ holds the Go files):
// - the nested module dynamic/ext (not in Traefik's module zip, not served) becomes its two
//   empty extension types;
// - the containous fork of go-http-auth (not served) becomes upstream abbot/go-http-auth
//   v0.4.0 plus the two functions of the fork that Traefik's basic and digest auth call;
// - lego's ACME DNS providers whose SDK modules are not served are left out: an ACME DNS
//   challenge naming one of them fails with a message saying so; the other providers, and
//   the HTTP and TLS challenges, work.
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { say, seconds, SetupError } from '../lib/console.mjs';
import { assertGo, go, heartbeat } from '../lib/go.mjs';
import { cacheDir } from '../lib/paths.mjs';
import { runCommand } from '../lib/run-command.mjs';
import { downloadModule } from './wrapper-module.mjs';

const MODULE = 'github.com/traefik/traefik/v3';
const EXT = 'github.com/traefik/traefik/dynamic/ext';
const LEGO = 'github.com/go-acme/lego/v5';
const HTTP_AUTH = 'github.com/abbot/go-http-auth';
const HTTP_AUTH_VERSION = 'v0.4.0';
/** lego's DNS providers whose SDK modules the Go module proxy here refuses (lego v5.4.1). */
const UNSERVED_DNS_PROVIDERS = [
  'alidns',
  'aliesa',
  'azion',
  'dnsimple',
  'edgedns',
  'edgeone',
  'huaweicloud',
  'oraclecloud',
  'regfish',
  'sakuracloud',
  'tencentcloud',
  'ucloud',
  'yandexcloud',
];

const patch = (name) => fileURLToPath(new URL(`./traefik-patches/${name}`, import.meta.url));

/** A writable copy of a downloaded module at `dir` (the module cache is read-only). */
async function copyModule(source, dir) {
  cpSync(source, dir, { recursive: true });
  await runCommand('chmod', ['-R', 'u+w', dir], { timeoutMs: 0 });
}

/** Takes the unserved providers out of lego's provider factory (package providers/dns). */
function dropDnsProviders(legoDir, version) {
  const file = join(legoDir, 'providers', 'dns', 'zz_gen_dns_providers.go');
  let source = readFileSync(file, 'utf8');
  for (const provider of UNSERVED_DNS_PROVIDERS) {
    const importLine = `\t"${LEGO}/providers/dns/${provider}"\n`;
    const call = `return ${provider}.NewDNSProvider()`;
    if (!source.includes(importLine) || !source.includes(call)) {
      throw new SetupError(
        `lego ${version} has no DNS provider ${provider} where Traefik's build expects one: update UNSERVED_DNS_PROVIDERS in scripts/k8s/traefik-build.mjs`,
      );
    }
    const refusal = `return nil, fmt.Errorf("DNS provider %s: left out of this build of Traefik (its SDK's Go module is not served here)", name)`;
    source = source.replace(importLine, '').replace(call, refusal);
  }
  writeFileSync(file, source);
}

/** The version of `path` that Traefik's go.mod requires. */
function requiredVersion(goMod, path) {
  const version = goMod.Require?.find((require) => require.Path === path)?.Version;
  if (!version) throw new SetupError(`Traefik's go.mod does not require ${path}`);
  return version;
}

/** Fills the Traefik copy at `work` with the three changes; returns its replace flags. */
async function patchTraefik(work, goMod) {
  const ext = join(work, 'pkg', 'config', 'dynamic', 'ext');
  mkdirSync(ext, { recursive: true });
  writeFileSync(join(ext, 'go.mod'), `module ${EXT}\n\ngo 1.24.0\n`);
  copyFileSync(patch('dynamic-ext.go'), join(ext, 'ext.go'));

  // Leading underscores keep the copies out of `./...`; their go.mod makes them modules.
  const httpAuth = join(work, '_go-http-auth');
  await copyModule(downloadModule(HTTP_AUTH, HTTP_AUTH_VERSION).dir, httpAuth);
  writeFileSync(join(httpAuth, 'go.mod'), `module ${HTTP_AUTH}\n\ngo 1.12\n`);
  copyFileSync(patch('go-http-auth.go'), join(httpAuth, 'zz_traefik_compat.go'));

  const legoVersion = requiredVersion(goMod, LEGO);
  const lego = join(work, '_lego');
  await copyModule(downloadModule(LEGO, legoVersion).dir, lego);
  dropDnsProviders(lego, legoVersion);
  return [`-replace=${HTTP_AUTH}=./_go-http-auth`, `-replace=${LEGO}=./_lego`];
}

/** Builds Traefik `version` (static, stripped) into `target`; ~10-15 min the first time. */
export async function buildTraefik({ version, target }) {
  const what = `Traefik ${version}`;
  assertGo(what);
  const started = Date.now();
  say('traefik', `building ${what} from its Go module ${MODULE} (first run only; ~10-15 min)`);
  const traefik = downloadModule(MODULE, version);
  const work = join(cacheDir, `traefik-build.tmp-${process.pid}`);
  const partial = `${target}.tmp-${process.pid}`;
  try {
    await copyModule(traefik.dir, work);
    const replaces = await patchTraefik(work, traefik.goMod);
    await go(['mod', 'edit', ...replaces], { cwd: work });

    let compiled = 0;
    const stop = heartbeat(
      'traefik',
      () => `compiling ${what}: ${compiled} packages (${seconds(started)})`,
    );
    mkdirSync(dirname(target), { recursive: true });
    const stamp = `${MODULE}/pkg/version`;
    // -mod=mod: go.sum takes the hashes that the replacements need.
    // prettier-ignore
    await go(
      [
        'build', '-v', '-mod=mod', '-trimpath', '-buildvcs=false',
        // As Traefik's release workflow stamps them (.github/workflows/release.yaml).
        '-ldflags', `-s -w -X ${stamp}.Version=${version} -X ${stamp}.Codename=langres`,
        '-o', partial, './cmd/traefik',
      ],
      {
        cwd: work,
        env: { CGO_ENABLED: '0', GOWORK: 'off' },
        onLine: () => (compiled += 1),
        nice: true,
      },
    ).finally(stop);
    renameSync(partial, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
  const sizeMb = (statSync(target).size / 1024 / 1024).toFixed(0);
  say('traefik', `${what} built in ${seconds(started)} (${sizeMb} MB) → ${target}`);
  return target;
}
