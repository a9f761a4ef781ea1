import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const embedded = globalThis.__embeddedPg;
  if (!embedded) return;
  await embedded.pg.stop();
  await rm(embedded.root, { recursive: true, force: true });
}
