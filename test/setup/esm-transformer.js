/**
 * Jest (before Node 24.9) cannot `require()` ES modules, and NestJS 12, pkijs 4 and many small packages ship
 * ESM only. Node 20 itself loads them fine (require(esm)), so only the test runtime needs this: a file is
 * transpiled to CommonJS when it is an ES module by Node's own rule (`.mjs`, or `.js` inside a package whose
 * package.json says "type": "module"); everything else passes through untouched.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

// SWC, as for the TypeScript (jest.config.js): part of the cache key, so an upgrade transpiles again.
const swcVersion = require('@swc/core/package.json').version;

const typeByDir = new Map();

function packageType(dir) {
  if (typeByDir.has(dir)) {
    return typeByDir.get(dir);
  }
  let type = 'commonjs';
  const manifest = path.join(dir, 'package.json');
  if (fs.existsSync(manifest)) {
    try {
      type = JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module' ? 'module' : 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else {
    const parent = path.dirname(dir);
    type = parent === dir ? 'commonjs' : packageType(parent);
  }
  typeByDir.set(dir, type);
  return type;
}

function isEsm(filename) {
  if (filename.endsWith('.mjs')) {
    return true;
  }
  if (filename.endsWith('.cjs')) {
    return false;
  }
  return packageType(path.dirname(filename)) === 'module';
}

module.exports = {
  process(source, filename) {
    if (!isEsm(filename)) {
      return { code: source };
    }
    const cjsSource = source
      // ESM code that rebuilds `require` gets the real one back in CommonJS.
      .replace(/^\s*const require = createRequire\(import\.meta\.url\);?\s*$/m, '')
      .replace(/\bimport\.meta\.url\b/g, 'require("url").pathToFileURL(__filename).href')
      .replace(/\bimport\.meta\.dirname\b/g, '__dirname')
      .replace(/\bimport\.meta\.filename\b/g, '__filename');
    const out = swc.transformSync(cjsSource, {
      filename,
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs', strict: false },
      sourceMaps: false,
      swcrc: false,
      configFile: false,
    });
    return { code: out.code };
  },
  getCacheKey(source, filename) {
    return crypto.createHash('sha1').update(`esm-v4-swc-${swcVersion}`).update(filename).update(source).digest('hex');
  },
};
