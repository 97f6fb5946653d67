import { definePolicy } from '../identity/policy-kit.ts'

export const municipalityPolicy = definePolicy({
  'pages.edit': ['admin'],
})
