/** The staff front page's tool list; each entry shows only to roles whose policy allows it. */
import type { MessageKey } from '../i18n/index.ts'
import type { Permission } from './permissions.ts'

export interface StaffTool {
  permission: Permission
  labelKey: MessageKey
  path: (slug: string) => string
}

export const STAFF_TOOLS: readonly StaffTool[] = [
  { permission: 'staff.manage', labelKey: 'identity.users.title', path: (slug) => `/${slug}/staff/users` },
  { permission: 'profile.manage', labelKey: 'identity.profile.title', path: (slug) => `/${slug}/staff/profile` },
  { permission: 'journal.read', labelKey: 'journal.page.title', path: (slug) => `/${slug}/staff/journal` },
  {
    permission: 'pages.edit',
    labelKey: 'municipality.page.accessibility',
    path: (slug) => `/${slug}/staff/pages/accessibility`,
  },
  { permission: 'mail.read', labelKey: 'mail.page.title', path: (slug) => `/${slug}/staff/mail` },
  {
    permission: 'inquiries.register',
    labelKey: 'inquiries.register.title',
    path: (slug) => `/${slug}/staff/inquiries/new`,
  },
  { permission: 'routing.manage', labelKey: 'routing.list.title', path: (slug) => `/${slug}/staff/routing` },
  { permission: 'routing.manage', labelKey: 'routing.deadlines.title', path: (slug) => `/${slug}/staff/deadlines` },
  { permission: 'inquiries.handle', labelKey: 'bulk.page.title', path: (slug) => `/${slug}/staff/inbox/bulk` },
  {
    permission: 'email.settings',
    labelKey: 'inquiries.email.settings.title',
    path: (slug) => `/${slug}/staff/settings/email`,
  },
  { permission: 'inquiries.read', labelKey: 'inquiries.inbox.title', path: (slug) => `/${slug}/staff/inbox` },
  { permission: 'canned.manage', labelKey: 'inquiries.canned.title', path: (slug) => `/${slug}/staff/canned-answers` },
  { permission: 'selfservice.assist', labelKey: 'selfservice.staff.title', path: (slug) => `/${slug}/staff/services` },
  {
    permission: 'selfservice.campaigns',
    labelKey: 'selfservice.campaign.list_title',
    path: (slug) => `/${slug}/staff/campaigns`,
  },
  { permission: 'chats.view', labelKey: 'chats.staff.title', path: (slug) => `/${slug}/staff/chats` },
  { permission: 'dialogs.overview', labelKey: 'dialogs.staff.title', path: (slug) => `/${slug}/staff/dialogs` },
  {
    permission: 'moderation.moderate',
    labelKey: 'moderation.tools.queue',
    path: (slug) => `/${slug}/staff/moderation`,
  },
  {
    permission: 'moderation.settings',
    labelKey: 'moderation.tools.settings',
    path: (slug) => `/${slug}/staff/moderation/settings`,
  },
]
