/** `radhus journal verify`: recompute every chain (or one) and name the first broken entry. */
import type { MunicipalityRow } from '../db/schema.ts'
import { verifyChain } from '../journal/verify.ts'
import { listMunicipalities } from '../municipalities/service.ts'
import { CliError, municipalityBySlug, say, withDatabase } from './run.ts'

export async function verifyJournal(options: { municipality?: string }): Promise<void> {
  const broken = await withDatabase(async ({ db }) => {
    const municipalities: MunicipalityRow[] = options.municipality
      ? [await municipalityBySlug(db, options.municipality)]
      : await listMunicipalities(db)
    if (municipalities.length === 0) say('There are no municipalities, so there is no journal to verify.')
    const failures: string[] = []
    for (const m of municipalities) {
      const started = performance.now()
      const result = await verifyChain(db, m.id)
      const ms = Math.round(performance.now() - started)
      const counts = `${result.checked} entries and ${result.documentsChecked} documents checked in ${ms} ms`
      if (result.ok) {
        say(`${m.slug}: intact, ${counts}; head ${result.headHash}`)
      } else {
        const { seq, reason } = result.problem ?? { seq: 0, reason: 'unknown' }
        say(`${m.slug}: BROKEN at entry ${seq}, ${counts}`)
        failures.push(`The journal of ${m.name} (${m.slug}) is broken at entry ${seq}: ${reason}.`)
      }
    }
    return failures
  })
  // All municipalities are checked before failing, so one broken chain does not hide another.
  if (broken.length > 0) throw new CliError(broken.join('\nradhus: '))
}
