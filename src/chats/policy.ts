import { definePolicy } from '../identity/policy-kit.ts'

/** Who may do what in moderated live chats with politicians. */
export const chatsPolicy = definePolicy({
  /** The staff list of chats, with the way into each one's consoles. */
  'chats.view': ['editor', 'moderator', 'politician', 'admin'],
  /** Schedule a chat: its time, panel, moderators and limits. */
  'chats.schedule': ['editor', 'admin'],
  /** The moderator console; the service also requires being one of the chat's moderators. */
  'chats.moderate': ['moderator'],
  /** The politician console; the service also requires the question to be assigned to you. */
  'chats.answer': ['politician'],
  /** The full record of a chat (rejected and unanswered questions too), for access-to-documents requests. */
  'chats.export': ['editor', 'moderator', 'admin'],
})
