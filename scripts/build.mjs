#!/usr/bin/env node
/**
 * Bundles the server into dist/main.js with esbuild (about half a second), so `npm start` loads one
 * JavaScript file instead of compiling hundreds of TypeScript modules at every start. Packages stay in
 * node_modules (native modules and the design system's files are used from there).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: '@kitajs/html',
  sourcemap: 'linked',
  logLevel: 'warning',
})
