/** The four settings an agent changes to go through Iron Cage, and copy-paste snippets for both SDKs. */
export interface AgentSetup {
  env: { name: string; value: string }[];
  python: string;
  typescript: string;
}

export function agentSetup(gatewayUrl: string, token: string): AgentSetup {
  const base = gatewayUrl.replace(/\/+$/, '');
  return {
    env: [
      { name: 'OPENAI_BASE_URL', value: `${base}/v1` },
      { name: 'OPENAI_API_KEY', value: token },
      { name: 'ANTHROPIC_BASE_URL', value: base },
      { name: 'ANTHROPIC_API_KEY', value: token },
    ],
    python: [
      'from openai import OpenAI',
      '',
      `client = OpenAI(base_url="${base}/v1", api_key="${token}")`,
      'reply = client.chat.completions.create(',
      '    model="gpt-4o-mini",',
      '    messages=[{"role": "user", "content": "Hello from behind Iron Cage"}],',
      ')',
      'print(reply.choices[0].message.content)',
    ].join('\n'),
    typescript: [
      "import OpenAI from 'openai';",
      '',
      `const client = new OpenAI({ baseURL: '${base}/v1', apiKey: '${token}' });`,
      'const reply = await client.chat.completions.create({',
      "  model: 'gpt-4o-mini',",
      "  messages: [{ role: 'user', content: 'Hello from behind Iron Cage' }],",
      '});',
      'console.log(reply.choices[0]?.message.content);',
    ].join('\n'),
  };
}
