// Builds the widget into ONE minified script, dist/widget.js (an IIFE: no globals, no imports at run time).
// `node build.mjs` from apps/widget (npm run build -w apps/widget); the size test calls buildWidget().
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Bundle src/main.ts to `outfile` (default dist/widget.js); resolves the written size in bytes. */
export async function buildWidget(outfile = resolve(here, 'dist/widget.js')) {
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [resolve(here, 'src/main.ts')],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    // Every browser with Shadow DOM v1 and optional chaining (2020+); newer syntax is lowered.
    target: 'es2020',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.values(result.metafile.outputs)[0].bytes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bytes = await buildWidget();
  console.log(`widget: dist/widget.js ${(bytes / 1024).toFixed(1)} KB`);
}
