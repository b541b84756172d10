/**
 * Jest (before Node 24.9) cannot `require()` ES modules, and NestJS 12, pkijs 4 and others ship ESM only.
 * Node 20 itself loads them fine (require(esm)), so only the test runtime needs this: files that use
 * import/export syntax are transpiled to CommonJS; everything else passes through untouched.
 */
const crypto = require('node:crypto');
const ts = require('typescript');

const ESM = /(^|\n)\s*(import\s*[\w{*'"]|export\s+(\*|\{|default|const|class|function|async|let|var))/;

module.exports = {
  process(source, filename) {
    if (!ESM.test(source)) {
      return { code: source };
    }
    const cjsSource = source
      // ESM code that rebuilds `require` gets the real one back in CommonJS.
      .replace(/^\s*const require = createRequire\(import\.meta\.url\);?\s*$/m, '')
      .replace(/\bimport\.meta\.url\b/g, 'require("url").pathToFileURL(__filename).href');
    const out = ts.transpileModule(cjsSource, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
        sourceMap: false,
      },
    });
    return { code: out.outputText };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha1').update('esm-v2').update(filename).update(source).digest('hex');
  },
};
