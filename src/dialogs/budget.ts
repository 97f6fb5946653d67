/**
 * Participatory budgets: editors add projects with a cost; each verified citizen casts one ballot, which
 * must fit the budget (knapsack) or pick at most N projects (approval). Who voted and what was chosen are
 * stored apart, so the ballot file can be published for a recount. Results are computed from the ballots
 * and published once voting has closed; projects may take crowd-funding pledges toward a goal.
 */
import type { Db, Trx } from '../db/index.ts'
import { newId, nowIso } from '../db/index.ts'
import type { DialogContributionRow, DialogRow } from '../db/tables/dialogs.ts'
import { record, SYSTEM } from '../journal/service.ts'
import { findMunicipalityById } from '../municipalities/service.ts'
import { AppError, BadRequest, Conflict, type FieldErrors, NotFound } from '../web/errors.ts'
import { addEvent, type Participant } from './contributions.ts'
import { phaseOf } from './mandate.ts'
import { type DialogContext, notOpen, today } from './service.ts'
import * as store from './store.ts'

export interface ProjectInput {
  title: string
  body: string
  cost: number
  pledgeGoal: number
}

export async function addProject(db: Db, ctx: DialogContext, dialogId: string, input: ProjectInput) {
  const errors: FieldErrors = {}
  if (!input.title.trim()) errors.title = { key: 'web.validation.required' }
  if (!input.body.trim()) errors.body = { key: 'web.validation.required' }
  if (!Number.isInteger(input.cost) || input.cost <= 0) errors.cost = { key: 'dialogs.form.number_invalid' }
  if (!Number.isInteger(input.pledgeGoal) || input.pledgeGoal < 0)
    errors.pledge_goal = { key: 'dialogs.form.number_invalid' }
  if (Object.keys(errors).length) throw BadRequest('web.error.bad_request', errors)
  return db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, dialogId)
    if (dialog?.kind !== 'budget') throw NotFound('dialogs.not_found')
    if (phaseOf(dialog, today(ctx.municipality)) !== 'draft' && phaseOf(dialog, today(ctx.municipality)) !== 'upcoming')
      throw Conflict('dialogs.project.voting_started')
    if (input.cost > dialog.budget_total)
      throw BadRequest('web.error.bad_request', { cost: { key: 'dialogs.project.over_budget' } })
    const now = nowIso()
    const id = newId()
    await store.insertContribution(trx, {
      id,
      dialog_id: dialog.id,
      municipality_id: dialog.municipality_id,
      kind: 'project',
      parent_id: null,
      citizen_id: null,
      author_name: ctx.municipality.name,
      author_email: null,
      represents: 'self',
      organisation: '',
      address: '',
      hide_address: 1,
      language: ctx.municipality.default_language,
      title: input.title.trim(),
      body: input.body.trim(),
      public_body: input.body.trim(),
      state: 'published',
      moderation_item_id: null,
      status: 'new',
      status_note: '',
      response: '',
      cost: input.cost,
      pledge_goal: input.pledgeGoal,
      supports_count: 0,
      created_at: now,
      updated_at: now,
    })
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: ctx.actor,
      action: 'dialogs.project.added',
      subject: { type: 'dialog_contribution', id },
      summary: `Project costing ${input.cost} added to budget ${dialog.id}`,
    })
    return id
  })
}

/** Field errors of a ballot against the dialog's rules (empty when it is valid). */
export function ballotErrors(
  dialog: Pick<DialogRow, 'ballot_method' | 'budget_total' | 'max_choices'>,
  projects: readonly Pick<DialogContributionRow, 'id' | 'cost'>[],
  choices: readonly string[],
): FieldErrors {
  const chosen = [...new Set(choices)]
  if (chosen.length === 0) return { projects: { key: 'dialogs.ballot.empty' } }
  const byId = new Map(projects.map((p) => [p.id, p]))
  if (chosen.some((id) => !byId.has(id))) return { projects: { key: 'dialogs.ballot.unknown_project' } }
  if (dialog.ballot_method === 'approval') {
    if (dialog.max_choices > 0 && chosen.length > dialog.max_choices)
      return { projects: { key: 'dialogs.ballot.too_many', vars: { max: dialog.max_choices } } }
    return {}
  }
  const total = chosen.reduce((sum, id) => sum + (byId.get(id)?.cost ?? 0), 0)
  if (total > dialog.budget_total)
    return { projects: { key: 'dialogs.ballot.over_budget', vars: { total, budget: dialog.budget_total } } }
  return {}
}

/** One ballot per verified citizen; an invalid ballot is refused before anything is stored. */
export async function castBallot(
  db: Db,
  ctx: DialogContext,
  citizen: Participant,
  dialogId: string,
  choices: readonly string[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, dialogId)
    if (!dialog || dialog.state === 'draft' || dialog.kind !== 'budget') throw NotFound('dialogs.not_found')
    if (phaseOf(dialog, today(ctx.municipality)) !== 'open') throw notOpen(dialog)
    const projects = await store.listContributions(trx, dialogId, { kinds: ['project'], publishedOnly: true })
    const errors = ballotErrors(dialog, projects, choices)
    if (Object.keys(errors).length) throw BadRequest('dialogs.ballot.invalid', errors)
    const at = nowIso()
    const first = await store.insertVoter(trx, {
      dialog_id: dialogId,
      citizen_id: citizen.id,
      email: citizen.email,
      language: citizen.language,
      voted_at: at,
    })
    if (!first) throw Conflict('dialogs.ballot.already')
    // A random id, no time: the ballot cannot be matched to its voter by order or timestamp.
    await store.insertBallot(trx, {
      id: newId(),
      dialog_id: dialogId,
      choices: JSON.stringify([...new Set(choices)].sort()),
    })
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: { type: 'citizen', id: citizen.id },
      action: 'dialogs.ballot.cast',
      subject: { type: 'dialog', id: dialogId },
      summary: 'A ballot was cast (its choices are kept apart from the voter)',
    })
  })
}

export interface ProjectResult {
  project: DialogContributionRow
  votes: number
  funded: boolean
}

/**
 * Votes per project, then funding in order of votes (ties: cheaper first) while the budget lasts: a
 * project that no longer fits is skipped and the next one tried (the usual greedy rule of participatory budgets).
 */
export function computeResults(
  dialog: Pick<DialogRow, 'budget_total'>,
  projects: readonly DialogContributionRow[],
  ballots: readonly { choices: string }[],
): ProjectResult[] {
  const votes = new Map(projects.map((p) => [p.id, 0]))
  for (const ballot of ballots) {
    for (const id of JSON.parse(ballot.choices) as string[]) if (votes.has(id)) votes.set(id, (votes.get(id) ?? 0) + 1)
  }
  const ranked = [...projects].sort(
    (a, b) => (votes.get(b.id) ?? 0) - (votes.get(a.id) ?? 0) || a.cost - b.cost || a.title.localeCompare(b.title),
  )
  let left = dialog.budget_total
  return ranked.map((project) => {
    const count = votes.get(project.id) ?? 0
    const funded = count > 0 && project.cost <= left
    if (funded) left -= project.cost
    return { project, votes: count, funded }
  })
}

export async function resultsOf(db: Db, dialog: DialogRow): Promise<ProjectResult[]> {
  const [projects, ballots] = await Promise.all([
    store.listContributions(db, dialog.id, { kinds: ['project'], publishedOnly: true }),
    store.listBallots(db, dialog.id),
  ])
  return computeResults(dialog, projects, ballots)
}

/** Publishes the results of every budget whose voting has closed; returns how many were published. */
export async function publishDueResults(db: Db, now = new Date()): Promise<number> {
  let published = 0
  for (const candidate of await store.listAllPublished(db)) {
    if (candidate.kind !== 'budget' || candidate.results_published_at) continue
    const municipality = await findMunicipalityById(db, candidate.municipality_id)
    if (!municipality) continue
    const phase = phaseOf(candidate, today(municipality, now))
    if (phase === 'upcoming' || phase === 'open' || phase === 'draft') continue
    const results = await resultsOf(db, candidate)
    await db.transaction().execute(async (trx: Trx) => {
      const dialog = await store.lockDialog(trx, municipality.id, candidate.id)
      if (!dialog || dialog.results_published_at) return
      await store.updateDialog(trx, dialog.id, { results_published_at: nowIso() })
      const funded = results.filter((r) => r.funded)
      await record(trx, {
        municipalityId: municipality.id,
        actor: SYSTEM,
        action: 'dialogs.results.published',
        subject: { type: 'dialog', id: dialog.id },
        summary: `Voting closed: ${funded.length} of ${results.length} projects funded`,
        documents: [
          {
            body: JSON.stringify(results.map((r) => ({ project: r.project.id, votes: r.votes, funded: r.funded }))),
            mediaType: 'application/json',
          },
        ],
      })
      await addEvent(trx, dialog, 'results', funded.map((r) => r.project.title).join(', '))
      published++
    })
  }
  return published
}

export const MAX_PLEDGE = 1_000_000

/** A pledge toward a project's crowd-funding goal, while voting is open. */
export async function pledge(
  db: Db,
  ctx: DialogContext,
  citizen: Participant,
  dialogId: string,
  projectId: string,
  amount: number,
): Promise<void> {
  if (!Number.isInteger(amount) || amount <= 0 || amount > MAX_PLEDGE)
    throw BadRequest('web.error.bad_request', {
      amount: { key: 'dialogs.pledge.amount_invalid', vars: { max: MAX_PLEDGE } },
    })
  await db.transaction().execute(async (trx) => {
    const dialog = await store.lockDialog(trx, ctx.municipality.id, dialogId)
    if (!dialog || dialog.state === 'draft' || dialog.kind !== 'budget') throw NotFound('dialogs.not_found')
    if (!dialog.pledges_enabled) throw new AppError(409, 'dialogs.pledge.disabled')
    if (phaseOf(dialog, today(ctx.municipality)) !== 'open') throw notOpen(dialog)
    const project = await store.findContribution(trx, dialogId, projectId)
    if (project?.kind !== 'project' || project.pledge_goal <= 0) throw NotFound('dialogs.contribution.not_found')
    const id = newId()
    await store.insertPledge(trx, {
      id,
      contribution_id: projectId,
      citizen_id: citizen.id,
      amount,
      created_at: nowIso(),
    })
    await record(trx, {
      municipalityId: ctx.municipality.id,
      actor: { type: 'citizen', id: citizen.id },
      action: 'dialogs.pledge.made',
      subject: { type: 'dialog_contribution', id: projectId },
      summary: `Pledge of ${amount}`,
    })
  })
}

export const pledgeTotals = store.pledgeTotals
export const hasVoted = store.hasVoted
export const listBallots = store.listBallots
