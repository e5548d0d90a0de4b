#!/usr/bin/env node
// Builds the web console into static files (dist/console by default): each TypeScript module of
// console/src is transpiled on its own into a browser ES module (the type check is
// `npm run typecheck`), console/static is copied as it is, and the two libraries the browser
// imports are copied from node_modules into vendor/, each import of them rewritten to its
// relative path (an inline import map would need an exception in the Content-Security-Policy).
// Nothing is fetched at run time: the console works offline.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const SOURCE = path.join(ROOT, 'console', 'src');
const STATIC = path.join(ROOT, 'console', 'static');

const VENDOR = [
  { specifier: '@dagrejs/dagre', from: path.join(ROOT, 'node_modules', '@dagrejs', 'dagre', 'dist', 'dagre.esm.js'), to: 'vendor/dagre.js', entry: 'vendor/dagre.js' },
  { specifier: 'yaml', from: path.join(ROOT, 'node_modules', 'yaml', 'browser', 'dist'), to: 'vendor/yaml', entry: 'vendor/yaml/index.js' },
  // A package of ES modules: `@noble/hashes/hmac.js` maps to vendor/noble-hashes/hmac.js.
  { prefix: '@noble/hashes/', from: path.join(ROOT, 'node_modules', '@noble', 'hashes'), to: 'vendor/noble-hashes', entry: 'vendor/noble-hashes/', keep: (relative) => !relative.endsWith('.d.ts') && !relative.endsWith('.map') && relative.split(path.sep)[0] !== 'src' },
];

/** `from 'yaml'` in views/x.js becomes `from '../vendor/yaml/index.js'`. */
function rewriteImports(code, relativeFile) {
  const relativeTo = (entry) => {
    const target = path.posix.relative(path.posix.dirname(relativeFile), entry) + (entry.endsWith('/') ? '/' : '');
    return target.startsWith('.') ? target : `./${target}`;
  };
  return code.replace(/(from\s*|import\s*\(\s*)(['"])([^'"]+)\2/g, (whole, keyword, quote, specifier) => {
    for (const { specifier: exact, prefix, entry } of VENDOR) {
      if (exact === specifier) return `${keyword}${quote}${relativeTo(entry)}${quote}`;
      if (prefix && specifier.startsWith(prefix)) return `${keyword}${quote}${relativeTo(entry)}${specifier.slice(prefix.length)}${quote}`;
    }
    return whole;
  });
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function buildConsole(outDir = path.join(ROOT, 'dist', 'console')) {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of walk(SOURCE).filter((f) => f.endsWith('.ts'))) {
    const relative = path.relative(SOURCE, file).split(path.sep).join('/').replace(/\.ts$/, '.js');
    const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, isolatedModules: true },
      fileName: file,
    });
    fs.mkdirSync(path.dirname(path.join(outDir, relative)), { recursive: true });
    fs.writeFileSync(path.join(outDir, relative), rewriteImports(outputText, relative));
  }
  fs.cpSync(STATIC, outDir, { recursive: true });
  for (const { from, to, keep } of VENDOR) fs.cpSync(from, path.join(outDir, to), { recursive: true, filter: (file) => !keep || keep(path.relative(from, file)) });
  return outDir;
}

module.exports = { buildConsole };

if (require.main === module) {
  const outDir = buildConsole(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`console built into ${path.relative(process.cwd(), outDir) || '.'}`);
}
