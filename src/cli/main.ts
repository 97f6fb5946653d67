/**
 * The `radhus` command line, for operators: migrate, seed the demo, create staff and API tokens, and
 * verify the journal. It reads the same environment as the server (DATABASE_URL, RADHUS_DATA_DIR, ...).
 */
import { Command } from 'commander'
import { VERSION } from '../version.ts'
import { migrate, seedDemo } from './database.ts'
import { verifyJournal } from './journal.ts'
import { exitOnKnownError } from './run.ts'
import { createToken, createUser } from './staff.ts'

const collect = (value: string, previous: string[]): string[] => [...previous, value]

export function buildProgram(): Command {
  const program = new Command('radhus')
    .description('Rådhus, the digital town hall: administration from the command line.')
    .version(VERSION)
    .showHelpAfterError()

  program.command('migrate').description('apply the database migrations that have not run yet').action(migrate)

  const seed = program.command('seed').description('fill the database with example data')
  seed.command('demo').description('seed the demo municipalities, if the database is empty').action(seedDemo)

  const user = program.command('user').description('staff accounts')
  user
    .command('create')
    .description('create a staff member with one or more roles in a municipality')
    .requiredOption('--municipality <slug>', 'the municipality, e.g. demo-kommune')
    .requiredOption('--email <email>', 'their work e-mail address (they sign in with it)')
    .requiredOption('--role <role>', 'a role; repeat for several', collect, [])
    .option('--name <name>', 'their full name')
    .option('--password <password>', 'their password (at least 12 characters); generated and printed if left out')
    .action(createUser)

  const token = program.command('token').description('API tokens')
  token
    .command('create')
    .description('create an API token for a staff member; the token is printed alone on the last line')
    .requiredOption('--municipality <slug>', 'the municipality the token works in')
    .requiredOption('--email <email>', "the staff member's e-mail address")
    .option('--name <name>', 'what the token is for')
    .action(createToken)

  const journal = program.command('journal').description('the public record')
  journal
    .command('verify')
    .description('recompute the hash chain and documents; exit 1 naming the first broken entry')
    .option('--municipality <slug>', 'only this municipality (default: all)')
    .action(verifyJournal)

  return program
}

// `radhus ... | head` closes the pipe early; that is the reader's choice, not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

buildProgram().parseAsync(process.argv).catch(exitOnKnownError)
