// 培养 training on a phone, end to end: a newcomer registers as a carver,
// finds 陈国强 among the masters and asks to be taken on (拜师) with a
// message; 陈国强 (the demo master 13922001002) logs in on his phone, sees
// the request with the message in 学艺 and accepts it; the apprentice logs
// 3 hours of 雕刻 for today, which waits as 待确认 until the master
// confirms it with a comment; the apprentice then sees 已确认 and 3.00
// confirmed hours, their master on "my page" and, in plain words, what
// the next stage still needs (an entry course; no longer a master); the
// master's lineage page lists the new apprentice and its picture loads
// and matches the list. Everything in Chinese; no page is wider than the
// phone. Drives Debian's /usr/bin/chromium through playwright-core
// against a running server made with `yujiang-admin init` (the demo
// people and their lineage):
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/training.mjs
//
// YJ_DATA is the server's data directory: the master's login is read from
// its demo-accounts.txt. tests/browser/run.sh starts the server and runs
// this. Each case prints "ok N - name" or "not ok N - name"; the last line
// is "# result P F". The cases are one journey, in order: once a case
// fails, the later ones fail too ("earlier step failed") — except the
// last two, which only look (at the widths measured on the way, at the
// lineage picture again) and fail each on its own. Screenshots go to
// tests/out/browser/training-*.png.

import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import {
	BASE, DATA, PHONE_W, codeFromLog, demoLogin, flat, launch, outDir,
	phone, runCases,
} from './phone.mjs';



const MASTER = { name: '陈国强', account: '13922001002' };
const HOURS = 3;		// 3 hours of 雕刻 (carving)
const SKILL = 'carving';
const SKILL_ZH = '雕刻';
const NOTES = '练习浮雕打坯，第一次独立完成花鸟小件。';
const COMMENT = '刀法稳了，下次注意留料。';
const MESSAGE = '陈师傅您好，我想学玉镯加工和抛光，每周可以来三天。';
// Plain words of "my page" (src/i18n.c): what the next stage needs.
const NEED_COURSE = '完成一门入门阶段的课程';
const NEED_MASTER = '拜一位师傅';
// The lineage picture (src/tree.h): 720 px wide, 72 + 52 per row + 24 high.
const TREE_WIDTH = 720;
const treeHeight = (rows) => 72 + 52 * rows + 24;

// A name of its own (the lineage lists people by name), in case the
// journey runs twice against one server.
const given = '小明华玉石金林森海文刻雕';
const pick = () => given[Math.floor(Math.random() * given.length)];
const person = {
	name: '黎' + pick() + pick(),
	account: '136' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'),
	password: 'jade-' + Math.random().toString(36).slice(2, 10),
};

let browser;
let page;		// the apprentice's phone
let desk;		// the master's phone
let masterId;		// 陈国强's user id (from the masters page)
let mentorshipId;	// the request, then the mentorship
let logId;		// the training entry
let treeBefore;		// rows of 陈国强's lineage before the request
const widths = [];	// [label, scrollWidth, innerWidth] per page seen

async function shot(name, p = page) {
	await p.screenshot({ path: join(outDir, 'training-' + name + '.png'),
	    fullPage: true });
}

// Record the page's width at phone size; the last case holds every page
// to the phone's 390 px (scrollWidth and innerWidth both: a mobile
// browser widens its layout viewport to fit wide content), so that an
// overflow is reported once, with every page measured, rather than
// stopping the journey at the first wide page.
async function fits(label, p = page) {
	const [sw, iw] = await p.evaluate(() => [
	    document.documentElement.scrollWidth, window.innerWidth]);
	widths.push([label, sw, iw]);
}

async function text(sel, p = page) {
	return (await p.locator(sel).first().innerText()).trim();
}


// Tap something that navigates, then wait until a new page whose URL
// satisfies want (a pathname, or a predicate on the URL) is loaded.
async function tapTo(sel, want, p = page) {
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

const done = (what) => (u) => u.pathname === '/training' &&
    u.searchParams.get('done') === what;

async function phoneContext() {
	const c = await browser.newContext(phone);
	c.setDefaultTimeout(15000);	// fail fast, not after 30 s
	return c.newPage();
}


// Today in China (the server's day for the training log).
function todayChina() {
	return new Date(Date.now() + 8 * 3600 * 1000).toISOString()
	    .slice(0, 10);
}

// GET BASE + p on a new connection of its own (no keep-alive, no browser
// cache), so that successive calls reach either of the server's workers:
// each worker caches the pictures it drew. Resolves to [status, headers,
// body as a Buffer].
function fresh(p) {
	return new Promise((resolve, reject) => {
		const req = httpGet(BASE + p, { agent: false, headers: {
		    'Accept-Language': 'zh-CN', Connection: 'close' } }, (res) => {
			const parts = [];
			res.on('data', (d) => parts.push(d));
			res.on('end', () => resolve([res.statusCode, res.headers,
			    Buffer.concat(parts)]));
		});
		req.on('error', reject);
		req.setTimeout(10000, () => req.destroy(new Error(
		    `GET ${p}: timeout`)));
	});
}

// A PNG's size from its IHDR chunk.
function pngSize(buf) {
	assert.ok(buf.length > 24 && buf.toString('latin1', 1, 4) === 'PNG',
	    'a PNG');
	return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

// The lineage picture as the page shows it: [naturalWidth, naturalHeight].
async function lineageImage(p = page) {
	const img = p.locator('img.lineage');
	assert.equal(await img.count(), 1, 'one lineage picture');
	// (a version in the query is fine: it would keep caches right)
	assert.match(await img.getAttribute('src'), new RegExp(
	    `^/masters/${masterId}/lineage\\.png(\\?[^"]*)?$`));
	await p.waitForFunction(() => {
		const i = document.querySelector('img.lineage');
		return i && i.complete;
	});
	return img.evaluate((i) => [i.naturalWidth, i.naturalHeight]);
}

// The newcomer's mentorship on the master's /training (found by name).
function requestItem() {
	return desk.locator('#mentorships > li.mentorship').filter({
	    hasText: person.name });
}

const cases = [
['a newcomer registers as a carver on a zh-CN phone', async () => {
	browser = await launch();
	page = await phoneContext();
	const res = await page.goto(BASE + '/');
	assert.equal(res.status(), 200);
	assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
	await tapTo('header.top a[href="/register"]', '/register');
	await page.locator('#f-name').fill(person.name);
	await page.locator('#f-account').fill(person.account);
	await page.locator('#f-password').fill(person.password);
	await page.locator('input[name="track"][value="carver"]').tap();
	await page.locator('#f-consent').tap();	/* 隐私政策: required */
	await tapTo('#register-submit', '/me');
	// 身份: the code sent to the phone (the console adapter's log line)
	// makes the account verified; until then it cannot enrol.
	await tapTo('#verify-link', '/confirm');
	await page.locator('#f-code').fill(await codeFromLog(person.account));
	await tapTo('#code-submit', '/me');
	assert.equal(await page.locator('#verify-banner').count(), 0);
	assert.equal(await text('#me-name'), person.name);
	assert.equal(await text('#me-role'), '学员');
	assert.equal(await text('#me-track'), '玉雕师');
	// Before a master: "my page" says both entry needs, and no master.
	const needs = flat(await text('#next-stage #needs'));
	assert.match(needs, new RegExp(NEED_COURSE));
	assert.match(needs, new RegExp(NEED_MASTER));
	assert.equal(await page.locator('#my-training a#my-master').count(), 0,
	    'no master yet');
	await fits('apprentice: my page, new');
	await shot('01-me-new');
}],
['师傅 opens from the nav; 陈国强 opens; 发送申请 sends the request',
    async () => {
	await tapTo('header.top nav a[href="/masters"]', '/masters');
	assert.equal(await text('main h1'), '平洲玉雕师傅');
	const cards = page.locator('#masters > li.card');
	assert.ok(await cards.count() >= 4, 'the demo masters are listed');
	const card = cards.filter({ hasText: MASTER.name });
	assert.equal(await card.count(), 1, `${MASTER.name} is listed once`);
	const href = await card.locator('a').first().getAttribute('href');
	const m = /^\/masters\/(\d+)$/.exec(href ?? '');
	assert.ok(m, `${MASTER.name}'s card links to /masters/<id>: ${href}`);
	masterId = Number(m[1]);
	assert.match(flat(await card.innerText()), /可收徒/,
	    `${MASTER.name} takes apprentices`);
	await fits('apprentice: masters');
	await shot('02-masters');

	await tapTo(`#masters a[href="/masters/${masterId}"]`,
	    `/masters/${masterId}`);
	assert.equal(await text('#master-name'), MASTER.name);
	const lineage = page.locator('#lineage > li');
	treeBefore = await lineage.count();
	assert.ok(treeBefore >= 2, `${MASTER.name}'s lineage has ` +
	    `${treeBefore} people`);
	assert.equal(await page.locator('#lineage').filter({
	    hasText: person.name }).count(), 0, 'not in the lineage yet');
	const [w, h] = await lineageImage();
	assert.equal(w, TREE_WIDTH, 'lineage picture width');
	assert.equal(h, treeHeight(treeBefore),
	    'the picture has a row per person of the list');
	assert.equal(await text('#ask-submit'), '发送申请');
	await page.locator('#f-message').fill(MESSAGE);
	await fits('apprentice: master page');
	await shot('03-master-ask');
	await tapTo('#ask-submit', done('requested'));
	assert.equal(await text('#notice'), '申请已发送，请等师傅回复。');
	const mine = page.locator('#mentorships > li.mentorship');
	assert.equal(await mine.count(), 1, 'one mentorship: the request');
	mentorshipId = Number((await mine.getAttribute('id'))
	    .replace(/^mentorship-/, ''));
	assert.ok(mentorshipId > 0, 'li#mentorship-<id>');
	const t = flat(await mine.innerText());
	assert.match(t, new RegExp(MASTER.name));
	assert.match(t, /待确认/);
	assert.equal(await mine.locator(`a[href="/masters/${masterId}"]`)
	    .count(), 1, 'the request links to the master');
	await fits('apprentice: training, requested');
	await shot('04-requested');
}],
[`${MASTER.name} logs in on his phone, sees the request in 学艺, taps 接受`,
    async () => {
	const who = demoLogin(MASTER.account);
	assert.equal(who.role, 'master');
	assert.equal(who.name, MASTER.name);
	desk = await phoneContext();
	await desk.goto(BASE + '/');
	await tapTo('header.top a[href="/login"]', '/login', desk);
	await desk.locator('#f-account').fill(who.account);
	await desk.locator('#f-password').fill(who.password);
	await tapTo('#login-submit', '/me', desk);
	assert.equal(await text('#me-name', desk), MASTER.name);
	assert.equal(await text('#me-role', desk), '师傅');
	await fits('master: my page', desk);
	await shot('05-master-me', desk);

	await tapTo('header.top nav a[href="/training"]', '/training', desk);
	const item = requestItem();
	assert.equal(await item.count(), 1, 'the request is listed');
	assert.equal(await item.getAttribute('id'),
	    `mentorship-${mentorshipId}`);
	const t = flat(await item.innerText());
	assert.match(t, /待确认/);
	assert.equal(flat(await item.locator('p.notes').innerText()), MESSAGE,
	    'the request shows the message');
	const accept = `#mentorship-${mentorshipId} form[action=` +
	    `"/mentorships/${mentorshipId}/accept"] button`;
	assert.equal(await text(accept, desk), '接受');
	assert.equal(await desk.locator(`#mentorship-${mentorshipId} ` +
	    `form[action="/mentorships/${mentorshipId}/decline"]`).count(), 1);
	await fits('master: training, request', desk);
	await shot('06-master-request', desk);

	await tapTo(accept, done('saved'), desk);
	assert.equal(await text('#notice', desk), '已保存。');
	const now = requestItem();
	assert.equal(await now.count(), 1);
	const s = flat(await now.locator('.status').innerText());
	assert.match(s, new RegExp(`^${todayChina()} 起$`),
	    `active since today: ${s}`);
	assert.equal(await now.locator('form[action$="/accept"]').count(), 0,
	    'no 接受 once accepted');
	assert.equal(await now.locator(`form[action="/mentorships/` +
	    `${mentorshipId}/end"]`).count(), 1, 'the mentorship can be ended');
	assert.equal(await now.locator('a[href^="/people/"]').count(), 1,
	    'the master can open the apprentice\'s page');
	// The same fact through the API, with the master's cookie.
	const res = await desk.request.get(BASE + '/api/v1/training');
	assert.equal(res.status(), 200);
	const ms = (await res.json()).mentorships.find((x) =>
	    x.id === mentorshipId);
	assert.ok(ms, `mentorship ${mentorshipId} in /api/v1/training`);
	assert.equal(ms.status, 'active');
	assert.equal(ms.apprentice.name, person.name);
	await fits('master: training, accepted', desk);
	await shot('07-master-accepted', desk);
}],
[`the apprentice logs ${HOURS} hours of ${SKILL_ZH} for today: 待确认`,
    async () => {
	await tapTo('header.top nav a[href="/training"]', '/training');
	const mine = page.locator(`#mentorship-${mentorshipId}`);
	assert.match(flat(await mine.locator('.status').innerText()), /起$/,
	    'the apprentice sees the mentorship active');
	assert.equal(await page.locator('#log > li').count(), 0,
	    'nothing logged yet');
	assert.equal(await text('#total-hours'), '0.00');
	const today = todayChina();
	assert.equal(await page.locator('#f-day').inputValue(), today,
	    'the day is today by default');
	await page.locator('#f-day').fill(today);
	await page.locator('#f-hours').fill(String(HOURS));
	await page.locator('#f-skill').selectOption(SKILL);
	await page.locator('#f-notes').fill(NOTES);
	await fits('apprentice: training, log form');
	await shot('08-log-filled');
	await tapTo('#log-submit', done('logged'));
	assert.equal(await text('#notice'), '已提交，等师傅确认。');
	const entries = page.locator('#log > li.entry');
	assert.equal(await entries.count(), 1);
	logId = Number((await entries.getAttribute('id'))
	    .replace(/^log-/, ''));
	assert.ok(logId > 0, 'li#log-<id>');
	const t = flat(await entries.innerText());
	assert.match(t, new RegExp(`^${today} · ${SKILL_ZH} · ` +
	    `${HOURS}.00 小时 · 待确认`));
	assert.equal(flat(await entries.locator('p.notes').innerText()), NOTES);
	assert.equal(await entries.locator('form').count(), 0,
	    'the apprentice cannot confirm their own entry');
	assert.equal(await text('#total-hours'), '0.00',
	    'a waiting entry is not counted');
	await fits('apprentice: training, logged');
	await shot('09-logged');
}],
['the master confirms it with a comment', async () => {
	await tapTo('header.top nav a[href="/training"]', '/training', desk);
	const entry = desk.locator(`#log > li#log-${logId}`);
	assert.equal(await entry.count(), 1, 'the entry waits for the master');
	const t = flat(await entry.innerText());
	assert.match(t, new RegExp(person.name));
	assert.match(t, new RegExp(`${SKILL_ZH} · ${HOURS}.00 小时 · 待确认`));
	assert.match(t, new RegExp(NOTES));
	const form = entry.locator(`form[action="/training/log/${logId}` +
	    '/confirm"]');
	assert.equal(await form.count(), 1, 'a 确认 form');
	await form.locator('input[name="comment"]').fill(COMMENT);
	await fits('master: training, entry to confirm', desk);
	await shot('10-master-confirm', desk);
	await tapTo(`#log-${logId} form[action="/training/log/${logId}` +
	    '/confirm"] button[type="submit"]', done('saved'), desk);
	assert.equal(await text('#notice', desk), '已保存。');
	assert.equal(await desk.locator(`#log-${logId} form`).count(), 0,
	    'no forms on a confirmed entry');
	await fits('master: training, confirmed', desk);
	await shot('11-master-confirmed', desk);
}],
['the apprentice sees 已确认 and 3.00 hours; my page names the master ' +
    'and only the course is still needed', async () => {
	await tapTo('header.top nav a[href="/training"]', '/training');
	const entry = page.locator(`#log > li#log-${logId}`);
	const t = flat(await entry.innerText());
	assert.match(t, new RegExp(`${SKILL_ZH} · ${HOURS}.00 小时 · 已确认`));
	assert.match(t, new RegExp(`师傅的意见: ${COMMENT}`));
	assert.equal(await text('#total-hours'), `${HOURS}.00`,
	    'the confirmed total');
	const tot = flat(await text('#totals'));
	assert.match(tot, new RegExp(`${SKILL_ZH} ${HOURS}.00`));
	await fits('apprentice: training, confirmed');
	await shot('12-confirmed');

	await tapTo('header.top nav a[href="/me"]', '/me');
	const my = page.locator('#my-training a#my-master');
	assert.equal(await my.count(), 1, 'my page links to my master');
	assert.equal((await my.innerText()).trim(), MASTER.name);
	assert.equal(await my.getAttribute('href'), `/masters/${masterId}`);
	const needs = (await page.locator('#next-stage #needs > li')
	    .allInnerTexts()).map(flat);
	assert.deepEqual(needs, [NEED_COURSE],
	    'the one thing the next stage still needs, in plain words');
	assert.equal(await page.locator('#next-stage').filter({
	    hasText: NEED_MASTER }).count(), 0, 'no "find a master" any more');
	assert.match(flat(await text('#next-stage h3')), /培养/,
	    'the next stage is 培养');
	await fits('apprentice: my page, with a master');
	await shot('13-me-with-master');
}],
[`${MASTER.name}'s lineage lists the new apprentice; the picture loads`,
    async () => {
	// From "my page", through the master's name.
	await tapTo('#my-training a#my-master', `/masters/${masterId}`);
	assert.equal(await text('#master-name'), MASTER.name);
	const items = page.locator('#lineage > li');
	assert.equal(await items.count(), treeBefore + 1, 'one person more');
	const me = items.filter({ hasText: person.name });
	assert.equal(await me.count(), 1, 'the apprentice is in the lineage');
	assert.equal(await me.getAttribute('data-gen'), '1');
	assert.match(flat(await me.innerText()), /徒弟$/);
	assert.equal(await page.locator('#ask-submit').count(), 0,
	    'no 申请拜师 form for someone who has a master');
	// The server draws the new tree on both workers (fresh connections:
	// each worker caches its pictures by the lineage's version).
	for (let i = 0; i < 6; i++) {
		const [st, hd, body] = await fresh(
		    `/masters/${masterId}/lineage.png`);
		assert.equal(st, 200);
		assert.equal(hd['content-type'], 'image/png');
		assert.deepEqual(pngSize(body), [TREE_WIDTH,
		    treeHeight(treeBefore + 1)], `GET lineage.png #${i + 1}: ` +
		    'the new tree, a row per person');
	}
	// The picture on the page loads (whether it is the new tree: the
	// last case).
	const [w] = await lineageImage();
	assert.equal(w, TREE_WIDTH, 'lineage picture naturalWidth');
	await shot('14-lineage');
	await fits('apprentice: master page, in the lineage');
	// The master sees the same on his phone.
	await desk.goto(`${BASE}/masters/${masterId}`);
	assert.equal(await desk.locator('#lineage > li').filter({
	    hasText: person.name }).count(), 1);
	const [dw] = await lineageImage(desk);
	assert.equal(dw, TREE_WIDTH);
	await fits('master: his page', desk);
	await shot('15-master-lineage', desk);
}],
// The last two cases only look (at the widths measured, at the picture
// again): each fails on its own, without failing the other.
['no page of the journey is wider than a 390 px phone (zh)', async () => {
	assert.ok(widths.length >= 15, `${widths.length} pages measured`);
	console.log('# widths: ' + widths.map(([l, sw, iw]) =>
	    `${l} ${sw}/${iw}`).join(', '));
	const wide = widths.filter(([, sw, iw]) => sw > iw || iw > PHONE_W)
	    .map(([l, sw, iw]) => `${l} ${sw}/${iw}`);
	assert.deepEqual(wide, [], 'pages wider than the phone');
}, 'looks'],
// Last, so that its failure hides nothing: the apprentice saw the old
// tree (case 2) shortly before; the page they see now lists them, and
// its picture must show them too, not a copy kept from before.
['the lineage picture on the apprentice\'s phone shows them too', async () => {
	await page.goto(`${BASE}/masters/${masterId}`);
	const rows = await page.locator('#lineage > li').count();
	assert.equal(rows, treeBefore + 1);
	const [w, h] = await lineageImage();
	assert.equal(w, TREE_WIDTH);
	if (h !== treeHeight(rows)) {
		// Where the page's copy came from: transferSize 0 is the
		// browser's cache; and what the server says of caching it.
		const png = `/masters/${masterId}/lineage.png`;
		const sent = await page.evaluate(() => {
			const e = performance.getEntriesByName(
			    document.querySelector('img.lineage').currentSrc);
			return e.length ? e[e.length - 1].transferSize : null;
		});
		const [, hd, body] = await fresh(png);
		console.log(`#   the page's picture: transferSize ${sent} ` +
		    `(0: the browser's cache); the server now sends ` +
		    `${pngSize(body).join('x')} with cache-control ` +
		    `"${hd['cache-control']}", vary "${hd.vary ?? ''}"`);
	}
	assert.equal(h, treeHeight(rows), 'the picture on the page has a ' +
	    `row per person of the list (${rows}): it is ${h} px high, ` +
	    `the tree of ${(h - treeHeight(0)) / 52} people`);
	await shot('16-lineage-again');
}, 'looks'],
];

await runCases(cases, {
	failShots: async (n) => {
		for (const [who, p] of [['apprentice', page], ['master', desk]]) {
			if (!p)
				continue;
			console.log(`#   ${who} at ${p.url()}`);
			await shot(`fail-${n}-${who}`, p);
		}
	},
	close: async () => { if (browser) await browser.close(); },
});
