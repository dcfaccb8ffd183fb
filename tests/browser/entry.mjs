// 入门 entry on a phone, end to end: a newcomer registers as a carver, finds
// 玉雕入门 (JB101) in the catalogue, takes a seat on its run and sees it on
// "my page"; the station staff (the demo account) open the run's desk on
// their phone, take the register for sessions 1-6 (75 % of 8) and record
// a score of 85, which completes the course; the newcomer's page then says
// 已结业 with the score. Everything in Chinese; no page is wider than the
// phone. Drives Debian's /usr/bin/chromium through playwright-core against
// a running server made with `yujiang-admin init` (the catalogue, the demo
// people and one run of each course):
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/entry.mjs
//
// YJ_DATA is the server's data directory: the staff login is read from
// its demo-accounts.txt. tests/browser/run.sh starts the server and runs
// this. Each case prints "ok N - name" or "not ok N - name"; the last line
// is "# result P F". The cases are one journey, in order: once a case
// fails, the later ones fail too ("earlier step failed"). Screenshots go
// to tests/out/browser/entry-*.png.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import {
	BASE, DATA, codeFromLog, launch, outDir, phone, runCases,
} from './phone.mjs';



const COURSE = 'JB101';
const TITLE = '玉雕入门';
const SESSIONS = 8;		// courses/jb101.md: sessions: 8
const NEEDED = 6;		// attendance: 75 (% of 8)
const SCORE = 85;		// pass_mark: 60

const person = {
	name: '陈小雕',
	account: '137' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0'),
	password: 'jade-' + Math.random().toString(36).slice(2, 10),
};

let browser;
let page;		// the newcomer's phone
let desk;		// the staff's phone
let runId;		// the JB101 run the newcomer enrols in
let catSeats;		// JB101's seats left on the catalogue, before
const widths = [];	// [label, scrollWidth, innerWidth] per page seen

async function shot(name, p = page) {
	await p.screenshot({ path: join(outDir, 'entry-' + name + '.png'),
	    fullPage: true });
}

function url(p = page) {
	return new URL(p.url());
}

// Record the page's width; fail on horizontal overflow at phone width.
async function fits(label, p = page) {
	const [sw, iw] = await p.evaluate(() => [
	    document.documentElement.scrollWidth, window.innerWidth]);
	widths.push([label, sw, iw]);
	assert.ok(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`);
}

async function text(sel, p = page) {
	return (await p.locator(sel).innerText()).trim();
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

async function phoneContext() {
	const c = await browser.newContext(phone);
	c.setDefaultTimeout(15000);	// fail fast, not after 30 s
	return c.newPage();
}

// The staff login from the data directory's demo-accounts.txt (columns
// role, login, password, name, note), written by `yujiang-admin init`.
function staffLogin() {
	assert.ok(DATA, 'YJ_DATA is not set (run tests/browser/run.sh)');
	const file = join(DATA, 'demo-accounts.txt');
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const [role, account, password, name] = line.trim().split(/\s+/);
		if (role === 'staff')
			return { account, password, name };
	}
	throw new Error(`no staff account in ${file} (was the data ` +
	    'directory made with yujiang-admin init?)');
}

// GET BASE + p on a new connection of its own (no keep-alive), so that
// successive calls reach either of the server's workers: each worker
// caches the rendered catalogue. Resolves to [status, body].
function fresh(p) {
	return new Promise((resolve, reject) => {
		const req = httpGet(BASE + p, { agent: false, headers: {
		    'Accept-Language': 'zh-CN', Connection: 'close' } }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { body += d; });
			res.on('end', () => resolve([res.statusCode, body]));
		});
		req.on('error', reject);
		req.setTimeout(10000, () => req.destroy(new Error(
		    `GET ${p}: timeout`)));
	});
}

// JB101's seats left on its card in a catalogue page (HTML).
function cardSeats(html) {
	const m = html.match(new RegExp(`<li class="card"><a href="/courses/` +
	    `${COURSE}">(?:(?!</li>).)*<span class="seats">(\\d+)</span>`));
	return m ? Number(m[1]) : null;
}

// The newcomer's row on the desk's roster (found by their account).
function rosterRow() {
	return desk.locator('#roster tbody tr').filter({
	    hasText: person.account });
}

const cases = [
['a newcomer registers as a carver on a zh-CN phone', async () => {
	browser = await launch();
	page = await phoneContext();
	const res = await page.goto(BASE + '/');
	assert.equal(res.status(), 200);
	assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
	await fits('home');
	await tapTo('header.top a[href="/register"]', '/register');
	await fits('register');
	await page.locator('#f-name').fill(person.name);
	await page.locator('#f-account').fill(person.account);
	await page.locator('#f-password').fill(person.password);
	await page.locator('input[name="track"][value="carver"]').tap();
	await page.locator('#f-consent').tap();	/* 隐私政策: required */
	assert.ok(await page.locator('input[name="track"][value="carver"]')
	    .isChecked());
	await shot('01-register');
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
	assert.equal(await page.locator('#my-courses li.seat').count(), 0,
	    'a new apprentice has no seats');
	await fits('my page, new');
	await shot('02-me-new');
}],
['the catalogue opens from the nav, and a search finds 玉雕入门', async () => {
	await tapTo('header.top nav a[href="/courses"]', '/courses');
	assert.equal(await text('main h1'), '课程目录');
	const all = await page.locator('#catalogue > li.card').count();
	assert.ok(all >= 2, `the catalogue lists ${all} courses`);
	await fits('catalogue');
	await shot('03-catalogue');
	await page.locator('#f-q').fill(TITLE);
	await tapTo('form.filters button[type="submit"]',
	    (u) => u.pathname === '/courses' &&
	    u.searchParams.get('q') === TITLE);
	assert.equal(await page.locator('#f-q').inputValue(), TITLE,
	    'the search box keeps the query');
	const cards = page.locator('#catalogue > li.card');
	const n = await cards.count();
	assert.ok(n >= 1 && n < all,
	    `searching ${TITLE} lists ${n} of ${all} courses`);
	const card = cards.filter({ has: page.locator(
	    `a[href="/courses/${COURSE}"]`) });
	assert.equal(await card.count(), 1, `${COURSE} is among the results`);
	const t = (await card.innerText()).replace(/\s+/g, ' ');
	assert.match(t, new RegExp(`${COURSE} ${TITLE}`));
	assert.match(t, /报名中/, `${COURSE}'s enrolment window is open`);
	catSeats = Number(await card.locator('.seats').innerText());
	assert.ok(catSeats > 0, `${COURSE} has seats left on the catalogue`);
	await fits('catalogue, searched');
	await shot('04-search');
}],
['玉雕入门 opens; 报名 takes a seat on its run', async () => {
	await tapTo(`#catalogue a[href="/courses/${COURSE}"]`,
	    `/courses/${COURSE}`);
	assert.equal(await text('#course-title'), `${COURSE} ${TITLE}`);
	const runs = page.locator('#runs > li.run');
	assert.ok(await runs.count() >= 1, 'the demo data scheduled a run');
	const run = runs.first();
	runId = Number((await run.getAttribute('id')).replace(/^run-/, ''));
	assert.ok(runId > 0, 'li#run-<id>');
	const sel = `#run-${runId}`;
	const before = Number(await text(`${sel} .seats`));
	assert.ok(before > 0, 'the run has seats left');
	const enrol = `${sel} form[action="/runs/${runId}/enrol"] ` +
	    'button[type="submit"]';
	assert.equal(await text(enrol), '报名');
	await fits('course page');
	await shot('05-course');
	await tapTo(enrol, (u) => u.pathname === `/courses/${COURSE}` &&
	    u.searchParams.get('done') === 'enrolled');
	assert.equal(await text('#notice'), '报名成功，你已获得名额。');
	assert.equal(await text(`${sel} .status`), '已报名');
	assert.equal(await text(`${sel} form[action="/runs/${runId}/withdraw"] ` +
	    'button'), '退出');
	assert.equal(await page.locator(`${sel} form[action="/runs/${runId}` +
	    '/enrol"]').count(), 0, 'no second 报名 button');
	assert.equal(Number(await text(`${sel} .seats`)), before - 1,
	    'one seat fewer');
	await fits('course page, enrolled');
	await shot('06-enrolled');
}],
['the catalogue and its JSON count the seat taken (fresh connections)',
    async () => {
	const q = '/courses?q=' + encodeURIComponent(TITLE);
	for (let i = 0; i < 8; i++) {
		const [st, html] = await fresh(q);
		assert.equal(st, 200);
		assert.equal(cardSeats(html), catSeats - 1,
		    `GET ${q} #${i + 1}: seats left on the ${COURSE} card`);
		const [js, body] = await fresh('/api/v1/courses?q=' +
		    encodeURIComponent(TITLE));
		assert.equal(js, 200);
		const c = JSON.parse(body).courses.find((x) => x.code === COURSE);
		assert.ok(c, `${COURSE} in /api/v1/courses`);
		const run = c.runs.find((r) => r.id === runId);
		assert.ok(run, `run ${runId} in /api/v1/courses`);
		assert.equal(run.seats_left, catSeats - 1,
		    `GET /api/v1/courses #${i + 1}: seats_left`);
		assert.equal(run.enrolled, run.capacity - run.seats_left);
	}
	// And the page the newcomer sees, through the nav.
	await tapTo('header.top nav a[href="/courses"]', '/courses');
	const card = page.locator('#catalogue > li.card').filter({
	    has: page.locator(`a[href="/courses/${COURSE}"]`) });
	assert.equal(Number(await card.locator('.seats').innerText()),
	    catSeats - 1);
}],
['my page lists 玉雕入门 with 出勤 0/8', async () => {
	await tapTo('header.top nav a[href="/me"]', '/me');
	const seats = page.locator('#my-courses li.seat');
	assert.equal(await seats.count(), 1);
	const t = (await seats.first().innerText()).replace(/\s+/g, ' ');
	assert.match(t, new RegExp(TITLE));
	assert.match(t, /已报名/);
	assert.match(t, new RegExp(`出勤 0/${SESSIONS}`));
	assert.equal(await seats.first().locator('a').getAttribute('href'),
	    `/courses/${COURSE}#run-${runId}`);
	await fits('my page, enrolled');
	await shot('07-me-enrolled');
}],
['the staff log in on their phone and open the run desk', async () => {
	const staff = staffLogin();
	desk = await phoneContext();
	await desk.goto(BASE + '/');
	await tapTo('header.top a[href="/login"]', '/login', desk);
	await desk.locator('#f-account').fill(staff.account);
	await desk.locator('#f-password').fill(staff.password);
	await tapTo('#login-submit', '/me', desk);
	assert.equal(await text('#me-role', desk), '驿站工作人员');
	await fits('staff: my page', desk);
	await tapTo('header.top nav a[href="/courses"]', '/courses', desk);
	await tapTo(`#catalogue a[href="/courses/${COURSE}"]`,
	    `/courses/${COURSE}`, desk);
	await fits('staff: course page', desk);
	await tapTo(`#run-${runId} a[href="/runs/${runId}"]`,
	    `/runs/${runId}`, desk);
	assert.match(await text('main h1', desk), /^班级管理/);
	const row = rosterRow();
	assert.equal(await row.count(), 1, 'the newcomer is on the roster');
	const t = (await row.innerText()).replace(/\s+/g, ' ');
	assert.match(t, new RegExp(person.name));
	assert.match(t, /已报名/);
	assert.match(t, new RegExp(`0/${SESSIONS}`));
	await fits('staff: desk', desk);
	await shot('08-desk', desk);
}],
[`the staff tick the newcomer present in sessions 1-${NEEDED}`, async () => {
	for (let s = 1; s <= NEEDED; s++) {
		const want = (u) => u.pathname === `/runs/${runId}` &&
		    u.searchParams.get('session') === String(s);
		await tapTo(`nav.sessions a[href="/runs/${runId}?session=${s}"]`,
		    want, desk);
		assert.equal(await desk.locator('#register').count(), 1,
		    `session ${s}: the register form`);
		assert.match(await text('#save-register', desk),
		    new RegExp(`保存点名 · ${s}$`));
		const box = rosterRow().locator('input[name="present"]');
		assert.equal(await box.getAttribute('form'), 'register');
		assert.equal(await box.isChecked(), false,
		    `session ${s}: not yet ticked`);
		await box.tap();
		assert.ok(await box.isChecked(), `session ${s}: ticked`);
		if (s === 1)
			await fits('staff: register', desk);
		if (s === 1 || s === NEEDED)
			await shot(`09-register-s${s}`, desk);
		await tapTo('#save-register', (u) => want(u) &&
		    u.searchParams.get('done') === 'saved', desk);
		assert.equal(await text('#notice', desk), '已保存。');
		assert.ok(await rosterRow().locator('input[name="present"]')
		    .isChecked(), `session ${s}: the tick was saved`);
	}
	await fits('staff: register saved', desk);
	await desk.goto(`${BASE}/runs/${runId}`);
	const t = (await rosterRow().innerText()).replace(/\s+/g, ' ');
	assert.match(t, new RegExp(`${NEEDED}/${SESSIONS}`),
	    `the roster counts ${NEEDED} sessions attended`);
	await fits('staff: desk after registers', desk);
	await shot('10-desk-attended', desk);
}],
[`a score of ${SCORE} completes the course: the desk says 已结业`, async () => {
	const form = rosterRow().locator('form.score');
	assert.equal(await form.count(), 1, 'a score form in the row');
	await form.locator('input[name="score"]').fill(String(SCORE));
	await tapTo(`#roster form.score[action="/runs/${runId}/result"] ` +
	    'button[type="submit"]', (u) => u.pathname === `/runs/${runId}` &&
	    u.searchParams.get('done') === 'saved', desk);
	assert.equal(await text('#notice', desk), '已保存。');
	const t = (await rosterRow().innerText()).replace(/\s+/g, ' ');
	assert.match(t, new RegExp(`${SCORE} 已结业`));
	assert.match(t, new RegExp(`${NEEDED}/${SESSIONS}`));
	assert.equal(await rosterRow().locator('form.score').count(), 0,
	    'no score form once completed');
	await fits('staff: desk, completed', desk);
	await shot('11-desk-completed', desk);
}],
['the newcomer\'s page shows 已结业 and the score', async () => {
	await page.goto(BASE + '/courses');
	await tapTo('header.top nav a[href="/me"]', '/me');
	const seat = page.locator('#my-courses li.seat');
	assert.equal(await seat.count(), 1);
	const t = (await seat.innerText()).replace(/\s+/g, ' ');
	assert.match(t, new RegExp(TITLE));
	assert.match(t, /已结业/);
	assert.match(t, new RegExp(`成绩 ${SCORE}`));
	assert.match(t, new RegExp(`出勤 ${NEEDED}/${SESSIONS}`));
	// The same facts through the API, with the newcomer's cookie.
	const res = await page.request.get(BASE + '/api/v1/me/enrolments');
	assert.equal(res.status(), 200);
	const mine = (await res.json()).enrolments;
	assert.equal(mine.length, 1);
	assert.equal(mine[0].course, COURSE);
	assert.equal(mine[0].run, runId);
	assert.equal(mine[0].status, 'enrolled');
	assert.equal(mine[0].attended, NEEDED);
	assert.equal(mine[0].sessions, SESSIONS);
	assert.equal(mine[0].score, SCORE);
	assert.equal(mine[0].result, 'passed');
	await fits('my page, completed');
	await shot('12-me-completed');
}],
['no page of the journey is wider than a 390 px phone (zh)', async () => {
	assert.ok(widths.length >= 15, `${widths.length} pages measured`);
	for (const [label, sw, iw] of widths) {
		assert.equal(iw, 390, `${label}: innerWidth ${iw}`);
		assert.ok(sw <= iw, `${label}: ${sw} > ${iw}`);
	}
	console.log('# widths: ' + widths.map(([l, sw, iw]) =>
	    `${l} ${sw}/${iw}`).join(', '));
}],
];

await runCases(cases, {
	failShots: async (n) => {
		for (const [who, p] of [['newcomer', page], ['staff', desk]]) {
			if (!p)
				continue;
			console.log(`#   ${who} at ${p.url()}`);
			await shot(`fail-${n}-${who}`, p);
		}
	},
	close: async () => { if (browser) await browser.close(); },
});
