// Keyboard only: no mouse, no tap. A newcomer registers (a refused first
// try says what is wrong beside the field), enters the code sent to their
// phone, enrols in 玉雕入门 (JB101) and logs out; 王建平 logs in and fills a
// judge's sheet; a visitor looks a certificate up by serial and holder
// (again, a refused try first). Every control is reached with Tab and
// used with the keyboard (typing, Space, Enter); the pages the journey
// opens by address are the pages a person would type or bookmark. The
// heritage records (非遗) of the demo's two masters are opened too, so
// axe-core checks them (phone.mjs checks every page visited, zh and en).
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/keyboard.mjs
//
// tests/browser/run.sh starts the server (with the demo data) and runs
// this. Screenshots: tests/out/browser/keyboard-*.png.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
	BASE, codeFromLog, demoLogin, launch, outDir, phone, runCases,
} from './phone.mjs';

const JUDGE = '13922001001';			// 王建平, mid-way judging
const STAFF = 'staff@pingzhou-jade.cn';
const person = {
	name: '键盘学员',
	account: '139' + String(Math.floor(Math.random() * 1e8))
	    .padStart(8, '0'),
	password: 'keys-' + Math.random().toString(36).slice(2, 10),
};

let browser, context, page;

async function shot(name) {
	await page.screenshot({ path: join(outDir, 'keyboard-' + name +
	    '.png'), fullPage: true });
}

// Press Tab until the focused element matches sel (at most max times);
// fails when the keyboard cannot reach it.
async function tabTo(sel, max = 80) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((s) => document.activeElement !== null &&
		    document.activeElement.matches(s), sel))
			return;
	}
	throw new Error(`Tab never reached ${sel} on ${page.url()}`);
}

// From the top of the page: Tab to sel, then type text into it.
async function typeInto(sel, text) {
	await tabTo(sel);
	await page.keyboard.press('Control+A');
	await page.keyboard.press('Backspace');
	await page.keyboard.type(text);
}

// Press key on the focused control and wait for the page it loads.
async function pressAndLoad(key = 'Enter') {
	const [res] = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		page.keyboard.press(key),
	]);
	return res;
}

// Back to the top of the page, so Tab starts from the first link.
async function top() {
	await page.evaluate(() => {
		document.activeElement?.blur();
		window.getSelection()?.removeAllRanges();
	});
	await page.focus('body').catch(() => {});
}

// The refused field says so beside itself, to a screen reader too.
async function saysBeside(name) {
	const f = page.locator('#f-' + name);
	assert.equal(await f.getAttribute('aria-invalid'), 'true',
	    `#f-${name} is marked invalid`);
	assert.equal(await f.getAttribute('aria-describedby'), 'e-' + name);
	const msg = page.locator('#e-' + name);
	assert.ok(await msg.isVisible(), `#e-${name} is shown`);
	const words = (await msg.innerText()).trim();
	assert.ok(words.length > 0, `#e-${name} has words`);
	return words;
}

async function staffApiCall(path) {
	const { request } = await import('playwright-core');
	const api = await request.newContext({ baseURL: BASE });
	try {
		const who = demoLogin(STAFF);
		const { csrf } = await (await api.get('/api/v1/csrf')).json();
		const lr = await api.post('/api/v1/login', {
		    headers: { 'X-CSRF-Token': csrf },
		    data: { account: who.account, password: who.password } });
		assert.equal(lr.status(), 200, 'staff login');
		const r = await api.get(path);
		assert.equal(r.status(), 200, path);
		return await r.json();
	} finally {
		await api.dispose();
	}
}

const cases = [
['registration by keyboard: a refused account is named beside its field, ' +
    'then the corrected form goes through', async () => {
	browser = await launch();
	context = await browser.newContext({ ...phone, isMobile: false,
	    hasTouch: false });
	context.setDefaultTimeout(15000);
	page = await context.newPage();
	await page.goto(BASE + '/register');
	await typeInto('#f-name', person.name);
	await typeInto('#f-account', 'not-a-phone');
	await typeInto('#f-password', person.password);
	await tabTo('input[name="track"]');
	await page.keyboard.press('Space');
	await tabTo('#f-consent');
	await page.keyboard.press('Space');
	assert.ok(await page.locator('#f-consent').isChecked());
	await tabTo('#register-submit');
	let res = await pressAndLoad('Enter');
	assert.equal(res.status(), 400, 'refused');
	await saysBeside('account');
	assert.equal(await page.locator('#f-name').inputValue(), person.name,
	    'the name is kept');
	await shot('01-register-refused');
	await top();
	await typeInto('#f-account', person.account);
	await typeInto('#f-password', person.password);
	await tabTo('#f-consent');
	if (!await page.locator('#f-consent').isChecked())
		await page.keyboard.press('Space');
	await tabTo('#register-submit');
	res = await pressAndLoad('Enter');
	assert.equal(new URL(page.url()).pathname, '/me');
	assert.equal((await page.locator('#me-name').innerText()).trim(),
	    person.name);
}],
['the code sent to the phone, typed in', async () => {
	await page.goto(BASE + '/confirm');
	const code = await codeFromLog(person.account);
	await typeInto('#f-code', code);
	await pressAndLoad('Enter');
	assert.equal(await page.locator('#verify-banner').count(), 0,
	    'verified: no banner');
}],
['enrolment in 玉雕入门 by keyboard, then logging out', async () => {
	await page.goto(BASE + '/courses/JB101');
	await tabTo('form[action$="/enrol"] button');
	await pressAndLoad('Enter');
	await page.goto(BASE + '/courses/JB101');
	assert.equal(await page.locator('form[action$="/withdraw"]').count(),
	    1, 'enrolled: the run offers withdrawal');
	await shot('02-enrolled');
	await top();
	await tabTo('form[action="/logout"] button');
	await pressAndLoad('Enter');
	assert.equal(new URL(page.url()).pathname, '/');
}],
['a judge logs in and fills a sheet by keyboard', async () => {
	const who = demoLogin(JUDGE);
	await page.goto(BASE + '/login');
	await typeInto('#f-account', who.account);
	await typeInto('#f-password', 'wrong-password');
	await page.keyboard.press('Enter');
	await page.waitForLoadState('load');
	await saysBeside('password');
	await top();
	await typeInto('#f-account', who.account);
	await typeInto('#f-password', who.password);
	await pressAndLoad('Enter');
	assert.equal(new URL(page.url()).pathname, '/me');
	await page.goto(BASE + '/judging');
	const open = 'ul[id^="judging-"] li:has(.badge.none) a';
	assert.ok(await page.locator(open).count() > 0, 'an entry to score');
	await tabTo(open);
	const entry = await page.evaluate(() =>
	    document.activeElement.getAttribute('href'));
	await pressAndLoad('Enter');
	assert.equal(new URL(page.url()).pathname, entry);
	const n = await page.locator('#sheet-form [name^="c"]:not([name="csrf"])').count();
	assert.ok(n > 0, 'criteria');
	for (let i = 1; i <= n; i++)
		await typeInto(`#sheet-form [name="c${i}"]`, '8');
	await shot('03-sheet');
	await tabTo('#submit-final');
	await pressAndLoad('Enter');
	assert.equal(new URL(page.url()).pathname, '/judging');
	const badge = page.locator(`li:has(a[href="${entry}"]) .badge`);
	assert.match(await badge.getAttribute('class'), /\bvalid\b/,
	    'the sheet is final');
}],
['the heritage records (非遗) of 王建平 and 黄少明: public pages, the ' +
    'master\'s draft page', async () => {
	const { masters } = await (await page.request.get(BASE +
	    '/api/v1/masters')).json();
	const id = (name) => masters.find((m) => m.name === name).id;
	const wang = id('王建平'), huang = id('黄少明');
	let res = await page.goto(`${BASE}/masters/${wang}`);
	assert.equal(res.status(), 200);
	await tabTo('#heritage-link');
	res = await pressAndLoad('Enter');
	assert.equal(res.status(), 200);
	assert.match(await page.locator('#heritage-techniques').innerText(),
	    /浮雕/);
	assert.equal(await page.locator('#heritage-photos img').count(), 1);
	await shot('04-heritage');
	res = await page.goto(`${BASE}/masters/${wang}/heritage/edit`);
	assert.equal(res.status(), 200, 'his own draft page');
	res = await page.goto(`${BASE}/masters/${huang}/heritage`);
	assert.equal(res.status(), 200);
	await top();
	await tabTo('form[action="/logout"] button');
	await pressAndLoad('Enter');
}],
['a certificate look-up by keyboard: a short serial is named beside its ' +
    'field, the right one opens the certificate', async () => {
	const { certificates } = await staffApiCall('/api/v1/certs');
	const c = certificates.find((x) => x.status === 'valid');
	assert.ok(c, 'a valid demo certificate');
	await page.goto(BASE + '/verify');
	await typeInto('#f-serial', '123');
	await typeInto('#f-name', c.holder);
	let res = await pressAndLoad('Enter');
	assert.equal(res.status(), 400);
	await saysBeside('serial');
	await shot('05-lookup-refused');
	await top();
	await typeInto('#f-serial', c.serial);
	await typeInto('#f-name', c.holder);
	res = await pressAndLoad('Enter');
	assert.equal(new URL(page.url()).pathname, '/v/' + c.code);
	assert.equal(await page.locator('#verdict').getAttribute(
	    'data-status'), 'valid');
	await shot('06-lookup-found');
}],
];

await runCases(cases, {
	failShots: async (n) => {
		if (page)
			await page.screenshot({ path: join(outDir,
			    `keyboard-fail-${n}.png`), fullPage: true });
	},
	close: async () => {
		if (browser)
			await browser.close();
	},
});
