// Module hooks that let a plain `node` child process run the project's TypeScript directly:
// `.js` imports fall back to the `.ts` file next to them (the `module: nodenext` convention), and
// `.ts` files are transpiled one by one with the compiler's own transpileModule (the project is
// `isolatedModules`, so per-file transpilation is exact). Registered by register-typescript.mjs.
//
// Tests start such processes by the dozen (a crash test restarts its worker twenty times), and
// each would transpile the same files again: the output is kept in node_modules/.cache, keyed by
// the file's path and content and by these hooks and the compiler version, so a process
// transpiles only what changed, and loads the compiler only then.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/typescript-hooks/', import.meta.url));
const SETUP = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(createRequire(import.meta.url)('typescript/package.json').version)
  .digest('hex');

let transpile;

async function compiler() {
  const ts = (await import('typescript')).default;
  const compilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    esModuleInterop: true,
    inlineSourceMap: true,
  };
  return (source, fileName) => ts.transpileModule(source, { compilerOptions, fileName }).outputText;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('file:');
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !relative || !specifier.endsWith('.js')) throw error;
    return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const cached = path.join(CACHE_DIR, `${createHash('sha256').update(SETUP).update(fileName).update(source).digest('hex')}.js`);
  let output;
  try {
    output = await readFile(cached, 'utf8');
  } catch {
    transpile ??= await compiler();
    output = transpile(source, fileName);
    // Written aside then renamed: processes starting together never read a half-written file.
    await mkdir(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}`;
    await writeFile(partial, output);
    await rename(partial, cached);
  }
  return { format: 'module', source: output, shortCircuit: true };
}
