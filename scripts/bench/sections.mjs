// BENCHMARKS.md is written by more than one command: `npm run bench` writes the top, and the
// sections of `npm run bench -- brokers` and `npm run bench:compose` are kept where they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths.mjs';

const file = join(repoRoot, 'BENCHMARKS.md');
/** The sections other commands own, by their heading, in the order they are kept. */
export const OWNED_SECTIONS = ['## Brokers', '## Docker Compose'];

const read = () => (existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n');

/** The text of section `heading` (to the next `## ` heading or the end), or ''. */
function sectionOf(text, heading) {
  const start = text.indexOf(`${heading}`);
  if (start === -1) return '';
  const end = text.indexOf('\n## ', start + heading.length);
  return text.slice(start, end === -1 ? undefined : end + 1).trimEnd();
}

/** Writes `top` (npm run bench's report) and keeps the owned sections after it. */
export function writeTop(top) {
  const previous = read();
  const kept = OWNED_SECTIONS.map((heading) => sectionOf(previous, heading)).filter(Boolean);
  writeFileSync(file, [top.trimEnd(), ...kept].join('\n\n') + '\n');
}

/** Replaces the section that starts with `section`'s heading, keeping everything else. */
export function writeSection(section) {
  const previous = read();
  const heading = OWNED_SECTIONS.find((h) => section.startsWith(h));
  if (!heading) throw new Error(`not an owned section: ${section.split('\n')[0]}`);
  const firstOwned = OWNED_SECTIONS.map((h) => previous.indexOf(h))
    .filter((at) => at !== -1)
    .reduce((a, b) => Math.min(a, b), previous.length);
  const top = previous.slice(0, firstOwned);
  const sections = OWNED_SECTIONS.map((h) =>
    h === heading ? section.trimEnd() : sectionOf(previous, h),
  ).filter(Boolean);
  writeFileSync(file, [top.trimEnd(), ...sections].join('\n\n') + '\n');
}
