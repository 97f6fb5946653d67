/**
 * The catalogue's health, beyond what the type check proves: no key blank or missing in a language,
 * the same placeholders in all three, and no key that nothing uses (like Decidim's i18n-tasks).
 * A key is used when it appears as a string literal in `src/**` outside the `defineMessages({...})`
 * tables and outside tests, or when its plural base does (`journal.page.count` uses `_one`/`_other`),
 * or when a template literal names its prefix (`` `journal.action.${action}` ``).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { LANGUAGES } from '../db/schema.ts'
import { catalog } from './catalog.ts'

const SRC = path.resolve(import.meta.dirname, '..')
const messages = catalog as Record<string, Record<string, string>>
const english = messages.en as Record<string, string>
const KEYS = Object.keys(english).sort()

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(full)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : []
  })
}

const isDefineMessages = (node: ts.Node): boolean =>
  ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineMessages'

/** String literals and template-literal prefixes in the code, leaving out the message tables themselves. */
function literalsInCode(): { literals: Set<string>; prefixes: Set<string> } {
  const literals = new Set<string>()
  const prefixes = new Set<string>()
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if (isDefineMessages(node)) return
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text)
      if (ts.isTemplateExpression(node) && /^[a-z_]+\.[a-z_.]*$/.test(node.head.text)) prefixes.add(node.head.text)
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { literals, prefixes }
}

const placeholders = (text: string): string[] => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort()

describe('message catalogue', () => {
  it('has keys at all', () => {
    expect(KEYS.length).toBeGreaterThan(10)
  })

  it('has every key, non-blank, in every language', () => {
    const problems: string[] = []
    for (const language of LANGUAGES) {
      const table = messages[language] ?? {}
      for (const key of KEYS) {
        const value = table[key]
        if (typeof value !== 'string') problems.push(`${language}: ${key} is missing`)
        else if (value.trim() === '') problems.push(`${language}: ${key} is empty`)
      }
      for (const key of Object.keys(table)) {
        if (!(key in english)) problems.push(`${language}: ${key} is not in English`)
      }
    }
    expect(problems).toEqual([])
  })

  it('uses the same placeholders in every language', () => {
    const problems: string[] = []
    for (const key of KEYS) {
      const expected = placeholders(english[key] as string)
      for (const language of LANGUAGES) {
        const found = placeholders(messages[language]?.[key] ?? '')
        if (found.join() !== expected.join()) {
          problems.push(`${key}: ${language} has ${found.join(' ') || 'none'}, en has ${expected.join(' ') || 'none'}`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('has no key that the code never uses', () => {
    const { literals, prefixes } = literalsInCode()
    const used = (key: string) => {
      const base = key.replace(/_(zero|one|two|few|many|other)$/, '')
      return literals.has(key) || literals.has(base) || [...prefixes].some((prefix) => key.startsWith(prefix))
    }
    expect(KEYS.filter((key) => !used(key))).toEqual([])
  })
})
