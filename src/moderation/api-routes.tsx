/** `POST /api/v1/moderation/checks`: the automatic checks, for every channel and staff tool. */
import type { FastifyInstance } from 'fastify'
import { translator } from '../i18n/index.ts'
import { municipalityOf } from '../identity/actor.ts'
import { checkText } from './checks.ts'
import { currentHouseRules, moderationSettings, parseBlocklist } from './rules.ts'
import { ApiChecksBody, ApiChecksResult, Problem } from './schemas.ts'
import { findingReason, ruleTitleIn } from './views/parts.tsx'

export async function checksApiRoutes(app: FastifyInstance): Promise<void> {
  // API: the automatic checks ----------------------------------------------------------------------------------

  app.post<{ Body: ApiChecksBody }>(
    '/api/v1/moderation/checks',
    {
      schema: {
        summary: 'Run the automatic moderation checks on a text',
        description:
          'The same checks every channel runs before a post is shown: identity numbers (Danish CPR, Swedish personnummer and ' +
          'samordningsnummer in any common notation), e-mail addresses, phone numbers, text mostly in capitals, over the ' +
          "length limit, links and the municipality's blocklist for the language. Each finding names its house rule and " +
          'where it is in the text (UTF-16 offsets). Nothing is stored. Needs a staff token (any role).',
        tags: ['moderation'],
        security: [{ bearer: [] }],
        body: ApiChecksBody,
        response: { 200: ApiChecksResult, 400: Problem, 401: Problem, 403: Problem },
      },
      config: { policy: 'moderation.check' },
    },
    async (req) => {
      const municipality = municipalityOf(req)
      const language = req.body.language ?? municipality.default_language
      const settings = await moderationSettings(app.db, municipality.id)
      const maxLength = req.body.maxLength ?? settings.defaultMaxLength
      const findings = checkText(req.body.text, {
        language,
        maxLength,
        blocklist: parseBlocklist(settings.blocklists[language]),
      })
      const rules = await currentHouseRules(app.db, municipality.id, language)
      const t = translator(language)
      return {
        language,
        rulesVersion: rules.version,
        maxLength,
        findings: findings.map((f) => ({ ...f, ruleTitle: ruleTitleIn(rules, f.rule), reason: findingReason(t, f) })),
      }
    },
  )
}
