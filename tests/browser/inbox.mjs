// The bell (消息) on a phone: a newcomer registers with an email address,
// reads the code in the test mailbox (a real SMTP server) and enters it,
// takes the last place
// on a one-seat JB101 run's waitlist by tapping 报名, and sees no count on
// the bell; the one holding the seat withdraws (over the API, elsewhere),
// which moves the newcomer up — the bell then shows 1 on every page, the
// inbox opens from it with the promotion worded in Chinese, the language
// switch words it in English, and 标为已读 clears the count. No page is
// wider than the phone.
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/inbox.mjs
//
// tests/browser/run.sh starts the server (with the demo data) and runs
// this. Screenshots: tests/out/browser/inbox-*.png.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
	BASE, PHONE_W, codeFromLog, codeFromMailbox, demoLogin, launch, outDir,
	phone, runCases,
} from './phone.mjs';

const COURSE = 'JB101';
const TITLE = '玉雕入门';
const STAFF = 'staff@pingzhou-jade.cn';		// 周晓琳

function phoneNumber(prefix) {
	return prefix + String(Math.floor(Math.random() * 1e8))
	    .padStart(8, '0');
}

const person = {
	name: '黄小铃',
	account: 'xiaoling' + Math.random().toString(36).slice(2, 8) +
	    '@example.cn',
	password: 'jade-' + Math.random().toString(36).slice(2, 10),
};

let browser, page;
let staffApi, holderApi;	// API callers without a browser
let run;			// the one-seat run

async function shot(name) {
	await page.screenshot({ path: join(outDir, 'inbox-' + name + '.png'),
	    fullPage: true });
}

async function fits(label) {
	const [sw, iw] = await page.evaluate(() => [
	    document.documentElement.scrollWidth, window.innerWidth]);
	assert.ok(sw <= iw && iw <= PHONE_W, `${label}: ${sw} px wide on a ` +
	    `${iw} px phone`);
}

async function text(sel) {
	return (await page.locator(sel).innerText()).trim();
}

async function tapTo(sel, want) {
	const from = page.url();
	const ok = typeof want === 'function' ? want :
	    (u) => u.pathname === want;
	await Promise.all([
		page.waitForURL((u) => ok(u) && u.href !== from,
		    { waitUntil: 'load' }),
		page.locator(sel).first().tap(),
	]);
}

// An API caller (no browser), logged in or registered; its CSRF token.
async function apiCaller(login) {
	const { request } = await import('playwright-core');
	const api = await request.newContext({ baseURL: BASE });
	const cr = await api.get('/api/v1/csrf');
	assert.equal(cr.status(), 200, 'GET /api/v1/csrf');
	const { csrf } = await cr.json();
	const r = await api.post(login.register ? '/api/v1/register' :
	    '/api/v1/login', { headers: { 'X-CSRF-Token': csrf },
	    data: login.body });
	assert.ok(r.status() === 200 || r.status() === 201,
	    `log in: ${r.status()} ${await r.text()}`);
	api.csrf = (await r.json()).csrf;
	if (login.register) {	/* proves the phone: the code in the log */
		const code = await codeFromLog(login.body.account);
		const [st, j] = await post(api, '/api/v1/confirm', { code });
		assert.equal(st, 200, JSON.stringify(j));
	}
	return api;
}

async function post(api, path, data) {
	const r = await api.post(path, { headers: { 'X-CSRF-Token': api.csrf },
	    data });
	return [r.status(), await r.json()];
}

function day(offset) {
	const d = new Date(Date.now() + 8 * 3600e3 + offset * 86400e3);
	return d.toISOString().slice(0, 10);
}

// The bell's count in the navigation, or null when there is none.
async function bell() {
	assert.equal(await page.locator('#inbox-bell').count(), 1,
	    'the bell is in the navigation');
	const c = page.locator('#inbox-bell #inbox-count');
	return await c.count() === 0 ? null : (await c.innerText()).trim();
}

const cases = [
['staff schedule a one-seat run; its seat is taken', async () => {
	const who = demoLogin(STAFF);
	staffApi = await apiCaller({ body: { account: who.account,
	    password: who.password } });
	let [st, j] = await post(staffApi, `/api/v1/courses/${COURSE}/runs`,
	    { starts: day(5), ends: day(40), capacity: 1 });
	assert.equal(st, 201, JSON.stringify(j));
	run = j.run;
	holderApi = await apiCaller({ register: true, body: { name: '占座者',
	    account: phoneNumber('135'), password: person.password,
	    track: 'carver', consent: 1 } });
	[st, j] = await post(holderApi, `/api/v1/runs/${run.id}/enrol`, {});
	assert.equal(st, 201, JSON.stringify(j));
	assert.equal(j.status, 'enrolled');
}],
['a newcomer registers on a phone: the bell has no count', async () => {
	browser = await launch();
	const context = await browser.newContext(phone);
	context.setDefaultTimeout(15000);
	page = await context.newPage();
	await page.goto(BASE + '/register');
	await page.locator('#f-name').fill(person.name);
	await page.locator('#f-account').fill(person.account);
	await page.locator('#f-password').fill(person.password);
	await page.locator('input[name="track"][value="carver"]').tap();
	await page.locator('#f-consent').tap();	/* 隐私政策: required */
	await tapTo('#register-submit', '/me');
	assert.equal(await text('#me-name'), person.name);
	assert.equal(await text('#inbox-bell'), '消息');
	assert.equal(await bell(), null);
	await fits('my page');
}],
['the newcomer reads the code in their mailbox and enters it', async () => {
	assert.equal(await page.locator('#verify-banner').count(), 1);
	await tapTo('#verify-link', '/confirm');
	await page.locator('#f-code').fill(
	    await codeFromMailbox(person.account));
	await tapTo('#code-submit', '/me');
	assert.equal(await page.locator('#verify-banner').count(), 0,
	    'verified: the banner is gone');
	await shot('00-verified');
}],
['报名 on the full run puts the newcomer on its waitlist', async () => {
	await page.goto(`${BASE}/courses/${COURSE}`);
	const sel = `#run-${run.id} form[action="/runs/${run.id}/enrol"] ` +
	    'button[type="submit"]';
	await tapTo(sel, (u) => u.pathname === `/courses/${COURSE}` &&
	    u.searchParams.get('done') !== null);
	assert.match(await text(`#run-${run.id}`), /候补/);
	assert.equal(await bell(), null, 'nothing to tell yet');
	await shot('01-waitlisted');
}],
['the seat is given up: the bell shows 1, on every page', async () => {
	const [st, j] = await post(holderApi,
	    `/api/v1/runs/${run.id}/withdraw`, {});
	assert.equal(st, 200, JSON.stringify(j));
	await page.goto(BASE + '/me');
	assert.equal(await bell(), '1');
	await fits('my page with a message');
	await shot('02-bell');
	await page.goto(BASE + '/courses');
	assert.equal(await bell(), '1');
}],
['the bell opens the inbox: 递补 in Chinese', async () => {
	await tapTo('#inbox-bell', '/inbox');
	assert.equal(await text('main h1'), '消息');
	const items = page.locator('#inbox > li');
	assert.equal(await items.count(), 1);
	const li = items.first();
	assert.equal(await li.getAttribute('class'), 'unread');
	assert.equal(await li.getAttribute('data-kind'), 'promoted');
	assert.equal((await li.locator('p.text').innerText()).trim(),
	    `您已从「${TITLE}」的候补名单递补为正式学员（${run.starts}开课）。`);
	await fits('inbox');
	await shot('03-inbox-zh');
}],
['the language switch words it in English', async () => {
	// Back to the same address (/lang redirects to it): wait for the page.
	await page.locator('#lang-switch').tap();
	await page.waitForSelector('html[lang="en"]');
	await page.waitForLoadState('load');
	assert.equal(new URL(page.url()).pathname, '/inbox');
	assert.equal(await text('main h1'), 'Inbox');
	assert.equal(await text('#inbox > li p.text'),
	    'You have moved up from the waitlist of “Jade carving for ' +
	    `beginners” and now have a seat (starts ${run.starts}).`);
	assert.equal(await bell(), '1');
	await fits('inbox (en)');
	await shot('04-inbox-en');
	await page.locator('#lang-switch').tap();
	await page.waitForSelector('html[lang="zh-CN"]');
	await page.waitForLoadState('load');
}],
['标为已读 clears the count; the seat is the newcomer\'s', async () => {
	// The form posts and is sent back to /inbox: the same address.
	await page.locator('#inbox > li form[action="/inbox/read"] button')
	    .tap();
	await page.waitForSelector('#inbox > li.read');
	await page.waitForLoadState('load');
	assert.equal(await bell(), null);
	await fits('inbox, read');
	await shot('05-read');
	await page.goto(`${BASE}/courses/${COURSE}`);
	assert.match(await text(`#run-${run.id}`), /已报名/);
}],
];

await runCases(cases, {
	failShots: async (n) => {
		if (page)
			await shot(`fail-${n}`);
	},
	close: async () => {
		if (browser)
			await browser.close();
		for (const api of [staffApi, holderApi])
			if (api)
				await api.dispose();
	},
});
