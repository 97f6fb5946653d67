import { ROLES } from '../db/schema.ts'
import { definePolicy } from './policy-kit.ts'

export const identityPolicy = definePolicy({
  /** The staff front page of a municipality: anyone with a role there. */
  'staff.home': ROLES,
  /** Own profile and own API tokens. */
  'profile.manage': ROLES,
  'staff.manage': ['admin'],
})
