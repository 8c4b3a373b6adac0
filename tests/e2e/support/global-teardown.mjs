export default async function globalTeardown() {
  await globalThis.__todoDaprSystem?.stop();
}
