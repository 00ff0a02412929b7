// The movement journey: node movements.mjs BASE_URL SHOT_DIR HN_ID BD_ID.
// The city officer drafts and launches a movement through the forms, the Ba
// Đình officer answers it and launches the district's own, the city sees the
// cascade with its coverage figures; a wrong date comes back with the reason.
// The district registers two teachers of a school in one go by ticking them.
// Prints TAP lines; exits non-zero on any failure.
import { chromium } from "playwright-core";

const [base, shots, hn, bd] = process.argv.slice(2);
let n = 0, failed = 0;
function check(desc, cond, detail = "") {
  n++;
  if (cond) console.log(`ok ${n} - ${desc}`);
  else { failed++; console.log(`not ok ${n} - ${desc}`); if (detail) console.log(`#   ${detail}`); }
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function login(page, user) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Tên đăng nhập").fill(user);
  await page.getByLabel("Mật khẩu").fill("matkhau123");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${base}/`);
}

async function step(page, state, date) {
  const form = page.locator('form[action$="/state"]');
  await form.getByLabel("Bước").selectOption(state);
  await form.getByLabel("Ngày (dd/mm/yyyy)").fill(date);
  await form.getByRole("button", { name: "Ghi nhận" }).click();
}

try {
  const ctx = await browser.newContext({ locale: "vi-VN" });
  const page = await ctx.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));

  await login(page, "canbo.hanoi");
  await page.goto(`${base}/units/${hn}`);
  await page.getByRole("link", { name: "Phong trào thi đua" }).click();
  const draft = page.locator('form[action$="/movements"]');
  await draft.getByLabel("Tên phong trào").fill("Thi đua “Giỏi việc nước, đảm việc nhà” năm 2026");
  await draft.getByLabel("Loại phong trào").selectOption("chuyen_de");
  await draft.getByLabel("Từ ngày").fill("01/03/2026");
  await draft.getByLabel("Đến ngày").fill("01/02/2026");
  await draft.getByLabel("Đối tượng người lao động").selectOption("nu");
  await page.getByRole("button", { name: "Lưu dự thảo" }).click();
  check("a period that ends before it starts is refused with the reason",
        await page.getByText("Ngày kết thúc không được trước ngày bắt đầu.").isVisible());
  check("and the form keeps what was typed",
        (await draft.getByLabel("Tên phong trào").inputValue()).startsWith("Thi đua “Giỏi việc nước"));
  await draft.getByLabel("Đến ngày").fill("30/11/2026");
  await page.getByRole("button", { name: "Lưu dự thảo" }).click();
  check("the draft opens its own page",
        await page.getByRole("heading", { name: "Thi đua “Giỏi việc nước, đảm việc nhà” năm 2026" }).isVisible());
  check("showing the target group", await page.locator("dl.facts").getByText("Nữ đoàn viên, nữ lao động").isVisible());
  await step(page, "launched", "08/03/2026");
  check("it is launched", await page.getByText("Đã ghi nhận.").isVisible());
  check("no unit has answered yet", await page.locator(".figure strong").first().innerText() === "0 %");
  const movement = page.url().replace(/\/state$/, "");

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await login(page, "canbo.badinh");
  await page.goto(`${base}/units/${bd}/movements`);
  check("Ba Đình sees the city's movement to answer",
        await page.getByRole("link", { name: "Thi đua “Giỏi việc nước, đảm việc nhà” năm 2026" }).isVisible());
  await page.getByRole("button", { name: "Hưởng ứng" }).first().click();
  check("answering opens the district's own movement",
        await page.getByRole("link", { name: "Phong trào của cấp trên" }).isVisible());
  await step(page, "launched", "15/03/2026");
  check("which the district launches", await page.getByText("Đã ghi nhận.").isVisible());
  await page.screenshot({ path: `${shots}/11-movement-district.png`, fullPage: true });

  await page.getByRole("link", { name: "Đăng ký thi đua" }).click();
  await page.getByRole("link", { name: "Công đoàn Trường THCS Nguyễn Tri Phương" }).click();
  const bulk = page.locator("form", { has: page.locator('input[name="people"]') });
  await bulk.getByRole("row", { name: /Nguyễn Thị Hoa/ }).getByRole("checkbox").check();
  await bulk.getByRole("row", { name: /Lê Thị Mai/ }).getByRole("checkbox").check();
  await bulk.getByLabel("Danh hiệu đăng ký").selectOption({ label: "Lao động tiên tiến" });
  await bulk.getByRole("button", { name: "Đăng ký cho những người đã chọn" }).click();
  check("two teachers ticked are registered at once", await page.getByText("Đã đăng ký cho 2 người.").isVisible());
  check("their rows say what they registered for",
        await page.getByRole("row", { name: /Lê Thị Mai.*Lao động tiên tiến/ }).first().isVisible());
  check("the third is not", !(await page.getByRole("row", { name: /Trần Văn Khoa.*Lao động tiên tiến/ }).count()));
  await page.screenshot({ path: `${shots}/13-registration.png`, fullPage: true });

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await login(page, "canbo.hanoi");
  await page.goto(movement);
  check("the city sees one of six units launched", await page.getByText("Đã phát động: 1/6").isVisible());
  check("Ba Đình coloured as launched",
        await page.locator("li.cov-launched > a", { hasText: "Liên đoàn Lao động quận Ba Đình" }).isVisible());
  check("the school counts as registered", await page.getByText("Đã đăng ký thi đua: 1/6").isVisible());
  check("Hai Bà Trưng as not answered",
        await page.locator("li.cov-none > a", { hasText: "Liên đoàn Lao động quận Hai Bà Trưng" }).isVisible());
  await page.screenshot({ path: `${shots}/12-movement-cascade.png`, fullPage: true });
  check("no console errors", errors.length === 0, errors.join(" | "));
  await ctx.close();
} catch (e) {
  check("journey ran to the end", false, String(e).split("\n")[0]);
}
await browser.close();
process.exit(failed ? 1 : 0);
