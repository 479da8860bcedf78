import { normalizeBaseUrl } from '../domain/base-url.ts';
import { appError } from '../domain/errors.ts';
import { NameSchema } from '../domain/agent.ts';
import { AddProviderInputSchema, keyLast4, type AddProviderInput, type Provider } from '../domain/provider.ts';
import type { Clock } from '../domain/clock.ts';
import type { SecretStore } from '../ports/secret-store.ts';
import type { TokenMinter } from '../ports/token-minter.ts';
import type { AuditLog, ProviderRepo } from '../ports/store.ts';
import type { Actor } from './agent-service.ts';

export interface ProviderServiceDeps {
  providers: ProviderRepo;
  secrets: SecretStore;
  audit: AuditLog;
  minter: TokenMinter;
  clock: Clock;
}

/** Providers and their keys (IP tokens). A key goes in encrypted and never comes out of this service. */
export class ProviderService {
  constructor(private readonly d: ProviderServiceDeps) {}

  async add(input: AddProviderInput, actor: Actor): Promise<Provider> {
    const parsed = AddProviderInputSchema.parse(input);
    if (parsed.type === 'openai-compatible' && parsed.baseUrl === null) {
      throw appError('INVALID_INPUT', 'an openai-compatible provider needs --base-url (e.g. http://localhost:11434/v1)');
    }
    if (this.d.providers.byName(parsed.name)) {
      throw appError('CONFLICT', `a provider named "${parsed.name}" already exists`);
    }
    const baseUrl = parsed.baseUrl === null ? null : normalizeBaseUrl(parsed.baseUrl);
    const key = parsed.key?.trim() || null;
    const keyCiphertext = key === null ? null : await this.d.secrets.encrypt(key);
    const now = this.d.clock.now();
    const provider = this.d.providers.create(
      this.d.minter.newId(),
      {
        name: parsed.name,
        type: parsed.type,
        baseUrl,
        keyCiphertext,
        keyLast4: key === null ? null : keyLast4(key),
        zeroPriced: parsed.zeroPriced,
      },
      now,
    );
    this.d.audit.append(
      { actor, action: 'provider.added', target: provider.name, details: { type: provider.type, baseUrl, hasKey: key !== null } },
      now,
    );
    return provider;
  }

  list(): Provider[] {
    return this.d.providers.list();
  }

  get(name: string): Provider {
    return this.mustFind(name);
  }

  async rotateKey(name: string, key: string, actor: Actor): Promise<Provider> {
    const provider = this.mustFind(name);
    const trimmed = key.trim();
    if (!trimmed) throw appError('INVALID_INPUT', 'the new key is empty');
    const now = this.d.clock.now();
    const updated = this.d.providers.update(
      provider.id,
      { keyCiphertext: await this.d.secrets.encrypt(trimmed), keyLast4: keyLast4(trimmed) },
      now,
    );
    this.d.audit.append({ actor, action: 'provider.key_rotated', target: name }, now);
    return updated;
  }

  update(name: string, change: { baseUrl?: string | null; zeroPriced?: boolean }, actor: Actor): Provider {
    const provider = this.mustFind(name);
    const baseUrl = change.baseUrl === undefined ? undefined : change.baseUrl === null ? null : normalizeBaseUrl(change.baseUrl);
    if (baseUrl === null && provider.type === 'openai-compatible') {
      throw appError('INVALID_INPUT', 'an openai-compatible provider needs a base URL');
    }
    const now = this.d.clock.now();
    const updated = this.d.providers.update(
      provider.id,
      { ...(baseUrl !== undefined ? { baseUrl } : {}), ...(change.zeroPriced !== undefined ? { zeroPriced: change.zeroPriced } : {}) },
      now,
    );
    this.d.audit.append(
      { actor, action: 'provider.updated', target: name, details: { from: { baseUrl: provider.baseUrl, zeroPriced: provider.zeroPriced }, to: { baseUrl: updated.baseUrl, zeroPriced: updated.zeroPriced } } },
      now,
    );
    return updated;
  }

  remove(name: string, actor: Actor): void {
    const provider = this.mustFind(name);
    const users = this.d.providers.usedBy(provider.id);
    if (users.length > 0) {
      throw appError('CONFLICT', `provider "${name}" is used by agent(s) ${users.join(', ')}; move them first`);
    }
    this.d.providers.remove(provider.id);
    this.d.audit.append({ actor, action: 'provider.removed', target: name }, this.d.clock.now());
  }

  private mustFind(name: string): Provider {
    NameSchema.parse(name);
    const p = this.d.providers.byName(name);
    if (!p) throw appError('NOT_FOUND', `no provider named "${name}"`);
    return p;
  }
}
