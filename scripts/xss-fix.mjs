#!/usr/bin/env node
/**
 * Fixes what `xss-scan` reports (K601: dynamic text without `safe`) the way the project wants it:
 * the element holding the text gets the `safe` attribute, so @kitajs/html escapes it. Where that
 * element also holds markup (which `safe` would escape too), the text alone is wrapped in
 * `<span safe>`. Run `npx xss-scan` afterwards: what remains needs a person.
 * Usage: npx xss-scan > /tmp/xss.txt; node scripts/xss-fix.mjs /tmp/xss.txt
 */
import { readFileSync, writeFileSync } from 'node:fs'
import ts from 'typescript'

const report = readFileSync(process.argv[2] ?? '/dev/stdin', 'utf8')
const byFile = new Map()
for (const [, file, line, column] of report.matchAll(/^(\S+\.tsx)\((\d+),(\d+)\): error TS0 K601/gm)) {
  if (!byFile.has(file)) byFile.set(file, [])
  byFile.get(file).push([Number(line), Number(column)])
}

const hasMarkup = (node) => {
  let found = false
  const visit = (n) => {
    if (ts.isJsxElement(n) || ts.isJsxSelfClosingElement(n) || ts.isJsxFragment(n)) found = true
    else ts.forEachChild(n, visit)
  }
  ts.forEachChild(node, visit)
  return found
}

for (const [file, positions] of byFile) {
  const text = readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX)
  const edits = new Map() // offset -> insertion, applied from the end
  const wraps = []
  for (const [line, column] of positions) {
    const offset = source.getPositionOfLineAndCharacter(line - 1, column - 1)
    let node = source
    const find = (n) => {
      if (offset >= n.getStart(source) && offset < n.getEnd()) {
        node = n
        ts.forEachChild(n, find)
      }
    }
    find(source)
    while (node && !ts.isJsxExpression(node)) node = node.parent
    if (!node || !ts.isJsxElement(node.parent)) continue
    const element = node.parent
    const others = element.children.filter((c) => c !== node)
    const markupBeside = others.some((c) => !ts.isJsxText(c) && (ts.isJsxExpression(c) ? hasMarkup(c) : true))
    if (!markupBeside && !hasMarkup(node)) {
      const tag = element.openingElement
      edits.set(tag.attributes.getEnd(), ' safe')
    } else if (!hasMarkup(node)) {
      wraps.push([node.getStart(source), node.getEnd()])
    }
  }
  let out = text
  const all = [...[...edits].map(([at, insert]) => [at, at, insert]), ...wraps.map(([s, e]) => [s, e, null])]
  all.sort((a, b) => b[0] - a[0])
  for (const [start, end, insert] of all) {
    out =
      insert === null
        ? `${out.slice(0, start)}<span safe>${out.slice(start, end)}</span>${out.slice(end)}`
        : `${out.slice(0, start)}${insert}${out.slice(start)}`
  }
  if (out !== text) {
    writeFileSync(file, out)
    process.stdout.write(`${file}: ${edits.size} safe, ${wraps.length} wrapped\n`)
  }
}
