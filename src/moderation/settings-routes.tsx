/** The administrator's moderation settings and the publishing of a new version of the house rules. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { LANGUAGES } from '../db/schema.ts'
import { municipalityOf, userActor } from '../identity/actor.ts'
import { formErrors, schemaErrors } from '../identity/forms.ts'
import { viewContext } from '../web/context.ts'
import type { FieldErrors } from '../web/errors.ts'
import { html } from '../web/reply.ts'
import { HOUSE_RULE_CODES } from './checks.ts'
import {
  currentHouseRules,
  moderationSettings,
  publishHouseRules,
  type RulesInput,
  saveModerationSettings,
} from './rules.ts'
import { MunicipalityParams, RulesBody, SettingsBody } from './schemas.ts'
import { SettingsPage, type SettingsValues } from './views/SettingsPage.tsx'

const settingsPolicy = { policy: 'moderation.settings' } as const

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  // Staff: settings and house rules (administrators) --------------------------------------------------------

  const settingsValues = async (municipalityId: string): Promise<SettingsValues> => {
    const s = await moderationSettings(app.db, municipalityId)
    return {
      reportThreshold: String(s.reportThreshold),
      rateLimitPosts: String(s.rateLimitPosts),
      rateLimitMinutes: String(s.rateLimitMinutes),
      repeatWindowMinutes: String(s.repeatWindowMinutes),
      defaultMaxLength: String(s.defaultMaxLength),
      blocklist_da: s.blocklists.da,
      blocklist_sv: s.blocklists.sv,
      blocklist_en: s.blocklists.en,
    }
  }

  const renderSettings = async (
    req: FastifyRequest,
    reply: FastifyReply,
    form: {
      values?: SettingsValues
      ruleValues?: Record<string, string>
      errors?: FieldErrors
      saved?: 'settings' | 'rules'
    },
    status = 200,
  ) => {
    const municipality = municipalityOf(req)
    const rules = Object.fromEntries(
      await Promise.all(LANGUAGES.map(async (l) => [l, await currentHouseRules(app.db, municipality.id, l)] as const)),
    )
    const page = (
      <SettingsPage
        ctx={viewContext(req, reply)}
        values={form.values ?? (await settingsValues(municipality.id))}
        rules={rules}
        ruleValues={form.ruleValues}
        errors={form.errors}
        saved={form.saved}
      />
    )
    return html(reply, page, status)
  }

  app.get<{ Querystring: { saved?: string } }>(
    '/:m/staff/moderation/settings',
    { schema: { params: MunicipalityParams, hide: true }, config: settingsPolicy },
    async (req, reply) => {
      const saved = (req.query as { saved?: string }).saved
      return renderSettings(req, reply, saved === 'rules' || saved === 'settings' ? { saved } : {})
    },
  )

  const LIMITS: Record<string, [min: number, max: number]> = {
    reportThreshold: [1, 100],
    rateLimitPosts: [1, 1000],
    rateLimitMinutes: [1, 10_080],
    repeatWindowMinutes: [0, 43_200],
    defaultMaxLength: [50, 100_000],
  }

  app.post<{ Body: SettingsBody }>(
    '/:m/staff/moderation/settings',
    {
      schema: { params: MunicipalityParams, body: SettingsBody, hide: true },
      attachValidation: true,
      config: settingsPolicy,
    },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const body = (req.body ?? {}) as Record<string, unknown>
      const values = Object.fromEntries(
        Object.keys(await settingsValues(municipality.id)).map((k) => [k, text(body[k])]),
      ) as SettingsValues
      const errors: FieldErrors = { ...schemaErrors(req) }
      const numbers: Record<string, number> = {}
      for (const [name, [min, max]] of Object.entries(LIMITS)) {
        const raw = values[name as keyof SettingsValues].trim()
        const n = Number(raw)
        if (!/^\d+$/.test(raw) || n < min || n > max) {
          errors[name] = { key: 'moderation.settings.number_range', vars: { min, max } }
        }
        numbers[name] = n
      }
      if (Object.keys(errors).length === 0) {
        try {
          await saveModerationSettings(app.db, userActor(req), municipality.id, {
            reportThreshold: numbers.reportThreshold ?? 3,
            rateLimitPosts: numbers.rateLimitPosts ?? 10,
            rateLimitMinutes: numbers.rateLimitMinutes ?? 60,
            repeatWindowMinutes: numbers.repeatWindowMinutes ?? 1440,
            defaultMaxLength: numbers.defaultMaxLength ?? 2000,
            blocklists: { da: values.blocklist_da, sv: values.blocklist_sv, en: values.blocklist_en },
          })
          return reply.redirect(`/${municipality.slug}/staff/moderation/settings?saved=settings`, 303)
        } catch (error) {
          Object.assign(errors, formErrors(error).errors)
        }
      }
      return renderSettings(req, reply, { values, errors }, 400)
    },
  )

  app.post<{ Body: Record<string, string> }>(
    '/:m/staff/moderation/rules',
    {
      schema: { params: MunicipalityParams, body: RulesBody, hide: true },
      attachValidation: true,
      config: settingsPolicy,
    },
    async (req, reply) => {
      const municipality = municipalityOf(req)
      const body = (req.body ?? {}) as Record<string, unknown>
      const ruleValues: Record<string, string> = {}
      const errors: FieldErrors = { ...schemaErrors(req) }
      const input: RulesInput = {}
      for (const language of LANGUAGES) {
        for (const code of HOUSE_RULE_CODES) {
          const title = text(body[`title-${language}-${code}`]).trim()
          const ruleText = text(body[`text-${language}-${code}`]).trim()
          ruleValues[`title-${language}-${code}`] = title
          ruleValues[`text-${language}-${code}`] = ruleText
          // A rule is given by its title; a text without a title is a mistake worth pointing at.
          if (!title && ruleText)
            errors[`title-${language}-${code}`] = { key: 'moderation.settings.rule_title_required' }
          if (title) input[language] = [...(input[language] ?? []), { code, title, text: ruleText }]
        }
      }
      if (!LANGUAGES.some((l) => (input[l]?.length ?? 0) > 0)) {
        errors[`title-${req.lang}-concise`] = { key: 'moderation.settings.rules_empty' }
      }
      if (Object.keys(errors).length > 0) return renderSettings(req, reply, { ruleValues, errors }, 400)
      await publishHouseRules(app.db, userActor(req), municipality.id, input)
      return reply.redirect(`/${municipality.slug}/staff/moderation/settings?saved=rules`, 303)
    },
  )
}
