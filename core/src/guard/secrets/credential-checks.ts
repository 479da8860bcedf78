import { longestRepeat, looksLikePlaceholder, shannonEntropy } from '../text-utils.ts';

// Values people write in documentation instead of a real credential.
const PLACEHOLDER_VALUES = new Set([
  'pass', 'password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'key', 'test', 'testing', 'user',
  'username', 'changeme', 'example', 'xxx', 'yyy', 'zzz', 'foo', 'bar', 'baz', 'dummy', 'null', 'none', 'nil',
  'undefined', 'redacted', 'hidden', 'mask', 'masked', 'admin', 'root', 'guest', 'default', 'empty', 'true', 'false',
]);

/** Whether a value is a template reference rather than a literal: `${X}`, `$X`, `{{ x }}`, `<x>`, `[X]`, `%X%`. */
export function isTemplateReference(value: string): boolean {
  return /^\$|\$\{|\$\(|\{\{|^\{|^<|^\[.*\]$|^%.*%$|^\*+$|^`/.test(value);
}

/**
 * Whether a password-like value is a placeholder or template (`user:pass`, `${PASSWORD}`, `<password>`, `xxx`),
 * which the loose credential rules must not report.
 */
export function isPlaceholderCredential(password: string, user = ''): boolean {
  // `{secret}` is how some docs quote a literal; strip one layer of quotes/braces before judging.
  const p = password.replace(/^['"]?\{?|\}?['"]?$/g, '');
  if (p.length < 3) return true;
  if (isTemplateReference(p) || password.includes('{{') || password.includes('${')) return true;
  if (PLACEHOLDER_VALUES.has(p.toLowerCase())) return true;
  if (user !== '' && p.toLowerCase() === user.toLowerCase()) return true;
  if (longestRepeat(p) >= Math.max(3, p.length - 1)) return true;
  return looksLikePlaceholder(p);
}

/**
 * Whether a value assigned to a secret-sounding name is credential-like: long enough, varied enough
 * (Shannon entropy), and not a placeholder, template, path, URL or ordinary word.
 */
export function isCredentialLike(value: string, options: { minLength?: number; minEntropy?: number } = {}): boolean {
  const minLength = options.minLength ?? 10;
  if (value.length < minLength || value.length > 512) return false;
  if (isTemplateReference(value) || looksLikePlaceholder(value)) return false;
  if (/^(?:https?:|file:|\.{0,2}\/)|\.(?:pem|p12|pfx|key|crt|cer|jks|json|ya?ml|txt|env)$/i.test(value)) return false;
  // Identifiers and prose ("getPagesInConfluence", "my-service-name") have no digits or symbols to speak of.
  if (/^[A-Za-z]+(?:[_.-][A-Za-z]+)*$/.test(value)) return false;
  // Package coordinates and versions ("jjwt-jackson-0.11.2") sit next to names like "jsonwebtoken".
  if (/\d+\.\d+\.\d+/.test(value)) return false;
  // Hex cannot reach the entropy of base64, and a 16+ digit hex string is rarely anything but an id or a key.
  const hex = /^[0-9a-fA-F-]+$/.test(value);
  return shannonEntropy(value) >= (options.minEntropy ?? (hex ? 2.5 : 3));
}
