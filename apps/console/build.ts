/**
 * Builds the web console: esbuild bundles src/main.tsx (code split per page) into hashed
 * `assets/*.js|css` with `.br` and `.gz` beside each, writes `index.html` (no inline script or
 * style: CSP `script-src 'self'; style-src 'self'`) and `sw.js` (the offline app shell).
 * `tsx apps/console/build.ts [outDir]` runs it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { createRequire } from 'node:module';
import { build, type Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * `import { z } from 'zod'` keeps every member of zod's namespace, including its 40 message
 * locales (~170 KB). The console needs zod's classic API with the English default only: this
 * plugin serves `zod` as the same API minus `locales`, `core` and `toJSONSchema`, configured
 * jitless (no eval, as the gateway's Content-Security-Policy demands).
 */
function zodWithoutLocales(): Plugin {
  const contracts = createRequire(join(here, '../../packages/contracts/package.json'));
  const zodDir = dirname(contracts.resolve('zod/package.json'));
  const file = (path: string): string => JSON.stringify(join(zodDir, path));
  const lite = [
    ...['schemas', 'checks', 'errors', 'parse', 'compat'].map(
      (name) => `export * from ${file(`v4/classic/${name}.js`)};`,
    ),
    `import { config } from ${file('v4/core/index.js')};`,
    `import en from ${file('v4/locales/en.js')};`,
    'config(en());',
    // The CSP forbids eval: without this zod probes `new Function` when a schema is built (at
    // module load, before any code of ours could configure it), a CSP violation on every page.
    'config({ jitless: true });',
    `export { globalRegistry, registry, config, $output, $input, $brand, clone, regexes, treeifyError, prettifyError, formatError, flattenError, TimePrecision, util, NEVER } from ${file('v4/core/index.js')};`,
    `export { ZodISODateTime, ZodISODate, ZodISOTime, ZodISODuration } from ${file('v4/classic/iso.js')};`,
    `export * as iso from ${file('v4/classic/iso.js')};`,
    `export * as coerce from ${file('v4/classic/coerce.js')};`,
  ].join('\n');
  return {
    name: 'zod-without-locales',
    setup(builder) {
      builder.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', namespace: 'zod-lite' }));
      builder.onResolve({ filter: /^zod-lite-api$/ }, () => ({ path: 'api', namespace: 'zod-lite' }));
      builder.onLoad({ filter: /.*/, namespace: 'zod-lite' }, (args) => ({
        contents:
          args.path === 'api'
            ? lite
            : "import * as z from 'zod-lite-api';\nexport * from 'zod-lite-api';\nexport { z };\nexport default z;",
        resolveDir: zodDir,
        loader: 'js',
      }));
    },
  };
}

export interface BuildConsoleOptions {
  outDir?: string;
  minify?: boolean;
}

export interface BuildConsoleResult {
  outDir: string;
  /** Every written file, relative to `outDir`. */
  files: string[];
}

export async function buildConsole(options: BuildConsoleOptions = {}): Promise<BuildConsoleResult> {
  const outDir = resolve(options.outDir ?? join(here, 'dist'));
  const minify = options.minify ?? true;
  const assetsDir = join(outDir, 'assets');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(assetsDir, { recursive: true });

  const result = await build({
    entryPoints: { main: join(here, 'src/main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    outdir: assetsDir,
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    write: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [zodWithoutLocales()],
  });

  const outputs = Object.keys(result.metafile.outputs).map((file) => resolve(file));
  const assetFiles = outputs.filter((file) => /\.(js|css)$/.test(file));
  // Dynamic-import chunks carry an `entryPoint` too: the page entry is the one built from main.tsx.
  const entry = Object.entries(result.metafile.outputs).find(
    ([file, output]) => output.entryPoint?.endsWith('src/main.tsx') === true && file.endsWith('.js'),
  );
  if (!entry) throw new Error('console build: no entry output');
  const mainJs = basename(entry[0]);
  const mainCss = entry[1].cssBundle ? basename(entry[1].cssBundle) : undefined;
  // The chunks the entry imports statically: preloaded with it, not discovered one round trip later.
  const preload = (entry[1].imports ?? [])
    .filter((imported) => imported.kind === 'import-statement' && imported.path.endsWith('.js'))
    .map((imported) => basename(imported.path));
  const urls = assetFiles.map((file) => `/assets/${basename(file)}`).sort();

  // Compressed copies beside each asset; the gateway picks one by Accept-Encoding.
  for (const file of assetFiles) {
    const bytes = await readFile(file);
    await writeFile(
      `${file}.br`,
      await brotli(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
    );
    await writeFile(`${file}.gz`, await gz(bytes, { level: 9 }));
  }

  await writeFile(join(outDir, 'index.html'), indexHtml(mainJs, mainCss, preload));

  const version = createHash('sha256').update(urls.join('\n')).digest('hex').slice(0, 12);
  await build({
    entryPoints: [join(here, 'src/sw/sw.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    outfile: join(outDir, 'sw.js'),
    minify,
    legalComments: 'none',
    logLevel: 'warning',
    define: { __PRECACHE__: JSON.stringify(urls), __VERSION__: JSON.stringify(version) },
  });

  const files = [
    'index.html',
    'sw.js',
    ...assetFiles.flatMap((file) => {
      const name = relative(outDir, file);
      return [name, `${name}.br`, `${name}.gz`];
    }),
  ].sort();
  return { outDir, files };
}

function indexHtml(mainJs: string, mainCss: string | undefined, preload: readonly string[]): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#0b5d3b">
<meta name="referrer" content="no-referrer">
<title>SIKS</title>
<link rel="icon" href="data:,">
${mainCss ? `<link rel="stylesheet" href="/assets/${mainCss}">\n` : ''}${preload.map((chunk) => `<link rel="modulepreload" href="/assets/${chunk}">\n`).join('')}<script type="module" src="/assets/${mainJs}"></script>
</head>
<body>
<div id="app"></div>
<noscript>SIKS membutuhkan JavaScript. / SIKS needs JavaScript.</noscript>
</body>
</html>
`;
}

/** Sizes of the built assets (bytes): raw, brotli and gzip, per file. */
export async function assetSizes(
  result: BuildConsoleResult,
): Promise<{ file: string; raw: number; br: number; gz: number }[]> {
  const rows = [];
  for (const file of result.files.filter((name) => /\.(js|css)$/.test(name) && name.startsWith('assets'))) {
    const size = async (name: string): Promise<number> => (await readFile(join(result.outDir, name))).length;
    rows.push({ file, raw: await size(file), br: await size(`${file}.br`), gz: await size(`${file}.gz`) });
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const result = await buildConsole(process.argv[2] ? { outDir: process.argv[2] } : {});
  const rows = await assetSizes(result);
  for (const row of rows) console.log(`${row.file.padEnd(40)} raw ${row.raw} B  br ${row.br} B  gz ${row.gz} B`);
  const total = rows.reduce((sum, row) => ({ br: sum.br + row.br, gz: sum.gz + row.gz }), { br: 0, gz: 0 });
  console.log(`total compressed: br ${total.br} B, gz ${total.gz} B → ${result.outDir}`);
}
