// 评选 selection on a phone: blind judging, a refused mark, recusal and
// the published results. A competition of its own is built first through
// the JSON API (staff create it with the default rules — the nine 彩云杯
// criteria, 金奖 1 / 银奖 2 / … — two categories, panels; four new
// apprentices, moved by staff to the selection stage, enter a work with a
// photo each; one of them is the apprentice of a panel judge; staff check
// the entries and open round 1), so the journey does not hang on the
// demo's competitions. Then:
//   1. 王建平 (the demo master 13922001001) logs in on his phone, opens 评审
//      from the nav and sees the entries by code only (no entrant's name,
//      no work's title on the page), opens one not yet scored, sees its
//      photo load, types 8.5 into all nine marks, saves a draft, reloads
//      and finds the marks kept, submits it as final; the list says 已定稿
//      and the sheet is read-only. List and sheet fit the phone, the two
//      buttons lie within its width.
//   2. A mark of 11 is refused: the browser's own check (max=10) stops the
//      submit (no request leaves); with the attribute removed the server
//      answers 400 with the Chinese message; nothing is stored (GET
//      /api/v1/judging/<entry>).
//   3. The judge who is an entrant's master is not offered that entry: its
//      code is absent from his /judging; /judging/<entry> answers 403 with
//      the recusal message (回避), and its photo is not served to him.
//   4. The other sheets are filled through the API; staff lock (the
//      results stay hidden from a visitor) and publish; a visitor's phone
//      shows the results by category and tier, the winner first; the
//      winner logs in, follows his name to his entry and sees his
//      breakdown — the six judges by name, the highest and the lowest
//      total struck out — and the spread chart loads. No page is wider
//      than the phone.
// Drives Debian's /usr/bin/chromium through playwright-core against a
// running server made with `yujiang-admin init`:
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/compete.mjs
//
// YJ_DATA is the server's data directory: the staff's and 王建平's logins
// come from its demo-accounts.txt; everyone else is made here with a
// password of its own (accounts at random, in case the file runs twice
// against one server). What the pages show is checked against the JSON
// API, a source apart from the pages under test. tests/browser/run.sh
// starts the server and runs this. Each case prints "ok N - name" or "not
// ok N - name"; the last line is "# result P F". Cases 1 and 4 are one
// journey (4 needs 1's final sheet); 2 and 3 only look and fail on their
// own. Screenshots go to tests/out/browser/compete-*.png.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
	BASE, DATA, PHONE_W, codeFromLog, demoLogin, flat, launch, outDir,
	phone, runCases,
} from './phone.mjs';

const STAFF = 'staff@pingzhou-jade.cn';		// 周晓琳
const WANG = '13922001001';			// 王建平, the demo master
const CRITERIA = 9;				// the default rules
// src/i18n.c
const MSG_MARKS = '请为每一项打分：加权评分为0到10分（最多一位小数），' +
    '世赛式为0到3分。';				// M_ERR_SHEET_MARKS
const MSG_RECUSED = '需要回避：这件作品出自您的传承谱系，您不能评分。' +
    '此次回避已记录。';				// M_ERR_COMP_RECUSED
const CODE = /^[0-9A-HJKMNP-TV-Z]{8}$/;	// Crockford base32

// People of this file's own. Each judge gives every criterion of an
// entry the same mark, so a judge's total is ten times it.
const rnd = (n) => String(Math.floor(Math.random() * 10 ** n))
    .padStart(n, '0');
const who = (name) => ({ name, account: '137' + rnd(8),
    password: 'jade-' + Math.random().toString(36).slice(2, 10) });
const JUDGES = ['梁振华', '区永康', '余慧芳', '卢国栋', '麦国良'].map(who);
const [J1, J2, J3, J4, J5] = JUDGES;		// J5 teaches ENTRANT.C
const ENTRANT = {
	A: { ...who('罗子健'), title: '翡翠《荷塘清趣》挂件', cat: 0 },
	B: { ...who('冯晓琪'), title: '岫玉《如意》挂件', cat: 0 },
	C: { ...who('邓嘉俊'), title: '和田玉《松鹤》挂件', cat: 0 },
	D: { ...who('谭雪莹'), title: '冰种翡翠圆条手镯', cat: 1 },
};
const CATEGORIES = [['挂件', 'Pendants'], ['手镯', 'Bangles']];
const COMP_NAME = '2027 玉雕新人评选（手机评审）';
// What every sheet holds once case 4 has filled them: judge -> mark per
// entry (A's by 王建平 typed in case 1). Category 挂件 has all six on
// its panel (J5 recused from C), 手镯 three.
const MARKS = {
	A: { wang: '8.5', J1: '9', J2: '8', J3: '7.5', J4: '9.5', J5: '7' },
	B: { wang: '6.5', J1: '7', J2: '6', J3: '6.8', J4: '7.2', J5: '6.4' },
	C: { wang: '7.8', J1: '8.2', J2: '7.6', J3: '8', J4: '8.6' },
	D: { J1: '8', J2: '8.4', J3: '7.9' },
};
// The outcome those marks must give (highest and lowest dropped with 5+
// judges, the rest averaged): category -> rows in rank order.
const RESULTS = [
	[['A', 1, '金奖', '82.50'], ['C', 2, '银奖', '80.00'],
	    ['B', 3, '银奖', '66.75']],
	[['D', 1, '金奖', '81.00']],
];

let browser;
let world;			// what setUp() made
const pages = {};		// name -> page, for the screenshots
const apis = [];		// request contexts to dispose

async function shot(name, p) {
	await p.screenshot({ path: join(outDir, 'compete-' + name + '.png'),
	    fullPage: true });
}

// The page's width at phone size, or what is wrong with it: no
// horizontal scroll, and no layout viewport widened past the phone (a
// mobile browser widens it to fit wide content, and then innerWidth grows
// with scrollWidth). The widest elements are named.
async function wideness(label, p) {
	const [sw, iw, culprits] = await p.evaluate((max) => {
		const out = [];
		for (const e of document.querySelectorAll('body *')) {
			const r = e.getBoundingClientRect();
			if (r.right > max + 0.5 && out.length < 4 &&
			    !e.closest('.scroll'))
				out.push(`${e.tagName.toLowerCase()}` +
				    `${e.id ? '#' + e.id : ''}` +
				    `${e.className && typeof e.className ===
				    'string' ? '.' + e.className.trim()
				    .replace(/\s+/g, '.') : ''} ` +
				    `(right ${Math.round(r.right)} px)`);
		}
		return [document.scrollingElement.scrollWidth,
		    window.innerWidth, out];
	}, PHONE_W);
	if (sw <= iw && iw <= PHONE_W)
		return null;
	return `${label}: scrollWidth ${sw}, innerWidth ${iw} on a ` +
	    `${PHONE_W} px phone; past its edge: ${culprits.join(', ')}`;
}

async function fits(label, p) {
	assert.equal(await wideness(label, p), null,
	    'the page is wider than the phone');
}

// The button is shown and lies within the phone's width as the page is
// (no zooming out to reach it); scrolled to, it is on the screen.
async function reachable(sel, p) {
	const b = p.locator(sel);
	assert.equal(await b.count(), 1, `one ${sel}`);
	await b.scrollIntoViewIfNeeded();
	assert.ok(await b.isVisible(), `${sel} is visible`);
	const box = await b.boundingBox();
	const [iw, ih] = await p.evaluate(() => [window.innerWidth,
	    window.innerHeight]);
	assert.ok(box && box.x >= 0 && box.x + box.width <= Math.min(iw,
	    PHONE_W) && box.y >= 0 && box.y + box.height <= ih,
	    `${sel} within the ${PHONE_W} px screen: ${JSON.stringify(box)}` +
	    ` (viewport ${iw} × ${ih})`);
}

async function text(sel, p) {
	return (await p.locator(sel).first().innerText()).trim();
}

// Tap something that navigates, then wait until a new page whose URL
// satisfies want (a pathname, or a predicate on the URL) is loaded.
async function tapTo(sel, want, p) {
	const from = p.url();
	const ok = typeof want === 'function' ? want :
	    (u) => u.pathname === want;
	await Promise.all([
		p.waitForURL((u) => ok(u) && u.href !== from,
		    { waitUntil: 'load' }),
		p.locator(sel).first().tap(),
	]);
	assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
}

// Tap a submit button whose answer may be the same URL (a redirect back,
// a refused form): wait for the navigation itself; its response.
async function tapSubmit(sel, p) {
	const [res] = await Promise.all([
		p.waitForNavigation({ waitUntil: 'load' }),
		p.locator(sel).first().tap(),
	]);
	assert.ok(res, `${sel}: a page loaded`);
	return res;
}

// The POST behind a response that a redirect led to: [method, path,
// status].
async function postedBy(res) {
	const from = res.request().redirectedFrom();
	assert.ok(from, `${res.url()} was reached through a redirect`);
	const r = await from.response();
	return [from.method(), new URL(from.url()).pathname, r && r.status()];
}

// A fresh phone (its own cookies); name keys it for the screenshots.
async function newPhone(name) {
	if (!browser)
		browser = await launch();
	const c = await browser.newContext(phone);
	c.setDefaultTimeout(15000);	// fail fast, not after 30 s
	const p = await c.newPage();
	pages[name] = p;
	return p;
}

// Log in through the form on the phone ({account, password, name});
// lands on /me.
async function logIn(p, person) {
	await p.goto(BASE + '/');
	await tapTo('header.top a[href="/login"]', '/login', p);
	await p.locator('#f-account').fill(person.account);
	await p.locator('#f-password').fill(person.password);
	await tapTo('#login-submit', '/me', p);
	assert.equal(await text('#me-name', p), person.name);
}

// Waits for every img matching sel to finish loading (lazy ones scrolled
// to first); [[src, naturalWidth, naturalHeight], …].
async function loaded(sel, p) {
	const imgs = p.locator(sel);
	const n = await imgs.count();
	for (let i = 0; i < n; i++)
		await imgs.nth(i).scrollIntoViewIfNeeded();
	await p.waitForFunction((s) => [...document.querySelectorAll(s)]
	    .every((i) => i.complete), sel);
	return imgs.evaluateAll((is) => is.map((i) => [i.getAttribute('src'),
	    i.naturalWidth, i.naturalHeight]));
}

// ---- the JSON API, for setting up and for checking -----------------------

// A client of the JSON API with its own cookies: { user, get, post,
// upload } where each call resolves to [status, json].
function client(api, csrf, user) {
	const answer = async (r) => [r.status(),
	    await r.json().catch(() => null)];
	return {
		user,
		get: async (path) => answer(await api.get(path)),
		post: async (path, data) => answer(await api.post(path,
		    { headers: { 'X-CSRF-Token': csrf }, data })),
		upload: async (path, name, buffer, mimeType) => answer(
		    await api.post(path, { headers: { 'X-CSRF-Token': csrf },
		    multipart: { photo: { name, mimeType, buffer } } })),
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
	assert.equal(r.status(), 200, `API login of ${account}: ` +
	    await r.text());
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
	// 身份: enter the code sent to the phone (the console adapter's log).
	const v = await api.post('/api/v1/confirm', {
	    headers: { 'X-CSRF-Token': j.csrf },
	    data: { code: await codeFromLog(j.user.account) } });
	assert.equal(v.status(), 200, `verifying ${name}: ` + await v.text());
	return client(api, j.csrf, (await v.json()).user);
}

// [status, json] must have the status; the json.
function ok([status, json], want, what) {
	assert.equal(status, want, `${what}: ${status} ${JSON.stringify(json)}`);
	return json;
}

// A photo of a carving, as a PNG made here (640 × 480 RGB: a green
// pendant on a brown cloth), different for each seed.
function crc32(buf) {
	let c = ~0;
	for (const b of buf) {
		c ^= b;
		for (let k = 0; k < 8; k++)
			c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}

function chunk(kind, data) {
	const len = Buffer.alloc(4), crc = Buffer.alloc(4);
	const body = Buffer.concat([Buffer.from(kind, 'latin1'), data]);
	len.writeUInt32BE(data.length);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

function photoPng(seed) {
	const w = 640, h = 480;
	const raw = Buffer.alloc((w * 3 + 1) * h);
	for (let y = 0; y < h; y++) {
		raw[y * (w * 3 + 1)] = 0;
		for (let x = 0; x < w; x++) {
			const o = y * (w * 3 + 1) + 1 + x * 3;
			const dx = (x - w / 2) / 170, dy = (y - h / 2) / 200;
			const d = dx * dx + dy * dy;
			if (d < 1) {		// the jade
				raw[o] = 40 + seed * 30 + Math.round(60 * d);
				raw[o + 1] = 150 + Math.round(80 * (1 - d));
				raw[o + 2] = 90 + seed * 20;
			} else {		// the cloth
				raw[o] = 100 + ((x + y) % 23);
				raw[o + 1] = 70 + (x % 11);
				raw[o + 2] = 50;
			}
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d,
	    0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
	    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// China's date, n days from now.
function chinaDay(n) {
	return new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString()
	    .slice(0, 10);
}

// The apprentices' names the demo data holds (demo-accounts.txt): none
// may show on a judge's page either.
function demoApprentices() {
	const out = [];
	for (const line of readFileSync(join(DATA, 'demo-accounts.txt'),
	    'utf8').split('\n')) {
		const [role, , , name] = line.trim().split(/\s+/);
		if (role === 'apprentice')
			out.push(name);
	}
	return out;
}

// Build the competition (see the top of the file). Once; later cases
// that find it failed say so.
let setUpError = null;
async function setUp() {
	if (world)
		return world;
	if (setUpError)
		throw new Error('the competition could not be set up: ' +
		    setUpError);
	try {
		world = await build();
		return world;
	} catch (e) {
		setUpError = String(e && e.message || e).split('\n')[0];
		throw e;
	}
}

async function build() {
	assert.ok(DATA, 'YJ_DATA is not set (run tests/browser/run.sh)');
	const staffWho = demoLogin(STAFF);
	const wangWho = demoLogin(WANG);
	const staff = await apiLogin(staffWho);
	const wang = await apiLogin(wangWho);
	const w = { staff, wangWho, api: { wang }, judges: {}, entries: {} };

	// The five other judges: masters staff make.
	for (const j of JUDGES) {
		ok(await staff.post('/api/v1/users', { name: j.name,
		    account: j.account, password: j.password, role: 'master',
		    track: 'carver' }), 201, `staff create master ${j.name}`);
		const c = await apiLogin(j);
		j.id = c.user.id;
		w.api[j.name] = c;
	}
	w.judges.wang = wang.user.id;
	for (const [k, j] of Object.entries({ J1, J2, J3, J4, J5 }))
		w.judges[k] = j.id;

	// The entrants: registered; C takes J5 as his master; staff move
	// them to the selection stage (an exception, with a reason); each
	// adds a private work with one photo.
	for (const [k, e] of Object.entries(ENTRANT)) {
		const c = await apiRegister(e);
		e.id = c.user.id;
		w.api[k] = c;
		if (k === 'C') {
			const m = ok(await c.post(`/api/v1/masters/${J5.id}/ask`,
			    { message: '麦师傅您好，想跟您学圆雕。' }), 201,
			    `${e.name} asks ${J5.name}`);
			ok(await w.api[J5.name].post('/api/v1/mentorships/' +
			    `${m.mentorship}/accept`, {}), 200,
			    `${J5.name} accepts ${e.name}`);
		}
		ok(await staff.post(`/api/v1/people/${e.id}/stage`,
		    { to: 'selection', reason: '往届获奖学员，直接参加评选' }),
		    200, `staff move ${e.name} to selection`);
		const person = ok(await staff.get(`/api/v1/people/${e.id}`),
		    200, `GET /api/v1/people/${e.id}`);
		assert.equal(person.stage, 'selection', `${e.name}'s stage`);
		const work = ok(await c.post('/api/v1/works', { title: e.title,
		    material: 'jadeite', public: false }), 201,
		    `${e.name}'s work`).work;
		ok(await c.upload(`/api/v1/works/${work.id}/photos`,
		    'IMG_0001.png', photoPng(Object.keys(ENTRANT).indexOf(k)),
		    'image/png'), 201, `${e.name}'s photo`);
		e.work = work.id;
	}

	// The competition, default rules; entries open until next month.
	const comp = ok(await staff.post('/api/v1/competitions', {
	    name_zh: COMP_NAME, name_en: 'Young Carvers 2027 (phone judging)',
	    opens: chinaDay(-7), closes: chinaDay(30) }), 201,
	    'staff create the competition').competition;
	assert.equal(comp.criteria.length, CRITERIA, 'the default nine ' +
	    'criteria');
	assert.equal(comp.mode, 'weighted');
	w.comp = comp.id;
	for (const [zh, en] of CATEGORIES)
		ok(await staff.post(`/api/v1/competitions/${comp.id}/categories`,
		    { name_zh: zh, name_en: en }), 201, `category ${zh}`);
	const cats = ok(await staff.get(`/api/v1/competitions/${comp.id}`),
	    200, 'the competition').categories;
	assert.deepEqual(cats.map((c) => c.name_zh), CATEGORIES.map(
	    ([zh]) => zh), 'its categories');
	w.cats = cats.map((c) => c.id);
	const panels = [[wang.user.id, ...JUDGES.map((j) => j.id)],
	    [J1.id, J2.id, J3.id]];
	for (const [i, panel] of panels.entries())
		for (const judge of panel)
			ok(await staff.post(`/api/v1/competitions/${comp.id}/` +
			    'judges', { category: w.cats[i], judge }), 201,
			    `judge ${judge} on ${CATEGORIES[i][0]}`);
	for (const [k, e] of Object.entries(ENTRANT)) {
		const entry = ok(await w.api[k].post('/api/v1/competitions/' +
		    `${comp.id}/entries`, { category: w.cats[e.cat],
		    work: e.work }), 201, `${e.name} enters`).entry;
		assert.match(entry.code, CODE, 'an entry code');
		w.entries[k] = entry;
		ok(await staff.post(`/api/v1/entries/${entry.id}/check`,
		    { verdict: 'eligible' }), 200, `staff check ${e.name}'s`);
	}
	ok(await staff.post(`/api/v1/competitions/${comp.id}/open`, {}), 200,
	    'staff open round 1');
	const now = ok(await staff.get(`/api/v1/competitions/${comp.id}`),
	    200, 'the competition').competition;
	assert.deepEqual([now.state, now.round, now.rounds],
	    ['judging', 1, 1], 'judging round 1 of 1');
	return w;
}

// The sheet a judge has for an entry, through the API: null or
// {marks, final}.
async function sheetOf(api, entry) {
	return ok(await api.get(`/api/v1/judging/${entry}`), 200,
	    `GET /api/v1/judging/${entry}`).sheet;
}

// The list's item for an entry: [code shown, badge text, badge class].
async function listed(p, comp, entry) {
	const li = p.locator(`ul#judging-${comp} > li:has(a[href=` +
	    `"/judging/${entry}"])`);
	if (await li.count() === 0)
		return null;
	return [flat(await li.locator('code').innerText()),
	    flat(await li.locator('.badge').innerText()),
	    await li.locator('.badge').getAttribute('class')];
}

// Types one mark into criterion n (1-based), as a thumb would.
async function typeMark(p, n, mark) {
	const input = p.locator(`#sheet-form input[name="c${n}"]`);
	await input.scrollIntoViewIfNeeded();
	await input.tap();
	await input.press('Control+A');
	await input.press('Backspace');
	await p.keyboard.type(mark);
}

const cases = [
['王建平 judges blind on his phone: codes only, a draft kept, then final ' +
    'and read-only', async () => {
	const w = await setUp();
	const A = w.entries.A, B = w.entries.B, C = w.entries.C;
	const p = await newPhone('wang');
	await logIn(p, w.wangWho);
	await tapTo('header.top nav a[href="/judging"]', '/judging', p);
	assert.equal(await text('main h1', p), '评审');
	const list = p.locator(`ul#judging-${w.comp}`);
	assert.equal(await list.count(), 1, `the list of competition ` +
	    `${w.comp}`);
	const section = flat(await p.locator('section.panel', { has: list })
	    .innerText());
	assert.ok(section.startsWith(COMP_NAME), `its heading: ${section}`);
	// His panel's three entries (D's category is not his), by code.
	const links = await list.locator('li a').evaluateAll((as) =>
	    as.map((a) => [a.getAttribute('href'), a.innerText.trim()]));
	assert.deepEqual(links.sort(), [A, B, C].map((e) => [`/judging/` +
	    `${e.id}`, e.code]).sort(), 'the entries offered, by code');
	for (const e of [A, B, C])
		assert.deepEqual(await listed(p, w.comp, e.id), [e.code, '未评',
		    'badge none'], `${e.code} is not scored yet`);
	// Blind: nobody's name, no title anywhere on the page.
	const all = flat(await p.locator('body').innerText());
	for (const name of [...Object.values(ENTRANT).flatMap((e) =>
	    [e.name, e.title]), ...demoApprentices()])
		assert.ok(!all.includes(name), `the judge's list shows ${name}`);
	await fits('judging list', p);
	await shot('01-list', p);

	// A's sheet: the code, the photo, nine empty marks.
	await tapTo(`ul#judging-${w.comp} a[href="/judging/${A.id}"]`,
	    `/judging/${A.id}`, p);
	assert.equal(await text('#entry-code', p), A.code);
	const imgs = await loaded('main div.photos img', p);
	assert.equal(imgs.length, 1, 'its one photo');
	assert.equal(imgs[0][0], `/entries/${A.id}/photos/1.jpg`,
	    'served under the entry, not the work');
	assert.ok(imgs[0][1] > 0, `the photo loads: ${JSON.stringify(imgs)}`);
	const sheetText = flat(await p.locator('main').innerText());
	for (const e of Object.values(ENTRANT))
		assert.ok(!sheetText.includes(e.name) &&
		    !sheetText.includes(e.title), 'the sheet names no one');
	assert.equal(await p.locator(`a[href="/works/${ENTRANT.A.work}"]`)
	    .count(), 0, 'no link to the work\'s page');
	const inputs = p.locator('#sheet-form input[type="number"]');
	assert.equal(await inputs.count(), CRITERIA, 'nine marks');
	assert.deepEqual(await inputs.evaluateAll((is) => is.map((i) =>
	    [i.name, i.min, i.max, i.step, i.value])), Array.from(
	    { length: CRITERIA }, (_, i) => [`c${i + 1}`, '0', '10', '0.1',
	    '']), 'c1…c9, 0–10 by 0.1, empty');
	assert.equal(await p.locator('#sheet-draft').count(), 0, 'no draft');
	await fits('sheet', p);
	await reachable('#save-draft', p);
	await reachable('#submit-final', p);
	await shot('02-sheet', p);

	for (let n = 1; n <= CRITERIA; n++)
		await typeMark(p, n, MARKS.A.wang);
	assert.deepEqual(await inputs.evaluateAll((is) => is.map((i) =>
	    i.value)), Array(CRITERIA).fill(MARKS.A.wang), 'typed');
	await shot('03-typed', p);
	let res = await tapSubmit('#save-draft', p);
	assert.deepEqual(await postedBy(res), ['POST', `/judging/${A.id}`,
	    303], 'the draft answers 303 back to the sheet');
	assert.equal(new URL(p.url()).pathname, `/judging/${A.id}`);
	await p.reload({ waitUntil: 'load' });
	assert.equal(await p.locator('#sheet-draft').count(), 1,
	    'the sheet says draft');
	assert.deepEqual(await inputs.evaluateAll((is) => is.map((i) =>
	    i.value)), Array(CRITERIA).fill(MARKS.A.wang),
	    'the marks are kept after a reload');
	const draft = await sheetOf(w.api.wang, A.id);
	assert.ok(draft, 'a sheet is stored');
	assert.deepEqual([draft.marks, draft.final], [Array(CRITERIA)
	    .fill('8.5'), false], 'stored as a draft of nine 8.5');
	await fits('sheet with a draft', p);
	await reachable('#submit-final', p);
	await shot('04-draft-kept', p);

	res = await tapSubmit('#submit-final', p);
	assert.deepEqual(await postedBy(res), ['POST', `/judging/${A.id}`,
	    303], 'the final answers 303');
	assert.equal(new URL(p.url()).pathname, '/judging',
	    'back on the list');
	assert.deepEqual(await listed(p, w.comp, A.id), [A.code, '已定稿',
	    'badge valid'], 'the list shows it final');
	assert.deepEqual(await listed(p, w.comp, B.id), [B.code, '未评',
	    'badge none'], 'B still to score');
	const fin = await sheetOf(w.api.wang, A.id);
	assert.deepEqual([fin.marks, fin.final], [Array(CRITERIA)
	    .fill('8.5'), true], 'stored final');
	await fits('judging list, one final', p);
	await shot('05-list-final', p);

	await tapTo(`ul#judging-${w.comp} a[href="/judging/${A.id}"]`,
	    `/judging/${A.id}`, p);
	assert.equal(await p.locator('form#sheet-form, main input, ' +
	    'main button[type="submit"]').count(), 0, 'read-only: no form');
	assert.equal(flat(await text('#sheet-final', p)), '您已提交定稿，' +
	    '不能再修改。');
	const shown = await p.locator('main table.grid tbody tr td')
	    .allInnerTexts();
	assert.deepEqual(shown.map((t) => t.trim()), Array(CRITERIA)
	    .fill('8.5'), 'the nine marks shown');
	await fits('final sheet', p);
	await shot('06-final-sheet', p);
}],
['a mark of 11 is refused: by the browser, then by the server in Chinese; ' +
    'nothing stored', async () => {
	const w = await setUp();
	const B = w.entries.B;
	let p = pages.wang;
	if (!p || p.isClosed()) {
		p = await newPhone('wang');
		await logIn(p, w.wangWho);
	}
	assert.equal(await sheetOf(w.api.wang, B.id), null,
	    'no sheet for B yet');
	await p.goto(`${BASE}/judging`);
	await tapTo(`ul#judging-${w.comp} a[href="/judging/${B.id}"]`,
	    `/judging/${B.id}`, p);
	assert.equal(await text('#entry-code', p), B.code);
	await typeMark(p, 1, '11');
	for (let n = 2; n <= CRITERIA; n++)
		await typeMark(p, n, '7');
	// The browser's own check stops the submit: no request leaves.
	const posts = [];
	const seen = (r) => {
		if (r.method() === 'POST')
			posts.push(r.url());
	};
	p.on('request', seen);
	await p.locator('#submit-final').tap();
	await p.waitForTimeout(1000);
	p.off('request', seen);
	assert.deepEqual(posts, [], 'the browser sent nothing');
	assert.equal(new URL(p.url()).pathname, `/judging/${B.id}`);
	const c1 = p.locator('#sheet-form input[name="c1"]');
	assert.deepEqual(await c1.evaluate((i) => [i.value,
	    i.validity.rangeOverflow, i.validationMessage !== '']),
	    ['11', true, true], 'c1 is out of range by the browser\'s rule');
	await shot('07-browser-refuses', p);

	// Past the browser's check (the attribute removed), the server.
	await c1.evaluate((i) => i.removeAttribute('max'));
	assert.ok(await p.locator('#sheet-form').evaluate((f) =>
	    f.checkValidity()), 'the form passes the browser now');
	const res = await tapSubmit('#submit-final', p);
	assert.equal(res.request().method(), 'POST', 'answered, not ' +
	    'redirected');
	assert.equal(res.status(), 400, 'the server\'s status');
	assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
	const err = p.locator('main .error');
	assert.equal(await err.count(), 1, 'an error message');
	assert.ok(await err.isVisible(), 'shown');
	assert.equal(flat(await err.innerText()), MSG_MARKS,
	    'it says what a mark may be, in Chinese');
	await fits('refused mark', p);
	await shot('08-server-refuses', p);

	// Nothing stored: the API and the list agree.
	assert.equal(await sheetOf(w.api.wang, B.id), null,
	    'GET /api/v1/judging/<B>: still no sheet');
	await p.goto(`${BASE}/judging`);
	assert.deepEqual(await listed(p, w.comp, B.id), [B.code, '未评',
	    'badge none'], 'the list: B not scored');
}, 'looks'],
['the entrant\'s master is not offered the entry: absent from his list, ' +
    '403 回避 on its sheet', async () => {
	const w = await setUp();
	const { A, B, C } = w.entries;
	const p = await newPhone('recused');
	await logIn(p, J5);
	await tapTo('header.top nav a[href="/judging"]', '/judging', p);
	const links = await p.locator(`ul#judging-${w.comp} li a`)
	    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	assert.deepEqual(links.sort(), [A, B].map((e) =>
	    `/judging/${e.id}`).sort(), 'A and B offered, not C');
	const all = flat(await p.locator('body').innerText());
	assert.ok(!all.includes(C.code), `${C.code} is not on his list`);
	assert.ok(!all.includes(ENTRANT.C.name), 'nor his apprentice\'s name');
	await fits('the master\'s list', p);
	await shot('09-recused-list', p);

	const res = await p.goto(`${BASE}/judging/${C.id}`);
	assert.equal(res.status(), 403, `GET /judging/${C.id}`);
	assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
	const said = flat(await text('main .error', p));
	assert.match(said, /回避/, 'the recusal message');
	assert.equal(said, MSG_RECUSED);
	assert.equal(await p.locator('#sheet-form, main div.photos img')
	    .count(), 0, 'no sheet, no photo');
	await fits('recused', p);
	await shot('10-recused-403', p);
	// Nor behind the page: the JSON twin, the photo, a posted sheet.
	let r = await p.request.get(`${BASE}/api/v1/judging/${C.id}`);
	assert.equal(r.status(), 403, 'the JSON sheet');
	assert.equal((await r.json()).error, 'recused');
	r = await p.request.get(`${BASE}/entries/${C.id}/photos/1.jpg`);
	assert.equal(r.status(), 404, 'the entry\'s photo, to him');
	const api = w.api[J5.name];
	const [st, j] = await api.post(`/api/v1/judging/${C.id}`,
	    { marks: Array(CRITERIA).fill(9), final: true });
	assert.deepEqual([st, j && j.error], [403, 'recused'],
	    'a sheet posted anyway');
}, 'looks'],
['after lock and publish: the results by category and tier on a phone; ' +
    'the winner\'s breakdown, dropped marks struck, the chart', async () => {
	const w = await setUp();
	const api = { wang: w.api.wang };
	for (const [k, j] of Object.entries({ J1, J2, J3, J4, J5 }))
		api[k] = w.api[j.name];
	assert.deepEqual((await sheetOf(api.wang, w.entries.A.id) || {})
	    .final, true, 'needs 王建平\'s final sheet for A of case 1');
	// Every other sheet, final, through the API.
	for (const [k, byJudge] of Object.entries(MARKS))
		for (const [j, mark] of Object.entries(byJudge)) {
			if (k === 'A' && j === 'wang')
				continue;
			ok(await api[j].post(`/api/v1/judging/` +
			    `${w.entries[k].id}`, { marks: Array(CRITERIA)
			    .fill(mark), final: true }), 200,
			    `${j}'s sheet for ${k}`);
		}
	const lock = ok(await w.staff.post(`/api/v1/competitions/${w.comp}/` +
	    'lock', {}), 200, 'staff lock');
	assert.equal(lock.competition.state, 'locked');
	const visitor = await newPhone('visitor');
	const hidden = await visitor.goto(`${BASE}/competitions/${w.comp}/` +
	    'results');
	assert.equal(hidden.status(), 404, 'locked, not published: hidden ' +
	    'from a visitor');
	const pub = ok(await w.staff.post(`/api/v1/competitions/${w.comp}/` +
	    'publish', { lang: 'zh' }), 200, 'staff publish');
	assert.equal(pub.competition.state, 'published');
	assert.equal(pub.awards, 4, 'an award for each placed entry');

	// The results, as the API gives them (a source apart from the page).
	const json = ok(await w.staff.get(`/api/v1/competitions/${w.comp}/` +
	    'results'), 200, 'the JSON results');
	assert.deepEqual(json.categories.map((c) => [c.name_zh,
	    c.results.map((r) => [r.code, r.rank, r.tier_zh, r.total,
	    r.entrant_name])]), RESULTS.map((rows, i) => [CATEGORIES[i][0],
	    rows.map(([k, rank, tier, total]) => [w.entries[k].code, rank,
	    tier, total, ENTRANT[k].name])]), 'the JSON ranking');

	// A visitor's phone: the results page.
	const res = await visitor.goto(`${BASE}/competitions/${w.comp}/` +
	    'results');
	assert.equal(res.status(), 200, 'published: open to all');
	assert.equal(await text('main h1', visitor), COMP_NAME);
	assert.deepEqual((await visitor.locator('main h2').allInnerTexts())
	    .map(flat), CATEGORIES.map(([zh]) => zh), 'by category');
	for (const [i, rows] of RESULTS.entries()) {
		const got = await visitor.locator(`table#results-${w.cats[i]} ` +
		    'tbody tr').evaluateAll((trs) => trs.map((tr) =>
		    [...tr.cells].map((td) => td.innerText.replace(/\s+/g,
		    ' ').trim())));
		assert.deepEqual(got, rows.map(([k, rank, tier, total]) =>
		    [String(rank), tier, `${ENTRANT[k].name} ` +
		    `${ENTRANT[k].title} · ${w.entries[k].code}`, total]),
		    `${CATEGORIES[i][0]}: rank, tier, entrant and work, total`);
	}
	assert.equal(await visitor.locator(`table#results-${w.cats[0]} ` +
	    'tbody tr').first().getAttribute('class'), 'tier-1',
	    'the winner\'s row is the top tier');
	assert.match(flat(await text('#log-head', visitor)), /^[0-9a-f]{64}$/,
	    'the log head');
	// (the widths are measured on the way and held to the phone at the
	// end: a page too wide hides nothing of the rest)
	const narrow = [await wideness('the results', visitor)];
	await shot('11-results', visitor);

	// The winner: his entry, from his name on the results.
	const winner = ENTRANT.A, A = w.entries.A;
	const p = await newPhone('winner');
	await logIn(p, winner);
	await p.goto(`${BASE}/competitions/${w.comp}/results`);
	await tapTo(`table#results-${w.cats[0]} a[href="/entries/${A.id}"]`,
	    `/entries/${A.id}`, p);
	assert.equal(flat(await text('main h1', p)), `${A.code} ` +
	    `${winner.title}`);
	assert.equal(flat(await text('#tier', p)), '金奖');
	assert.equal(flat(await text('#total', p)), '82.50');
	const rows = await p.locator('table#breakdown-1 tbody tr').evaluateAll(
	    (trs) => trs.map((tr) => [tr.className, tr.cells[0].innerText
	    .trim(), [...tr.cells].slice(1).map((td) => td.innerText
	    .replace(/\s+/g, ' ').trim())]));
	const names = { wang: w.wangWho.name, J1: J1.name, J2: J2.name,
	    J3: J3.name, J4: J4.name, J5: J5.name };
	const want = Object.entries(MARKS.A).map(([j, m]) => {
		const total = (Number(m) * 10).toFixed(2);
		const drop = j === 'J4' ? ' 去掉的最高分' : j === 'J5' ?
		    ' 去掉的最低分' : '';
		return [drop ? 'dropped' : '', names[j], [...Array(CRITERIA)
		    .fill(m), total + drop]];
	});
	const byName = (a, b) => a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
	assert.deepEqual(rows.slice().sort(byName), want.sort(byName),
	    'each judge by name, marks and total; the highest (' +
	    `${J4.name}) and lowest (${J5.name}) struck out`);
	const struck = await p.locator('table#breakdown-1 tr.dropped td')
	    .first().evaluate((td) => getComputedStyle(td).textDecorationLine);
	assert.equal(struck, 'line-through', 'a dropped row is struck out');
	const chart = await loaded('main img.chart', p);
	assert.deepEqual(chart.map(([src]) => src), [`/entries/${A.id}/` +
	    'spread.png'], 'the spread chart');
	assert.ok(chart[0][1] > 0, `the chart loads: ${JSON.stringify(chart)}`);
	narrow.push(await wideness('the winner\'s entry', p));
	await shot('12-breakdown', p);
	assert.deepEqual(narrow.filter((x) => x !== null), [],
	    'no sideways scrolling on the phone');
}],
];

await runCases(cases, {
	failShots: async (n) => {
		for (const [name, p] of Object.entries(pages)) {
			if (p.isClosed())
				continue;
			console.log(`#   ${name} at ${p.url()}`);
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
