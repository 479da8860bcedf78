/**
 * The emulator's deterministic token arithmetic, so tests can compute the exact usage (and cost) of a call.
 *
 * Input tokens = ceil(C / 4), where C counts the characters (`String.length`, UTF-16 code units) of every text the
 * request carries: chat `messages[].content`, Responses `instructions` + `input`, Anthropic `system` +
 * `messages[].content`, embeddings `input`. Texts count as if concatenated without separators, so a request whose
 * texts are `a` and `b` has `emulatedInputTokens(a + b)` input tokens. Content parts count by their `text`
 * (and a tool result by its nested `content`); images, tools and other fields count nothing.
 *
 * Output is a fixed cycle of words, one word = one token.
 */

/** Input tokens the emulator bills for a request whose texts, concatenated, are `text`. */
export function emulatedInputTokens(text: string): number {
  return tokensForChars(text.length);
}

/** Input tokens for a character count. */
export function tokensForChars(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Narrows an unknown JSON value to a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_DEPTH = 6;

/** Characters of text in a message content: a string, or an array of parts (strings or `{text}` / `{content}`). */
export function contentChars(content: unknown, depth = 0): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content) || depth > MAX_DEPTH) return 0;
  let chars = 0;
  for (const part of content) {
    if (typeof part === 'string') chars += part.length;
    else if (isRecord(part)) {
      if (typeof part.text === 'string') chars += part.text.length;
      if (part.content !== undefined) chars += contentChars(part.content, depth + 1);
    }
  }
  return chars;
}

/** Characters of text across a list of `{content}` messages or items (`{output}` for tool outputs too). */
export function messagesChars(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let chars = 0;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    chars += contentChars(message.content);
    if (typeof message.output === 'string') chars += message.output.length;
  }
  return chars;
}

/** The text of a message content, its parts joined: where scenario directives are read from. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (isRecord(part) && typeof part.text === 'string') text += (text ? ' ' : '') + part.text;
  }
  return text;
}

/** Content text of the last `role: "user"` message in a list; '' when there is none. */
export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message: unknown = messages[i];
    if (isRecord(message) && message.role === 'user') return contentText(message.content);
  }
  return '';
}

const WORDS = ['Hello', 'from', 'the', 'Iron', 'Cage', 'emulator,', 'every', 'word', 'here', 'is', 'one', 'token.'];

/**
 * The output text of `count` tokens split into `pieces` stream chunks (as even as possible, at least one word each).
 * Chunks after the first carry their leading space, so joining them gives the full text.
 */
export function outputPieces(count: number, pieces: number): string[] {
  if (count <= 0) return [];
  const chunks = Math.max(1, Math.min(pieces, count));
  const result: string[] = [];
  let word = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    const end = Math.floor(((chunk + 1) * count) / chunks);
    let piece = '';
    for (; word < end; word++) piece += (word === 0 ? '' : ' ') + WORDS[word % WORDS.length];
    result.push(piece);
  }
  return result;
}
