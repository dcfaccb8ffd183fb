// A newcomer on a phone: Chinese home page, switch to English, register as
// a designer, see "my page", log out, log in again; no page is wider than
// the phone. Drives Debian's /usr/bin/chromium through playwright-core
// (never a downloaded browser) against a running server:
//
//   YJ_BASE=http://127.0.0.1:PORT node tests/browser/newcomer.mjs
//
// tests/browser/run.sh starts the server and runs this. Each case prints
// "ok N - name" or "not ok N - name"; the last line is "# result P F".
// The cases are one journey, in order: once a case fails, the later ones
// fail too ("earlier step failed") rather than pass on a broken state.
// Screenshots go to tests/out/browser/.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
	BASE, PHONE_W, codeFromLog, launch, outDir, phone, runCases,
} from './phone.mjs';



const person = {
	name: '林小玉',
	account: '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'),
	password: 'jade-' + Math.random().toString(36).slice(2, 10),
};

let browser, context, page;
const widths = [];	// [label, scrollWidth, innerWidth] per page seen

async function shot(name) {
	await page.screenshot({ path: join(outDir, name + '.png'),
	    fullPage: true });
}

function path() {
	return new URL(page.url()).pathname;
}

// Record the page's width; fail on horizontal overflow at phone width.
// Both numbers are held to the phone's 390 px, not only to each other: a
// mobile browser widens its layout viewport (and zooms out) to fit wide
// content, so on an overflowing page innerWidth grows with scrollWidth.
async function fits(label, p = page) {
	const [sw, iw] = await p.evaluate(() => [
	    document.documentElement.scrollWidth, window.innerWidth]);
	widths.push([label, sw, iw]);
	assert.ok(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`);
	assert.ok(iw <= PHONE_W && sw <= PHONE_W, `${label}: the page is ` +
	    `${Math.max(sw, iw)} px wide on a ${PHONE_W} px phone`);
}

async function text(sel) {
	return (await page.locator(sel).innerText()).trim();
}

// Tap something that navigates, then wait until the page at want is loaded.
async function tapTo(sel, want) {
	const from = page.url();
	await Promise.all([
		page.waitForURL((u) => u.pathname === want && u.href !== from,
		    { waitUntil: 'load' }),
		page.locator(sel).tap(),
	]);
}

const cases = [
['the home page speaks Chinese to a zh-CN phone', async () => {
	browser = await launch();
	context = await browser.newContext(phone);
	context.setDefaultTimeout(15000);	// fail fast, not after 30 s
	page = await context.newPage();
	const res = await page.goto(BASE + '/');
	assert.equal(res.status(), 200);
	assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
	assert.equal(await text('main h1'), '玉匠');
	assert.match(await text('header.top'), /注册/);
	assert.equal(await text('#lang-switch'), 'English');
	assert.equal(await page.locator('ol.stages > li').count(), 4);
	assert.equal(await page.evaluate(() => window.innerWidth), PHONE_W);
	await fits('home (zh)');
	await shot('01-home-zh');
}],
['tapping the language switch makes the page English', async () => {
	await page.locator('#lang-switch').tap();
	await page.waitForSelector('html[lang="en"]');
	await page.waitForLoadState('load');
	assert.equal(path(), '/');
	assert.equal(await text('main h1'), 'Yujiang');
	assert.equal(await text('#lang-switch'), '中文');
	assert.match(await text('ol.stages'), /Entry[\s\S]*Training[\s\S]*Incubation[\s\S]*Selection/);
	await fits('home (en)');
	await shot('02-home-en');
}],
['a newcomer registers as a designer and lands on my page', async () => {
	await tapTo('main a.button[href="/register"]', '/register');
	assert.equal(await page.getAttribute('html', 'lang'), 'en');
	assert.equal(await text('main h1'), 'Register as an apprentice');
	await fits('register (en)');
	await page.locator('#f-name').fill(person.name);
	await page.locator('#f-account').fill(person.account);
	await page.locator('#f-password').fill(person.password);
	await page.locator('input[name="track"][value="designer"]').tap();
	await page.locator('#f-consent').tap();	/* 隐私政策: required */
	assert.ok(await page.locator('input[name="track"][value="designer"]')
	    .isChecked());
	await shot('03-register-filled');
	await tapTo('#register-submit', '/me');
	assert.equal(await text('#me-name'), person.name);
	assert.equal(await text('#me-role'), 'Apprentice');
	assert.equal(await text('#me-track'), 'Designer');
	assert.equal(await text('#me-account'), person.account);
	const stages = page.locator('ol.stages > li');
	assert.equal(await stages.count(), 4);
	const names = await page.locator('ol.stages > li > strong')
	    .allInnerTexts();
	assert.deepEqual(names.map((s) => s.trim()),
	    ['Entry', 'Training', 'Incubation', 'Selection']);
	const current = page.locator('ol.stages > li[aria-current="step"]');
	assert.equal(await current.count(), 1, 'exactly one current stage');
	assert.equal((await current.locator('strong').innerText()).trim(),
	    'Entry');
	assert.match(await stages.first().getAttribute('class') ?? '',
	    /\bcurrent\b/);
	await fits('my page (en)');
	await shot('04-me-en');
}],
['the newcomer reads the code sent to their phone and enters it', async () => {
	assert.equal(await page.locator('#verify-banner').count(), 1,
	    'an unverified account is told so on my page');
	await tapTo('#verify-link', '/confirm');
	assert.equal(await text('#sent-to'), person.account);
	await fits('confirm (en)');
	await page.locator('#f-code').fill(await codeFromLog(person.account));
	await shot('04b-confirm-filled');
	await tapTo('#code-submit', '/me');
	assert.equal(await page.locator('#verify-banner').count(), 0,
	    'verified: the banner is gone');
}],
['logging out from the nav returns to the home page', async () => {
	await tapTo('header.top form[action="/logout"] button', '/');
	assert.equal(await text('main h1'), 'Yujiang');
	assert.equal(await page.locator('header.top form[action="/logout"]')
	    .count(), 0, 'no logout button once logged out');
	assert.equal(await page.locator('header.top a[href="/login"]')
	    .count(), 1);
	// The session is gone on the server too, not only in the nav.
	const res = await page.goto(BASE + '/me');
	assert.equal(path(), '/login', '/me after logout sends to /login');
	assert.equal(res.status(), 200);
	await page.goto(BASE + '/');
	await fits('home after logout (en)');
	await shot('05-logged-out');
}],
['logging in again through the form opens my page', async () => {
	await tapTo('header.top a[href="/login"]', '/login');
	assert.equal(await text('main h1'), 'Log in');
	await fits('login (en)');
	await page.locator('#f-account').fill(person.account);
	await page.locator('#f-password').fill(person.password);
	await shot('06-login-filled');
	await tapTo('#login-submit', '/me');
	assert.equal(await text('#me-name'), person.name);
	assert.equal(await text('#me-role'), 'Apprentice');
	assert.equal((await page.locator('ol.stages > li[aria-current="step"] strong')
	    .innerText()).trim(), 'Entry');
	await fits('my page after login (en)');
	await shot('07-me-again');
}],
['no page is wider than a 390 px phone, in either language', async () => {
	// My page in Chinese, through the switch.
	await page.locator('#lang-switch').tap();
	await page.waitForSelector('html[lang="zh-CN"]');
	await page.waitForLoadState('load');
	assert.equal(path(), '/me');
	assert.equal(await text('#me-role'), '学员');
	await fits('my page (zh)');
	await shot('08-me-zh');
	// The anonymous pages in Chinese, in a second phone context (no
	// cookies): the forms and a refused form with its error box.
	const anon = await browser.newContext(phone);
	anon.setDefaultTimeout(15000);
	const p = await anon.newPage();
	try {
		for (const [url, label] of [['/', 'home (zh, anonymous)'],
		    ['/register', 'register (zh)'], ['/login', 'login (zh)']]) {
			await p.goto(BASE + url);
			assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
			await fits(label, p);
		}
		await p.goto(BASE + '/register');
		await p.locator('#f-name').fill('林小玉林小玉林小玉林小玉林小玉林小玉');
		await p.locator('#f-account').fill('12345');
		await p.locator('#f-password').fill('long-enough-password');
		await p.locator('#f-consent').tap();
		const [res] = await Promise.all([
			p.waitForResponse((r) => r.request().method() === 'POST'),
			p.locator('#register-submit').tap(),
		]);
		assert.equal(res.status(), 400);
		await p.locator('p.error[role="alert"]').waitFor();
		assert.match(await p.locator('p.error').innerText(), /手机号/);
		assert.equal(await p.locator('#f-account').inputValue(), '12345',
		    'the refused form keeps what was typed');
		await fits('register refused (zh)', p);
		await p.screenshot({ path: join(outDir, '09-register-error-zh.png'),
		    fullPage: true });
	} finally {
		await anon.close();
	}
	for (const [label, sw, iw] of widths)
		assert.ok(sw <= iw && iw <= PHONE_W, `${label}: ${sw}/${iw}`);
	console.log('# widths: ' + widths.map(([l, sw, iw]) =>
	    `${l} ${sw}/${iw}`).join(', '));
}],
];

await runCases(cases, {
	failShots: async (n) => {
		if (page) {
			console.log(`#   at ${page.url()}`);
			await shot(`fail-${n}`);
		}
	},
	close: async () => { if (browser) await browser.close(); },
});
