/** The public pages of moderation: the house rules (any version), the moderation log, the report form and the author's appeal. */
import { createHmac } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Language } from '../db/schema.ts'
import { municipalityOf } from '../identity/actor.ts'
import { formErrors, schemaErrors } from '../identity/forms.ts'
import { getPage } from '../municipalities/service.ts'
import { viewContext } from '../web/context.ts'
import { type FieldErrors, NotFound } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { appealItem, findItemByAppealToken } from './appeals.ts'
import { type HouseRuleCode, isHouseRuleCode } from './checks.ts'
import { isLogSource, LOG_PAGE_SIZE, moderationLog } from './log.ts'
import { reportItem } from './reports.ts'
import { currentHouseRules, houseRulesVersion, listHouseRuleVersions } from './rules.ts'
import {
  AppealBody,
  AppealParams,
  ItemParams,
  LogQuery,
  MunicipalityParams,
  ReportBody,
  RulesQuery,
} from './schemas.ts'
import { reportPath } from './service.ts'
import { kindLabel } from './sources.ts'
import { countLogDecisions, findHidingDecision, findItem } from './store.ts'
import {
  AppealPage,
  HouseRulesPage,
  ModerationLogPage,
  NoticePage,
  ReportPage,
  type ReportValues,
} from './views/PublicPages.tsx'
import { ruleTitleIn } from './views/parts.tsx'

/** Reports per address and minute; the service also caps reports per address and hour. */
const REPORT_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const labelFor = (language: Language) => (kind: string) => kindLabel(kind, language)

export async function publicModerationRoutes(app: FastifyInstance): Promise<void> {
  // Public: house rules ------------------------------------------------------------------------------

  app.get<{ Querystring: RulesQuery }>(
    '/:m/house-rules',
    { schema: { params: MunicipalityParams, querystring: RulesQuery, hide: true } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const current = await currentHouseRules(app.db, municipality.id, req.lang)
      const asked = req.query.version ? Number(req.query.version) : undefined
      const rules =
        asked && asked !== current.version ? await houseRulesVersion(app.db, municipality.id, asked, req.lang) : current
      if (!rules) throw NotFound('moderation.rules.not_found')
      const intro = (await getPage(app.db, municipality.id, 'house-rules', req.lang))?.body ?? ''
      const versions = await listHouseRuleVersions(app.db, municipality.id)
      const page = (
        <HouseRulesPage
          ctx={viewContext(req, reply)}
          rules={rules}
          current={current.version}
          versions={versions}
          intro={intro}
        />
      )
      return html(reply, page)
    },
  )

  // Public: the moderation log -------------------------------------------------------------------------

  app.get<{ Querystring: LogQuery }>(
    '/:m/moderation-log',
    { schema: { params: MunicipalityParams, querystring: LogQuery, hide: true } },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const source = isLogSource(req.query.source) ? req.query.source : undefined
      const page = Math.max(1, Number(req.query.page ?? '1') || 1)
      const log = await moderationLog(app.db, municipality.id, { source, page })
      const total = await countLogDecisions(app.db, municipality.id, source)
      const rules = await currentHouseRules(app.db, municipality.id, req.lang)
      const view = (
        <ModerationLogPage
          ctx={viewContext(req, reply)}
          log={log}
          total={total}
          page={page}
          pageSize={LOG_PAGE_SIZE}
          source={source}
          rules={rules}
          kindLabel={labelFor(req.lang)}
        />
      )
      return html(reply, view)
    },
  )

  // Public: reports ------------------------------------------------------------------------------------

  const reportable = async (req: FastifyRequest<{ Params: ItemParams }>) => {
    const item = await findItem(app.db, municipalityOf(req).id, req.params.itemId)
    if (item?.state !== 'published') throw NotFound('moderation.report.not_found')
    return item
  }

  const renderReport = async (
    req: FastifyRequest<{ Params: ItemParams }>,
    reply: FastifyReply,
    values: ReportValues,
    errors?: FieldErrors,
    status = 200,
  ) => {
    const municipality = municipalityOf(req)
    const rules = await currentHouseRules(app.db, municipality.id, req.lang)
    reply.header('cache-control', 'no-store')
    const page = (
      <ReportPage
        ctx={viewContext(req, reply)}
        action={reportPath(municipality.slug, req.params.itemId)}
        rules={rules}
        values={values}
        errors={errors}
      />
    )
    return html(reply, page, status)
  }

  app.get<{ Params: ItemParams }>(
    '/:m/report/:itemId',
    { schema: { params: ItemParams, hide: true } },
    async (req, reply) => {
      await reportable(req)
      return renderReport(req, reply, { rule: '', note: '' })
    },
  )

  app.post<{ Params: ItemParams; Body: ReportBody }>(
    '/:m/report/:itemId',
    {
      schema: { params: ItemParams, body: ReportBody, hide: true },
      attachValidation: true,
      config: { rateLimit: REPORT_RATE_LIMIT },
    },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const body = (req.body ?? {}) as ReportBody
      const values = { rule: text(body.rule), note: text(body.note) }
      await reportable(req)
      const errors: FieldErrors = { ...schemaErrors(req) }
      if (!isHouseRuleCode(values.rule)) errors.rule = { key: 'moderation.report.rule_required' }
      if (Object.keys(errors).length > 0) return renderReport(req, reply, values, errors, 400)
      const reporterHash = createHmac('sha256', app.config.secret).update(`report:${req.ip}`).digest('hex')
      await reportItem(app.db, {
        municipalityId: municipality.id,
        itemId: req.params.itemId,
        rule: values.rule as HouseRuleCode,
        note: values.note,
        reporterHash,
      })
      const page = (
        <NoticePage
          ctx={viewContext(req, reply)}
          title={req.t('moderation.report.done_title')}
          text={req.t('moderation.report.done')}
          back={{ href: `/${municipality.slug}/house-rules`, label: req.t('moderation.rules.title') }}
        />
      )
      return html(reply, page)
    },
  )

  // Public: the author's appeal ---------------------------------------------------------------------------

  const renderAppeal = async (
    req: FastifyRequest<{ Params: AppealParams }>,
    reply: FastifyReply,
    values: { text: string },
    errors?: FieldErrors,
    status = 200,
  ) => {
    const municipality = municipalityOf(req)
    const item = await findItemByAppealToken(app.db, municipality.id, req.params.token)
    if (!item) throw NotFound('moderation.appeal.not_found')
    const hiding = await findHidingDecision(app.db, item.id)
    const rules = hiding?.rule_version
      ? await houseRulesVersion(app.db, municipality.id, hiding.rule_version, item.language)
      : await currentHouseRules(app.db, municipality.id, item.language)
    reply.header('cache-control', 'no-store')
    const page = (
      <AppealPage
        ctx={viewContext(req, reply)}
        action={`/${municipality.slug}/appeal/${req.params.token}`}
        item={item}
        ruleTitle={rules ? ruleTitleIn(rules, hiding?.rule ?? item.rule) : ''}
        reason={hiding?.reason ?? null}
        text={values.text}
        errors={errors}
      />
    )
    return html(reply, page, status)
  }

  app.get<{ Params: AppealParams }>(
    '/:m/appeal/:token',
    { schema: { params: AppealParams, hide: true } },
    (req, reply) => renderAppeal(req, reply, { text: '' }),
  )

  app.post<{ Params: AppealParams; Body: AppealBody }>(
    '/:m/appeal/:token',
    { schema: { params: AppealParams, body: AppealBody, hide: true }, attachValidation: true },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const values = { text: text(req.body?.text) }
      const invalid = schemaErrors(req)
      if (invalid) return renderAppeal(req, reply, values, invalid, 400)
      try {
        await appealItem(app.db, municipality.id, req.params.token, values.text)
      } catch (error) {
        const { errors, status } = formErrors(error, 'text')
        return renderAppeal(req, reply, values, errors, status)
      }
      const page = (
        <NoticePage
          ctx={viewContext(req, reply)}
          title={req.t('moderation.appeal.title')}
          text={req.t('moderation.appeal.done')}
        />
      )
      return html(reply, page)
    },
  )
}
