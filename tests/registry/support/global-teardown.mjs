export default async function globalTeardown() {
  await globalThis.schemaRegistry?.stop();
}
