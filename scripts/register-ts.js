/**
 * `node -r ./scripts/register-ts.js entry.ts`: run this repository's TypeScript in Node — transpiled file by file,
 * without a type check (as ts-node's transpile-only does), with each file's output kept on disk
 * (node_modules/.cache/par-index-ts, keyed by a hash of the source and the compiler options), and the path aliases
 * of tsconfig.json (@lib/…, @config) resolved by tsconfig-paths.
 *
 * Why not ts-node: it transpiles all ~400 files again at every start — about 7 of the 12 CPU-seconds an api or
 * worker took to start on a 2-core machine. `npm start` starts three processes and the test suite a dozen real
 * ones (boot failures, killed workers, Redis loss); from the cache a start is the module loading alone.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'par-index-ts');

// The cache key covers what decides the output: the compiler's version, tsconfig.json and this file. TypeScript
// itself (8 MB) is only loaded on a miss, so a start from the cache does not pay for it — nor does each PDF
// checking thread, which loads its handler through this hook too.
const salt = crypto
  .createHash('sha256')
  .update(JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version)
  .update(fs.readFileSync(path.join(root, 'tsconfig.json')))
  .update(fs.readFileSync(__filename))
  .digest('hex');

let compiler;
function compile(source, filename) {
  if (!compiler) {
    const ts = require('typescript');
    const file = path.join(root, 'tsconfig.json');
    const read = ts.readConfigFile(file, ts.sys.readFile);
    if (read.error) {
      throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
    }
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, file);
    const options = {
      ...parsed.options,
      module: ts.ModuleKind.CommonJS,
      isolatedModules: true,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: false,
      declaration: false,
      incremental: false,
      noEmit: false,
      outDir: undefined,
    };
    compiler = (text, name) =>
      ts.transpileModule(text, { compilerOptions: options, fileName: name, reportDiagnostics: false }).outputText;
  }
  return compiler(source, filename);
}

function transpile(source, filename) {
  const key = crypto.createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source);
  const cached = path.join(cacheDir, `${key.digest('hex')}.js`);
  try {
    return fs.readFileSync(cached, 'utf8');
  } catch {
    // Not cached yet: transpile below.
  }
  const output = compile(source, filename);
  // Written whole under a temporary name, then renamed: processes starting at once never read half a file.
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, output);
  fs.renameSync(tmp, cached);
  return output;
}

const nodeModules = `${path.sep}node_modules${path.sep}`;
require.extensions['.ts'] = function loadTs(module, filename) {
  if (filename.includes(nodeModules)) {
    throw new Error(`register-ts: a .ts file inside node_modules is not transpiled: ${filename}`);
  }
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
// Stack traces point at the TypeScript lines (the inline source maps above) — in the main thread, unless
// PAR_SOURCE_MAPS=off. Node then also parses the source map of every package file that names one: pdf.js's alone
// are ~100 MB of heap in each PDF-checking worker thread (18 MB without), the api's packages ~40 MB (59 MB without),
// and a larger heap is a slower full garbage collection. The worker threads return their failures as data, so they
// go without; `npm run bench` turns them off in its processes, to measure what the compiled build runs (it has none).
if (require('node:worker_threads').isMainThread && process.env.PAR_SOURCE_MAPS !== 'off') {
  process.setSourceMapsEnabled(true);
}
require('tsconfig-paths/register');
