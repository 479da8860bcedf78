import { allSame, luhnValid, weightedSum } from './checksums.ts';

/** UK NHS number: 10 digits, mod-11 check digit over weights 10..2. */
export function validUkNhs(d: string): boolean {
  const check = 11 - (weightedSum(d, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  return d.length === 10 && check !== 10 && (check === 11 ? 0 : check) === Number(d[9]) && !allSame(d);
}

const NIF_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
/** Spanish DNI/NIF (7-8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): letter = number mod 23. */
export function validEsNifOrNie(id: string): boolean {
  const s = id.toUpperCase().replace('-', '');
  const nie = /^[XYZ]/.test(s) ? String('XYZ'.indexOf(s[0] ?? '')) + s.slice(1) : s;
  const digits = nie.slice(0, -1);
  return /^\d{7,8}$/.test(digits) && NIF_LETTERS[Number(digits) % 23] === nie.slice(-1);
}

/** Polish PESEL: 11 digits, weights 1-3-7-9, and a real birth month (the century is folded into the month). */
export function validPlPesel(d: string): boolean {
  if (d.length !== 11) return false;
  const month = Number(d.slice(2, 4)) % 20;
  const day = Number(d.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return (10 - (weightedSum(d, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10 === Number(d[10]);
}

const FI_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Finnish henkilötunnus: DDMMYY, century sign, 3-digit individual number, mod-31 check character. */
export function validFiPersonalCode(id: string): boolean {
  const s = id.toUpperCase();
  const day = Number(s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  if (month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0)) return false;
  return FI_CHECK[Number(s.slice(0, 6) + s.slice(7, 10)) % 31] === s[10];
}

/** Turkish T.C. Kimlik No: 11 digits, first not 0, two check digits. */
export function validTrNationalId(d: string): boolean {
  if (d.length !== 11 || d[0] === '0') return false;
  const n = [...d].map(Number);
  const odd = (n[0] ?? 0) + (n[2] ?? 0) + (n[4] ?? 0) + (n[6] ?? 0) + (n[8] ?? 0);
  const even = (n[1] ?? 0) + (n[3] ?? 0) + (n[5] ?? 0) + (n[7] ?? 0);
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const sum10 = n.slice(0, 10).reduce((a, b) => a + b, 0);
  return tenth === n[9] && sum10 % 10 === n[10];
}

/** Singapore NRIC/FIN (S, T, F, G series): weighted sum with a series offset, mapped to a check letter. */
export function validSgNric(id: string): boolean {
  const s = id.toUpperCase();
  const prefix = s[0] ?? '';
  const sum = weightedSum(s.slice(1, 8), [2, 7, 6, 5, 4, 3, 2]) + (prefix === 'T' || prefix === 'G' ? 4 : 0);
  const table = prefix === 'S' || prefix === 'T' ? 'JZIHGFEDCBA' : 'XWUTRQPNMLK';
  return 'STFG'.includes(prefix) && table[sum % 11] === s[8];
}

/** Canadian SIN: 9 digits, Luhn, first digit not 0 or 8 (never issued). */
export function validCaSin(d: string): boolean {
  return d.length === 9 && d[0] !== '0' && d[0] !== '8' && !allSame(d) && luhnValid(d);
}

/** Australian TFN: 9 digits, weighted sum divisible by 11. */
export function validAuTfn(d: string): boolean {
  return d.length === 9 && !allSame(d) && weightedSum(d, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0;
}

/** Australian ABN: 11 digits; subtract 1 from the first, weighted sum divisible by 89. */
export function validAuAbn(d: string): boolean {
  if (d.length !== 11 || d[0] === '0') return false;
  const adjusted = String(Number(d[0]) - 1) + d.slice(1);
  return weightedSum(adjusted, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) % 89 === 0;
}
