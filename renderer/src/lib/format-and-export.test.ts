import { describe, expect, it } from 'vitest';
import { dateRange, toCsv } from './export.ts';
import { outcomeLabel, plural, usd } from './format.ts';

describe('money, words and outcomes as the dashboard shows them', () => {
  it('rounds money by one rule: cents from $1, four significant digits below', () => {
    expect(usd(0)).toBe('$0.00');
    expect(usd(12_345_678)).toBe('$12.35');
    expect(usd(1_000_000)).toBe('$1.00');
    expect(usd(500_000)).toBe('$0.50');
    expect(usd(12_300)).toBe('$0.0123');
    expect(usd(9_896)).toBe('$0.009896');
    expect(usd(10_432)).toBe('$0.01043');
    expect(usd(1)).toBe('$0.000001');
  });

  it('pluralises and spells outcomes out', () => {
    expect(plural(0, 'agent')).toBe('0 agents');
    expect(plural(1, 'agent')).toBe('1 agent');
    expect(outcomeLabel('budget_exceeded')).toBe('Budget exceeded');
    expect(outcomeLabel('cut_off')).toBe('Cut off');
    expect(outcomeLabel('in_flight')).toBe('In flight');
    expect(outcomeLabel('http_429')).toBe('Upstream HTTP 429');
    expect(outcomeLabel('something_new')).toBe('Something new');
  });
});

describe('exports', () => {
  it('writes RFC 4180 CSV and keeps a spreadsheet from running a cell', () => {
    const csv = toCsv([{ a: 'x,y', b: 'say "hi"', c: '=cmd()' }, { a: 3, b: null, c: ['p', 'q'] }], ['a', 'b', 'c']);
    expect(csv).toBe('a,b,c\r\n"x,y","say ""hi""",\'=cmd()\r\n3,,"[""p"",""q""]"\r\n');
  });

  it('turns a range of local dates into [since, until) in the budgets\' time zone', () => {
    expect(dateRange('2026-03-29', '2026-03-29', 'Europe/Paris')).toEqual({ since: Date.parse('2026-03-28T23:00Z'), until: Date.parse('2026-03-29T22:00Z') });
    expect(dateRange('2026-01-01', '2026-01-31', 'UTC')).toEqual({ since: Date.parse('2026-01-01T00:00Z'), until: Date.parse('2026-02-01T00:00Z') });
  });
});
