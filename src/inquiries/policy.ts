import { definePolicy } from '../identity/policy-kit.ts'

export const inquiryPolicy = definePolicy({
  /** Register an inquiry taken by phone or at the desk (the duty to take notes). */
  'inquiries.register': ['agent', 'caseworker', 'admin'],
})
