// 就业 on phones: a workshop registers as an employer with its 统一社会信用代码
// and proves its phone; staff approve it (over the API); on the phone the
// employer posts an opening, which staff approve. An apprentice (the demo's
// 何嘉欣) finds it in the list on her phone, opens it, ticks a certificate
// and a work, writes a message and applies. The employer opens the
// applicant: her certificate shows its live status (有效), then — once
// staff suspend it — 暂停 (reinstated again at the end); the employer
// invites her to an interview and she reads it in her inbox. No page is
// wider than the phone.
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/jobs.mjs
//
// tests/browser/run.sh starts the server (with the demo data) and runs
// this. Screenshots: tests/out/browser/jobs-*.png.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
	BASE, PHONE_W, codeFromLog, demoLogin, launch, outDir, phone, runCases,
} from './phone.mjs';

const STAFF = 'staff@pingzhou-jade.cn';		// 周晓琳
const SEEKER = '13800138002';			// 何嘉欣, with certificates

// GB 32100-2015: the check character of the first 17 characters.
const SET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function creditCode(body17) {
	let sum = 0, w = 1;
	for (const c of body17) {
		sum += SET.indexOf(c) * w;
		w = (w * 3) % 31;
	}
	return body17 + SET[(31 - (sum % 31)) % 31];
}

const tag = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
const boss = {
	business: '平洲玉韵雕刻坊' + tag.slice(-3),
	code: creditCode('9244060' + '5MA' + tag),
	name: '冯老板',
	account: '137' + String(Math.floor(Math.random() * 1e8))
	    .padStart(8, '0'),
	password: 'jade-' + Math.random().toString(36).slice(2, 10),
};
const TITLE = '手镯雕刻师 ' + tag.slice(-4);

let browser, staffApi;
const pages = {};
let postingId, applicationId, certId;

async function shot(p, name) {
	await p.screenshot({ path: join(outDir, 'jobs-' + name + '.png'),
	    fullPage: true });
}

async function fits(p, label) {
	const [sw, iw] = await p.evaluate(() => [
	    document.documentElement.scrollWidth, window.innerWidth]);
	assert.ok(sw <= iw && iw <= PHONE_W, `${label}: ${sw} px wide on a ` +
	    `${iw} px phone`);
}

async function text(p, sel) {
	return (await p.locator(sel).first().innerText()).trim();
}

async function tapTo(p, sel, want) {
	const from = p.url();
	const ok = typeof want === 'function' ? want :
	    (u) => u.pathname === want;
	await Promise.all([
		p.waitForURL((u) => ok(u) && u.href !== from,
		    { waitUntil: 'load' }),
		p.locator(sel).first().tap(),
	]);
}

async function newPhone(name) {
	if (!browser)
		browser = await launch();
	const c = await browser.newContext(phone);
	c.setDefaultTimeout(15000);
	const p = await c.newPage();
	pages[name] = p;
	return p;
}

async function post(api, path, data) {
	const r = await api.post(path, { headers: { 'X-CSRF-Token': api.csrf },
	    data });
	return [r.status(), await r.json()];
}

async function staff() {
	if (staffApi)
		return staffApi;
	const { request } = await import('playwright-core');
	const who = demoLogin(STAFF);
	staffApi = await request.newContext({ baseURL: BASE });
	const cr = await staffApi.get('/api/v1/csrf');
	const r = await staffApi.post('/api/v1/login', { headers:
	    { 'X-CSRF-Token': (await cr.json()).csrf },
	    data: { account: who.account, password: who.password } });
	assert.equal(r.status(), 200, await r.text());
	staffApi.csrf = (await r.json()).csrf;
	return staffApi;
}

function day(offset) {
	const d = new Date(Date.now() + 8 * 3600e3 + offset * 86400e3);
	return d.toISOString().slice(0, 10);
}

const cases = [
['a workshop registers on a phone and proves its phone', async () => {
	const p = await newPhone('boss');
	await p.goto(BASE + '/jobs');
	await fits(p, 'the jobs list');
	await tapTo(p, '#employer-register', '/jobs/register');
	await p.locator('#f-business').fill(boss.business);
	await p.locator('#f-credit_code').fill(boss.code);
	await p.locator('#f-name').fill(boss.name);
	await p.locator('#f-account').fill(boss.account);
	await p.locator('#f-password').fill(boss.password);
	await p.locator('#f-consent').tap();
	await fits(p, 'the registration form');
	await tapTo(p, '#employer-submit', '/me');
	await tapTo(p, '#verify-link', '/confirm');
	await p.locator('#f-code').fill(await codeFromLog(boss.account));
	await tapTo(p, '#code-submit', '/me');
	await tapTo(p, '#employer-link', '/employer');
	assert.equal(await text(p, '#employer-status'), '待审核');
	await shot(p, '00-pending');
}],
['staff approve it; on the phone it posts an opening', async () => {
	const api = await staff();
	const r = await api.get('/api/v1/staff/jobs');
	const emp = (await r.json()).employers.find(
	    (e) => e.business === boss.business);
	assert.ok(emp, 'the new employer is on staff\'s list');
	const [st, j] = await post(api, `/api/v1/employers/${emp.id}/approve`,
	    {});
	assert.equal(st, 200, JSON.stringify(j));
	const p = pages.boss;
	await p.goto(BASE + '/employer');
	assert.equal(await text(p, '#employer-status'), '已审核');
	await p.locator('#posting-form #f-title').fill(TITLE);
	await p.locator('#f-level').selectOption('2');
	await p.locator('#f-pay_min').fill('6500');
	await p.locator('#f-pay_max').fill('11000');
	await p.locator('#f-place').fill('平洲玉器街 30 号');
	await p.locator('#f-closes').fill(day(20));
	await p.locator('#f-description').fill('雕刻手镯、平安扣。\n包住宿。');
	await fits(p, 'the posting form');
	await tapTo(p, '#posting-submit', (u) => u.pathname === '/employer' &&
	    u.searchParams.get('done') === 'posted');
	assert.match(await text(p, '#my-postings'), /待审核/);
	postingId = Number((await p.locator('#my-postings a').first()
	    .getAttribute('href')).split('/').pop());
	await shot(p, '01-posted');
	const [st2, j2] = await post(api, `/api/v1/jobs/${postingId}/approve`,
	    {});
	assert.equal(st2, 200, JSON.stringify(j2));
}],
['an apprentice finds it on her phone and applies', async () => {
	const p = await newPhone('seeker');
	const who = demoLogin(SEEKER);
	await p.goto(BASE + '/login');
	await p.locator('#f-account').fill(who.account);
	await p.locator('#f-password').fill(who.password);
	await tapTo(p, '#login-submit', '/me');
	await p.goto(BASE + '/jobs');
	assert.match(await text(p, '#jobs'), new RegExp(TITLE));
	await tapTo(p, `#jobs a[href="/jobs/${postingId}"]`,
	    `/jobs/${postingId}`);
	assert.equal(await text(p, '#job-title'), TITLE);
	await fits(p, 'the posting');
	const cert = p.locator('#apply-form label.choice:has-text("有效") ' +
	    'input[name="cert"]').first();
	certId = Number(await cert.getAttribute('value'));
	await cert.tap();
	const works = p.locator('#apply-form input[name="work"]');
	if (await works.count() > 0)
		await works.first().tap();
	await p.locator('#f-message').fill('我做了三年玉镯，想来贵坊。');
	await shot(p, '02-apply');
	await tapTo(p, '#apply-submit', (u) =>
	    /^\/applications\/\d+$/.test(u.pathname));
	applicationId = Number(new URL(p.url()).pathname.split('/').pop());
	assert.equal(await text(p, '#step'), '已投递');
	await fits(p, 'her application');
}],
['the employer sees her certificate\'s live status', async () => {
	const p = pages.boss;
	await p.goto(`${BASE}/jobs/${postingId}`);
	await tapTo(p, `#applicants a[href="/applications/${applicationId}"]`,
	    `/applications/${applicationId}`);
	assert.equal(await text(p, '#applicant'), '何嘉欣');
	assert.equal(await text(p, '#step'), '已查看');
	assert.equal(await p.locator('#shown-certs .status-valid').count(), 1);
	assert.equal(await text(p, '#shown-certs .cert-status'), '有效');
	// Her phone number was not chosen: not shown.
	assert.doesNotMatch(await text(p, 'main'), new RegExp(SEEKER));
	await fits(p, 'the applicant');
	await shot(p, '03-applicant');
	const [st, j] = await post(await staff(),
	    `/api/v1/certs/${certId}/suspend`, { reason: '复核中' });
	assert.equal(st, 200, JSON.stringify(j));
	await p.reload();
	assert.equal(await p.locator('#shown-certs .status-suspended')
	    .count(), 1);
	await shot(p, '04-suspended');
}],
['the employer invites her to an interview; she is told', async () => {
	const p = pages.boss;
	// The form posts and is sent back to the same address.
	await p.locator('#step-interview').tap();
	await p.waitForFunction(() => document.querySelector('#step') &&
	    document.querySelector('#step').innerText.trim() === '面试');
	await p.waitForLoadState('load');
	assert.equal(await p.locator('#step-interview').count(), 0);
	const s = pages.seeker;
	await s.goto(BASE + '/inbox');
	const li = s.locator('#inbox > li[data-kind="job_interview"]' +
	    `:has(a[href="/applications/${applicationId}"])`);
	assert.equal(await li.count(), 1);
	assert.match(await li.innerText(), /邀请面试/);
	await fits(s, 'her inbox');
	await shot(s, '05-inbox');
}],
['her certificate is reinstated (the demo stays as it was)', async () => {
	const [st, j] = await post(await staff(),
	    `/api/v1/certs/${certId}/reinstate`, { reason: '复核无误' });
	assert.equal(st, 200, JSON.stringify(j));
}, 'looks'],
];

await runCases(cases, {
	failShots: async (n) => {
		for (const [name, p] of Object.entries(pages))
			await shot(p, `fail-${n}-${name}`);
	},
	close: async () => {
		if (browser)
			await browser.close();
		if (staffApi)
			await staffApi.dispose();
	},
});
