// What a registry holds, for `npm run dev` to print: each subject, its versions and its
// compatibility level, through the ccompat API.
async function get(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

/**
 * @param {string} url the ccompat base
 * @returns {Promise<{ subject: string, versions: number[], compatibility: string }[]>}
 */
export async function registrySubjects(url) {
  const subjects = (await get(`${url}/subjects`)).toSorted();
  return Promise.all(
    subjects.map(async (subject) => ({
      subject,
      versions: await get(`${url}/subjects/${subject}/versions`),
      compatibility: (await get(`${url}/config/${subject}`)).compatibilityLevel,
    })),
  );
}

/** "todos-value v1..v2, users-value v1; BACKWARD_TRANSITIVE", or "no subjects". */
export function describeSubjects(subjects) {
  if (subjects.length === 0) return 'no subjects';
  const versions = (list) =>
    list.length > 1 ? `v${list[0]}..v${list.at(-1)}` : list.map((v) => `v${v}`).join('');
  const levels = [...new Set(subjects.map((s) => s.compatibility))].join(', ');
  return `${subjects.map((s) => `${s.subject} ${versions(s.versions)}`).join(', ')}; ${levels}`;
}
