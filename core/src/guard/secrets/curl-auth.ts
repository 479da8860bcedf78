import type { Finding } from '../finding.ts';
import { isPlaceholderCredential } from './credential-checks.ts';

// `-u user:password` / `--user "user:password"` / `--user "user":"password"`. Sticky and bounded.
const USER_FLAG = /(?:-u|--user)(?:[ \t]{1,4}|=)['"]?([^\s'":]{0,128})['"]?:['"]?([^\s'"]{0,256})['"]?(?=\s|$)/y;
const FLAG = /(?<=\s)(?:-u|--user)(?=[ \t=])/g;
// How far after "curl" a flag may stand; long commands wrap with "\" continuations.
const COMMAND_SPAN = 2000;

/**
 * Basic-auth credentials passed to curl with `-u`/`--user`. Only flags that follow a `curl` on the same
 * command count, so `sort -u` is left alone; placeholders (`user:pass`, `$USER:$PASS`, `<user:password>`)
 * are ignored.
 */
export function scanCurlUserFlags(text: string): Finding[] {
  const out: Finding[] = [];
  let c = text.indexOf('curl');
  while (c !== -1) {
    const stop = commandEnd(text, c);
    // Search the command's own span only, so many `curl`s without flags stay linear.
    const command = text.slice(c, stop);
    FLAG.lastIndex = 4;
    let f: RegExpExecArray | null;
    while ((f = FLAG.exec(command)) !== null) {
      USER_FLAG.lastIndex = c + f.index;
      const m = USER_FLAG.exec(text);
      if (m) {
        const finding = judge(m);
        if (finding) out.push(finding);
      }
    }
    c = text.indexOf('curl', Math.max(c + 4, stop));
  }
  return out;
}

function judge(m: RegExpExecArray): Finding | undefined {
  const user = m[1] ?? '';
  const password = m[2] ?? '';
  if (/[<>]/.test(user + password)) return undefined;
  // `-u ":secret"` and `-u "secret:"` both send a credential; report whichever side holds one.
  const secretIsUser = password === '' && user !== '';
  const secret = secretIsUser ? user : password;
  if (isPlaceholderCredential(secret, secretIsUser ? '' : user)) return undefined;
  const offset = secretIsUser ? m[0].indexOf(user) : m[0].lastIndexOf(password);
  const start = m.index + offset;
  return { category: 'secret', type: 'BASIC_AUTH', start, end: start + secret.length, score: 0.85 };
}

/** End of the shell command starting at `start`: the first newline not escaped by a trailing backslash. */
function commandEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + COMMAND_SPAN);
  let i = start;
  while (i < limit) {
    const nl = text.indexOf('\n', i);
    if (nl === -1 || nl >= limit) return limit;
    if (text[nl - 1] !== '\\') return nl;
    i = nl + 1;
  }
  return limit;
}
