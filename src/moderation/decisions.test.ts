import { beforeAll, expect, it } from 'vitest'
import type { MunicipalityRow } from '../db/schema.ts'
import { demoEmail } from '../demo/data.ts'
import { seedDemo } from '../demo/seed.ts'
import { journalActions, userIdOf } from '../identity/testing.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { DK } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { appealItem } from './appeals.ts'
import { decideItem, decideItems, type ModeratorContext } from './decisions.ts'
import { moderationLog } from './log.ts'
import { moderationQueue } from './queue.ts'
import { reportItem } from './reports.ts'
import { moderationSettings, saveModerationSettings } from './rules.ts'
import { callsFor, registerTestSource, submission, submit } from './testing.ts'

registerTestSource()

forEachDialect('moderation: decisions', (ctx) => {
  let dk: MunicipalityRow
  let moderator: ModeratorContext
  let admin: ModeratorContext
  beforeAll(async () => {
    const db = ctx().db
    await seedDemo(db)
    dk = (await findMunicipalityBySlug(db, DK.slug)) as MunicipalityRow
    const as = async (role: 'moderator' | 'admin'): Promise<ModeratorContext> => ({
      municipality: dk,
      actor: { type: 'user', id: await userIdOf(db, demoEmail(DK, role)) },
      baseUrl: 'http://localhost:3000',
      mailDomain: 'radhus.test',
    })
    moderator = await as('moderator')
    admin = await as('admin')
    const settings = await moderationSettings(db, dk.id)
    await saveModerationSettings(db, { type: 'system' }, dk.id, { ...settings, reportThreshold: 2 })
  })

  const pending = async (text = 'Ring til mig på 20 30 40 50') => {
    const input = submission(dk.id, { text })
    const result = await submit(ctx().db, input)
    expect(result.state).toBe('pending')
    return { ...result, subjectId: input.subjectId }
  }

  const outbox = (itemId: string) =>
    ctx().db.selectFrom('mail_outbox').selectAll().where('subject_id', '=', itemId).orderBy('queued_at').execute()

  it('approves: the source is told to publish, the decision is journaled and leaves the queue', async () => {
    const db = ctx().db
    const post = await pending()
    expect((await moderationQueue(db, dk.id)).map((q) => q.item.id)).toContain(post.itemId)
    const item = await decideItem(db, moderator, post.itemId, { action: 'approve', revision: 0 })
    expect(item).toMatchObject({ state: 'published', revision: 1 })
    expect(callsFor(post.subjectId)).toEqual([{ subjectId: post.subjectId, state: 'published', text: undefined }])
    expect(await journalActions(db, dk.id, post.itemId)).toEqual([
      'moderation.item.submitted',
      'moderation.item.approved',
    ])
    expect((await moderationQueue(db, dk.id)).map((q) => q.item.id)).not.toContain(post.itemId)
  })

  it('refuses a second decision on the revision already decided (409), and applies the first only once', async () => {
    const db = ctx().db
    const post = await pending()
    const [first, second] = await Promise.allSettled([
      decideItem(db, moderator, post.itemId, { action: 'approve', revision: 0 }),
      decideItem(db, admin, post.itemId, { action: 'hide', rule: 'no-personal-data', revision: 0 }),
    ])
    const outcomes = [first, second].map((o) => o.status)
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected'])
    const refused = [first, second].find((o) => o.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ status: 409, code: 'moderation.decision.already_decided' })
    expect(callsFor(post.subjectId)).toHaveLength(1)
    const decisions = await db
      .selectFrom('moderation_decisions')
      .selectAll()
      .where('item_id', '=', post.itemId)
      .execute()
    expect(decisions).toHaveLength(1)
  })

  it('never approves a post with an identity number; an edit masks it, keeps the original, and publishes', async () => {
    const db = ctx().db
    const original = 'Mit CPR er 070761-4285, hvornår får jeg svar?'
    const post = await pending(original)
    await expect(decideItem(db, moderator, post.itemId, { action: 'approve', revision: 0 })).rejects.toMatchObject({
      status: 409,
      code: 'moderation.decision.identity_number',
    })
    await expect(
      decideItem(db, moderator, post.itemId, { action: 'edit', revision: 0, text: 'Mit CPR er 0707614285' }),
    ).rejects.toMatchObject({ status: 400, code: 'moderation.decision.identity_number' })
    const edited = 'Mit CPR er ••••••-••••, hvornår får jeg svar?'
    const item = await decideItem(db, moderator, post.itemId, { action: 'edit', revision: 0, text: edited })
    expect(item).toMatchObject({ state: 'published', text: original, edited_text: edited, rule: 'no-personal-data' })
    expect(callsFor(post.subjectId)).toEqual([{ subjectId: post.subjectId, state: 'published', text: edited }])
    // The original stays a journal document (from the submission); the edit is a document of its own.
    const entries = await db
      .selectFrom('journal')
      .select(['action', 'documents'])
      .where('subject_id', '=', post.itemId)
      .orderBy('seq')
      .execute()
    expect(entries.map((e) => e.action)).toEqual(['moderation.item.submitted', 'moderation.item.edited'])
    const docs = await db
      .selectFrom('documents')
      .select('body')
      .where(
        'hash',
        'in',
        entries.flatMap((e) => JSON.parse(e.documents) as string[]),
      )
      .execute()
    const bodies = docs.map((d) => new TextDecoder().decode(d.body as Uint8Array))
    expect(bodies).toContain(original)
    expect(bodies).toContain(edited)
  })

  it('hides with a rule, e-mails the author in their language with an appeal link, and logs without personal data', async () => {
    const db = ctx().db
    const post = await pending()
    await expect(decideItem(db, moderator, post.itemId, { action: 'hide', revision: 0 })).rejects.toMatchObject({
      status: 400,
      code: 'moderation.decision.rule_required',
    })
    await decideItem(db, moderator, post.itemId, {
      action: 'hide',
      revision: 0,
      rule: 'no-personal-data',
      reason: 'Telefonnummer',
    })
    expect(callsFor(post.subjectId).at(-1)).toMatchObject({ state: 'hidden' })
    const [mail] = await outbox(post.itemId)
    expect(mail).toMatchObject({ purpose: 'moderation.hidden', subject_line: 'Dit indlæg er blevet skjult' })
    const log = await moderationLog(db, dk.id, { page: 1 })
    const entry = log.decisions.find((d) => d.action === 'hidden')
    expect(entry).toMatchObject({ kind: 'test.post', rule: 'no-personal-data', ruleVersion: 1 })
    expect(JSON.stringify(log)).not.toContain('Anna')
    expect(JSON.stringify(log)).not.toContain('Telefonnummer')
    expect(log.counts.find((c) => c.rule === 'no-personal-data')?.count).toBeGreaterThan(0)
  })

  it('hands off through the source and takes the post off the queue', async () => {
    const db = ctx().db
    const post = await pending()
    const item = await decideItem(db, moderator, post.itemId, { action: 'hand_off', revision: 0 })
    expect(item).toMatchObject({ state: 'handed_off', rule: 'case-matter' })
    expect(callsFor(post.subjectId)).toEqual([{ subjectId: post.subjectId, state: 'handed_off', handedOff: true }])
    await expect(decideItem(db, moderator, post.itemId, { action: 'approve', revision: 1 })).rejects.toMatchObject({
      status: 409,
    })
  })

  it('takes an appeal once, and only a different moderator may decide it', async () => {
    const db = ctx().db
    const post = await pending()
    await decideItem(db, moderator, post.itemId, { action: 'hide', revision: 0, rule: 'no-harassment' })
    const mail = await db
      .selectFrom('mail_outbox')
      .innerJoin('documents', 'documents.hash', 'mail_outbox.document_hash')
      .select('documents.body')
      .where('subject_id', '=', post.itemId)
      .executeTakeFirstOrThrow()
    const raw = Buffer.from(mail.body as Uint8Array)
      .toString('utf8')
      .replace(/=\r?\n/g, '')
    const token = raw.match(/\/demo-kommune\/appeal\/([A-Za-z0-9_-]+)/)?.[1] as string
    expect(token).toBeTruthy()
    await appealItem(db, dk.id, token, 'Det var ikke chikane.')
    await expect(appealItem(db, dk.id, token, 'Igen')).rejects.toMatchObject({
      status: 409,
      code: 'moderation.appeal.already',
    })
    const queued = (await moderationQueue(db, dk.id)).find((q) => q.item.id === post.itemId)
    expect(queued?.hidden).toMatchObject({ rule: 'no-harassment', by: 'Mette Moderator' })
    await expect(decideItem(db, moderator, post.itemId, { action: 'approve', revision: 2 })).rejects.toMatchObject({
      status: 403,
      code: 'moderation.appeal.same_moderator',
    })
    const item = await decideItem(db, admin, post.itemId, { action: 'approve', revision: 2 })
    expect(item).toMatchObject({ state: 'published', appeal_state: 'decided' })
    expect((await outbox(post.itemId)).map((m) => m.purpose)).toEqual([
      'moderation.hidden',
      'moderation.appeal_decided',
    ])
    expect(await journalActions(db, dk.id, post.itemId)).toContain('moderation.item.appeal_granted')
  })

  it('puts a post shown at once (post mode) in the queue until a moderator has read it', async () => {
    const db = ctx().db
    const shown = await submit(db, submission(dk.id, { mode: 'post' }))
    expect(shown.state).toBe('published')
    expect((await moderationQueue(db, dk.id)).map((q) => q.item.id)).toContain(shown.itemId)
    await decideItem(db, moderator, shown.itemId, { action: 'approve', revision: 0 })
    expect((await moderationQueue(db, dk.id)).map((q) => q.item.id)).not.toContain(shown.itemId)
    // A flagged-mode post without findings is shown without waiting for anyone.
    const unflagged = await submit(db, submission(dk.id, { mode: 'flagged' }))
    expect(unflagged.state).toBe('published')
    expect((await moderationQueue(db, dk.id)).map((q) => q.item.id)).not.toContain(unflagged.itemId)
  })

  it('takes a post down pending review when enough different reporters report it', async () => {
    const db = ctx().db
    const input = submission(dk.id, { mode: 'post' })
    const post = await submit(db, input)
    expect(post.state).toBe('published')
    const report = (who: string) =>
      reportItem(db, { municipalityId: dk.id, itemId: post.itemId, rule: 'no-gossip', reporterHash: who })
    expect(await report('reporter-a')).toEqual({ takenDown: false })
    // The same reporter again does not count twice.
    expect(await report('reporter-a')).toEqual({ takenDown: false })
    expect(await report('reporter-b')).toEqual({ takenDown: true })
    expect(callsFor(input.subjectId)).toEqual([{ subjectId: input.subjectId, state: 'pending', text: undefined }])
    await expect(report('reporter-c')).rejects.toMatchObject({ status: 404 })
    const queued = (await moderationQueue(db, dk.id)).find((q) => q.item.id === post.itemId)
    expect(queued?.item).toMatchObject({ state: 'pending', reports_count: 2, rule: 'no-gossip' })
    expect(queued?.reports).toHaveLength(3)
    const log = await moderationLog(db, dk.id, { page: 1 })
    expect(log.decisions.find((d) => d.action === 'reported')).toMatchObject({ rule: 'no-gossip' })
  })

  it('limits how many reports one address sends in an hour', async () => {
    const db = ctx().db
    for (let i = 0; i < 10; i++) {
      const post = await submit(db, submission(dk.id, { mode: 'post', text: `Indlæg ${i}` }))
      await reportItem(db, { municipalityId: dk.id, itemId: post.itemId, rule: 'concise', reporterHash: 'busy' })
    }
    const post = await submit(db, submission(dk.id, { mode: 'post' }))
    await expect(
      reportItem(db, { municipalityId: dk.id, itemId: post.itemId, rule: 'concise', reporterHash: 'busy' }),
    ).rejects.toMatchObject({ status: 429 })
  })

  it('decides in bulk, refusing only the items that cannot take the decision', async () => {
    const db = ctx().db
    const a = await pending()
    const b = await pending('Mit CPR er 070761-4285')
    const c = await pending()
    const result = await decideItems(
      db,
      moderator,
      [
        { id: a.itemId, revision: 0 },
        { id: b.itemId, revision: 0 },
        { id: c.itemId, revision: 5 },
      ],
      { action: 'approve' },
    )
    expect(result.decided).toBe(1)
    expect(result.refused.map((r) => r.code).sort()).toEqual([
      'moderation.decision.already_decided',
      'moderation.decision.identity_number',
    ])
    await expect(decideItems(db, moderator, [{ id: c.itemId, revision: 0 }], { action: 'hide' })).rejects.toMatchObject(
      {
        code: 'moderation.decision.rule_required',
      },
    )
  })
})
