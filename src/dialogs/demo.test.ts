import { expect, it } from 'vitest'
import type { MunicipalityRow } from '../db/schema.ts'
import { seedDemo } from '../demo/seed.ts'
import { findMunicipalityBySlug } from '../municipalities/service.ts'
import { forEachDialect } from '../testing/db.ts'
import { seedDemoDialogs } from './demo.ts'
import { phaseOf } from './mandate.ts'
import { today } from './service.ts'
import * as store from './store.ts'

forEachDialect('demo dialogs', (ctx) => {
  it('gives each demo municipality a consultation, an idea storm and a budget in different phases, one concluded with feedback', async () => {
    const db = ctx().db
    await seedDemo(db)
    const options = { baseUrl: 'http://localhost:3000', mailDomain: 'radhus.test' }
    await seedDemoDialogs(db, options)
    await seedDemoDialogs(db, options)
    for (const slug of ['demo-kommune', 'demo-kommun']) {
      const m = (await findMunicipalityBySlug(db, slug)) as MunicipalityRow
      const dialogs = await store.listDialogs(db, m.id, true)
      expect(dialogs.map((d) => d.kind).sort()).toEqual(['budget', 'consultation', 'idea_storm'])
      const phases = new Set(dialogs.map((d) => phaseOf(d, today(m))))
      expect(phases.has('concluded')).toBe(true)
      expect(phases.has('open')).toBe(true)
      const concluded = dialogs.find((d) => d.state === 'concluded')
      expect(concluded?.feedback_mailed_at).toBeTruthy()
    }
  })
})
