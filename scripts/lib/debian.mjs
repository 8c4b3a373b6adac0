// Debian's packages for what the project runs beside its services (PostgreSQL, Redis,
// RabbitMQ, NATS, Docker): installed with apt-get when missing, as root or through `sudo -n`.
import { execFileSync } from 'node:child_process';
import { say, seconds, SetupError } from './console.mjs';

export const isRoot = process.getuid?.() === 0;

/** The full path of `binary` on PATH, or '' when there is none. */
export function which(binary) {
  try {
    return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** The command prefix that runs something as root: nothing as root, else `sudo -n`. */
export function asRoot(why) {
  if (isRoot) return [];
  if (which('sudo')) {
    try {
      execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
      return ['sudo', '-n'];
    } catch {
      // sudo wants a password: fall through.
    }
  }
  throw new SetupError(
    `${why} needs root: run this as root, or make \`sudo -n\` work (e.g. run \`sudo true\` first).`,
  );
}

/** Installs Debian packages with apt-get (as root, or through sudo), showing its progress. */
export function aptInstall(packages, why, { recommends = false, step = 'apt' } = {}) {
  const them = packages.length > 1 ? 'them' : 'it';
  if (!which('apt-get')) {
    throw new SetupError(
      `${why} needs ${packages.join(' ')}, and there is no apt-get here to install ${them}: install ${them} and run again.`,
    );
  }
  const [command, ...prefix] = [...asRoot(`installing ${packages.join(' ')}`), 'apt-get'];
  const started = Date.now();
  say(step, `installing ${packages.join(' ')} from Debian's packages (${why})…`);
  const install = [
    'install',
    '-y',
    ...(recommends ? [] : ['--no-install-recommends']),
    ...packages,
  ];
  const apt = (args) =>
    execFileSync(command, [...prefix, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  try {
    apt(install);
  } catch {
    // Stale or missing package lists are the usual cause: refresh them once.
    try {
      apt(['update']);
      apt(install);
    } catch {
      throw new SetupError(
        `apt-get could not install ${packages.join(' ')} (see its output above): install ${them} by hand and run again.`,
      );
    }
  }
  say(step, `installed ${packages.join(' ')} in ${seconds(started)}`);
}
