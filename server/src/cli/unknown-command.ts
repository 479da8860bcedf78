import type { Command } from 'commander';
import { appError } from '../../../core/src/domain/errors.ts';

/** Edit distance, for "did you mean" on a mistyped command. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length]!;
}

/**
 * Refuses an unknown command before Commander sees it: otherwise `iron-cage nope --help` prints the top-level
 * help and exits 0, and a script never learns its command does not exist. Checks the first word and, for a
 * command with sub-commands, the second one too.
 */
export function unknownCommand(root: Command, args: readonly string[]): void {
  let cmd = root;
  const path: string[] = [];
  for (const word of args.slice(0, 2)) {
    if (word.startsWith('-') || cmd.commands.length === 0) return;
    const names = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]);
    if (word === 'help' && cmd === root) return;
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) {
      const best = names.map((n) => [n, distance(word, n)] as const).sort((x, y) => x[1] - y[1])[0];
      const hint = best && best[1] <= Math.max(2, Math.floor(word.length / 3)) ? ` Did you mean \`${[root.name(), ...path, best[0]].join(' ')}\`?` : '';
      throw appError('INVALID_INPUT', `unknown command "${[...path, word].join(' ')}".${hint} Run \`${[root.name(), ...path].join(' ')} --help\` for the list.`);
    }
    path.push(word);
    cmd = next;
  }
}
