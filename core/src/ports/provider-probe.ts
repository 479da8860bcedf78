import type { UpstreamProvider } from './store.ts';

export interface ProbeResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  message: string;
  models: number | null;
}

/** Checks that a provider answers and accepts its key (the Node adapter lists its models). */
export interface ProviderProbe {
  probe(provider: UpstreamProvider): Promise<ProbeResult>;
}
