// Browser journeys against a running tdkt: node journey.mjs BASE_URL SHOT_DIR
// Prints TAP lines ("ok N - ..." / "not ok N - ...") and exits non-zero on
// any failure. Uses Debian's chromium through playwright-core.
import { chromium } from "playwright-core";

const [base, shots] = process.argv.slice(2);
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

async function login(page, user, password) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Tên đăng nhập").fill(user);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

try {
  const ctx = await browser.newContext({ locale: "vi-VN" });
  const page = await ctx.newPage();
  const consoleErrors = [];
  // Script errors and CSP violations; not the expected 401/403 answers.
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 40[13]/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  const resp = await page.goto(`${base}/`);
  check("anonymous visit lands on the login page", page.url().startsWith(`${base}/login`));
  check("login page title is Vietnamese", (await page.title()).startsWith("Đăng nhập"));
  await page.screenshot({ path: `${shots}/01-login.png` });
  check("first response is not an error", resp.status() < 400, `status ${resp.status()}`);

  await login(page, "admin", "sai-mat-khau");
  check("wrong password shows the Vietnamese message",
        await page.getByText("Tên đăng nhập hoặc mật khẩu không đúng.").isVisible());

  await login(page, "admin", "adminpass1");
  await page.waitForURL(`${base}/`);
  check("home greets the administrator", await page.getByRole("heading", { name: "Xin chào, Quản trị hệ thống" }).isVisible());
  await page.screenshot({ path: `${shots}/02-home.png`, fullPage: true });

  await page.getByRole("link", { name: "Tổng Liên đoàn Lao động Việt Nam" }).last().click();
  await page.getByRole("link", { name: "Liên đoàn Lao động thành phố Hà Nội" }).click();
  check("unit page lists the district federations",
        await page.getByRole("link", { name: "Liên đoàn Lao động quận Ba Đình" }).isVisible());
  const addForm = page.locator('form[action$="/children"]');
  await addForm.getByLabel("Mã đơn vị", { exact: true }).fill("HN-DA");
  await addForm.getByLabel("Tên đơn vị", { exact: true }).fill("Liên đoàn Lao động huyện Đông Anh");
  await addForm.getByLabel("Loại đơn vị").selectOption("LDLD_HUYEN");
  await page.getByRole("button", { name: "Thêm đơn vị" }).click();
  check("a new unit can be added from its parent's page",
        await page.getByRole("heading", { name: "Liên đoàn Lao động huyện Đông Anh" }).isVisible());
  check("the new unit's page shows where it sits",
        await page.locator(".crumbs").getByText("Liên đoàn Lao động thành phố Hà Nội").isVisible());
  await page.screenshot({ path: `${shots}/03-unit.png`, fullPage: true });

  // The tree as it stood on a date: Đông Anh did not exist in 2020.
  await page.goto(`${base}/units/2`);
  await page.getByLabel("Xem cơ cấu tại ngày").fill("01/01/2020");
  await page.getByRole("button", { name: "Xem", exact: true }).click();
  check("the unit page shows the tree as of a chosen date",
        await page.getByRole("heading", { name: "Đơn vị trực thuộc ngày 01/01/2020" }).isVisible());
  check("a unit founded later is not in the 2020 tree",
        (await page.locator("main table").getByText("Liên đoàn Lao động huyện Đông Anh").count()) === 0);

  // A person added from a unit's list, then found by name without marks.
  await page.goto(`${base}/units/6/people`);
  await page.getByRole("link", { name: "Thêm đoàn viên" }).click();
  await page.getByLabel("Họ và tên").fill("Nguyễn Thị Thanh Hương");
  await page.getByLabel("Giới tính (nam/nữ)").fill("nữ");
  await page.getByLabel("Ngày sinh (dd/mm/yyyy) hoặc năm sinh").fill("12/03/1990");
  await page.getByLabel("Sinh hoạt tại đơn vị từ ngày (dd/mm/yyyy)").fill("01/01/2021");
  await page.getByRole("button", { name: "Lưu" }).click();
  check("a person can be added", await page.getByRole("heading", { name: "Nguyễn Thị Thanh Hương" }).isVisible());
  await page.getByPlaceholder("Tìm người, đơn vị…").fill("nguyen thi thanh huong");
  await page.getByPlaceholder("Tìm người, đơn vị…").press("Enter");
  check("search without diacritics finds her",
        await page.getByRole("link", { name: "Nguyễn Thị Thanh Hương" }).isVisible());
  check("with her birth date in Vietnamese form", await page.getByText("12/03/1990").isVisible());
  await page.screenshot({ path: `${shots}/05-search.png`, fullPage: true });

  await page.getByRole("link", { name: "Tài khoản" }).click();
  await page.locator('form[action="/users"]').getByLabel("Tên đăng nhập (chữ thường không dấu)").fill("canbo.donganh");
  await page.locator('form[action="/users"]').getByLabel("Họ và tên").fill("Vũ Thị Ngọc Lan");
  await page.locator('form[action="/users"]').getByLabel("Mật khẩu ban đầu (ít nhất 8 ký tự)").fill("matkhau-dong-anh");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  check("an account can be created", await page.getByText("Đã tạo tài khoản.").isVisible());
  const grant = page.locator('form[action="/users/grant"]');
  await grant.locator('select[name="user_id"]').selectOption({ label: "Vũ Thị Ngọc Lan (canbo.donganh)" });
  await grant.locator('select[name="unit_id"]').selectOption({ label: "Liên đoàn Lao động huyện Đông Anh" });
  await grant.locator('select[name="role"]').selectOption("officer");
  await page.getByRole("button", { name: "Phân quyền" }).click();
  check("a role can be granted", await page.getByText("Đã phân quyền.").isVisible());
  await page.screenshot({ path: `${shots}/04-users.png`, fullPage: true });

  await page.getByRole("link", { name: "Nhật ký" }).click();
  check("the audit log shows the new unit", await page.getByText("Liên đoàn Lao động huyện Đông Anh").first().isVisible());

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  check("logout returns to the login page", page.url().startsWith(`${base}/login`));

  await login(page, "canbo.donganh", "matkhau-dong-anh");
  await page.waitForURL(`${base}/`);
  const units = await page.locator("main table tbody tr").count();
  check("the new officer sees exactly one unit, their own", units === 1, `rows: ${units}`);
  check("and it is Đông Anh", await page.locator("main table").getByRole("link", { name: "Liên đoàn Lao động huyện Đông Anh" }).isVisible());
  const refused = await page.goto(`${base}/units/2`);
  check("another unit's page is refused with 403", refused.status() === 403, `status ${refused.status()}`);
  check("with a Vietnamese message that does not name the unit",
        (await page.getByText("Bạn không có quyền xem đơn vị này.").isVisible()) &&
        !(await page.content()).includes("thành phố Hà Nội"));
  check("no navigation link to accounts for an officer", (await page.getByRole("link", { name: "Tài khoản" }).count()) === 0);
  check("no console errors (CSP blocks nothing we ship)", consoleErrors.length === 0, consoleErrors.join(" | "));
  await ctx.close();
} catch (e) {
  check("journey ran to the end", false, String(e).split("\n")[0]);
}
await browser.close();
process.exit(failed ? 1 : 0);
