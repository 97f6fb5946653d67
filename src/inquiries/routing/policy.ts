import { definePolicy } from '../../identity/policy-kit.ts'

export const routingPolicy = definePolicy({
  /** Keep the routing rules and the answer deadlines. */
  'routing.manage': ['admin'],
})
