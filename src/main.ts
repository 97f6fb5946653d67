/**
 * `npm start`: migrate, seed the demo municipalities into an empty database, serve, and print the
 * address and the demo logins. SIGINT/SIGTERM close the server and the database cleanly.
 */
import { scheduleDiscards } from './board/retention.ts'
import { exitOnConfigError, openConfigured } from './boot.ts'
import { startCheckpointer } from './db/checkpointer.ts'
import { demoLogins, seedDemoIfEmpty } from './demo/seed.ts'
import { startSmtpListener } from './inquiries/email/smtp.ts'
import { scheduleDigests } from './inquiries/routing/digest.ts'
import { JOB_HANDLERS } from './jobs/registry.ts'
import { startWorker } from './jobs/service.ts'
import { findMunicipalityBySlug } from './municipalities/service.ts'
import { buildApp } from './web/app.ts'
import { startLiveListener } from './web/live.ts'

async function main(): Promise<void> {
  const started = performance.now()
  const { config, db } = await openConfigured()
  const checkpointer = startCheckpointer(db)
  await seedDemoIfEmpty(db, config.mailDomain, config.baseUrl)
  const app = await buildApp({ config, db })
  await app.listen({ port: config.port, host: config.host })
  const stopLive = await startLiveListener(db, config.databaseUrl)
  const worker = startWorker(db, JOB_HANDLERS, { onError: (error) => app.log.error({ err: error }, 'job worker') })
  // Inbound mail over SMTP only when asked for; IMAP polling and the API need no open port.
  const smtp =
    config.smtpInboundPort === undefined
      ? undefined
      : await startSmtpListener(db, config, {
          port: config.smtpInboundPort,
          host: config.host,
          onError: (error) => app.log.error({ err: error }, 'inbound smtp'),
        })
  // Each municipality's daily digest chain; dedupe keys make a restart (or a second process) a no-op.
  await scheduleDigests(db)
  // The board's daily discarding of posts never confirmed (board/retention.ts); likewise safe to repeat.
  await scheduleDiscards(db)

  const lines = [
    `Rådhus is running at ${config.baseUrl} (${db.dialectName}, ready in ${Math.round(performance.now() - started)} ms)`,
  ]
  if (await findMunicipalityBySlug(db, 'demo-kommune')) {
    lines.push('', 'Demo logins (sign in at /login):')
    for (const login of demoLogins()) {
      lines.push(
        `  ${login.municipality.padEnd(13)} ${login.role.padEnd(11)} ${login.email.padEnd(32)} ${login.password}`,
      )
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`)

  const stop = async () => {
    await smtp?.close()
    await worker.stop()
    await stopLive()
    await app.close()
    await checkpointer.stop()
    await db.destroy()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch(exitOnConfigError)
