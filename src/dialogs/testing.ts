/** Test helpers for dialogs: a complete mandate, a published dialog in a chosen phase, participants, mail. */

import type { Db } from '../db/index.ts'
import { newId } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import type { DialogKind } from '../db/tables/dialogs.ts'
import { listDepartments } from '../municipalities/service.ts'
import type { Participant } from './contributions.ts'
import { addDays } from './mandate.ts'
import { createDialog, type DialogContext, type DialogInput, publishDialog, today } from './service.ts'
import * as store from './store.ts'

export const staffContext = (municipality: MunicipalityRow, userId: string | null = null): DialogContext => ({
  municipality,
  actor: userId ? { type: 'user', id: userId } : { type: 'system' },
  baseUrl: 'http://localhost:3000',
  mailDomain: 'radhus.test',
})

export async function completeInput(db: Db, municipality: MunicipalityRow, kind: DialogKind): Promise<DialogInput> {
  const department = (await listDepartments(db, municipality.id))[0]
  const day = today(municipality)
  return {
    kind,
    moderationMode: 'post',
    departmentId: department?.id ?? '',
    contactName: 'Lone Planlægger',
    contactEmail: 'lone@example.test',
    startsOn: addDays(day, -7),
    endsOn: addDays(day, 60),
    feedbackDueOn: addDays(day, 90),
    consultationType: kind === 'consultation' ? 'local_plan' : '',
    location: 'Havnen',
    supportThreshold: kind === 'idea_storm' ? 2 : 0,
    budgetTotal: kind === 'budget' ? 1000 : 0,
    ballotMethod: 'knapsack',
    maxChoices: 2,
    pledgesEnabled: kind === 'budget',
    texts: {
      [municipality.default_language]: {
        title: `Lokalplan for havnen ${kind}`,
        summary: 'Et nyt boligområde ved havnen.',
        purpose: 'Vi vil høre jeres ønsker, før byrådet beslutter.',
        decides: 'Byrådet',
        open_for: 'Stier, grønne områder og bygningshøjder.',
        not_open_for: 'At der skal bygges boliger.',
        input_use: 'Alle svar indgår i hvidbogen til byrådet.',
      },
    },
  }
}

/** A published dialog that is open today (unless dates are given). */
export async function openDialog(
  db: Db,
  municipality: MunicipalityRow,
  kind: DialogKind,
  changes: Partial<DialogInput> = {},
) {
  const ctx = staffContext(municipality)
  const dialog = await createDialog(db, ctx, { ...(await completeInput(db, municipality, kind)), ...changes })
  return publishDialog(db, ctx, dialog.id)
}

/** Moves a dialog's dates so that its input period ended yesterday (and, when overdue, its feedback date too). */
export async function closeDialog(db: Db, municipality: MunicipalityRow, dialogId: string, overdue = false) {
  const day = today(municipality)
  await db.transaction().execute((trx) =>
    store.updateDialog(trx, dialogId, {
      starts_on: addDays(day, -30),
      ends_on: addDays(day, -1),
      feedback_due_on: overdue ? addDays(day, -1) : addDays(day, 30),
    }),
  )
}

export const participant = (name = 'Bo Borger'): Participant => {
  const id = newId()
  return { id, email: `${id.slice(0, 8)}@example.test`, display_name: name, language: 'da' }
}

export const mailsTo = (db: Db, address: string) =>
  db.selectFrom('mail_outbox').selectAll().where('to_address', '=', address).execute()

export async function mailText(db: Db, documentHash: string): Promise<string> {
  const doc = await db.selectFrom('documents').select('body').where('hash', '=', documentHash).executeTakeFirstOrThrow()
  const raw = Buffer.from(doc.body as Uint8Array).toString('latin1')
  // Quoted-printable soft breaks and =XX escapes (bytes of UTF-8), as far as a test needs them.
  const bytes = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}
