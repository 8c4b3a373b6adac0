// CPU time of every process the bench started, read from /proc, so a run can say how much
// CPU one request cost in each process. Each process counts towards the nearest ancestor
// that has a name (an app, a sidecar); the rest go by their command (Kafka is a java).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** The row of processes the bench did not start. */
export const OTHERS = 'processes not started by the bench';

/** CPU time all cores spent busy since boot (/proc/stat), in ms. */
function machineBusyMs() {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}

function processes() {
  const found = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      found.set(Number(entry), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        cmdline,
      });
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/** `named`: pid → name for the processes the bench knows (apps and sidecars). */
export function cpuByProcess(named) {
  const all = processes();
  const byName = new Map();
  for (const [pid, proc] of all) {
    let name;
    for (let at = pid; at && at !== process.pid; at = all.get(at)?.ppid) {
      name = named.get(at);
      if (name) break;
      if (all.get(at)?.ppid === process.pid) {
        const { cmdline } = all.get(at);
        name = cmdline.some((arg) => /kafka/i.test(arg)) ? 'Kafka' : cmdline[0].split('/').pop();
        break;
      }
    }
    if (!name) continue; // not ours
    byName.set(name, (byName.get(name) ?? 0) + (proc.ticks * 1000) / TICKS_PER_SECOND);
  }
  const self = process.cpuUsage();
  byName.set('the load generator', (self.user + self.system) / 1000);
  // What else ran meanwhile (another build, a browser) slows the run: shown, not hidden.
  const ours = [...byName.values()].reduce((sum, ms) => sum + ms, 0);
  byName.set(OTHERS, machineBusyMs() - ours);
  return byName;
}

/** The names a bench system's apps and sidecars go by. */
export function namesOf(apps) {
  return new Map(
    apps.flatMap((app) => [
      [app.appProcess.pid, `${app.appId} (node)`],
      [app.daprdProcess.pid, `${app.appId}'s daprd`],
    ]),
  );
}

/** ms of CPU per request, by process, between two cpuByProcess snapshots. */
export function cpuPerRequest(before, after, requests, seconds) {
  return [...after]
    .map(([name, ms]) => ({
      name,
      percent: (100 * (ms - (before.get(name) ?? 0))) / (seconds * 1000),
      perRequest: (ms - (before.get(name) ?? 0)) / requests,
    }))
    .filter((row) => row.perRequest >= 0.005)
    .sort((a, b) => b.perRequest - a.perRequest);
}
