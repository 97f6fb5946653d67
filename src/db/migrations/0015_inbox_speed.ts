/**
 * A faster intake and inbox search (issue #4's speed targets).
 *
 * The search index of 0006 was written twice for every new inquiry: once when the inquiry row was inserted
 * (reference, name, e-mail), then deleted and written again when its first message followed in the same
 * transaction. Deleting a row FTS5 still holds in memory forces it to write out a segment, so one intake
 * wrote about twice the pages. An inquiry is always received together with its first message
 * (`receiveInquiry`), so the inquiry's insert now only gives it its search key, and the message's insert
 * indexes the whole text once. Changing the reference, name or e-mail still re-indexes (unchanged).
 *
 * On SQLite a broad partial-word search ("kylsk": thousands of hits) spent its time looking up every hit
 * in `inquiries` by its text id, twice (page and count). The search keys now carry what the inbox filters
 * and sorts a search by (municipality, status, due and received time), kept in step by triggers, so the
 * count and the page's 25 ids come from the small keys rows and only those 25 inquiries are read.
 *
 * The inbox's first page (inquiries not closed, soonest due first): PostgreSQL walked the due-date index
 * through the closed inquiries, which are the oldest and most. A partial index of the open ones by due date
 * gives it the page at once (SQLite reads the status index and sorts, see inbox/store.ts).
 */
import { type Kysely, sql } from 'kysely'
import { isPostgres } from '../dialect.ts'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('inquiries_active_due')
    .on('inquiries')
    .columns(['municipality_id', 'due_at', 'id'])
    .where(sql.ref('status'), 'in', ['new', 'open', 'answered'])
    .execute()
  if (isPostgres(db)) {
    await sql`drop trigger inquiry_search_on_inquiry on inquiries`.execute(db)
    await sql`create trigger inquiry_search_on_inquiry after update of reference, citizen_name, citizen_email
      on inquiries for each row execute function inquiry_search_on_inquiry()`.execute(db)
    return
  }
  for (const column of KEY_COLUMNS) {
    await sql`alter table inquiry_search_keys add column ${sql.id(column)} text`.execute(db)
  }
  await sql`update inquiry_search_keys set (municipality_id, status, due_at, received_at) =
    (select i.municipality_id, i.status, i.due_at, i.received_at from inquiries i where i.id = inquiry_search_keys.inquiry_id)`.execute(
    db,
  )
  await sql`drop trigger inquiry_search_inquiry_insert`.execute(db)
  await sql`create trigger inquiry_search_inquiry_insert after insert on inquiries begin
    insert into inquiry_search_keys (inquiry_id, municipality_id, status, due_at, received_at)
    values (new.id, new.municipality_id, new.status, new.due_at, new.received_at);
  end`.execute(db)
  await sql`create trigger inquiry_search_keys_update after update of status, due_at, received_at on inquiries begin
    update inquiry_search_keys set status = new.status, due_at = new.due_at, received_at = new.received_at
    where inquiry_id = new.id;
  end`.execute(db)
}

const KEY_COLUMNS = ['municipality_id', 'status', 'due_at', 'received_at'] as const

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inquiries_active_due').execute()
  if (isPostgres(db)) {
    await sql`drop trigger inquiry_search_on_inquiry on inquiries`.execute(db)
    await sql`create trigger inquiry_search_on_inquiry after insert or update of reference, citizen_name, citizen_email
      on inquiries for each row execute function inquiry_search_on_inquiry()`.execute(db)
    return
  }
  await sql`drop trigger inquiry_search_keys_update`.execute(db)
  await sql`drop trigger inquiry_search_inquiry_insert`.execute(db)
  for (const column of KEY_COLUMNS) {
    await sql`alter table inquiry_search_keys drop column ${sql.id(column)}`.execute(db)
  }
  await sql`create trigger inquiry_search_inquiry_insert after insert on inquiries begin
    insert into inquiry_search_keys (inquiry_id) values (new.id);
    delete from inquiry_search where rowid = (select id from inquiry_search_keys where inquiry_id = new.id);
    insert into inquiry_search (rowid, text) select search_id, text from inquiry_search_source where inquiry_id = new.id;
  end`.execute(db)
}
