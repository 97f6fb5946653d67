/**
 * Instant decisions (straksafgørelser): the service's rules evaluated on the answers at submission.
 * All rules pass: approved. Any fails: refused, with each failed rule's reason. The result keeps every
 * rule as it was evaluated, so the decision can show later which rules and which version decided it.
 */
import type { Definition, Rule, Text } from '../forms/definition.ts'
import { type Answers, parseDate } from '../forms/validate.ts'

export interface RuleResult {
  rule: Rule
  passed: boolean
}

export interface Evaluation {
  outcome: 'approved' | 'refused'
  results: RuleResult[]
  reasons: Text[]
}

/** Whole years between a birth date and today. */
export function ageOn(birth: Date, today: Date): number {
  let age = today.getUTCFullYear() - birth.getUTCFullYear()
  const beforeBirthday =
    today.getUTCMonth() < birth.getUTCMonth() ||
    (today.getUTCMonth() === birth.getUTCMonth() && today.getUTCDate() < birth.getUTCDate())
  if (beforeBirthday) age--
  return age
}

const compact = (value: string) => value.replace(/\s+/g, '')

function passes(rule: Rule, answers: Answers, today: Date): boolean {
  const value = answers[rule.field]
  switch (rule.kind) {
    case 'postcode_in':
      return typeof value === 'string' && rule.postcodes.map(compact).includes(compact(value))
    case 'min_age':
    case 'max_age': {
      const birth = typeof value === 'string' ? parseDate(value) : undefined
      if (!birth) return false
      const age = ageOn(birth, today)
      return rule.kind === 'min_age' ? age >= rule.years : age <= rule.years
    }
    case 'one_of':
      return value !== undefined && rule.values.includes(value)
  }
}

/** `today` is the municipality's date (see `municipalToday`): ages turn over at local midnight. */
export function evaluate(definition: Definition, answers: Answers, today: Date): Evaluation {
  const results = definition.rules.map((rule) => ({ rule, passed: passes(rule, answers, today) }))
  const reasons = results.filter((r) => !r.passed).map((r) => r.rule.reason)
  return { outcome: reasons.length ? 'refused' : 'approved', results, reasons }
}
