import { Browser } from "@playwright/test";
import { expect, test } from "../lib/fixtures";
import { DEMO_PASSWORD, open, signIn, signInStaff, submit } from "../lib/accounts";
import { fill, idInPath, vietnamToday } from "../lib/cases";
import { person } from "../lib/journey";
import { waitForMail } from "../lib/mail";

// A complaint from filing to its close (see app/src/ui/pages/complaints/), each person in their
// own browser on a phone: the demo worker files with a photo; the agency accepts and answers
// without ever seeing how to reach the worker; the worker takes it to the inspectors, who accept
// and decide it, and it closes. And someone without an account files for a worker and follows
// it with the tracking code it is given. JavaScript on and off.

const TEAM = "thanhtra@hanhtrang.test";
const WORKER = "worker@hanhtrang.test";

/** A tiny JPEG whose EXIF segment holds a GPS position (the store strips it). */
function photo(): Buffer {
  const exif = Buffer.from("Exif\0\0MM\0*\0\0\0\x08GPSLatitude=21.0285N", "latin1");
  const len = exif.length + 2;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.from([0xff, 0xe1, len >> 8, len & 0xff]),
    exif,
    Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0xff, 0xd9]),
  ]);
}

async function staff(browser: Browser, javaScriptEnabled: boolean, email: string) {
  const [context, page] = await person(browser, javaScriptEnabled, true);
  await signInStaff(page, email, DEMO_PASSWORD);
  return { context, page };
}

test("a worker's complaint goes from the agency's answer to the inspectors' decision and closes", async ({ browser, javaScriptEnabled }, testInfo) => {
  test.setTimeout(240_000);
  // Each project complains about its own demo agency, whose administrator answers.
  const agencyId = testInfo.project.name.includes("off") ? "2" : "1";
  const admin = `agency${agencyId}.admin@hanhtrang.test`;
  const n = `${Date.now() % 100_000_000}`;
  const what = `Công ty thu tiền dịch vụ 4 tháng lương, lần ${n}`;

  const [workerContext, w] = await person(browser, javaScriptEnabled, true);
  await signIn(w, WORKER, DEMO_PASSWORD);
  await expect(w.getByTestId("current-user")).toBeVisible();
  await open(w, "/account");
  await w.getByRole("link", { name: /Khiếu nại, tố cáo/ }).click();
  await expect(w).toHaveURL(/\/complaints$/);

  // A date too long ago is refused next to it, and what was typed stays.
  const form = w.getByTestId("file-form");
  await fill(form, { agency_id: agencyId, category: "OVERCHARGING", learned_on: vietnamToday(-200), description: what });
  await form.locator('[name="file"]').setInputFiles({ name: "bien-lai.jpg", mimeType: "image/jpeg", buffer: photo() });
  await submit(w, form);
  const again = w.getByTestId("file-form");
  await expect(again.getByTestId("error-learned_on")).toBeVisible();
  await expect(again.locator('[name="description"]')).toHaveValue(what);
  await fill(again, { learned_on: vietnamToday(-5) });
  await again.locator('[name="file"]').setInputFiles({ name: "bien-lai.jpg", mimeType: "image/jpeg", buffer: photo() });
  await submit(w, again);
  await expect(w).toHaveURL(/\/complaints\/\d+$/);
  const id = idInPath(w);
  await expect(w.getByTestId("complaint-status")).toHaveAttribute("data-status", "received");
  await expect(w.getByTestId("accept-due")).toBeVisible();
  await expect(w.getByTestId("complaint-file")).toBeVisible();
  await expect(w.getByTestId("filer-contact")).toContainText(WORKER);

  // The agency accepts and answers; it never sees how to reach the worker.
  const agency = await staff(browser, javaScriptEnabled, admin);
  const a = agency.page;
  await open(a, "/complaints");
  await a.locator(`a[href="/complaints/${id}"]`).click();
  await expect(a.getByTestId("description")).toContainText(what);
  await expect(a.locator("main")).not.toContainText(WORKER);
  await expect(a.getByTestId("filer-contact")).toHaveCount(0);
  const decide = a.getByTestId("decide-form");
  await fill(decide, { verdict: "refuse" });
  await submit(a, decide);
  await expect(a.getByTestId("decide-form").getByTestId("error-reason")).toBeVisible();
  await fill(a.getByTestId("decide-form"), { verdict: "accept" });
  await submit(a, a.getByTestId("decide-form"));
  await expect(a.getByTestId("complaint-status")).toHaveAttribute("data-status", "accepted");
  await expect(a.getByTestId("resolve-due")).toBeVisible();

  // The worker sees the acceptance and the day the answer is due.
  await open(w, `/complaints/${id}`);
  await expect(w.getByTestId("complaint-status")).toHaveAttribute("data-status", "accepted");
  await expect(w.getByTestId("resolve-due")).toBeVisible();

  const answer = a.getByTestId("answer-form");
  await fill(answer, { answer: `Mức thu đúng quy định (${n})` });
  await submit(a, answer);
  await expect(a.getByTestId("complaint-status")).toHaveAttribute("data-status", "answered");
  await waitForMail(WORKER, (m) => String(m.text ?? "").includes(`(${n})`));

  // The worker disagrees and takes it to the inspectors, within the time the page gives.
  await open(w, `/complaints/${id}`);
  await expect(w.getByTestId("appeal-hint")).toBeVisible();
  const escalate = w.getByTestId("escalate-form");
  await fill(escalate, { reason: `Tôi có biên nhận 4 tháng lương (${n})` });
  await submit(w, escalate);
  await expect(w.getByTestId("complaint-status")).toHaveAttribute("data-level", "2");
  await expect(w.getByTestId("complaint-status")).toHaveAttribute("data-status", "received");

  // The agency may no longer act on it; the inspectors accept and decide it.
  await open(a, `/complaints/${id}`);
  await expect(a.getByTestId("decide-form")).toHaveCount(0);
  const team = await staff(browser, javaScriptEnabled, TEAM);
  const t = team.page;
  await open(t, "/complaints");
  await t.locator(`a[href="/complaints/${id}"]`).first().click();
  await expect(t.getByTestId("filer-contact")).toContainText(WORKER);
  await fill(t.getByTestId("decide-form"), { verdict: "accept" });
  await submit(t, t.getByTestId("decide-form"));
  await fill(t.getByTestId("answer-form"), { answer: `Buộc hoàn trả 1 tháng lương thu vượt (${n})` });
  await submit(t, t.getByTestId("answer-form"));
  await expect(t.getByTestId("complaint-status")).toHaveAttribute("data-status", "closed");

  await open(w, `/complaints/${id}`);
  await expect(w.getByTestId("complaint-status")).toHaveAttribute("data-status", "closed");
  await expect(w.getByTestId("complaint-steps")).toContainText("Buộc hoàn trả");
  await expect(w.getByTestId("follow")).toHaveCount(0);
  const overflow = await w.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "nothing wider than the screen").toBeLessThanOrEqual(0);

  await workerContext.close();
  await agency.context.close();
  await team.context.close();
});

test("someone without an account files for a worker and follows it with the tracking code", async ({ browser, javaScriptEnabled }) => {
  const n = `${Date.now() % 100_000_000}`;
  const email = `nguoithan.${n}.${javaScriptEnabled ? "on" : "off"}@example.vn`;
  const [context, p] = await person(browser, javaScriptEnabled, true);
  await open(p, "/");
  await p.getByTestId("complaints-link").click();
  await expect(p).toHaveURL(/\/complaints$/);
  const form = p.getByTestId("file-form");
  await fill(form, {
    agency_id: "3",
    category: "CONTRACT_SUBSTITUTED",
    learned_on: vietnamToday(-3),
    description: `Hợp đồng ở Hàn Quốc khác hợp đồng đã ký (${n})`,
    filer_name: "Trần Văn Bố",
    relation: "relative",
    email,
    worker_name: "Trần Thị Con",
  });
  await submit(p, form);
  const code = (await p.getByTestId("tracking-code").innerText()).trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const mail = await waitForMail(email);
  expect(String(mail.text ?? "")).toContain(code);

  await p.getByTestId("track-link").click();
  await expect(p.getByTestId("description")).toContainText(`(${n})`);
  await expect(p.getByTestId("complaint-status")).toHaveAttribute("data-status", "received");

  // A wrong code opens nothing.
  await open(p, "/complaints/track");
  await p.locator('[name="code"]').fill("ABCD-EFGH-JKMN");
  await p.getByTestId("track-submit").click();
  await expect(p.getByTestId("error-code")).toBeVisible();
  await context.close();
});
