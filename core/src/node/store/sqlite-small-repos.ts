import type { PriceOverride } from '../../pricing/index.ts';
import type { PriceOverrideRepo, SettingsRepo } from '../../ports/store.ts';
import type { Db } from '../db/open-database.ts';

interface OverrideRow {
  provider_id: string;
  model: string;
  input_per_mtok: number;
  output_per_mtok: number;
  cache_read_per_mtok: number | null;
  cache_write_per_mtok: number | null;
}

/** Per-model price overrides; an empty provider id means "at any provider". */
export class SqlitePriceOverrideRepo implements PriceOverrideRepo {
  constructor(private readonly db: Db) {}

  list(): PriceOverride[] {
    const rows = this.db.prepare<[], OverrideRow>('SELECT * FROM price_overrides ORDER BY model, provider_id').all();
    return rows.map((r) => ({
      providerId: r.provider_id === '' ? null : r.provider_id,
      model: r.model,
      inputPerMtok: r.input_per_mtok,
      outputPerMtok: r.output_per_mtok,
      ...(r.cache_read_per_mtok !== null ? { cacheReadPerMtok: r.cache_read_per_mtok } : {}),
      ...(r.cache_write_per_mtok !== null ? { cacheWritePerMtok: r.cache_write_per_mtok } : {}),
    }));
  }

  upsert(o: PriceOverride, now: number): void {
    this.db
      .prepare(
        `INSERT INTO price_overrides (provider_id, model, input_per_mtok, output_per_mtok, cache_read_per_mtok,
           cache_write_per_mtok, updated_at)
         VALUES (@provider_id, @model, @input, @output, @cache_read, @cache_write, @now)
         ON CONFLICT (provider_id, model) DO UPDATE SET input_per_mtok = excluded.input_per_mtok,
           output_per_mtok = excluded.output_per_mtok, cache_read_per_mtok = excluded.cache_read_per_mtok,
           cache_write_per_mtok = excluded.cache_write_per_mtok, updated_at = excluded.updated_at`,
      )
      .run({
        provider_id: o.providerId ?? '',
        model: o.model,
        input: o.inputPerMtok,
        output: o.outputPerMtok,
        cache_read: o.cacheReadPerMtok ?? null,
        cache_write: o.cacheWritePerMtok ?? null,
        now,
      });
  }

  remove(providerId: string | null, model: string): boolean {
    return (
      this.db.prepare('DELETE FROM price_overrides WHERE provider_id = ? AND model = ?').run(providerId ?? '', model)
        .changes > 0
    );
  }
}

export class SqliteSettingsRepo implements SettingsRepo {
  constructor(private readonly db: Db) {}

  get(key: string): string | undefined {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key)?.value;
  }

  set(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
