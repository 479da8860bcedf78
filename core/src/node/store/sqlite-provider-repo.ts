import type { Provider, ProviderType } from '../../domain/provider.ts';
import { appError } from '../../domain/errors.ts';
import type { ProviderRecord, ProviderRepo, UpstreamProvider } from '../../ports/store.ts';
import type { Db } from '../db/open-database.ts';
import { updateColumns } from './update-columns.ts';

interface ProviderRow {
  id: string;
  name: string;
  type: ProviderType;
  base_url: string | null;
  key_ciphertext: string | null;
  key_last4: string | null;
  zero_priced: number;
  created_at: number;
  updated_at: number;
}

/** The public view: whether a key exists and its last four characters, never the ciphertext. */
function toProvider(r: ProviderRow): Provider {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    baseUrl: r.base_url,
    hasKey: r.key_ciphertext !== null,
    last4: r.key_last4,
    zeroPriced: r.zero_priced === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class SqliteProviderRepo implements ProviderRepo {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      byId: db.prepare<[string], ProviderRow>('SELECT * FROM providers WHERE id = ?'),
      byName: db.prepare<[string], ProviderRow>('SELECT * FROM providers WHERE name = ?'),
      list: db.prepare<[], ProviderRow>('SELECT * FROM providers ORDER BY name'),
      insert: db.prepare(
        `INSERT INTO providers (id, name, type, base_url, key_ciphertext, key_last4, zero_priced, created_at, updated_at)
         VALUES (@id, @name, @type, @base_url, @key_ciphertext, @key_last4, @zero_priced, @now, @now)`,
      ),
      remove: db.prepare('DELETE FROM providers WHERE id = ?'),
      usedBy: db.prepare<[string, string], { name: string }>(
        'SELECT name FROM agents WHERE openai_provider_id = ? OR anthropic_provider_id = ? ORDER BY name',
      ),
    };
  }

  upstream(id: string): UpstreamProvider | undefined {
    const r = this.stmts.byId.get(id);
    if (!r) return undefined;
    return {
      id: r.id,
      name: r.name,
      type: r.type,
      baseUrl: r.base_url,
      keyCiphertext: r.key_ciphertext,
      zeroPriced: r.zero_priced === 1,
    };
  }

  create(id: string, record: ProviderRecord, now: number): Provider {
    try {
      this.stmts.insert.run({
        id,
        name: record.name,
        type: record.type,
        base_url: record.baseUrl,
        key_ciphertext: record.keyCiphertext,
        key_last4: record.keyLast4,
        zero_priced: record.zeroPriced ? 1 : 0,
        now,
      });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw appError('CONFLICT', `a provider named "${record.name}" already exists`);
      }
      throw e;
    }
    return this.mustGet(id);
  }

  list(): Provider[] {
    return this.stmts.list.all().map(toProvider);
  }

  byName(name: string): Provider | undefined {
    const r = this.stmts.byName.get(name);
    return r && toProvider(r);
  }

  byId(id: string): Provider | undefined {
    const r = this.stmts.byId.get(id);
    return r && toProvider(r);
  }

  update(id: string, patch: Partial<ProviderRecord>, now: number): Provider {
    const cols: Record<string, unknown> = {};
    if (patch.name !== undefined) cols.name = patch.name;
    if (patch.baseUrl !== undefined) cols.base_url = patch.baseUrl;
    if (patch.keyCiphertext !== undefined) cols.key_ciphertext = patch.keyCiphertext;
    if (patch.keyLast4 !== undefined) cols.key_last4 = patch.keyLast4;
    if (patch.zeroPriced !== undefined) cols.zero_priced = patch.zeroPriced ? 1 : 0;
    updateColumns(this.db, 'providers', id, cols, now);
    return this.mustGet(id);
  }

  remove(id: string): void {
    this.stmts.remove.run(id);
  }

  usedBy(id: string): string[] {
    return this.stmts.usedBy.all(id, id).map((r) => r.name);
  }

  private mustGet(id: string): Provider {
    const p = this.byId(id);
    if (!p) throw appError('NOT_FOUND', `no provider with id ${id}`);
    return p;
  }
}
