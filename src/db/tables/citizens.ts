/** Row types of citizens (e-mail-verified citizens, sign-in by link) (migration `0011_citizens`); `Database` in `../schema.ts` extends this. */
import type { Insertable, Selectable } from 'kysely'
import type { Language } from '../schema.ts'

export interface CitizenTable {
  id: string
  municipality_id: string
  /** Lower-cased; never shown publicly. */
  email: string
  display_name: string
  language: Language
  verified_at: string | null
  created_at: string
}

export const CITIZEN_LINK_PURPOSES = ['verify', 'sign_in'] as const
export type CitizenLinkPurpose = (typeof CITIZEN_LINK_PURPOSES)[number]

export interface CitizenLinkTable {
  /** SHA-256 of the link's secret; the secret is only in the e-mail. */
  token_hash: string
  citizen_id: string
  municipality_id: string
  purpose: CitizenLinkPurpose
  next_path: string | null
  created_at: string
  expires_at: string
  used_at: string | null
}

export interface CitizenSessionTable {
  /** SHA-256 of the cookie's secret. */
  id: string
  citizen_id: string
  created_at: string
  expires_at: string
}

export type CitizenRow = Selectable<CitizenTable>
export type NewCitizenRow = Insertable<CitizenTable>
export type CitizenLinkRow = Selectable<CitizenLinkTable>

export type CitizensTables = {
  citizens: CitizenTable
  citizen_links: CitizenLinkTable
  citizen_sessions: CitizenSessionTable
}
