/**
 * The e-mail channel over HTTP: the administrator's settings page (with recent inbound mail), and
 * `POST /api/v1/channels/email/inbound` for an MTA pipe or a provider webhook that forwards raw MIME.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { EmailSettingsRow } from '../../db/schema.ts'
import { municipalityOf, userActor } from '../../identity/actor.ts'
import { viewContext } from '../../web/context.ts'
import { AppError, type FieldErrors } from '../../web/errors.ts'
import { html } from '../../web/reply.ts'
import { Problem } from '../schemas.ts'
import { listTopics } from '../service.ts'
import { ingestRawMail } from './ingest.ts'
import { InboundAccepted, InboundRaw, SettingsBody, SettingsParams, SettingsQuery } from './schemas.ts'
import * as settings from './settings.ts'
import * as store from './store.ts'
import { EmailSettingsPage, type SettingsValues } from './views/EmailSettingsPage.tsx'

const RFC822 = 'message/rfc822'
const RECENT_INBOUND = 50

const valuesOf = (row: EmailSettingsRow | undefined): SettingsValues => ({
  inboundAddress: row?.inbound_address ?? '',
  topic: row?.topic_id ?? '',
  imapEnabled: row?.imap_enabled === 1,
  imapHost: row?.imap_host ?? '',
  imapPort: String(row?.imap_port ?? 993),
  imapSecure: row ? row.imap_secure === 1 : true,
  imapUser: row?.imap_user ?? '',
  imapMailbox: row?.imap_mailbox ?? settings.DEFAULT_MAILBOX,
  imapPollMinutes: String(row?.imap_poll_minutes ?? settings.DEFAULT_POLL_MINUTES),
})

const inputOf = (body: SettingsBody): settings.SettingsInput => ({
  inboundAddress: body.inboundAddress ?? '',
  topic: body.topic ?? '',
  imapEnabled: body.imapEnabled === 'on',
  imapHost: body.imapHost ?? '',
  imapPort: body.imapPort ?? '',
  imapSecure: body.imapSecure === 'on',
  imapUser: body.imapUser ?? '',
  imapPassword: body.imapPassword ?? '',
  imapMailbox: body.imapMailbox ?? '',
  imapPollMinutes: body.imapPollMinutes ?? '',
})

export async function emailRoutes(app: FastifyInstance): Promise<void> {
  const maxBytes = app.config.smtpInboundMaxBytes
  // Raw mail as bytes; only in this plugin. A message a little over the limit is still taken and
  // stored raw with a parse-error flag (nothing is lost); far over it is refused with 413.
  app.addContentTypeParser(RFC822, { parseAs: 'buffer', bodyLimit: maxBytes * 2 }, (_req, body, done) =>
    done(null, body),
  )

  const renderPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    form: { values?: SettingsValues; errors?: FieldErrors; saved?: boolean } = {},
    status = 200,
  ) => {
    const municipality = municipalityOf(req)
    const [row, topics, inbound] = await Promise.all([
      settings.findSettings(app.db, municipality.id),
      listTopics(app.db, municipality.id),
      store.listInbound(app.db, municipality.id, RECENT_INBOUND),
    ])
    reply.header('cache-control', 'no-store')
    return html(
      reply,
      <EmailSettingsPage
        ctx={viewContext(req, reply)}
        values={form.values ?? valuesOf(row)}
        defaultAddress={settings.defaultInboundAddress(municipality.slug, app.config.mailDomain)}
        passwordStored={Boolean(row?.imap_password)}
        topics={topics}
        inbound={inbound}
        saved={form.saved ?? false}
        errors={form.errors}
      />,
      status,
    )
  }

  app.get<{ Querystring: { saved?: string } }>(
    '/:m/staff/settings/email',
    {
      schema: { params: SettingsParams, querystring: SettingsQuery, hide: true },
      config: { policy: 'email.settings' },
    },
    async (req, reply) => renderPage(req, reply, { saved: req.query.saved === '1' }),
  )

  app.post<{ Body: SettingsBody }>(
    '/:m/staff/settings/email',
    { schema: { params: SettingsParams, body: SettingsBody, hide: true }, config: { policy: 'email.settings' } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const input = inputOf(req.body ?? {})
      try {
        await settings.saveSettings(app.db, app.config, userActor(req), municipality, input)
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 400) throw error
        const { imapPassword: _kept, ...values } = input
        return renderPage(req, reply, { values, ...(error.fields ? { errors: error.fields } : {}) }, 400)
      }
      return reply.redirect(`/${municipality.slug}/staff/settings/email?saved=1`, 303)
    },
  )

  app.post(
    '/api/v1/channels/email/inbound',
    {
      schema: {
        summary: 'Hand in a raw e-mail',
        description:
          "For a mail server's pipe or a provider's webhook: the raw RFC 822 message as the body, with " +
          '`Content-Type: message/rfc822`, for the municipality of the token. It is threaded into its inquiry or ' +
          'opens a new one (with a receipt), exactly as mail to the inbound address; robots are never answered. ' +
          'The same message handed in twice changes nothing (`duplicate`). Needs a staff token with the permission ' +
          '`email.ingest` (administrator, agent).',
        tags: ['inquiries'],
        security: [{ bearer: [] }],
        consumes: [RFC822],
        body: InboundRaw,
        response: { 202: InboundAccepted, 400: Problem, 401: Problem, 403: Problem, 413: Problem, 415: Problem },
      },
      // The body is bytes, not JSON: the schema above documents it, the handler checks it.
      validatorCompiler: () => () => true,
      config: { policy: 'email.ingest' },
    },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      if (!Buffer.isBuffer(req.body)) throw new AppError(415, 'inquiries.email.api.media_type')
      if (req.body.length === 0) throw new AppError(400, 'inquiries.email.api.empty')
      const result = await ingestRawMail(app.db, app.config, req.body, {
        source: 'api',
        municipalityId: municipality.id,
      })
      // The token names the municipality, so a message is never refused for its recipients here.
      if (result.outcome === 'refused') throw new Error('inbound mail refused despite a token municipality')
      return reply.code(202).send({
        id: result.inboundId,
        outcome: result.outcome,
        inquiryId: result.inquiryId,
        class: result.class,
        thread: result.threadBy,
        parseError: result.parseError,
      })
    },
  )
}
