/**
 * The single place that decides who may do what: every feature's policy, merged. A route names the
 * permission it needs (`config: { policy: 'journal.read' }`) and the kernel checks it for every request.
 */

import { boardPolicy } from '../board/policy.ts'
import { chatsPolicy } from '../chats/policy.ts'
import { citizensPolicy } from '../citizens/policy.ts'
import type { Role } from '../db/schema.ts'
import { dialogsPolicy } from '../dialogs/policy.ts'
import { inquiryCasePolicy } from '../inquiries/case/policy.ts'
import { emailPolicy } from '../inquiries/email/policy.ts'
import { inboxPolicy } from '../inquiries/inbox/policy.ts'
import { inquiryPolicy } from '../inquiries/policy.ts'
import { routingPolicy } from '../inquiries/routing/policy.ts'
import { journalPolicy } from '../journal/policy.ts'
import { mailPolicy } from '../mail/policy.ts'
import { moderationPolicy } from '../moderation/policy.ts'
import { municipalityPolicy } from '../municipalities/policy.ts'
import { selfservicePolicy } from '../selfservice/policy.ts'
import { identityPolicy } from './policy.ts'

export const PERMISSIONS = {
  ...identityPolicy,
  ...journalPolicy,
  ...municipalityPolicy,
  ...mailPolicy,
  ...inquiryPolicy,
  ...routingPolicy,
  ...emailPolicy,
  ...inboxPolicy,
  ...inquiryCasePolicy,
  ...moderationPolicy,
  ...citizensPolicy,
  ...boardPolicy,
  ...selfservicePolicy,
  ...chatsPolicy,
  ...dialogsPolicy,
} as const

export type Permission = keyof typeof PERMISSIONS

export function allows(permission: Permission, roles: readonly Role[]): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission]
  return roles.some((role) => allowed.includes(role))
}
