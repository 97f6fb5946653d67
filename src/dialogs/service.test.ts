import { beforeAll, describe, expect, it } from 'vitest'
import { startCitizen } from '../citizens/service.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { seedDemo } from '../demo/seed.ts'
import { JOB_HANDLERS } from '../jobs/registry.ts'
import { runDueJobs } from '../jobs/service.ts'
import { moderationSource } from '../moderation/service.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { forEachDialect } from '../testing/db.ts'
import { addProject, ballotErrors, castBallot, computeResults, pledge, publishDueResults, resultsOf } from './budget.ts'
import { commentOnIdea, maskPersonalData, proposeIdea, REPLY_KIND, submitReply, supportIdea } from './contributions.ts'
import { follow, sendDigests } from './digest.ts'
import { flagOverdue, mailFeedback, publishFeedback, respondTo } from './feedback.ts'
import { sweepJob } from './jobs.ts'
import { addDays, legalMinimumWeeks, mandateErrors, phaseOf } from './mandate.ts'
import { createDialog, publishDialog, SWEEP_JOB, today } from './service.ts'
import * as store from './store.ts'
import { closeDialog, completeInput, mailsTo, mailText, openDialog, participant, staffContext } from './testing.ts'

const reply = (overrides = {}) => ({
  name: 'Grethe Jensen',
  email: 'grethe@example.test',
  represents: 'self',
  organisation: '',
  address: 'Havnegade 3',
  hideAddress: true,
  text: 'Husk cykelstien langs vandet.',
  language: 'da' as const,
  ...overrides,
})

describe('mandate rules', () => {
  const dialog = {
    state: 'published' as const,
    starts_on: '2026-03-01',
    ends_on: '2026-03-31',
    feedback_due_on: '2026-05-01',
  }
  it('derives the phase from the dates, both ends of the period included', () => {
    expect(phaseOf(dialog, '2026-02-28')).toBe('upcoming')
    expect(phaseOf(dialog, '2026-03-01')).toBe('open')
    expect(phaseOf(dialog, '2026-03-31')).toBe('open')
    expect(phaseOf(dialog, '2026-04-01')).toBe('closed')
    expect(phaseOf(dialog, '2026-05-02')).toBe('awaiting_feedback')
    expect(phaseOf({ ...dialog, state: 'concluded' }, '2026-05-02')).toBe('concluded')
    expect(phaseOf({ ...dialog, state: 'draft' }, '2026-03-10')).toBe('draft')
  })

  it('warns when a consultation is shorter than the legal minimum for its type', () => {
    const base = { kind: 'consultation' as const, starts_on: '2026-03-02' }
    expect(legalMinimumWeeks({ ...base, consultation_type: 'local_plan', ends_on: '2026-03-15' })).toEqual({
      minimum: 4,
      actualDays: 14,
    })
    expect(legalMinimumWeeks({ ...base, consultation_type: 'local_plan', ends_on: '2026-03-29' })).toBeUndefined()
    expect(legalMinimumWeeks({ ...base, consultation_type: 'municipal_plan', ends_on: '2026-04-12' })?.minimum).toBe(8)
    expect(legalMinimumWeeks({ ...base, consultation_type: 'minor_local_plan', ends_on: '2026-03-15' })).toBeUndefined()
    expect(legalMinimumWeeks({ ...base, consultation_type: 'other', ends_on: '2026-03-03' })).toBeUndefined()
  })

  it('masks identity numbers, e-mail addresses and phone numbers in public copies', () => {
    const masked = maskPersonalData('Ring 20 30 40 50 eller skriv til bo@example.dk, CPR 070761-4285.')
    expect(masked).not.toContain('20 30 40 50')
    expect(masked).not.toContain('bo@example.dk')
    expect(masked).not.toContain('070761-4285')
  })

  it('checks ballots: within the budget (knapsack) or at most N (approval)', () => {
    const projects = [
      { id: 'a', cost: 600 },
      { id: 'b', cost: 500 },
      { id: 'c', cost: 300 },
    ]
    const knapsack = { ballot_method: 'knapsack' as const, budget_total: 1000, max_choices: 0 }
    expect(ballotErrors(knapsack, projects, ['a', 'c'])).toEqual({})
    expect(ballotErrors(knapsack, projects, ['a', 'b']).projects?.key).toBe('dialogs.ballot.over_budget')
    expect(ballotErrors(knapsack, projects, []).projects?.key).toBe('dialogs.ballot.empty')
    expect(ballotErrors(knapsack, projects, ['x']).projects?.key).toBe('dialogs.ballot.unknown_project')
    const approval = { ballot_method: 'approval' as const, budget_total: 1000, max_choices: 2 }
    expect(ballotErrors(approval, projects, ['a', 'b'])).toEqual({})
    expect(ballotErrors(approval, projects, ['a', 'b', 'c']).projects?.key).toBe('dialogs.ballot.too_many')
  })
})

forEachDialect('dialogs', (ctx) => {
  let dk: MunicipalityRow
  beforeAll(async () => {
    await seedDemo(ctx().db)
    dk = (await findMunicipalityBySlug(ctx().db, 'demo-kommune')) as MunicipalityRow
  })

  it('refuses to publish until every part of the mandate is there, naming each missing field', async () => {
    const db = ctx().db
    const input = await completeInput(db, dk, 'consultation')
    const draft = await createDialog(db, staffContext(dk), {
      ...input,
      departmentId: '',
      feedbackDueOn: '',
      texts: { da: { title: 'Kun en titel' } },
    })
    const error = await publishDialog(db, staffContext(dk), draft.id).catch((e) => e)
    expect(error).toMatchObject({ status: 400, code: 'dialogs.mandate.incomplete' })
    expect(Object.keys(error.fields).sort()).toEqual(
      [
        'decides_da',
        'department_id',
        'feedback_due_on',
        'input_use_da',
        'not_open_for_da',
        'open_for_da',
        'purpose_da',
        'summary_da',
      ].sort(),
    )
    expect((await store.findDialogById(db, draft.id))?.state).toBe('draft')
    const texts = await store.listTexts(db, [draft.id])
    expect(
      mandateErrors({ ...draft, department_id: 'x', feedback_due_on: '2099-01-01' }, texts, 'da'),
    ).not.toHaveProperty('title_da')
  })

  it('publishes a complete mandate and journals it', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    expect(dialog.state).toBe('published')
    expect(phaseOf(dialog, today(dk))).toBe('open')
    const entry = await db
      .selectFrom('journal')
      .selectAll()
      .where('subject_id', '=', dialog.id)
      .where('action', '=', 'dialogs.dialog.published')
      .executeTakeFirst()
    expect(entry?.summary).toContain('feedback by')
  })

  it('takes a reply, masks personal data in the public copy, keeps attachments and mails a receipt', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    const saved = await submitReply(
      db,
      staffContext(dk),
      dialog.id,
      reply({ email: 'receipt@example.test', text: 'Mit nummer er 20304050. Husk stien.' }),
      [{ fileName: 'skitse.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 test') }],
    )
    expect(saved.state).toBe('published')
    expect(saved.public_body).not.toContain('20304050')
    expect(saved.body).toContain('20304050')
    expect(await store.listAttachments(db, [saved.id])).toHaveLength(1)
    const [receipt] = await mailsTo(db, 'receipt@example.test')
    expect(receipt?.purpose).toBe('dialogs.reply.receipt')
    const item = await db
      .selectFrom('moderation_items')
      .select(['kind', 'state'])
      .where('subject_id', '=', saved.id)
      .executeTakeFirst()
    expect(item).toEqual({ kind: REPLY_KIND, state: 'published' })
  })

  it('holds replies in pre-moderation until a moderator publishes them', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation', { moderationMode: 'pre' })
    const saved = await submitReply(db, staffContext(dk), dialog.id, reply())
    expect(saved.state).toBe('pending')
    expect(await store.listContributions(db, dialog.id, { publishedOnly: true })).toHaveLength(0)
    await db
      .transaction()
      .execute((trx) =>
        (moderationSource(REPLY_KIND) as NonNullable<ReturnType<typeof moderationSource>>).applyDecision(
          trx,
          { municipalityId: dk.id, kind: REPLY_KIND, subjectId: saved.id, itemId: saved.moderation_item_id as string },
          { state: 'published', text: 'Husk cykelstien. Skriv til mig på x@y.dk' },
        ),
      )
    const [published] = await store.listContributions(db, dialog.id, { publishedOnly: true })
    expect(published?.public_body).toBe('Husk cykelstien. Skriv til mig på […]')
  })

  it('hands a case matter off to a private inquiry; the dialog no longer shows it', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    const saved = await submitReply(db, staffContext(dk), dialog.id, reply({ email: 'case@example.test' }))
    const source = moderationSource(REPLY_KIND) as NonNullable<ReturnType<typeof moderationSource>>
    const { inquiryId } = await db
      .transaction()
      .execute((trx) =>
        (source.handOff as NonNullable<typeof source.handOff>)(
          trx,
          { municipalityId: dk.id, kind: REPLY_KIND, subjectId: saved.id, itemId: saved.moderation_item_id as string },
          { actor: { type: 'system' }, baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' },
        ),
      )
    expect(inquiryId).toBeTruthy()
    expect((await store.findContributionById(db, saved.id))?.state).toBe('handed_off')
    expect(await store.listContributions(db, dialog.id, { publishedOnly: true })).toHaveLength(0)
    await runDueJobs(db, JOB_HANDLERS) // the private inquiry's receipt is composed by a job
    expect((await mailsTo(db, 'case@example.test')).map((m) => m.purpose)).toContain('inquiry.receipt')
  })

  it('refuses replies outside the period, naming it, and stores nothing', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    await closeDialog(db, dk, dialog.id)
    const error = await submitReply(db, staffContext(dk), dialog.id, reply()).catch((e) => e)
    expect(error).toMatchObject({ status: 409, code: 'dialogs.input.closed' })
    expect(error.vars.end).toBe(addDays(today(dk), -1))
    expect(await store.listContributions(db, dialog.id)).toHaveLength(0)
  })

  it('refuses a reply with missing fields or an organisation without a name', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    const error = await submitReply(
      db,
      staffContext(dk),
      dialog.id,
      reply({ name: '', email: 'nope', represents: 'organisation', text: '' }),
    ).catch((e) => e)
    expect(Object.keys(error.fields).sort()).toEqual(['email', 'name', 'organisation', 'text'])
  })

  it('closes the loop: feedback needs every response, concludes, and mails each participant a link to their own response', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    const first = await submitReply(db, staffContext(dk), dialog.id, reply({ email: 'first@example.test' }))
    const second = await submitReply(
      db,
      staffContext(dk),
      dialog.id,
      reply({ email: 'second@example.test', name: 'Ole' }),
    )
    await expect(publishFeedback(db, staffContext(dk), dialog.id, { da: 'Tak.' })).rejects.toMatchObject({
      code: 'dialogs.feedback.too_early',
    })
    await closeDialog(db, dk, dialog.id)
    await respondTo(db, staffContext(dk), dialog.id, first.id, { response: 'Stien kommer med i planen.' })
    const missing = await publishFeedback(db, staffContext(dk), dialog.id, { da: 'Tak for svarene.' }).catch((e) => e)
    expect(missing.fields.responses).toEqual({ key: 'dialogs.feedback.responses_missing', vars: { count: 1 } })
    await respondTo(db, staffContext(dk), dialog.id, second.id, { response: 'Højden er uændret.' })
    await publishFeedback(db, staffContext(dk), dialog.id, { da: 'Tak for svarene.' })
    const concluded = await store.findDialogById(db, dialog.id)
    expect(concluded?.state).toBe('concluded')
    await db.transaction().execute((trx) => mailFeedback(trx, dk, dialog.id, 'http://localhost:3000', 'radhus.test'))
    // Running again (a retried job) sends nothing twice.
    await db.transaction().execute((trx) => mailFeedback(trx, dk, dialog.id, 'http://localhost:3000', 'radhus.test'))
    for (const [address, own] of [
      ['first@example.test', first.id],
      ['second@example.test', second.id],
    ] as const) {
      const mails = (await mailsTo(db, address)).filter((m) => m.purpose === 'dialogs.feedback')
      expect(mails).toHaveLength(1)
      const text = await mailText(db, mails[0]?.document_hash as string)
      expect(text).toContain(`/demo-kommune/dialogs/${dialog.id}/contributions/${own}`)
    }
    await expect(respondTo(db, staffContext(dk), dialog.id, first.id, { response: 'x' })).rejects.toMatchObject({
      code: 'dialogs.concluded',
    })
  })

  it('flags a dialog past its feedback date once, to its department', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    await closeDialog(db, dk, dialog.id, true)
    expect(await flagOverdue(db, 'http://localhost:3000', 'radhus.test')).toBeGreaterThanOrEqual(1)
    expect(await flagOverdue(db, 'http://localhost:3000', 'radhus.test')).toBe(0)
    const flagged = await store.findDialogById(db, dialog.id)
    expect(flagged?.overdue_flagged_at).toBeTruthy()
    const mails = await db
      .selectFrom('mail_outbox')
      .select(['to_address', 'purpose'])
      .where('subject_id', '=', dialog.id)
      .execute()
    expect(mails).toEqual([{ to_address: expect.stringContaining('@'), purpose: 'dialogs.feedback.overdue' }])
  })

  it('lets each verified person support an idea once, and notes the threshold', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'idea_storm')
    const author = participant('Ida')
    const idea = await proposeIdea(db, staffContext(dk), author, dialog.id, {
      title: 'Badebro',
      body: 'En badebro ved stranden.',
      language: 'da',
    })
    const fan = participant('Fie')
    expect(await supportIdea(db, staffContext(dk), fan, dialog.id, idea.id)).toEqual({ supports: 1 })
    await expect(supportIdea(db, staffContext(dk), fan, dialog.id, idea.id)).rejects.toMatchObject({
      status: 409,
      code: 'dialogs.support.already',
    })
    await supportIdea(db, staffContext(dk), participant(), dialog.id, idea.id)
    expect((await store.findContributionById(db, idea.id))?.supports_count).toBe(2)
    const reached = await db
      .selectFrom('journal')
      .select('action')
      .where('subject_id', '=', idea.id)
      .where('action', '=', 'dialogs.idea.threshold_reached')
      .execute()
    expect(reached).toHaveLength(1)
    await commentOnIdea(db, staffContext(dk), fan, dialog.id, idea.id, { body: 'God idé!', language: 'da' })
    await expect(
      respondTo(db, staffContext(dk), dialog.id, idea.id, { response: '', status: 'accepted' }),
    ).rejects.toMatchObject({ fields: { status_note: { key: 'dialogs.status.note_required' } } })
    await respondTo(db, staffContext(dk), dialog.id, idea.id, {
      response: 'Badebroen bygges i 2027.',
      status: 'accepted',
      statusNote: 'Udvalget har sagt ja.',
    })
    expect(await store.findContributionById(db, idea.id)).toMatchObject({
      status: 'accepted',
      status_note: 'Udvalget har sagt ja.',
    })
  })

  it('tells the author, commenters and supporters of an idea where its response is, once each', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'idea_storm')
    const author = participant('Ida')
    const idea = await proposeIdea(db, staffContext(dk), author, dialog.id, {
      title: 'Bålplads',
      body: 'Ved søen.',
      language: 'da',
    })
    const citizen = await db
      .transaction()
      .execute((trx) => startCitizen(trx, dk, { email: 'supporter@example.test', name: 'Sif', language: 'da' }))
    await supportIdea(db, staffContext(dk), citizen, dialog.id, idea.id)
    await commentOnIdea(db, staffContext(dk), citizen, dialog.id, idea.id, { body: 'Ja tak!', language: 'da' })
    await closeDialog(db, dk, dialog.id)
    await respondTo(db, staffContext(dk), dialog.id, idea.id, {
      response: 'Den bygges.',
      status: 'accepted',
      statusNote: 'Ja.',
    })
    await publishFeedback(db, staffContext(dk), dialog.id, { da: 'Tak.' })
    await db.transaction().execute((trx) => mailFeedback(trx, dk, dialog.id, 'http://localhost:3000', 'radhus.test'))
    for (const address of [author.email, 'supporter@example.test']) {
      const mails = (await mailsTo(db, address)).filter((m) => m.purpose === 'dialogs.feedback')
      expect(mails).toHaveLength(1)
      expect(await mailText(db, mails[0]?.document_hash as string)).toContain(`/contributions/${idea.id}`)
    }
  })

  it('takes one ballot per person within the budget and computes the results when voting closes', async () => {
    const db = ctx().db
    const day = today(dk)
    const draft = await createDialog(db, staffContext(dk), {
      ...(await completeInput(db, dk, 'budget')),
      startsOn: addDays(day, 1),
    })
    const [a, b, c] = [
      await addProject(db, staffContext(dk), draft.id, {
        title: 'Legeplads',
        body: 'Ny legeplads',
        cost: 600,
        pledgeGoal: 0,
      }),
      await addProject(db, staffContext(dk), draft.id, {
        title: 'Bænke',
        body: 'Flere bænke',
        cost: 300,
        pledgeGoal: 0,
      }),
      await addProject(db, staffContext(dk), draft.id, {
        title: 'Lys',
        body: 'Lys på stien',
        cost: 500,
        pledgeGoal: 200,
      }),
    ] as string[]
    await publishDialog(db, staffContext(dk), draft.id)
    await db.transaction().execute((trx) => store.updateDialog(trx, draft.id, { starts_on: addDays(day, -1) }))
    const voter = participant()
    await expect(castBallot(db, staffContext(dk), voter, draft.id, [a, c] as string[])).rejects.toMatchObject({
      status: 400,
      fields: { projects: { key: 'dialogs.ballot.over_budget' } },
    })
    expect(await store.listBallots(db, draft.id)).toHaveLength(0)
    await castBallot(db, staffContext(dk), voter, draft.id, [a, b] as string[])
    await expect(castBallot(db, staffContext(dk), voter, draft.id, [b] as string[])).rejects.toMatchObject({
      status: 409,
      code: 'dialogs.ballot.already',
    })
    await castBallot(db, staffContext(dk), participant(), draft.id, [c, b] as string[])
    await castBallot(db, staffContext(dk), participant(), draft.id, [c] as string[])
    await pledge(db, staffContext(dk), voter, draft.id, c as string, 50)
    expect(await publishDueResults(db)).toBe(0)
    await closeDialog(db, dk, draft.id)
    expect(await publishDueResults(db)).toBe(1)
    const dialog = await store.findDialogById(db, draft.id)
    const results = await resultsOf(db, dialog as NonNullable<typeof dialog>)
    // Bænke and Lys 2 votes each (the cheaper first), Legeplads 1: Bænke (300) and Lys (500) fit in 1000, Legeplads (600) no longer does.
    expect(results.map((r) => [r.project.title, r.votes, r.funded])).toEqual([
      ['Bænke', 2, true],
      ['Lys', 2, true],
      ['Legeplads', 1, false],
    ])
    const ballots = await store.listBallots(db, draft.id)
    expect(ballots).toHaveLength(3)
    expect(JSON.stringify(ballots)).not.toContain(voter.id)
  })

  it('sends followers one digest per period with every event, and nothing when nothing happened', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'idea_storm')
    const fan = participant()
    await follow(db, staffContext(dk), fan, dialog.id, 'daily')
    for (const title of ['Idé et', 'Idé to', 'Idé tre'])
      await proposeIdea(db, staffContext(dk), participant(), dialog.id, { title, body: 'Tekst', language: 'da' })
    const tomorrow = new Date(Date.now() + 25 * 3_600_000)
    expect(await sendDigests(db, 'http://localhost:3000', 'radhus.test', new Date())).toBe(0)
    expect(await sendDigests(db, 'http://localhost:3000', 'radhus.test', tomorrow)).toBe(1)
    const mails = (await mailsTo(db, fan.email)).filter((m) => m.purpose === 'dialogs.digest')
    expect(mails).toHaveLength(1)
    const text = await mailText(db, mails[0]?.document_hash as string)
    for (const title of ['Idé et', 'Idé to', 'Idé tre']) expect(text).toContain(title)
    expect(
      await sendDigests(db, 'http://localhost:3000', 'radhus.test', new Date(tomorrow.getTime() + 86_400_000 * 2)),
    ).toBe(0)
  })

  it('runs the sweep as a job that schedules its next run', async () => {
    const db = ctx().db
    const dialog = await openDialog(db, dk, 'consultation')
    await closeDialog(db, dk, dialog.id, true)
    const payload = { baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' }
    // Only the sweep itself may queue the next one.
    await db.deleteFrom('jobs').where('kind', '=', SWEEP_JOB).execute()
    await sweepJob({ db, job: {} as never, payload })
    expect((await store.findDialogById(db, dialog.id))?.overdue_flagged_at).toBeTruthy()
    const next = await db
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', SWEEP_JOB)
      .orderBy('run_at', 'desc')
      .execute()
    expect(Date.parse(next[0]?.run_at as string)).toBeGreaterThan(Date.now() + 30 * 60_000)
  })

  it('computes results with ties broken by cost', () => {
    const project = (id: string, cost: number) =>
      ({ id, cost, title: id }) as Parameters<typeof computeResults>[1][number]
    const results = computeResults(
      { budget_total: 500 },
      [project('x', 400), project('y', 200)],
      [{ choices: JSON.stringify(['x', 'y']) }],
    )
    expect(results.map((r) => [r.project.id, r.funded])).toEqual([
      ['y', true],
      ['x', false],
    ])
  })
})
