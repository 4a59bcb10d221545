// RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30-second steps), as an
// authenticator app computes them from the base32 secret shown at /account/totp.
import { createHmac } from "node:crypto";

export const STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Decodes RFC 4648 base32; spaces, dashes, padding and case are ignored. */
export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=-]/g, "");
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const value = BASE32.indexOf(ch);
    if (value < 0) throw new Error(`not a base32 character: ${JSON.stringify(ch)}`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The 30-second step number at a time in milliseconds. */
export function stepAt(at: number = Date.now()): number {
  return Math.floor(at / 1000 / STEP_SECONDS);
}

/** The 6-digit code for the step containing `at` (milliseconds since the epoch). */
export function totp(secretBase32: string, at: number = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(stepAt(at)));
  const mac = createHmac("sha1", base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, "0");
}

/** Seconds (fractional) until the next step begins. */
export function secondsLeftInStep(at: number = Date.now()): number {
  const intoStep = (at / 1000) % STEP_SECONDS;
  return STEP_SECONDS - intoStep;
}
