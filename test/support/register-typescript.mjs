// `node --import ./test/support/register-typescript.mjs some-file.ts` runs TypeScript without a
// build step (used for child processes the tests start and kill).
import { register } from 'node:module';

register('./typescript-hooks.mjs', import.meta.url);
