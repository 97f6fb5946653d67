/** Each feature states, in its own policy.ts, which roles may do what; `permissions.ts` gathers them. */
import type { Role } from '../db/schema.ts'

export function definePolicy<P extends string>(rules: Record<P, readonly Role[]>): Record<P, readonly Role[]> {
  return rules
}
