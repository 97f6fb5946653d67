/**
 * Followers of a dialog get a digest, daily or weekly as they chose, of what happened since the last
 * one: new replies and ideas, statuses, results and the feedback. Never one e-mail per event: the sweep
 * gathers the events of each follower's period into one message, and sends nothing when nothing happened.
 */
import { registerSubscriptionKind, unsubscribePath } from '../citizens/service.ts'
import type { Db } from '../db/index.ts'
import { nowIso } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { DIGEST_FREQUENCIES, type DigestFrequency } from '../db/tables/dialogs.ts'
import { translator } from '../i18n/index.ts'
import { record } from '../journal/service.ts'
import { municipalitySender, queueMail } from '../mail/outbox/service.ts'
import { findMunicipalityById } from '../municipalities/service.ts'
import { BadRequest, NotFound } from '../web/errors.ts'
import type { Participant } from './contributions.ts'
import { type DialogContext, dialogPath, textsIn } from './service.ts'
import * as store from './store.ts'

const PERIOD_MS: Record<DigestFrequency, number> = { daily: 86_400_000, weekly: 7 * 86_400_000 }

export async function follow(
  db: Db,
  ctx: DialogContext,
  citizen: Participant,
  dialogId: string,
  frequency: string,
): Promise<void> {
  if (!(DIGEST_FREQUENCIES as readonly string[]).includes(frequency))
    throw BadRequest('web.error.bad_request', { frequency: { key: 'web.validation.required' } })
  await db.transaction().execute(async (trx) => {
    const dialog = await store.findDialog(trx, ctx.municipality.id, dialogId)
    if (!dialog || dialog.state === 'draft') throw NotFound('dialogs.not_found')
    const now = nowIso()
    await store.saveFollower(trx, {
      dialog_id: dialogId,
      citizen_id: citizen.id,
      email: citizen.email,
      language: citizen.language,
      frequency: frequency as DigestFrequency,
      last_sent_at: now,
      created_at: now,
    })
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: { type: 'citizen', id: citizen.id },
      action: 'dialogs.follower.subscribed',
      subject: { type: 'dialog', id: dialogId },
      summary: `Follows the dialog (${frequency} digest)`,
    })
  })
}

export async function unfollow(
  db: Db,
  municipality: MunicipalityRow,
  citizen: Pick<Participant, 'id'>,
  dialogId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await store.deleteFollower(trx, dialogId, citizen.id)
    await record(trx, {
      municipalityId: municipality.id,
      actor: { type: 'citizen', id: citizen.id },
      action: 'dialogs.follower.unsubscribed',
      subject: { type: 'dialog', id: dialogId },
      summary: 'Stopped following the dialog',
    })
  })
}

export const findFollower = store.findFollower

/** Following a dialog is a subscription: each digest stops it with one click (`unsubscribePath`). */
const DIALOG_SUBSCRIPTION = 'dialog'
registerSubscriptionKind(DIALOG_SUBSCRIPTION, {
  async find(db, municipality, { subjectId, citizenId }, language) {
    const dialog = await store.findDialog(db, municipality.id, subjectId)
    if (!dialog) return undefined
    const texts = textsIn(await store.listTexts(db, [dialog.id]), language, municipality.default_language)
    return { title: texts.title, active: Boolean(await store.findFollower(db, subjectId, citizenId)) }
  },
  stop: (db, municipality, citizen, dialogId) => unfollow(db, municipality, citizen, dialogId),
})

/** Sends each follower whose period has passed one digest of the events since their last; returns the count. */
export async function sendDigests(db: Db, baseUrl: string, mailDomain: string, now = new Date()): Promise<number> {
  let sent = 0
  const until = now.toISOString()
  for (const follower of await store.listFollowers(db)) {
    if (Date.parse(follower.last_sent_at) + PERIOD_MS[follower.frequency] > now.getTime()) continue
    const events = await store.listEventsSince(db, follower.dialog_id, follower.last_sent_at, until)
    if (events.length === 0) continue
    const dialog = await store.findDialogById(db, follower.dialog_id)
    const municipality = dialog ? await findMunicipalityById(db, dialog.municipality_id) : undefined
    if (!dialog || !municipality) continue
    const t = translator(follower.language)
    const title = textsIn(
      await store.listTexts(db, [dialog.id]),
      follower.language,
      municipality.default_language,
    ).title
    const subscription = { kind: DIALOG_SUBSCRIPTION, subjectId: dialog.id, citizenId: follower.citizen_id }
    const unsubscribeUrl = `${baseUrl}${unsubscribePath(municipality.slug, subscription)}`
    const lines = events.map(
      (e) => `• ${t(`dialogs.digest.event.${e.kind.split('.')[0] as 'reply'}`, { label: e.label })}`,
    )
    await db.transaction().execute(async (trx) => {
      await queueMail(trx, {
        municipalityId: municipality.id,
        to: { address: follower.email },
        from: municipalitySender(municipality, mailDomain),
        subject: t('dialogs.digest.subject', { title, count: events.length }),
        text: [
          t(`dialogs.digest.intro_${follower.frequency}`, { title }),
          '',
          ...lines,
          '',
          `${baseUrl}${dialogPath(municipality.slug, dialog.id)}`,
          '',
          t('dialogs.digest.unfollow'),
          unsubscribeUrl,
        ].join('\n'),
        regarding: { type: 'dialog', id: dialog.id },
        purpose: 'dialogs.digest',
        autoSubmitted: 'auto-generated',
        unsubscribeUrl,
      })
      await store.markFollowerSent(trx, follower.dialog_id, follower.citizen_id, until)
    })
    sent++
  }
  return sent
}
