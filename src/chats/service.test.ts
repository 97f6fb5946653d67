import { inflateSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import type { MunicipalityRow } from '../db/schema.ts'
import { seedDemo } from '../demo/seed.ts'
import { translator } from '../i18n/index.ts'
import { journalActions } from '../identity/testing.ts'
import { checkText } from '../moderation/checks.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { DK, SE } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { AppError } from '../web/errors.ts'
import { chatRecord, recordCsv, recordPdf } from './export.ts'
import * as service from './service.ts'
import { endChat, seedChat } from './testing.ts'
import { utcToLocal } from './time.ts'

const status = async (work: Promise<unknown>) => {
  try {
    await work
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code, fields: error.fields }
    throw error
  }
  return { status: 200 }
}

/** The moderation feature's checks may not have landed yet; tests of its verdicts wait for it. */
const checksLive = checkText('HVORFOR ER DER IKKE FLERE CYKELSTIER I BYEN', { language: 'da' }).length > 0

/** The text of a PDF's text runs: pdfkit deflates each page and writes hex strings in TJ arrays. */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1')
  const pages = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
    try {
      return inflateSync(Buffer.from(m[1] as string, 'latin1')).toString('latin1')
    } catch {
      return ''
    }
  })
  return [...pages.join('\n').matchAll(/<([0-9a-f]+)>/g)]
    .map((m) => Buffer.from(m[1] as string, 'hex').toString('latin1'))
    .join('')
}

forEachDialect('live chats', (current) => {
  let dk: MunicipalityRow
  let se: MunicipalityRow
  const ask = (chat: service.ChatView['chat'], question: string, name = 'Jens', email = '') =>
    service.askQuestion(current().db, { municipality: dk, mailDomain: 'radhus.test' }, chat, { name, email, question })

  beforeAll(async () => {
    await seedDemo(current().db)
    dk = (await findMunicipalityBySlug(current().db, DK.slug)) as MunicipalityRow
    se = (await findMunicipalityBySlug(current().db, SE.slug)) as MunicipalityRow
  })

  describe('scheduling', () => {
    it('refuses a chat without panel or moderator, with bad times, with limits out of range', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const result = await status(
        service.scheduleChat(db, world.editor, dk, {
          title: ' ',
          topic: 'x',
          language: 'da',
          startsAt: '2026-13-01T10:00',
          endsAt: '2020-01-01T10:00',
          questionMaxLength: 10,
          answerMaxLength: 500,
          moderators: [],
          panel: [],
        }),
      )
      expect(result.status).toBe(400)
      expect(Object.keys(result.fields ?? {}).sort()).toEqual(
        ['endsAt', 'moderators', 'panel', 'questionMaxLength', 'startsAt', 'title'].sort(),
      )
    })

    it('refuses a moderator who does not hold the moderator role, and an end before the start', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const start = new Date(Date.now() + 86_400_000).toISOString()
      const result = await status(
        service.scheduleChat(db, world.editor, dk, {
          title: 'T',
          topic: 'x',
          language: 'da',
          startsAt: utcToLocal(start, dk.time_zone),
          endsAt: utcToLocal(start, dk.time_zone),
          questionMaxLength: 300,
          answerMaxLength: 500,
          moderators: [world.editor.id],
          panel: [{ userId: world.politicians[0]?.id as string, party: 'V', committee: '' }],
        }),
      )
      expect(result.fields?.moderators?.key).toBe('chats.schedule.not_moderator')
      expect(result.fields?.endsAt?.key).toBe('chats.schedule.ends_before_start')
    })

    it('schedules a chat with its panel, in the municipality time zone, and journals it', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK, { startsInMinutes: 60 * 24, minutes: 90 })
      const view = await service.loadChat(db, dk.id, world.chat.id)
      expect(view.politicians.map((p) => [p.party, p.committee])).toEqual([
        ['Venstre', 'Teknik- og Miljøudvalget'],
        ['Socialdemokratiet', null],
      ])
      expect(view.moderators.map((m) => m.user_id)).toEqual([world.moderator.id])
      expect(new Date(view.chat.ends_at).getTime() - new Date(view.chat.starts_at).getTime()).toBe(90 * 60_000)
      expect(await journalActions(db, dk.id, world.chat.id)).toEqual(['chats.session.scheduled'])
      // Another municipality does not find it.
      expect((await status(service.loadChat(db, se.id, world.chat.id))).status).toBe(404)
    })
  })

  describe('asking', () => {
    it('queues a question before the start, numbers it, journals it with its text, and mails a copy', async () => {
      const { db } = current()
      const { chat } = await seedChat(db, dk, DK, { startsInMinutes: 120 })
      const q = await ask(chat, 'Hvornår kommer der cykelsti på Skolevej?', 'Jens', 'jens@example.test')
      expect(q).toMatchObject({ number: 1, state: 'pending' })
      expect(await journalActions(db, dk.id, q.id)).toEqual(['chats.question.received', 'mail.queued'])
      const mail = await db.selectFrom('mail_outbox').selectAll().where('subject_id', '=', q.id).execute()
      expect(mail).toHaveLength(1)
      expect((await ask(chat, 'Og hvad med Kirkevej?')).number).toBe(2)
    })

    it('refuses a question after the end with a clear message, and keeps nothing', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const chat = await endChat(db, world.chat)
      expect(await status(ask(chat, 'For sent?'))).toMatchObject({ status: 409, code: 'chats.ask.closed' })
      expect(await db.selectFrom('chat_questions').where('chat_id', '=', chat.id).selectAll().execute()).toEqual([])
      expect(translator('da')('chats.ask.closed')).toContain('Chatten er slut')
    })

    it('refuses an empty or over-long question and a missing name', async () => {
      const { db } = current()
      const { chat } = await seedChat(db, dk, DK, { questionMax: 60 })
      expect((await status(ask(chat, '   '))).fields?.question?.key).toBe('web.validation.required')
      expect((await status(ask(chat, 'x'.repeat(61)))).fields?.question).toEqual({
        key: 'chats.ask.too_long',
        vars: { limit: 60 },
      })
      expect((await status(ask(chat, 'Et spørgsmål', ' '))).fields?.name?.key).toBe('web.validation.required')
    })

    it.runIf(checksLive)('refuses a question in capitals (the board checks)', async () => {
      const { db } = current()
      const { chat } = await seedChat(db, dk, DK)
      const result = await status(ask(chat, 'HVORFOR ER DER IKKE FLERE CYKELSTIER I BYEN'))
      expect(result.fields?.question?.key).toBe('chats.ask.capitals')
    })

    it('queues a question with a blocklisted word for the moderator, naming the check', async () => {
      const { db } = current()
      const { chat } = await seedChat(db, dk, DK)
      const q = await ask(chat, 'Er borgmesteren et fjols?')
      expect(q.state).toBe('pending')
      expect(service.findingsOf(q)).toContain('blocklist')
      expect(service.blocklistEntries('fjols\nkøb nu | no-commercial\n\n')).toEqual([
        'fjols',
        { term: 'køb nu', rule: 'no-commercial' },
      ])
    })

    it('never shows an identity number: the published question is masked', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const q = await ask(world.chat, 'Mit CPR er 070761-4285, hvorfor skal jeg vente?')
      await service.assignQuestion(db, world.chat, world.moderator, q.id, {
        politicianId: world.politicians[0]?.id as string,
        version: 1,
      })
      const pair = await service.publishAnswer(
        db,
        world.chat,
        world.politicians[0] as service.StaffActor,
        q.id,
        'Svar.',
      )
      expect(pair.question).not.toContain('070761-4285')
      expect(JSON.stringify(await service.publishedPairs(db, world.chat.id))).not.toContain('4285')
    })
  })

  describe('moderating and answering', () => {
    it('publishes pairs in the order they are answered, with the politician and party', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const [pia, other] = world.politicians as [service.StaffActor, service.StaffActor]
      const q1 = await ask(world.chat, 'Første spørgsmål?', 'Anna')
      const q2 = await ask(world.chat, 'Andet spørgsmål?', 'Bo')
      await service.assignQuestion(db, world.chat, world.moderator, q1.id, { politicianId: pia.id, version: 1 })
      await service.assignQuestion(db, world.chat, world.moderator, q2.id, { politicianId: other.id, version: 1 })
      await service.publishAnswer(db, world.chat, other, q2.id, 'Svar på det andet.')
      await service.publishAnswer(db, world.chat, pia, q1.id, 'Svar på det første.')
      const pairs = await service.publishedPairs(db, world.chat.id)
      expect(pairs.map((p) => [p.seq, p.number, p.asker, p.politician, p.party])).toEqual([
        [1, 2, 'Bo', 'Politician 2', 'Socialdemokratiet'],
        [2, 1, 'Anna', 'Pia Politiker', 'Venstre'],
      ])
      expect(await journalActions(db, dk.id, q1.id)).toEqual([
        'chats.question.received',
        'chats.question.assigned',
        'chats.answer.published',
      ])
    })

    it('refuses a second decision on a question another moderator already handled, and applies it once', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const q = await ask(world.chat, 'Hvem svarer?')
      const pia = world.politicians[0]?.id as string
      const results = await Promise.allSettled([
        service.assignQuestion(db, world.chat, world.moderator, q.id, { politicianId: pia, version: 1 }),
        service.rejectQuestion(db, world.chat, world.moderator, q.id, { rule: 'no-hate', reason: '', version: 1 }),
      ])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      expect(refused.reason).toMatchObject({ status: 409, code: 'chats.moderate.already_handled' })
      const late = await status(
        service.assignQuestion(db, world.chat, world.moderator, q.id, { politicianId: pia, version: 1 }),
      )
      expect(late).toMatchObject({ status: 409, code: 'chats.moderate.already_handled' })
      const actions = await journalActions(db, dk.id, q.id)
      expect(actions.filter((a) => a !== 'chats.question.received')).toHaveLength(1)
    })

    it('lets only the chat moderators decide', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const q = await ask(world.chat, 'Må redaktøren?')
      const result = await status(
        service.assignQuestion(db, world.chat, world.editor, q.id, {
          politicianId: world.politicians[0]?.id as string,
          version: 1,
        }),
      )
      expect(result).toMatchObject({ status: 403, code: 'chats.moderate.not_moderator' })
    })

    it('does not let a politician answer a question assigned to another', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const [pia, other] = world.politicians as [service.StaffActor, service.StaffActor]
      const q = await ask(world.chat, 'Til Pia?')
      await service.assignQuestion(db, world.chat, world.moderator, q.id, { politicianId: pia.id, version: 1 })
      expect(await status(service.publishAnswer(db, world.chat, other, q.id, 'Jeg svarer!'))).toMatchObject({
        status: 403,
        code: 'chats.answer.not_yours',
      })
      expect(await service.publishedPairs(db, world.chat.id)).toEqual([])
      const tooLong = await status(service.publishAnswer(db, world.chat, pia, q.id, 'x'.repeat(601)))
      expect(tooLong.fields?.answer).toEqual({ key: 'chats.answer.too_long', vars: { limit: 600 } })
    })

    it('rejects citing a house rule, merges duplicates, and reorders the queue', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const a = await ask(world.chat, 'Spørgsmål A?')
      const b = await ask(world.chat, 'Spørgsmål B?')
      const c = await ask(world.chat, 'Spørgsmål A igen?')
      expect(
        (
          await status(
            service.rejectQuestion(db, world.chat, world.moderator, b.id, { rule: 'x', reason: '', version: 1 }),
          )
        ).fields?.rule?.key,
      ).toBe('chats.moderate.rule_required')
      await service.moveQuestion(db, world.chat, world.moderator, c.id, 'top')
      expect((await service.moderationQueue(db, world.chat.id)).pending.map((q) => q.number)).toEqual([3, 1, 2])
      await service.moveQuestion(db, world.chat, world.moderator, b.id, 'up')
      expect((await service.moderationQueue(db, world.chat.id)).pending.map((q) => q.number)).toEqual([3, 2, 1])
      await service.mergeQuestion(db, world.chat, world.moderator, c.id, { intoNumber: a.number, version: 1 })
      await service.rejectQuestion(db, world.chat, world.moderator, b.id, {
        rule: 'no-commercial',
        reason: 'Reklame for en butik',
        version: 1,
      })
      const queue = await service.moderationQueue(db, world.chat.id)
      expect(queue.pending.map((q) => q.number)).toEqual([1])
      expect(queue.closed.map((q) => [q.number, q.state, q.reject_rule])).toEqual([
        [2, 'rejected', 'no-commercial'],
        [3, 'merged', null],
      ])
      expect(await journalActions(db, dk.id, b.id)).toContain('chats.question.rejected')
      expect(await journalActions(db, dk.id, c.id)).toContain('chats.question.merged')
    })
  })

  describe('the full record', () => {
    it('exports every question with its outcome and reason as CSV and PDF', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK, { title: 'Chat om skoler' })
      const [pia] = world.politicians as [service.StaffActor]
      const answered = await ask(world.chat, 'Hvad koster skolen?', 'Karin')
      const rejected = await ask(world.chat, 'Køb mine cykler!', 'Sælger')
      await ask(world.chat, 'Ubesvaret spørgsmål?', 'Ole')
      await service.assignQuestion(db, world.chat, world.moderator, answered.id, { politicianId: pia.id, version: 1 })
      await service.publishAnswer(db, world.chat, pia, answered.id, 'Den koster 100 mio. kr.')
      await service.rejectQuestion(db, world.chat, world.moderator, rejected.id, {
        rule: 'no-commercial',
        reason: 'Reklame',
        version: 1,
      })
      const t = translator('da')
      const record = await chatRecord(db, dk.id, world.chat.id, t, 'da', dk.time_zone)
      const csv = recordCsv(record, t)
      const lines = csv.replace('\uFEFF', '').trim().split('\r\n')
      expect(lines[0]).toContain('Nummer,Modtaget,Spurgt af,Spørgsmål')
      expect(lines).toHaveLength(4)
      expect(lines[1]).toContain('Hvad koster skolen?')
      expect(lines[1]).toContain('Den koster 100 mio. kr.')
      expect(lines[1]).toContain('Pia Politiker,Venstre')
      expect(lines[2]).toContain('Afvist,no-commercial,Reklame')
      expect(lines[3]).toContain('Ubesvaret spørgsmål?,,Venter på moderatoren')
      const pdf = await recordPdf(record, t, dk.name, 'i dag')
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const text = pdfText(pdf)
      for (const expected of ['Chat om skoler', 'Hvad koster skolen?', 'Reklame', 'Ubesvaret', 'Afvist']) {
        expect(text.replace(/\s+/g, ' ')).toContain(expected)
      }
    })
  })
})
