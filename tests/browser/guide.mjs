// 十大金牌导购大师 on a phone: a resident votes. A selection of its own is
// built first through the JSON API (staff — the demo's 周晓琳 — create a
// competition, make it a guide selection, give it a panel, nominate two
// guides on their shops' behalf and open judging and the vote), so the
// journey does not hang on the demo's. Then:
//   1. A visitor's phone opens the selection: the two nominees by name
//      and shop, no vote button, the note that a verified phone votes;
//      the page fits the phone.
//   2. A resident (registered here, phone verified with the code the
//      server sent) logs in on the phone, opens the selection, taps 投一票
//      beside the first guide and is back on the page with the thanks
//      (role=status); staff's votes (JSON, a source apart from the page)
//      show exactly that vote, for that guide, by that resident, with
//      its day in China time.
//   3. The same phone taps 投一票 beside the second guide the same day:
//      the answer is 409 with the Chinese message (one vote per phone per
//      day) and staff's votes still hold one.
// Drives Debian's /usr/bin/chromium through playwright-core against a
// running server made with `yujiang-admin init`:
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/guide.mjs
//
// tests/browser/run.sh starts the server and runs this. Each case prints
// "ok N - name" or "not ok N - name"; the last line is "# result P F".
// Cases 2 and 3 are one journey. Screenshots go to
// tests/out/browser/guide-*.png.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
	BASE, PHONE_W, codeFromLog, demoLogin, flat, launch, outDir, phone,
	runCases,
} from './phone.mjs';

const STAFF = 'staff@pingzhou-jade.cn';		// 周晓琳
const WANG = '13922001001';			// 王建平, a judge
// src/core/i18n.c
const MSG_TODAY = '这个手机号今天已经在本评选投过票，明天再来。';	// M_ERR_GUIDE_TODAY
const MSG_VOTED = '投票成功，谢谢！明天还可以再投一票。';		// M_GUIDE_VOTED

const rnd = (n) => String(Math.floor(Math.random() * 10 ** n))
    .padStart(n, '0');
const who = (name) => ({ name, account: '135' + rnd(8),
    password: 'jade-' + Math.random().toString(36).slice(2, 10) });
const GUIDES = [
	{ ...who('黎婉清'), shop: '翠玉轩' },
	{ ...who('关志明'), shop: '金镶玉珠宝' },
];
const RESIDENT = who('谭美华');

let browser;
let world;			// what setUp() made
const pages = {};
const apis = [];

async function shot(name, p) {
	await p.screenshot({ path: join(outDir, 'guide-' + name + '.png'),
	    fullPage: true });
}

async function fits(label, p) {
	const [sw, iw] = await p.evaluate(() => [
	    document.scrollingElement.scrollWidth, window.innerWidth]);
	assert.ok(sw <= iw && iw <= PHONE_W, `${label}: scrollWidth ${sw}, ` +
	    `innerWidth ${iw} on a ${PHONE_W} px phone`);
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

async function tapTo(sel, want, p) {
	const from = p.url();
	await Promise.all([
		p.waitForURL((u) => u.pathname === want && u.href !== from,
		    { waitUntil: 'load' }),
		p.locator(sel).first().tap(),
	]);
}

function client(api, csrf, user) {
	const answer = async (r) => [r.status(),
	    await r.json().catch(() => null)];
	return {
		user,
		get: async (path) => answer(await api.get(path)),
		post: async (path, data) => answer(await api.post(path,
		    { headers: { 'X-CSRF-Token': csrf }, data })),
		form: async (path, multipart) => answer(await api.post(path,
		    { headers: { 'X-CSRF-Token': csrf }, multipart })),
	};
}

async function apiContext() {
	const { request } = await import('playwright-core');
	const api = await request.newContext({ baseURL: BASE });
	apis.push(api);
	const r = await api.get('/api/v1/csrf');
	assert.equal(r.status(), 200, 'GET /api/v1/csrf');
	return [api, (await r.json()).csrf];
}

async function apiLogin({ account, password }) {
	const [api, csrf] = await apiContext();
	const r = await api.post('/api/v1/login', {
	    headers: { 'X-CSRF-Token': csrf }, data: { account, password } });
	assert.equal(r.status(), 200, `API login of ${account}`);
	const j = await r.json();
	return client(api, j.csrf, j.user);
}

async function apiRegister({ name, account, password }) {
	const [api, csrf] = await apiContext();
	const r = await api.post('/api/v1/register', {
	    headers: { 'X-CSRF-Token': csrf },
	    data: { name, account, password, track: 'carver', consent: 1 } });
	assert.equal(r.status(), 201, `registering ${name}: ` + await r.text());
	const j = await r.json();
	const v = await api.post('/api/v1/confirm', {
	    headers: { 'X-CSRF-Token': j.csrf },
	    data: { code: await codeFromLog(j.user.account) } });
	assert.equal(v.status(), 200, `verifying ${name}: ` + await v.text());
	return client(api, j.csrf, (await v.json()).user);
}

function ok([status, json], want, what) {
	assert.equal(status, want, `${what}: ${status} ${JSON.stringify(json)}`);
	return json;
}

async function setUp() {
	const staff = await apiLogin(demoLogin(STAFF));
	const wang = await apiLogin(demoLogin(WANG));
	const day = (d) => new Date(Date.now() + 8 * 3600e3 + d * 86400e3)
	    .toISOString().slice(0, 10);
	const comp = ok(await staff.post('/api/v1/competitions', {
	    name_zh: '2027 十大金牌导购大师（手机投票）', opens: day(-1),
	    closes: day(20), min_panel: 1 }), 201, 'create').competition.id;
	ok(await staff.post(`/api/v1/competitions/${comp}/guide`, {}), 200,
	    'make it a guide selection');
	const cat = ok(await staff.post(`/api/v1/competitions/${comp}/` +
	    'categories', { name_zh: '导购' }), 201, 'category');
	const [, full] = await staff.get(`/api/v1/competitions/${comp}`);
	const catId = full.categories[0].id;
	assert.ok(cat && catId > 0);
	ok(await staff.post(`/api/v1/competitions/${comp}/judges`,
	    { category: catId, judge: wang.user.id }), 201, 'judge');
	const ids = [];
	for (const g of GUIDES) {
		const gc = await apiRegister(g);
		ids.push(ok(await staff.form(`/api/v1/competitions/${comp}/` +
		    'nominees', { shop: g.shop, guide: g.name, account:
		    gc.user.account, evidence: '如实介绍玉料，服务周到。' }), 201,
		    'nominate ' + g.name).nominee.id);
	}
	ok(await staff.post(`/api/v1/competitions/${comp}/open`, {}), 200,
	    'open');
	await apiRegister(RESIDENT);
	world = { staff, comp, ids, today: day(0) };
}

async function votes() {
	const [, j] = await world.staff.get('/api/v1/competitions/' +
	    `${world.comp}/votes`);
	return j.votes;
}

const cases = [
['a visitor sees the nominees and how to vote', async () => {
	await setUp();
	const p = await newPhone('visitor');
	await p.goto(`${BASE}/competitions/${world.comp}/guides`);
	const items = await p.locator('#nominees li').allInnerTexts();
	assert.equal(items.length, 2, 'two nominees');
	for (const [i, g] of GUIDES.entries()) {
		assert.ok(flat(items[i]).includes(g.name), g.name);
		assert.ok(flat(items[i]).includes(g.shop), g.shop);
	}
	assert.equal(await p.locator('button.vote').count(), 0,
	    'no vote button for a visitor');
	assert.ok(flat(await p.locator('main').innerText()).includes(
	    '已验证手机号'), 'says a verified phone votes');
	await fits('the selection', p);
	await shot('1-visitor', p);
}],
['a resident logs in on the phone and votes', async () => {
	const p = await newPhone('resident');
	await p.goto(BASE + '/login');
	await p.locator('#f-account').fill(RESIDENT.account);
	await p.locator('#f-password').fill(RESIDENT.password);
	await tapTo('#login-submit', '/me', p);
	await p.goto(`${BASE}/competitions/${world.comp}/guides`);
	const first = p.locator(`#nominee-${world.ids[0]} button.vote`);
	assert.equal(await first.count(), 1, 'a vote button');
	await first.scrollIntoViewIfNeeded();
	await Promise.all([
		p.waitForURL((u) => u.search === '?voted=1', { waitUntil:
		    'load' }),
		first.tap(),
	]);
	assert.equal(flat(await p.locator('#voted').innerText()), MSG_VOTED);
	assert.equal(await p.getAttribute('#voted', 'role'), 'status');
	await fits('after voting', p);
	await shot('2-voted', p);
	const v = await votes();
	assert.equal(v.length, 1, 'one vote');
	assert.equal(v[0].nominee, world.ids[0]);
	assert.equal(v[0].phone, RESIDENT.account);
	assert.equal(v[0].day, world.today, 'its day in China time');
	assert.equal(v[0].voided, false);
}],
['the same phone cannot vote again the same day', async () => {
	const p = pages.resident;
	await p.goto(`${BASE}/competitions/${world.comp}/guides`);
	const second = p.locator(`#nominee-${world.ids[1]} button.vote`);
	const [res] = await Promise.all([
		p.waitForNavigation({ waitUntil: 'load' }),
		second.tap(),
	]);
	assert.equal(res.status(), 409);
	assert.ok(flat(await p.locator('main').innerText()).includes(
	    MSG_TODAY), 'the Chinese message');
	await fits('refused', p);
	await shot('3-refused', p);
	assert.equal((await votes()).length, 1, 'still one vote');
}],
];

await runCases(cases, {
	failShots: async (n) => {
		for (const [name, p] of Object.entries(pages)) {
			if (!p.isClosed())
				await shot(`fail-${n}-${name}`, p);
		}
	},
	close: async () => {
		for (const a of apis)
			await a.dispose().catch(() => {});
		if (browser)
			await browser.close();
	},
});
