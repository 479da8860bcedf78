import { appError } from '../../domain/errors.ts';
import type { PriceBook } from '../../pricing/index.ts';
import type { ProviderProbe } from '../../ports/provider-probe.ts';
import type { AgentRepo, ProviderRepo, UsageQueries } from '../../ports/store.ts';
import type { AgentService } from '../../services/agent-service.ts';
import type { PricingService } from '../../services/pricing-service.ts';
import type { ProviderService } from '../../services/provider-service.ts';
import type { agentOps } from '../ops/agents.ts';
import type { providerOps } from '../ops/providers.ts';
import type { HostStatus, settingsOps } from '../ops/settings.ts';
import type { usageOps } from '../ops/usage.ts';
import type { Handlers } from './types.ts';
import type { EventHub } from '../events.ts';
import type { Clock } from '../../domain/clock.ts';

export interface AdminHandlerDeps {
  agents: AgentService;
  providers: ProviderService;
  pricing: PricingService;
  agentRepo: Pick<AgentRepo, 'byName'>;
  providerRepo: Pick<ProviderRepo, 'byName' | 'upstream'>;
  usage: UsageQueries;
  probe: ProviderProbe;
  /** The price book calls are charged with right now. */
  prices(): PriceBook;
  settings(): { timezone: string; timezoneIsSystemDefault: boolean; dataDir: string };
  hostStatus(): HostStatus;
  /** Tells a gateway in this process that agents or tokens changed, so running calls are re-checked now. */
  agentsChanged(): void;
  events: EventHub;
  clock: Pick<Clock, 'now'>;
}

type AdminOps = keyof typeof agentOps | keyof typeof providerOps | keyof typeof settingsOps | keyof typeof usageOps;

/** Agents, tokens, providers, prices, settings and usage: thin adapters from the contract to the services. */
export function adminHandlers(d: AdminHandlerDeps): Pick<Handlers, AdminOps> {
  const agentId = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const agent = d.agentRepo.byName(name);
    if (!agent) throw appError('NOT_FOUND', `no agent named "${name}"`);
    return agent.id;
  };
  const changed = <T>(agentName: string, change: 'created' | 'updated' | 'suspended' | 'resumed' | 'deleted' | 'token', value: T): T => {
    d.agentsChanged();
    d.events.publish({ type: 'agent.changed', at: d.clock.now(), agentName, change });
    return value;
  };
  return {
    'agents.list': () => d.agents.list(),
    'agents.get': ({ name }) => d.agents.get(name),
    'agents.create': (input, { actor }) => changed(input.name, 'created', d.agents.create(input, actor)),
    'agents.update': (input, { actor }) => changed(input.name, 'updated', d.agents.update(input, actor)),
    'agents.suspend': ({ name }, { actor }) => changed(name, 'suspended', d.agents.setStatus(name, 'suspended', actor)),
    'agents.resume': ({ name }, { actor }) => changed(name, 'resumed', d.agents.setStatus(name, 'active', actor)),
    'agents.delete': ({ name }, { actor }) => {
      d.agents.delete(name, actor);
      return changed(name, 'deleted', { deleted: true as const });
    },
    'tokens.list': ({ agent }) => d.agents.tokens(agent),
    'tokens.issue': ({ agent }, { actor }) => changed(agent, 'token', d.agents.issueExtraToken(agent, actor)),
    'tokens.rotate': ({ agent }, { actor }) => changed(agent, 'token', d.agents.rotateToken(agent, actor)),
    'tokens.revoke': ({ agent }, { actor }) => changed(agent, 'token', { revoked: d.agents.revokeTokens(agent, actor) }),

    'providers.list': () => d.providers.list(),
    'providers.add': (input, { actor }) => d.providers.add(input, actor),
    'providers.update': ({ name, ...change }, { actor }) => d.providers.update(name, change, actor),
    'providers.rotateKey': ({ name, key }, { actor }) => d.providers.rotateKey(name, key, actor),
    'providers.test': async ({ name }) => {
      const p = d.providerRepo.byName(name);
      const upstream = p && d.providerRepo.upstream(p.id);
      if (!upstream) throw appError('NOT_FOUND', `no provider named "${name}"`);
      return d.probe.probe(upstream);
    },
    'providers.remove': ({ name }, { actor }) => {
      d.providers.remove(name, actor);
      return { removed: true as const };
    },

    'prices.list': () => d.pricing.listOverrides(),
    'prices.set': (input, { actor }) => d.pricing.setOverride(input, actor),
    'prices.remove': ({ model, provider }, { actor }) => {
      d.pricing.removeOverride(model, provider, actor);
      return { removed: true as const };
    },
    'prices.lookup': ({ provider, model }) => {
      const p = d.providerRepo.byName(provider);
      const upstream = p && d.providerRepo.upstream(p.id);
      if (!upstream) throw appError('NOT_FOUND', `no provider named "${provider}"`);
      return d.prices().priceFor(upstream, model) ?? null;
    },
    'host.status': () => d.hostStatus(),
    'settings.get': () => d.settings(),
    'settings.update': ({ timezone }, { actor }) => {
      if (timezone !== undefined) d.pricing.setTimeZone(timezone, actor);
      return d.settings();
    },

    'usage.summary': ({ agent, since, until }) =>
      d.usage.byAgentAndModel({
        ...(agent !== undefined ? { agentId: agentId(agent)! } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
      }),
    'calls.list': ({ agent, ...filter }) =>
      d.usage.recentCalls({
        // The agent's calls as recorded: a deleted agent's history is still found by its name.
        ...(agent !== undefined ? (d.agentRepo.byName(agent) ? { agentId: agentId(agent)! } : { agentName: agent }) : {}),
        ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
        limit: filter.limit,
      }),
    'calls.get': ({ id }) => {
      const detail = d.usage.callDetail(id);
      if (!detail) throw appError('NOT_FOUND', `no call with id "${id}"`);
      return detail;
    },
  };
}
