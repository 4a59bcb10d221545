// Reads the messages the test SMTP sink (end2end/smtp-sink.mjs) writes as <n>.json files.
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";

export interface Mail {
  to: string;
  subject: string;
  messageId?: string;
  text: string;
  html?: string | false;
}

export type MailFilter = string | RegExp | ((mail: Mail) => boolean);

/** The sink's directory: MAIL_DIR, or .mail (not under test-results, which Playwright empties); relative paths are relative to end2end/. */
export function mailDir(): string {
  return resolve(__dirname, "..", process.env.MAIL_DIR ?? ".mail");
}

function recipients(mail: Mail): string[] {
  return String(mail.to ?? "")
    .split(",")
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a.length > 0);
}

function matches(mail: Mail, filter: MailFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === "function") return filter(mail);
  if (typeof filter === "string") return String(mail.subject ?? "").includes(filter);
  return filter.test(String(mail.subject ?? ""));
}

/** Sorts sink file names `<ms>-<counter>.json` oldest first; unknown shapes fall back to mtime. */
async function newestFirst(dir: string, names: string[]): Promise<string[]> {
  const keyed = await Promise.all(
    names.map(async (name) => {
      const m = /^(\d+)-(\d+)\.json$/.exec(name);
      if (m) return { name, key: [Number(m[1]), Number(m[2])] };
      const s = await stat(join(dir, name)).catch(() => null);
      return { name, key: [s?.mtimeMs ?? 0, 0] };
    }),
  );
  keyed.sort((a, b) => b.key[0] - a.key[0] || b.key[1] - a.key[1]);
  return keyed.map((k) => k.name);
}

/**
 * Waits until a message to `to` (matching the subject substring / pattern, or the predicate) is in
 * the sink's directory and returns the newest such message.
 */
export async function waitForMail(to: string, subjectOrPredicate?: MailFilter, timeoutMs = 20_000): Promise<Mail> {
  const dir = mailDir();
  const address = to.trim().toLowerCase();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json"));
    for (const name of await newestFirst(dir, names)) {
      let mail: Mail;
      try {
        mail = JSON.parse(await readFile(join(dir, name), "utf8")) as Mail;
      } catch {
        continue; // vanished or unreadable; the sink renames .part files into place, so rare
      }
      if (recipients(mail).includes(address) && matches(mail, subjectOrPredicate)) return mail;
    }
    if (Date.now() >= deadline) {
      throw new Error(`no mail to ${to}${subjectOrPredicate ? " matching the filter" : ""} in ${dir} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The first absolute http(s) link in the message's text whose path starts with `pathPrefix`,
 * returned as path + query (+ fragment) so the test navigates against its own baseURL.
 */
export function linkIn(mail: Mail, pathPrefix: string): string {
  const candidates = String(mail.text ?? "").match(/https?:\/\/[^\s<>"'()[\]]+/g) ?? [];
  for (const raw of candidates) {
    const trimmed = raw.replace(/[.,;:!?]+$/, "");
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      continue;
    }
    if (url.pathname.startsWith(pathPrefix)) return `${url.pathname}${url.search}${url.hash}`;
  }
  throw new Error(`no link to ${pathPrefix} in the mail "${mail.subject}" to ${mail.to}:\n${mail.text}`);
}

/** Every message to `to` in the sink's directory whose subject matches, oldest first. */
export async function allMail(to: string, subjectOrPredicate?: MailFilter): Promise<Mail[]> {
  const dir = mailDir();
  const address = to.trim().toLowerCase();
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json"));
  const out: Mail[] = [];
  for (const name of (await newestFirst(dir, names)).reverse()) {
    try {
      const mail = JSON.parse(await readFile(join(dir, name), "utf8")) as Mail;
      if (recipients(mail).includes(address) && matches(mail, subjectOrPredicate)) out.push(mail);
    } catch {
      continue;
    }
  }
  return out;
}
