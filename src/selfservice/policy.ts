import { definePolicy } from '../identity/policy-kit.ts'

/** Who may do what in self-service (catalogue, forms, submissions, decisions, campaigns). */
export const selfservicePolicy = definePolicy({
  /** See the services as staff and submit on a citizen's behalf (assisted digital). */
  'selfservice.assist': ['agent', 'caseworker', 'admin'],
  /** Create services and edit their form definitions (new versions). */
  'selfservice.manage': ['admin'],
  /** Run campaigns for a service and follow their uptake. */
  'selfservice.campaigns': ['editor', 'admin'],
})
