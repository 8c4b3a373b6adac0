import { UsageError } from './usage-error.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** The last second of a local day: "due 2025-06-30" means by the end of it. */
function endOfDay(year: number, month: number, day: number): Date | undefined {
  const date = new Date(year, month - 1, day, 23, 59, 59);
  return date.getMonth() === month - 1 && date.getDate() === day ? date : undefined;
}

/**
 * --due: `today`, `tomorrow`, a date (its end, local time), or a date and time (local unless
 * it has Z or an offset). The answer is the UTC instant the API stores.
 */
export function parseDue(text: string, now = new Date()): string {
  const value = text.trim();
  let due: Date | undefined;
  if (value === 'today' || value === 'tomorrow') {
    const offset = value === 'today' ? 0 : 1;
    due = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset, 23, 59, 59);
  } else if (DATE.test(value)) {
    const [, year, month, day] = DATE.exec(value)?.map(Number) ?? [];
    due = endOfDay(year ?? 0, month ?? 0, day ?? 0);
  } else if (DATE_TIME.test(value)) {
    // ECMAScript reads a date-time without an offset as local time.
    due = new Date(value);
  }
  if (!due || Number.isNaN(due.getTime())) {
    throw new UsageError(
      `--due takes today, tomorrow, a date (2025-06-30) or a date and time (2025-06-30T17:00, with Z or +02:00 if not local); not "${text}".`,
    );
  }
  return due.toISOString();
}
