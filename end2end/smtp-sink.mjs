// A real SMTP server (nodemailer's smtp-server) on loopback that keeps every message it receives as
// an .eml file, for the tests to read. Used by the Rust integration tests and by Playwright.
//
//   node smtp-sink.mjs --port 2526 --dir /tmp/mail
//
// Next to each .eml it writes a .json with the decoded parts: {to, subject, messageId, text, html}.
// Prints "listening <port>" once it accepts connections (port 0 picks a free one). With
// --fail-first N it answers the first N messages with a temporary failure (451), so tests can check
// that the sender retries.
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const dir = arg("dir", "./.mail");
let failFirst = Number(arg("fail-first", "0"));
let received = 0;
mkdirSync(dir, { recursive: true });

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", async () => {
      if (failFirst > 0) {
        failFirst -= 1;
        const error = new Error("try again later");
        error.responseCode = 451;
        return callback(error);
      }
      received += 1;
      const to = session.envelope.rcptTo.map((r) => r.address).join(",");
      const name = `${Date.now()}-${String(received).padStart(5, "0")}.eml`;
      const raw = Buffer.concat(chunks);
      const parsed = await simpleParser(raw);
      const decoded = { to, subject: parsed.subject, messageId: parsed.messageId, text: parsed.text, html: parsed.html };
      mkdirSync(dir, { recursive: true }); // in case someone emptied it meanwhile
      writeFileSync(join(dir, name), raw);
      // Written under another name first, so a reader never sees half a file.
      const json = join(dir, name.replace(/\.eml$/, ".json"));
      writeFileSync(`${json}.part`, JSON.stringify(decoded));
      renameSync(`${json}.part`, json);
      callback();
    });
  },
});

server.listen(Number(arg("port", "2526")), "127.0.0.1", () => {
  console.log(`listening ${server.server.address().port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
