import { definePolicy } from '../identity/policy-kit.ts'

/** Who may do what in citizens (e-mail-verified citizens, sign-in by link). */
export const citizensPolicy = definePolicy({})
