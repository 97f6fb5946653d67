import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MunicipalityRow } from '../db/schema.ts'
import { seededWorld } from '../inquiries/testing.ts'
import { checkText } from '../moderation/checks.ts'
import { buildTestApp, DK, signedInAs, TestBrowser } from '../testing/app.ts'
import { forEachDialect } from '../testing/db.ts'
import { startLiveListener } from '../web/live.ts'
import * as service from './service.ts'
import { openSse, type SseClient } from './testing/sse.ts'
import { endChat, seedChat } from './testing.ts'
import { utcToLocal } from './time.ts'

const checksLive = checkText('HVORFOR ER DER IKKE FLERE CYKELSTIER I BYEN', { language: 'da' }).length > 0

forEachDialect('live chat pages', (current) => {
  let app: FastifyInstance
  let dk: MunicipalityRow
  let base: string
  let stopLive: () => Promise<void>
  const clients: SseClient[] = []

  beforeAll(async () => {
    const { db, url, schema } = current()
    ;({ app, dk } = await seededWorld(db, { RATE_LIMITS: 'off' }))
    stopLive = await startLiveListener(db, url, schema)
    await app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    for (const c of clients) c.close()
    await stopLive()
    await app.close()
  })

  const askViaForm = async (chatId: string, form: Record<string, string>) => {
    const citizen = new TestBrowser(app)
    await citizen.get(`/${DK.slug}/live/${chatId}`)
    return citizen.post(`/${DK.slug}/live/${chatId}/questions`, form)
  }

  describe('public pages', () => {
    it('the front page links the chats; the list shows upcoming and past chats', async () => {
      const { db } = current()
      const upcoming = await seedChat(db, dk, DK, { startsInMinutes: 600, title: 'Kommende chat' })
      const past = await endChat(db, (await seedChat(db, dk, DK, { title: 'Tidligere chat' })).chat)
      expect((await app.inject(`/${DK.slug}`)).body).toContain(`href="/${DK.slug}/live"`)
      const list = (await app.inject(`/${DK.slug}/live`)).body
      expect(list.indexOf('Kommende chat')).toBeLessThan(list.indexOf('Tidligere chat'))
      expect(list).toContain(upcoming.chat.id)
      expect(list).toContain(past.id)
      const page = await app.inject(`/${DK.slug}/live/${upcoming.chat.id}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('<html lang="da"')
      expect(page.body).toContain(`datetime="${upcoming.chat.starts_at}"`)
      expect(page.body).toContain('data-countdown')
      expect(page.body).toContain('Venstre')
      expect(page.body).toContain('aria-live="polite"')
      expect(page.body).toContain('chats-live.js')
      expect((await app.inject(`/${DK.slug}/live/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404)
    })

    it('takes a question before the start and says so; refuses one after the end with a clear message', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK, { startsInMinutes: 60 })
      const res = await askViaForm(world.chat.id, { name: 'Jens', email: '', question: 'Hvad med cykelstierne?' })
      expect(res.statusCode).toBe(303)
      expect(res.headers.location).toBe(`/${DK.slug}/live/${world.chat.id}?asked=1#ask-heading`)
      const after = await app.inject(res.headers.location as string)
      expect(after.body).toContain('Tak, vi har modtaget dit spørgsmål')
      // The form was opened while the chat ran, and sent after it ended.
      const citizen = new TestBrowser(app)
      await citizen.get(`/${DK.slug}/live/${world.chat.id}`)
      const ended = await endChat(db, world.chat)
      const late = await citizen.post(`/${DK.slug}/live/${ended.id}/questions`, {
        name: 'Jens',
        email: '',
        question: 'For sent?',
      })
      expect(late.statusCode).toBe(409)
      expect(late.body).toContain('Chatten er slut, så der modtages ikke flere spørgsmål')
      expect(late.body).toContain('Udskrift')
    })

    it('keeps what was typed when a question is refused', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK, { questionMax: 60 })
      const res = await askViaForm(world.chat.id, { name: '', email: 'ikke-en-adresse', question: 'Mit spørgsmål' })
      expect(res.statusCode).toBe(400)
      expect(res.body).toContain('data-error-summary')
      expect(res.body).toContain('Mit spørgsmål')
      expect(res.body).toContain('value="ikke-en-adresse"')
      if (checksLive) {
        const caps = await askViaForm(world.chat.id, {
          name: 'X',
          email: '',
          question: 'HVORFOR ER DER IKKE FLERE CYKELSTIER I BYEN',
        })
        expect(caps.statusCode).toBe(400)
        expect(caps.body).toContain('Skriv venligst ikke med store bogstaver.')
      }
    })
  })

  it('limits how many questions one address sends per minute', async () => {
    const { db } = current()
    const world = await seedChat(db, dk, DK)
    const limited = await buildTestApp(db)
    try {
      const citizen = new TestBrowser(limited)
      await citizen.get(`/${DK.slug}/live/${world.chat.id}`)
      const statuses = []
      for (let i = 0; i < 11; i++) {
        const res = await citizen.post(`/${DK.slug}/live/${world.chat.id}/questions`, {
          name: 'Flittig',
          email: '',
          question: `Spørgsmål nummer ${i + 1}?`,
        })
        statuses.push(res.statusCode)
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303))
      expect(statuses[10]).toBe(429)
    } finally {
      await limited.close()
    }
  })

  describe('consoles', () => {
    it('moderator assigns; a second moderator action on the same question is a clear 409', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const q = await service.askQuestion(db, { municipality: dk, mailDomain: 'x.test' }, world.chat, {
        name: 'Anna',
        email: '',
        question: 'Hvornår åbner svømmehallen?',
      })
      const moderator = await signedInAs(app, 'moderator')
      const consolePath = `/${DK.slug}/staff/chats/${world.chat.id}/moderate`
      const page = await moderator.get(consolePath)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Hvornår åbner svømmehallen?')
      expect(page.body).toContain('<kbd>j / k</kbd>')
      const action = `/${DK.slug}/staff/chats/${world.chat.id}/questions/${q.id}/assign`
      const form = { politician: world.politicians[0]?.id as string, version: '1' }
      const first = await moderator.post(action, form)
      expect(first.statusCode).toBe(303)
      const second = await moderator.post(action, form)
      expect(second.statusCode).toBe(409)
      expect(second.body).toContain('En anden moderator har allerede behandlet dette spørgsmål')
      const reject = await moderator.post(`/${DK.slug}/staff/chats/${world.chat.id}/questions/${q.id}/reject`, {
        rule: 'no-hate',
        reason: '',
        version: '1',
      })
      expect(reject.statusCode).toBe(409)
      // A politician is not a moderator: the policy refuses the console.
      const politician = await signedInAs(app, 'politician')
      expect((await politician.get(consolePath)).statusCode).toBe(403)
    })

    it('politician answers their own question; another politician gets 403', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK, { answerMax: 100 })
      const q = await service.askQuestion(db, { municipality: dk, mailDomain: 'x.test' }, world.chat, {
        name: 'Bo',
        email: '',
        question: 'Kommer der flere busser?',
      })
      await service.assignQuestion(db, world.chat, world.moderator, q.id, {
        politicianId: world.politicians[0]?.id as string,
        version: 1,
      })
      const other = new TestBrowser(app)
      expect((await other.signIn(`politician2@${DK.emailDomain}`)).statusCode).toBe(303)
      await other.get(`/${DK.slug}/staff/chats/${world.chat.id}/answer`)
      const answerPath = `/${DK.slug}/staff/chats/${world.chat.id}/questions/${q.id}/answer`
      expect((await other.post(answerPath, { answer: 'Det svarer jeg på!' })).statusCode).toBe(403)

      const pia = await signedInAs(app, 'politician')
      const mine = await pia.get(`/${DK.slug}/staff/chats/${world.chat.id}/answer`)
      expect(mine.body).toContain('Kommer der flere busser?')
      expect(mine.body).toContain('data-limit="100"')
      const tooLong = await pia.post(answerPath, { answer: 'x'.repeat(101) })
      expect(tooLong.statusCode).toBe(400)
      expect(tooLong.body).toContain('Svaret er for langt: højst 100 tegn.')
      expect(tooLong.body).toContain('x'.repeat(101))
      expect((await pia.post(answerPath, { answer: 'Ja, fra januar.' })).statusCode).toBe(303)
      const publicPage = (await app.inject(`/${DK.slug}/live/${world.chat.id}`)).body
      expect(publicPage).toContain('Ja, fra januar.')
      expect(publicPage).toContain('Svar fra Pia Politiker (Venstre)')
    })

    it('an editor schedules a chat through the form, and a wrong form keeps what was typed', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const editor = await signedInAs(app, 'editor')
      const form = await editor.get(`/${DK.slug}/staff/chats/new`)
      expect(form.statusCode).toBe(200)
      const start = new Date(Date.now() + 86_400_000).toISOString()
      const end = new Date(Date.now() + 90_000_000).toISOString()
      const pia = world.politicians[0]?.id as string
      const bad = await editor.post(`/${DK.slug}/staff/chats/new`, {
        title: 'Budgetchat',
        topic: 'Budget 2027',
        language: 'da',
        startsAt: utcToLocal(start, dk.time_zone),
        endsAt: utcToLocal(end, dk.time_zone),
        questionMaxLength: '300',
        answerMaxLength: '800',
        panel: pia,
        [`party-${pia}`]: '',
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain('Angiv partiet for hver politiker i panelet.')
      expect(bad.body).toContain('Vælg mindst én moderator.')
      expect(bad.body).toContain('value="Budgetchat"')
      const ok = await editor.post(`/${DK.slug}/staff/chats/new`, {
        title: 'Budgetchat',
        topic: 'Budget 2027',
        language: 'da',
        startsAt: utcToLocal(start, dk.time_zone),
        endsAt: utcToLocal(end, dk.time_zone),
        questionMaxLength: '300',
        answerMaxLength: '800',
        panel: pia,
        [`party-${pia}`]: 'Venstre',
        [`committee-${pia}`]: 'Økonomiudvalget',
        moderators: world.moderator.id,
      })
      expect(ok.statusCode).toBe(303)
      const list = await editor.get(`/${DK.slug}/staff/chats?scheduled=1`)
      expect(list.body).toContain('Budgetchat')
      expect(list.body).toContain('record.csv')
      expect((await editor.get(`/${DK.slug}/staff`)).body).toContain(`/${DK.slug}/staff/chats`)
    })
  })

  describe('the event stream', () => {
    it('delivers pairs in publish order and resumes after Last-Event-ID', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK)
      const [pia, other] = world.politicians as [service.StaffActor, service.StaffActor]
      const events = `/${DK.slug}/live/${world.chat.id}/events`
      expect((await app.inject(events)).statusCode).toBe(406)
      const viewer = await openSse(base, events)
      clients.push(viewer)
      const ask = (question: string) =>
        service.askQuestion(db, { municipality: dk, mailDomain: 'x.test' }, world.chat, {
          name: 'A',
          email: '',
          question,
        })
      const questions = [await ask('Et?'), await ask('To?'), await ask('Tre?')]
      for (const [i, q] of questions.entries()) {
        const to = i === 1 ? other : pia
        await service.assignQuestion(db, world.chat, world.moderator, q.id, { politicianId: to.id, version: 1 })
      }
      await service.publishAnswer(db, world.chat, other, questions[1]?.id as string, 'Svar to')
      await service.publishAnswer(db, world.chat, pia, questions[0]?.id as string, 'Svar et')
      await viewer.waitFor(2)
      const resumed = await openSse(base, events, { 'last-event-id': '1' })
      clients.push(resumed)
      await service.publishAnswer(db, world.chat, pia, questions[2]?.id as string, 'Svar tre')
      await viewer.waitFor(3)
      await resumed.waitFor(2)
      viewer.close()
      resumed.close()
      const answers = (c: SseClient) => c.frames.map((f) => [f.id, f.event, JSON.parse(f.data).answer])
      expect(answers(viewer)).toEqual([
        ['1', 'pair', 'Svar to'],
        ['2', 'pair', 'Svar et'],
        ['3', 'pair', 'Svar tre'],
      ])
      expect(answers(resumed)).toEqual([
        ['2', 'pair', 'Svar et'],
        ['3', 'pair', 'Svar tre'],
      ])
      // A page rendered with two pairs starts its stream after them.
      const page = (await app.inject(`/${DK.slug}/live/${world.chat.id}`)).body
      expect(page).toContain(`${events}?after=3`)
      const fromPage = await openSse(base, `${events}?after=2`)
      clients.push(fromPage)
      await fromPage.waitFor(1)
      fromPage.close()
      expect(fromPage.frames.map((f) => f.id)).toEqual(['3'])
    })
  })

  describe('the record', () => {
    it('exports the full record for staff as CSV and PDF; the transcript shows only published pairs', async () => {
      const { db } = current()
      const world = await seedChat(db, dk, DK, { title: 'Chat om affald' })
      const ask = (question: string) =>
        service.askQuestion(db, { municipality: dk, mailDomain: 'x.test' }, world.chat, {
          name: 'A',
          email: '',
          question,
        })
      const answered = await ask('Hvornår hentes storskrald?')
      const rejected = await ask('Se mit tilbud på www.example.test')
      await ask('Ingen nåede dette?')
      const pia = world.politicians[0] as service.StaffActor
      await service.assignQuestion(db, world.chat, world.moderator, answered.id, { politicianId: pia.id, version: 1 })
      await service.publishAnswer(db, world.chat, pia, answered.id, 'Hver anden mandag.')
      await service.rejectQuestion(db, world.chat, world.moderator, rejected.id, {
        rule: 'no-commercial',
        reason: 'Reklame',
        version: 1,
      })
      await endChat(db, world.chat)
      const transcript = (await app.inject(`/${DK.slug}/live/${world.chat.id}`)).body
      expect(transcript).toContain('Hver anden mandag.')
      expect(transcript).not.toContain('Se mit tilbud')
      expect(transcript).not.toContain('Ingen nåede dette?')
      expect(transcript).not.toContain('Stil et spørgsmål')

      const editor = await signedInAs(app, 'editor')
      const csv = await editor.get(`/${DK.slug}/staff/chats/${world.chat.id}/record.csv`)
      expect(csv.statusCode).toBe(200)
      expect(csv.headers['content-type']).toContain('text/csv')
      expect(csv.body).toContain('Se mit tilbud på www.example.test')
      expect(csv.body).toContain('no-commercial,Reklame')
      expect(csv.body).toContain('Ingen nåede dette?')
      const pdf = await editor.get(`/${DK.slug}/staff/chats/${world.chat.id}/record.pdf`)
      expect(pdf.headers['content-type']).toBe('application/pdf')
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
      const politician = await signedInAs(app, 'politician')
      expect((await politician.get(`/${DK.slug}/staff/chats/${world.chat.id}/record.csv`)).statusCode).toBe(403)
    })
  })
})
