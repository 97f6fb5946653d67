/**
 * The board's registrations with other features, made when the board loads: moderation sources for
 * questions and answers, the contact centre's answer hook (official answers), the verified-citizen hook
 * (held posts go on) and the board's part of the citizen's own page.
 */
import { registerCitizenSection } from '../citizens/service.ts'
import './official.ts'
import { citizenActivity } from './service.ts'
import './sources.ts'
import { MySection } from './views/MySection.tsx'

registerCitizenSection(async (db, citizen, ctx) => (
  <MySection ctx={ctx} activity={await citizenActivity(db, citizen.id)} />
))
