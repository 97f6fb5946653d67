import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { localDate } from '../calendar/business-days.ts'
import type { Db } from '../db/index.ts'
import type { MunicipalityRow } from '../db/schema.ts'
import { seedDemo } from '../demo/seed.ts'
import { findInquiry } from '../inquiries/service.ts'
import { JOB_HANDLERS } from '../jobs/registry.ts'
import { runDueJobs } from '../jobs/service.ts'
import { findDocument, listEntries } from '../journal/service.ts'
import { verifyChain } from '../journal/verify.ts'
import { findMunicipalityBySlug, listDepartments } from '../municipalities/service.ts'
import { forEachDialect } from '../testing/db.ts'
import { campaignUptake, createCampaign } from './campaigns/service.ts'
import { DefinitionError, findService, type Service, saveDefinition, searchServices } from './catalogue/service.ts'
import { checkDefinition, type Definition } from './forms/definition.ts'
import { checkAll, municipalToday } from './forms/validate.ts'
import * as store from './store.ts'
import { findByStatusToken, requestReview, submitApplication } from './submissions/service.ts'
import { EU_CARD_ANSWERS, pdfText, RATS_ANSWERS } from './testing.ts'

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0]),
  Buffer.from('IEND'),
  Buffer.from([0xae, 0x42, 0x60, 0x82]),
])

forEachDialect('self-service', (current) => {
  let db: Db
  let dk: MunicipalityRow
  let se: MunicipalityRow
  let euCard: Service
  const context = () => ({
    municipality: dk,
    actor: { type: 'citizen' as const },
    baseUrl: 'http://localhost:3000',
    mailDomain: 'radhus.test',
  })

  beforeAll(async () => {
    db = current().db
    await seedDemo(db)
    dk = (await findMunicipalityBySlug(db, 'demo-kommune')) as MunicipalityRow
    se = (await findMunicipalityBySlug(db, 'demo-kommun')) as MunicipalityRow
    euCard = await findService(db, dk.id, 'eu-health-card')
  })
  afterAll(() => {})

  describe('the catalogue search', () => {
    it.each([
      ['eu kort', true],
      ['blåt kort', true],
      ['blat kort', true],
      ['sygesikring', false],
      ['sundhedskort', false],
      ['sundhedskrot', false],
      ['EHIC', true],
      ['europeiskt sjukförsäkringskort', true],
    ])('finds the EU health insurance card by "%s"', async (query, first) => {
      const slugs = (await searchServices(db, dk.id, query)).map((s) => s.row.slug)
      expect(slugs).toContain('eu-health-card')
      if (first) expect(slugs[0]).toBe('eu-health-card')
    })

    it('finds rats and Swedish street faults by partial words, and nothing for nonsense', async () => {
      expect((await searchServices(db, dk.id, 'rott')).map((s) => s.row.slug)[0]).toBe('report-rats')
      expect((await searchServices(db, se.id, 'felanm')).map((s) => s.row.slug)[0]).toBe('street-fault')
      expect((await searchServices(db, se.id, 'forskola')).map((s) => s.row.slug)[0]).toBe('preschool')
      expect(await searchServices(db, dk.id, 'xyzzyq')).toEqual([])
    })
  })

  describe('definitions and versions', () => {
    it('refuses definitions that cannot work, naming the problem', () => {
      const broken = structuredClone(euCard.definition) as Definition
      broken.steps[1]?.fields.push({ id: 'name', type: 'text', label: { da: 'x', sv: 'x', en: 'x' } })
      broken.rules.push({
        id: 'x',
        kind: 'min_age',
        field: 'nowhere',
        years: 18,
        reason: { da: 'x', sv: 'x', en: 'x' },
      })
      const problems = checkDefinition(broken).map((p) => p.message)
      expect(problems).toContain('duplicate field id name')
      expect(problems).toContain('no field nowhere')
      expect(checkDefinition({ title: 'no' }).length).toBeGreaterThan(0)
      expect(checkDefinition(euCard.definition)).toEqual([])
    })

    it('saves a new version, journals it, keeps the old one, and refuses a stale save', async () => {
      const admin = {
        type: 'user' as const,
        id: (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id,
      }
      const service = await findService(db, dk.id, 'health-card')
      const changed = structuredClone(service.definition)
      changed.processing.digitalDays = 1
      const version = await saveDefinition(db, admin, dk.id, service.row.id, changed, service.version)
      expect(version).toBe(service.version + 1)
      expect((await findService(db, dk.id, 'health-card')).definition.processing.digitalDays).toBe(1)
      expect((await store.findVersion(db, service.row.id, service.version))?.definition).toContain('"digitalDays":0')
      const entries = (await listEntries(db, dk.id, { subjectType: 'selfservice_service' }, { limit: 50, offset: 0 }))
        .rows
      expect(JSON.stringify(entries)).toContain(`form version ${version} saved`)
      await expect(saveDefinition(db, admin, dk.id, service.row.id, changed, service.version)).rejects.toMatchObject({
        status: 409,
      })
      await expect(
        saveDefinition(db, admin, dk.id, service.row.id, { ...changed, steps: [] }, version),
      ).rejects.toBeInstanceOf(DefinitionError)
      // A case needs a queue: a topic the contact centre does not have is refused.
      await expect(
        saveDefinition(db, admin, dk.id, service.row.id, { ...changed, caseTopic: 'nowhere' }, version),
      ).rejects.toMatchObject({ problems: [expect.objectContaining({ path: '/caseTopic' })] })
    })
  })

  describe('validation', () => {
    const today = municipalToday('Europe/Copenhagen')

    it("counts date limits from the municipality's date, not the server's (UTC) date", () => {
      // 23:30 UTC on 22 November is already 23 November in Copenhagen.
      const lateEvening = new Date('2026-11-22T23:30:00Z')
      const local = municipalToday('Europe/Copenhagen', lateEvening)
      expect(local.toISOString()).toBe('2026-11-23T00:00:00.000Z')
      // The demo card asks for a travel date from today on: the 22nd has passed in Copenhagen.
      const yesterday = { ...EU_CARD_ANSWERS, travel_date: '2026-11-22' }
      expect(checkAll(euCard.definition, yesterday, {}, { today: local }).errors.travel_date?.key).toBe(
        'selfservice.form.date_min',
      )
      const onTheDay = { ...EU_CARD_ANSWERS, travel_date: '2026-11-23' }
      expect(checkAll(euCard.definition, onTheDay, {}, { today: local }).errors.travel_date).toBeUndefined()
      const stockholmMorning = municipalToday('Europe/Stockholm', new Date('2026-11-23T00:30:00Z'))
      expect(stockholmMorning.toISOString()).toBe('2026-11-23T00:00:00.000Z')
      expect(municipalToday('UTC', lateEvening).toISOString()).toBe('2026-11-22T00:00:00.000Z')
    })

    it('refuses unknown fields, options not offered, out-of-range dates and missing answers', () => {
      const result = checkAll(
        euCard.definition,
        { ...EU_CARD_ANSWERS, travel_date: '2001-01-01', postcode: '71', admin: 'yes' },
        {},
        { today },
      )
      expect(result.unknown).toEqual(['admin'])
      expect(result.errors.travel_date?.key).toBe('selfservice.form.date_min')
      expect(result.errors.postcode?.key).toBe('selfservice.form.postcode')
      const parking = checkAll(
        {
          ...euCard.definition,
          steps: [
            {
              id: 's',
              title: euCard.definition.title,
              fields: [
                {
                  id: 'zone',
                  type: 'select',
                  label: euCard.definition.title,
                  required: true,
                  options: [{ value: 'a', label: euCard.definition.title }],
                },
              ],
            },
          ],
        },
        { zone: 'z' },
        {},
        { today },
      )
      expect(parking.errors.zone?.key).toBe('web.validation.enum')
      expect(checkAll(euCard.definition, {}, {}, { today }).errors.name?.key).toBe('web.validation.required')
    })

    it('asks a conditional question only when its condition is met, and drops its answer otherwise', async () => {
      const rats = (await findService(db, dk.id, 'report-rats')).definition
      expect(checkAll(rats, { ...RATS_ANSWERS, where: 'inside' }, {}, { today }).errors.owner?.key).toBe(
        'web.validation.required',
      )
      const outside = checkAll(rats, { ...RATS_ANSWERS, owner: 'Boligforeningen' }, {}, { today })
      expect(outside.errors).toEqual({})
      expect(outside.values).not.toHaveProperty('owner')
      expect(
        checkAll(rats, { ...RATS_ANSWERS, where: 'inside', owner: 'Boligforeningen' }, {}, { today }).values.owner,
      ).toBe('Boligforeningen')
    })

    it('refuses a submission with a tampered or unknown field and stores nothing', async () => {
      const before = await db
        .selectFrom('selfservice_submissions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      await expect(
        submitApplication(db, context(), euCard, { ...EU_CARD_ANSWERS, approved: 'yes' }, [], { language: 'da' }),
      ).rejects.toMatchObject({ status: 400, code: 'selfservice.form.unknown_fields' })
      await expect(
        submitApplication(
          db,
          context(),
          euCard,
          EU_CARD_ANSWERS,
          [{ field: 'address', fileName: 'a.png', contentType: 'image/png', bytes: PNG }],
          { language: 'da' },
        ),
      ).rejects.toMatchObject({ status: 400 })
      const after = await db
        .selectFrom('selfservice_submissions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(after.n)).toBe(Number(before.n))
    })
  })

  describe('instant decisions, receipts and cases', () => {
    it("checks a submission's date limits against the municipality's date, also late in the UTC evening", async () => {
      // 23:30 UTC on 22 November is 00:30 on 23 November in Copenhagen: the 22nd has passed there.
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date('2026-11-22T23:30:00Z'))
      try {
        const yesterday = { ...EU_CARD_ANSWERS, travel_date: '2026-11-22' }
        await expect(submitApplication(db, context(), euCard, yesterday, [], { language: 'da' })).rejects.toMatchObject(
          {
            status: 400,
            fields: { travel_date: { key: 'selfservice.form.date_min' } },
          },
        )
        const today = { ...EU_CARD_ANSWERS, travel_date: '2026-11-23' }
        const { decision } = await submitApplication(db, context(), euCard, today, [], { language: 'da' })
        expect(decision?.outcome).toBe('approved')
      } finally {
        vi.useRealTimers()
      }
    })

    it('approves the EU card, records the rules and version, journals it, mails the receipt and makes the PDF in the background', async () => {
      const { submission, decision, statusToken } = await submitApplication(
        db,
        context(),
        euCard,
        EU_CARD_ANSWERS,
        [{ field: 'documents', fileName: 'studiebevis.png', contentType: 'image/png', bytes: PNG }],
        { language: 'da' },
      )
      expect(submission.reference).toMatch(/^DEMO-S-\d{4}-\d{6}$/)
      expect(submission.channel).toBe('digital')
      expect(decision?.outcome).toBe('approved')
      expect(decision?.version).toBe(euCard.version)
      expect(JSON.parse(decision?.rules ?? '[]').map((r: { id: string; passed: boolean }) => [r.id, r.passed])).toEqual(
        [
          ['address_in_municipality', true],
          ['insured', true],
        ],
      )
      const journal = JSON.stringify((await listEntries(db, dk.id, {}, { limit: 200, offset: 0 })).rows)
      expect(journal).toContain(
        `Instant decision on ${submission.reference}: approved by rules address_in_municipality, insured of form version ${euCard.version}`,
      )
      const mail = await db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('subject_id', '=', submission.id)
        .executeTakeFirstOrThrow()
      expect(mail.subject_line).toContain(submission.reference)

      const status = await findByStatusToken(db, dk.id, statusToken)
      expect(status?.submission.receipt_hash).toBeNull()
      await runDueJobs(db, JOB_HANDLERS)
      const ready = await findByStatusToken(db, dk.id, statusToken)
      expect(ready?.submission.receipt_hash).toMatch(/^[0-9a-f]{64}$/)
      const pdf = await findDocument(db, dk.id, ready?.submission.receipt_hash as string)
      expect(
        Buffer.from(pdf?.body as Uint8Array)
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-')
      const text = pdfText(pdf?.body as Uint8Array)
      const sha = ready?.attachments[0]?.sha256 as string
      expect(text).toContain(submission.reference)
      expect(text).toContain('Kvittering')
      expect(text).toContain('Birkevej 4')
      expect(text).toContain('studiebevis.png')
      expect(text).toContain(`SHA-256 ${sha}`)
      expect(text).toContain('Din ansøgning er godkendt.')
      expect(text).toContain('Det sker nu')
    })

    it('gives submissions arriving together (one shared commit on SQLite) each their own reference, journal entries, file, receipt mail and PDF job, and verifies the chain', async () => {
      const files = Array.from({ length: 6 }, (_, i) => Buffer.concat([PNG, Buffer.from([i])]))
      const done = await Promise.all(
        files.map((bytes, i) =>
          submitApplication(
            db,
            context(),
            euCard,
            { ...EU_CARD_ANSWERS, email: `together${i}@example.dk` },
            [{ field: 'documents', fileName: `bevis${i}.png`, contentType: 'image/png', bytes }],
            { language: 'da' },
          ),
        ),
      )
      const ids = done.map((d) => d.submission.id)
      expect(new Set(done.map((d) => d.submission.reference)).size).toBe(6)
      const entries = (await listEntries(db, dk.id, {}, { limit: 500, offset: 0 })).rows
      for (const d of done) {
        const mine = entries.filter((e) => e.subject_id === d.submission.id).map((e) => e.action)
        expect(mine.sort()).toEqual(['mail.queued', 'selfservice.decision.made', 'selfservice.submission.received'])
      }
      const attachments = await db
        .selectFrom('selfservice_attachments')
        .selectAll()
        .where('submission_id', 'in', ids)
        .execute()
      expect(new Set(attachments.map((a) => a.sha256)).size).toBe(6)
      const mails = await db.selectFrom('mail_outbox').select('subject_id').where('subject_id', 'in', ids).execute()
      expect(mails).toHaveLength(6)
      const jobs = await db
        .selectFrom('jobs')
        .select('dedupe_key')
        .where(
          'dedupe_key',
          'in',
          ids.map((id) => `selfservice.receipt:${id}`),
        )
        .execute()
      expect(jobs).toHaveLength(6)
      expect(await verifyChain(db, dk.id)).toMatchObject({ ok: true })
    })

    it('refuses with reasons and complaint guidance, and a review puts it in the queue as an inquiry', async () => {
      const { submission, decision, statusToken } = await submitApplication(
        db,
        context(),
        euCard,
        { ...EU_CARD_ANSWERS, postcode: '8000', insured: '' },
        [],
        { language: 'da' },
      )
      expect(decision?.outcome).toBe('refused')
      expect(JSON.parse(decision?.reasons ?? '[]')).toHaveLength(2)
      await runDueJobs(db, JOB_HANDLERS)
      const status = await findByStatusToken(db, dk.id, statusToken)
      const text = pdfText(
        (await findDocument(db, dk.id, status?.submission.receipt_hash as string))?.body as Uint8Array,
      )
      expect(text).toContain('Klagevejledning')
      expect(text).toContain('Ankestyrelsen')

      const reviewed = await requestReview(db, context(), statusToken)
      expect(reviewed.case_state).toBe('open')
      const inquiry = await findInquiry(db, dk.id, reviewed.inquiry_id as string)
      expect(inquiry?.channel).toBe('selfservice')
      expect(inquiry?.citizen_email).toBe(EU_CARD_ANSWERS.email)
      // A second request opens nothing new.
      await requestReview(db, context(), statusToken)
      expect(
        await db
          .selectFrom('inquiries')
          .select('id')
          .where('channel', '=', 'selfservice')
          .where('citizen_name', '=', 'Jens Hansen')
          .execute(),
      ).toHaveLength(1)
      expect(JSON.stringify((await listEntries(db, dk.id, {}, { limit: 200, offset: 0 })).rows)).toContain(
        `Human review of the instant refusal of ${submission.reference} requested`,
      )
    })

    it('puts a rat report in the environment department’s queue with the deadline, answers and attachments', async () => {
      const rats = await findService(db, dk.id, 'report-rats')
      const { submission } = await submitApplication(
        db,
        context(),
        rats,
        RATS_ANSWERS,
        [{ field: 'photos', fileName: 'rotte.png', contentType: 'image/png', bytes: PNG }],
        { language: 'da' },
      )
      expect(submission.outcome).toBe('case')
      expect(submission.inquiry_reference).toMatch(/^DEMO-\d{4}-\d{6}$/)
      const inquiry = await findInquiry(db, dk.id, submission.inquiry_id as string)
      const department = (await listDepartments(db, dk.id)).find((d) => d.id === inquiry?.department_id)
      expect(department?.slug).toBe('teknik-og-miljo')
      expect(inquiry?.channel).toBe('selfservice')
      const message = await db
        .selectFrom('inquiry_messages')
        .select('body')
        .where('inquiry_id', '=', inquiry?.id as string)
        .executeTakeFirstOrThrow()
      expect(message.body).toContain(submission.reference)
      expect(message.body).toContain('To rotter ved skraldespandene')
      const attachments = await db
        .selectFrom('inquiry_attachments')
        .select('file_name')
        .where('inquiry_id', '=', inquiry?.id as string)
        .execute()
      expect(attachments.map((a) => a.file_name)).toEqual(['rotte.png'])
      // One receipt (the self-service one), not a second from the case it became.
      const caseReceipts = await db
        .selectFrom('mail_outbox')
        .select('subject_line')
        .where('subject_line', 'like', `%${submission.inquiry_reference}%`)
        .execute()
      expect(caseReceipts).toEqual([])
    })

    it('records an assisted submission as such, with the staff member and the longer processing time', async () => {
      const staff = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'agent@demo-kommune.test')
        .executeTakeFirstOrThrow()
      const { submission } = await submitApplication(
        db,
        { ...context(), actor: { type: 'user', id: staff.id }, assistedBy: staff.id },
        euCard,
        EU_CARD_ANSWERS,
        [],
        { language: 'da' },
      )
      expect(submission.channel).toBe('assisted')
      expect(submission.assisted_by).toBe(staff.id)
      expect(submission.expected_by > new Date(Date.now() + 7 * 86_400_000).toISOString()).toBe(true)
    })
  })

  describe('campaigns', () => {
    it('counts uptake per channel during the campaign against the same-length period before', async () => {
      const editor = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'editor@demo-kommune.test')
        .executeTakeFirstOrThrow()
      // The campaign's days are the municipality's days (at 23:30 UTC it is tomorrow in Copenhagen).
      const today = localDate(new Date(), dk.time_zone)
      const start = localDate(new Date(Date.now() - 3 * 86_400_000), dk.time_zone)
      // One submission "before" the campaign.
      const old = await submitApplication(db, context(), euCard, EU_CARD_ANSWERS, [], { language: 'da' })
      await db
        .updateTable('selfservice_submissions')
        .set({ submitted_at: new Date(Date.now() - 6 * 86_400_000).toISOString() })
        .where('id', '=', old.submission.id)
        .execute()
      const [campaign] = await createCampaign(db, { type: 'user', id: editor.id }, [dk], {
        service: 'eu-health-card',
        title: { da: 'Skal du ud at rejse?' },
        message: { da: 'Bestil det blå EU-kort nu.' },
        startsOn: start,
        endsOn: today,
      })
      const uptake = await campaignUptake(db, campaign as never, dk.time_zone)
      expect(uptake.days).toBe(4)
      expect(uptake.before).toEqual({ digital: 1, assisted: 0 })
      expect(uptake.during.digital).toBeGreaterThanOrEqual(2)
      expect(uptake.during.assisted).toBe(1)
      await expect(
        createCampaign(db, { type: 'user', id: editor.id }, [dk, se], {
          service: 'eu-health-card',
          title: { da: 'x' },
          message: { da: 'y' },
          startsOn: start,
          endsOn: today,
        }),
      ).rejects.toMatchObject({ status: 400, fields: { together: { key: 'selfservice.campaign.missing_service' } } })
    })
  })
})
