// 证书 certificates on a phone: an employer scans the QR code of a demo
// certificate (decoded from its PNG with the real `zbarimg`, the way a
// phone camera reads it, and opened as scanned, #fragment and all) in a
// browser with JavaScript off, and reads the verdict at once — valid,
// revoked (梁伟's, with the reason), replaced (刘志远's first, with the
// link to the new one) or expired (张小敏's of 2022) — with the holder's
// name, on a page no wider than the phone; the manual look-up (a serial
// typed with spaces, as read off paper, and the holder's name) finds the
// certificate, a wrong name does not; 周晓琳 (staff) revokes 张小敏's
// award on her phone and its verify page says so with the reason; 何嘉欣
// sees her own certificates, and the picture, the PNG and the print PDF
// downloads load. The verify page lists what was checked (the record,
// its status, its dates, the QR's signature): opened from the QR with
// JavaScript on, the browser checks the fragment's Ed25519 signature
// with WebCrypto (assets/verify.js) and says "signature checked"; a
// fragment whose claims were edited says "signature does not match";
// with JavaScript off the page is complete and still says valid.
// Drives Debian's /usr/bin/chromium through playwright-core against a
// running server made with `yujiang-admin init` (the demo certificates)
// with YUJIANG_PUBLIC_URL set to its own address (so the QR codes open
// it):
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/certs.mjs
//
// YJ_DATA is the server's data directory: the logins come from its
// demo-accounts.txt, the scanned PNGs from its certificates/. Which demo
// certificate is which (holder, kind, status, the revocation's reason,
// the replacement) is read from the staff JSON (GET /api/v1/certs), a
// source apart from the pages under test. tests/browser/run.sh starts the
// server and runs this. Each case prints "ok N - name" or "not ok N -
// name"; the last line is "# result P F". The cases do not build on each
// other (each opens its own phone), so each fails on its own; the one
// that changes data (the revocation) touches a certificate no other case
// reads. Screenshots go to tests/out/browser/certs-*.png.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
	BASE, DATA, PHONE_W, launch, outDir, phone, runCases, demoLogin, flat,
} from './phone.mjs';

const STAFF = 'staff@pingzhou-jade.cn';		// 周晓琳
const HOLDER = '13800138002';			// 何嘉欣: she shares
const WRONG_NAME = '张三';
const REASON = '获奖名单有误，组委会已撤回 award withdrawn by the jury';

let browser;
let demo;			// what the staff JSON says (see certificates())
const pages = {};		// name -> the case's pages, for screenshots

async function shot(name, p) {
	await p.screenshot({ path: join(outDir, 'certs-' + name + '.png'),
	    fullPage: true });
}

// The page's width at phone size: no horizontal scroll, and no layout
// viewport widened past the phone (a mobile browser widens it to fit
// wide content, and then innerWidth grows with scrollWidth).
async function fits(label, p) {
	const [sw, iw] = await p.evaluate(() => [
	    document.documentElement.scrollWidth, window.innerWidth]);
	assert.ok(sw <= iw, `${label}: scrollWidth ${sw} > innerWidth ${iw}`);
	assert.ok(iw <= PHONE_W && sw <= PHONE_W, `${label}: the page is ` +
	    `${Math.max(sw, iw)} px wide on a ${PHONE_W} px phone`);
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
}

// Tap a submit button whose answer may be the same URL (a refused form):
// wait for the navigation itself. Resolves to its response.
async function tapSubmit(sel, p) {
	const [res] = await Promise.all([
		p.waitForNavigation({ waitUntil: 'load' }),
		p.locator(sel).first().tap(),
	]);
	return res;
}

// A fresh phone (its own cookies); js: false is a browser with JavaScript
// off. name keys the page for the screenshots of a failure.
async function newPhone(name, { js = true, en = false } = {}) {
	if (!browser)
		browser = await launch();
	const c = await browser.newContext({ ...phone,
	    javaScriptEnabled: js, ...(en ? { locale: 'en-GB',
	    extraHTTPHeaders: { 'Accept-Language': 'en-GB,en;q=0.9' } } :
	    {}) });
	c.setDefaultTimeout(15000);	// fail fast, not after 30 s
	const p = await c.newPage();
	pages[name] = p;
	return p;
}


// Log in through the form on the phone; lands on /me.
async function logIn(p, account) {
	const who = demoLogin(account);
	await p.goto(BASE + '/');
	await tapTo('header.top a[href="/login"]', '/login', p);
	await p.locator('#f-account').fill(who.account);
	await p.locator('#f-password').fill(who.password);
	await tapTo('#login-submit', '/me', p);
	assert.equal(await text('#me-name', p), who.name);
	return who;
}

// The demo certificates as the staff JSON lists them (a staff login over
// the API, no browser), each found once by holder, kind and status:
// { valid, revoked, superseded, replacement, expired, all }.
async function certificates() {
	if (demo)
		return demo;
	const { request } = await import('playwright-core');
	const api = await request.newContext({ baseURL: BASE });
	try {
		const who = demoLogin(STAFF);
		const cr = await api.get('/api/v1/csrf');
		assert.equal(cr.status(), 200, 'GET /api/v1/csrf');
		const { csrf } = await cr.json();
		const lr = await api.post('/api/v1/login', {
		    headers: { 'X-CSRF-Token': csrf },
		    data: { account: who.account, password: who.password } });
		assert.equal(lr.status(), 200, `staff login: ${await lr.text()}`);
		const res = await api.get('/api/v1/certs');
		assert.equal(res.status(), 200, 'GET /api/v1/certs as staff');
		const all = (await res.json()).certificates;
		const one = (holder, kind, status, more = () => true) => {
			const m = all.filter((c) => c.holder === holder &&
			    c.kind === kind && c.status === status && more(c));
			assert.equal(m.length, 1, `the demo has one ${status} ` +
			    `${kind} certificate of ${holder}: ${m.length} in ` +
			    'GET /api/v1/certs');
			return m[0];
		};
		const superseded = one('刘志远', 'course', 'superseded');
		assert.ok(superseded.superseded_by, 'superseded_by in the JSON');
		const replacement = all.find((c) =>
		    c.code === superseded.superseded_by.code);
		assert.ok(replacement, 'the replacement is listed');
		const revoked = one('梁伟', 'course', 'revoked');
		assert.ok(revoked.revoked && revoked.revoked.reason,
		    'the revocation has a reason');
		demo = {
			valid: one('何嘉欣', 'level', 'valid'),
			revoked, superseded, replacement,
			expired: one('张小敏', 'level', 'expired',
			    (c) => c.issued.startsWith('2022-')),
			all,
		};
		return demo;
	} finally {
		await api.dispose();
	}
}

// The certificate the manual look-ups find: 何嘉欣's course certificate.
async function lookupCert() {
	const c = (await certificates()).all.find((x) => x.holder === '何嘉欣' &&
	    x.kind === 'course' && x.status === 'valid');
	assert.ok(c, '何嘉欣\'s course certificate');
	return c;
}

// What a phone camera reads off the certificate: its PNG in the data
// directory (certificates/<serial>.png), decoded by zbarimg.
function scan(cert) {
	assert.ok(DATA, 'YJ_DATA is not set (run tests/browser/run.sh)');
	const png = join(DATA, 'certificates', cert.serial + '.png');
	assert.ok(existsSync(png), `${png} exists (the demo's PNGs: ` +
	    readdirSync(join(DATA, 'certificates')).join(' ') + ')');
	let out;
	try {
		// QR codes only: a phone's scanner looks for one, and zbar's
		// other symbologies can misread the artwork as a barcode.
		out = execFileSync('zbarimg', ['--raw', '-q', '--set',
		    '*.enable=0', '--set', 'qrcode.enable=1', png], {
		    encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
		    timeout: 20000 });
	} catch (e) {
		throw new Error(`zbarimg found no QR code in ${png} ` +
		    `(exit ${e.status}; is zbar-tools installed?)`);
	}
	// The same symbol reported twice is one code (zbar can find one QR
	// in two passes); two different texts are not.
	const reads = [...new Set(out.replace(/\n$/, '').split('\n'))];
	assert.equal(reads.length, 1,
	    `one QR code in ${png}; zbarimg read: ${JSON.stringify(out)}`);
	const url = reads[0];
	// It opens this server's verify page of this certificate and is
	// the signed text the database holds.
	assert.ok(url.startsWith(`${BASE}/v/${cert.code}#`),
	    `the QR of ${cert.serial} opens ${BASE}/v/${cert.code}#…: ${url}`);
	assert.equal(url, cert.qr, 'the scanned text is the stored QR text');
	// The claims after the # name the holder.
	const claims = JSON.parse(Buffer.from(url.split('#')[1].split('.')[0],
	    'base64url').toString('utf8'));
	assert.equal(claims.h, cert.holder, 'the signed claims name the holder');
	assert.equal(claims.s, cert.serial, 'the signed claims hold the serial');
	return url;
}

// The verify page as an employer sees it on opening: the verdict inside
// the first screen, nothing scrolled; returns { status, cls, h1, text,
// holder, serial, bg }.
async function verdict(p, label) {
	const v = p.locator('#verdict');
	assert.equal(await v.count(), 1, `${label}: one #verdict`);
	const [sy, vw, vh] = await p.evaluate(() => [window.scrollY,
	    window.innerWidth, window.innerHeight]);
	assert.equal(sy, 0, `${label}: the page opens at its top`);
	const box = await v.boundingBox();
	assert.ok(box, `${label}: the verdict is displayed`);
	assert.ok(box.y >= 0 && box.x >= 0 && box.y + box.height <= vh &&
	    box.x + box.width <= vw, `${label}: the verdict (x ${box.x}, ` +
	    `y ${box.y}, ${box.width}x${box.height}) is not inside the first ` +
	    `screen (${vw}x${vh})`);
	// (h1 on the verify page; h2 under the look-up form's own h1)
	const h = v.locator('h1, h2').first();
	assert.ok(await h.isVisible(), `${label}: the verdict's heading is ` +
	    'visible');
	const out = {
		status: await v.getAttribute('data-status'),
		cls: (await v.getAttribute('class')).split(/\s+/)
		    .filter((x) => x !== 'verdict').join(' '),
		h1: flat(await h.innerText()),
		text: flat(await v.innerText()),
		bg: await v.evaluate((e) => getComputedStyle(e).backgroundColor),
	};
	const holder = p.locator('dl.facts dd#holder');
	if (await holder.count() > 0) {
		assert.ok(await holder.isVisible(),
		    `${label}: the holder's name is visible`);
		out.holder = flat(await holder.innerText());
		out.serial = flat(await text('dl.facts dd#serial', p));
	}
	await fits(label, p);
	return out;
}

// Open a scanned URL as the phone's camera app does (the whole URL).
async function open(p, url) {
	const res = await p.goto(url);
	assert.equal(res.status(), 200, `GET ${url}`);
	assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
}

// The verify page's "what was checked": each step's data-result and note.
async function steps(p) {
	const out = {};
	for (const id of ['check-record', 'check-status', 'check-dates',
	    'check-signature']) {
		const li = p.locator(`#checks li#${id}`);
		assert.equal(await li.count(), 1, `#checks li#${id}`);
		out[id] = { result: await li.getAttribute('data-result'),
		    note: flat(await li.locator('.check-note').innerText()) };
	}
	return out;
}

// The signature step once the browser has checked it (or given up).
async function signatureStep(p) {
	await p.waitForFunction(() => {
		const r = document.getElementById('check-signature')
		    .getAttribute('data-result');
		return (r !== 'not-checked' && r !== 'checking');
	}, null, { timeout: 10000 });
	return (await steps(p))['check-signature'];
}

// The scanned URL with its claims changed and the signature kept: what a
// forger who edits the name in a QR code makes.
function tampered(url) {
	const [head, frag] = url.split('#');
	const [claims, sig] = frag.split('.');
	const o = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'));
	o.h = o.h + '甲';
	return `${head}#${Buffer.from(JSON.stringify(o)).toString('base64url')}` +
	    `.${sig}`;
}

const cases = [
['the verify page lists what was checked; opened from the QR with ' +
    'JavaScript on, the browser checks the signature (WebCrypto Ed25519); ' +
    'a tampered fragment does not match; JavaScript off, still valid',
    async () => {
	const d = await certificates();
	const c = d.valid;
	const url = scan(c);
	// JavaScript on: every step, the signature checked here.
	const p = await newPhone('checker');
	await open(p, url);
	assert.equal((await verdict(p, 'verify (js)')).status, 'valid');
	const sig = await signatureStep(p);
	assert.equal(sig.result, 'ok', `signature step: ${sig.note}`);
	assert.ok(sig.note.includes('签名已核验'), sig.note);
	const st = await steps(p);
	assert.equal(st['check-record'].result, 'pass');
	assert.equal(st['check-status'].result, 'pass');
	assert.equal(st['check-dates'].result, 'pass');
	assert.ok(st['check-dates'].note.includes(c.issued),
	    st['check-dates'].note);
	await shot('10-checked', p);
	// The same in English.
	const e = await newPhone('checker-en', { en: true });
	assert.equal((await e.goto(url)).status(), 200);
	assert.equal(await e.getAttribute('html', 'lang'), 'en');
	const esig = await signatureStep(e);
	assert.equal(esig.result, 'ok', esig.note);
	assert.match(esig.note, /^Signature checked/, esig.note);
	// A tampered fragment: the claims changed, the signature kept.
	const t = await newPhone('forger');
	await open(t, tampered(url));
	assert.equal((await verdict(t, 'verify (tampered)')).status, 'valid',
	    'the record itself is still valid');
	const bad = await signatureStep(t);
	assert.equal(bad.result, 'bad', bad.note);
	assert.ok(bad.note.includes('签名不符'), bad.note);
	await shot('11-tampered', t);
	const tEn = await newPhone('forger-en', { en: true });
	await tEn.goto(tampered(url));
	const badEn = await signatureStep(tEn);
	assert.match(badEn.note, /^Signature does not match/, badEn.note);
	// A genuine QR of another certificate on this page's address: signed,
	// but not this record's.
	const other = d.expired;
	const swapped = `${BASE}/v/${c.code}#${scan(other).split('#')[1]}`;
	const m = await newPhone('swapper');
	await open(m, swapped);
	assert.equal((await signatureStep(m)).result, 'mismatch');
	// JavaScript off: complete and correct without it.
	const n = await newPhone('nojs', { js: false });
	await open(n, url);
	assert.equal((await verdict(n, 'verify (no js)')).status, 'valid');
	const ns = await steps(n);
	assert.equal(ns['check-record'].result, 'pass');
	assert.equal(ns['check-status'].result, 'pass');
	assert.equal(ns['check-dates'].result, 'pass');
	assert.equal(ns['check-signature'].result, 'not-checked');
	assert.ok(ns['check-signature'].note.includes('yujiang-admin verify'),
	    ns['check-signature'].note);
	// A revoked one: its status step fails, with or without script.
	const r = await newPhone('revoked');
	await open(r, scan(d.revoked));
	const rs = await steps(r);
	assert.equal(rs['check-status'].result, 'fail');
	assert.equal((await signatureStep(r)).result, 'ok',
	    'its QR is still genuinely signed');
	// The expired one: its dates step fails.
	await open(n, scan(d.expired));
	assert.equal((await steps(n))['check-dates'].result, 'fail');
}],
['an employer scans a valid certificate with JavaScript off: the ' +
    'verdict fills the first screen', async () => {
	const c = (await certificates()).valid;
	const url = scan(c);
	const p = await newPhone('employer', { js: false });
	await open(p, url);
	const v = await verdict(p, 'verify: valid');
	assert.equal(v.status, 'valid', `data-status: ${v.text}`);
	assert.equal(v.cls, 'valid');
	assert.equal(v.holder, c.holder, 'dd#holder');
	assert.equal(v.serial, c.serial, 'dd#serial');
	assert.equal(flat(await text('dl.facts dd#earned', p)), c.title_zh);
	assert.notEqual(v.bg, 'rgba(0, 0, 0, 0)',
	    'the verdict is coloured (the style sheet applies)');
	// 何嘉欣 shows her other certificates that stand.
	const others = demo.all.filter((x) => x.holder === c.holder &&
	    x.status === 'valid' && x.code !== c.code).map((x) =>
	    `/v/${x.code}`).sort();
	assert.ok(others.length >= 1, 'she has another valid certificate');
	const related = await p.locator('ul#related a').evaluateAll((as) =>
	    as.map((a) => a.getAttribute('href')));
	assert.deepEqual(related.sort(), others, 'ul#related: her others');
	await shot('01-valid', p);
	// JavaScript is really off in this phone (else the pass would not
	// say that the verdict needs none).
	const ran = await p.context().newPage();
	await ran.setContent('<p id="x">off</p><script>document.getElementById' +
	    '("x").textContent = "on"</script>');
	assert.equal(await ran.locator('#x').innerText(), 'off',
	    'JavaScript is off in the employer\'s phone');
	await ran.close();
	// The same page in English through the language switch (a plain
	// link: it works without JavaScript too).
	await tapTo('#lang-switch', (u) => u.pathname === `/v/${c.code}`, p);
	assert.equal(await p.getAttribute('html', 'lang'), 'en');
	const en = await verdict(p, 'verify: valid (en)');
	assert.equal(en.status, 'valid');
	assert.match(en.h1, /valid/i, 'the English verdict says valid');
	assert.equal(en.holder, c.holder);
	await shot('02-valid-en', p);
}],
['revoked, replaced and expired certificates say so, with the reason, ' +
    'the new one, the date', async () => {
	const d = await certificates();
	const p = await newPhone('employer', { js: false });
	// 梁伟's: revoked, with the reason the staff gave.
	await open(p, scan(d.revoked));
	const r = await verdict(p, 'verify: revoked');
	assert.equal(r.status, 'revoked', `data-status: ${r.text}`);
	assert.equal(r.cls, 'revoked');
	assert.equal(r.holder, d.revoked.holder);
	assert.equal(r.serial, d.revoked.serial);
	assert.ok(await p.locator('#verdict #revoked-reason').isVisible(),
	    '#revoked-reason inside the verdict');
	assert.ok(flat(await text('#revoked-reason', p)).includes(
	    flat(d.revoked.revoked.reason)), 'the reason: ' +
	    await text('#revoked-reason', p));
	assert.equal(await p.locator('#superseded-by').count(), 0);
	await shot('03-revoked', p);

	// 张小敏's of 2022: expired, with the date it ran out.
	await open(p, scan(d.expired));
	const e = await verdict(p, 'verify: expired');
	assert.equal(e.status, 'expired', `data-status: ${e.text}`);
	assert.equal(e.cls, 'expired');
	assert.equal(e.holder, d.expired.holder);
	assert.ok(e.text.includes(d.expired.expires),
	    `the verdict gives the expiry ${d.expired.expires}: ${e.text}`);
	assert.notEqual(e.bg, r.bg, 'expired does not look like revoked');
	await shot('04-expired', p);

	// 刘志远's first: replaced (a revoked verdict), linking to the new one.
	await open(p, scan(d.superseded));
	const s = await verdict(p, 'verify: superseded');
	assert.equal(s.status, 'revoked', `data-status: ${s.text}`);
	assert.equal(s.holder, d.superseded.holder);
	assert.notEqual(s.h1, r.h1, 'replaced is told apart from revoked');
	assert.equal(await p.locator('#revoked-reason').count(), 0);
	const link = p.locator('#verdict a#superseded-by');
	assert.ok(await link.isVisible(), 'a#superseded-by in the verdict');
	assert.equal(await link.getAttribute('href'),
	    `/v/${d.replacement.code}`);
	assert.ok(flat(await link.innerText()).includes(d.replacement.serial));
	await shot('05-superseded', p);
	await tapTo('#superseded-by', `/v/${d.replacement.code}`, p);
	const n = await verdict(p, 'verify: the replacement');
	assert.equal(n.status, 'valid', `data-status: ${n.text}`);
	assert.equal(n.holder, d.superseded.holder);
	assert.equal(n.serial, d.replacement.serial);
	await shot('06-replacement', p);
}],
['the manual look-up: a serial typed with spaces, as read off the paper, ' +
    'and the name find the certificate', async () => {
	const c = await lookupCert();
	// As read off the paper in groups: P 000001 440605 1 26 0 00002.
	const s = c.serial;
	const typed = [s.slice(0, 1), s.slice(1, 7), s.slice(7, 13),
	    s.slice(13, 14), s.slice(14, 16), s.slice(16, 17),
	    s.slice(17)].join(' ');
	const p = await newPhone('lookup');
	await p.goto(BASE + '/verify');
	assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
	await fits('look-up form', p);
	// Typed on the phone's keyboard, key by key.
	await p.locator('#f-serial').tap();
	await p.locator('#f-serial').pressSequentially(typed);
	await p.locator('#f-name').tap();
	await p.locator('#f-name').pressSequentially(c.holder);
	const got = await p.locator('#f-serial').inputValue();
	await shot('07-lookup-typed', p);
	assert.equal(got, typed, `the serial field holds what was typed ` +
	    `("${typed}", ${typed.length} characters): it kept "${got}" ` +
	    `(maxlength ${await p.locator('#f-serial')
	    .getAttribute('maxlength')})`);
	await tapTo('form[action="/verify"] button[type="submit"]',
	    `/v/${c.code}`, p);
	const v = await verdict(p, 'look-up: found');
	assert.equal(v.status, 'valid', `data-status: ${v.text}`);
	assert.equal(v.holder, c.holder);
	assert.equal(v.serial, c.serial);
	await shot('08-lookup-found', p);
}],
['the manual look-up: the serial with the right name finds it, with a ' +
    'wrong name it is not found', async () => {
	const c = await lookupCert();
	const p = await newPhone('lookup2');
	const submit = 'form[action="/verify"] button[type="submit"]';
	// The serial as one piece (pasted) and the right name: found.
	await p.goto(BASE + '/verify');
	await p.locator('#f-serial').fill(c.serial);
	await p.locator('#f-name').fill(c.holder);
	await tapTo(submit, `/v/${c.code}`, p);
	const v = await verdict(p, 'look-up: found (pasted)');
	assert.equal(v.status, 'valid', `data-status: ${v.text}`);
	assert.equal(v.serial, c.serial);
	// The same serial with another name: not found, said as a verdict.
	await p.goto(BASE + '/verify');
	await p.locator('#f-serial').fill(c.serial);
	await p.locator('#f-name').fill(WRONG_NAME);
	const res = await tapSubmit(submit, p);
	assert.equal(res.status(), 404, 'a wrong name answers 404');
	assert.equal(new URL(p.url()).pathname, '/verify');
	const nf = await verdict(p, 'look-up: not found');
	assert.equal(nf.status, 'not_found', `data-status: ${nf.text}`);
	assert.ok(!nf.text.includes(c.holder) &&
	    !(await p.content()).includes(c.code),
	    'a wrong name learns nothing of the certificate');
	await shot('09-lookup-not-found', p);
}],
['周晓琳 (staff) revokes 张小敏\'s award on her phone; its verify page ' +
    'says revoked, with the reason', async () => {
	// The 2025 festival's award (her competition golds of #7 are others).
	const award = (await certificates()).all.filter((x) =>
	    x.holder === '张小敏' && x.kind === 'award' &&
	    x.title_zh.includes('玉器文化节'));
	assert.equal(award.length, 1, '张小敏 has one festival award');
	const c = award[0];
	assert.equal(c.status, 'valid', 'the award stands (a fresh server: ' +
	    'this case revokes it)');
	const p = await newPhone('staff');
	await logIn(p, STAFF);
	await tapTo('header.top nav a[href="/certs"]', '/certs', p);
	await fits('staff: certificates', p);
	const item = p.locator(`#certs > li:has(a[href="/certs/${c.id}"])`);
	assert.equal(await item.count(), 1, 'the award is listed');
	const t = flat(await item.innerText());
	assert.ok(t.includes(c.holder) && t.includes(c.serial), t);
	assert.equal(await item.locator('.badge.valid').count(), 1);
	await shot('10-staff-certs', p);

	await tapTo(`#certs a[href="/certs/${c.id}"]`, `/certs/${c.id}`, p);
	assert.equal(await text('dd#holder', p), c.holder);
	assert.equal(await text('dd#serial', p), c.serial);
	assert.equal(await p.locator('main .badge.valid').count(), 1);
	await fits('staff: the award', p);
	await p.locator('#f-revoke-reason').fill(REASON);
	await shot('11-staff-revoke', p);
	// (It answers with the same page: /certs/<id>.)
	const rr = await tapSubmit(
	    'form[action$="/revoke"] button.danger[type="submit"]', p);
	assert.equal(rr.status(), 200);
	assert.equal(new URL(p.url()).pathname, `/certs/${c.id}`);
	assert.equal(await p.locator('main .badge.revoked').count(), 1,
	    'the revoked badge');
	assert.equal(await p.locator('main .badge.valid').count(), 0);
	assert.ok(flat(await text('dl.facts', p)).includes(REASON),
	    'the page gives the reason');
	assert.equal(await p.locator('#f-revoke-reason').count(), 0,
	    'no revoke form on a revoked certificate');
	await fits('staff: the award, revoked', p);
	await shot('12-staff-revoked', p);

	// Its verify page, from the link, then as an employer would scan it.
	await tapTo('#verify-link', `/v/${c.code}`, p);
	const v = await verdict(p, 'verify: just revoked');
	assert.equal(v.status, 'revoked', `data-status: ${v.text}`);
	assert.equal(v.holder, c.holder);
	assert.ok(flat(await text('#revoked-reason', p)).includes(REASON),
	    'the reason on the verify page');
	const e = await newPhone('employer', { js: false });
	await open(e, scan(c));
	const ve = await verdict(e, 'verify: just revoked, scanned');
	assert.equal(ve.status, 'revoked');
	assert.ok(flat(await text('#revoked-reason', e)).includes(REASON));
	await shot('13-revoked-verify', e);
}],
['何嘉欣 sees her certificates, the picture loads and the PNG link ' +
    'answers image/png', async () => {
	const d = await certificates();
	const mine = d.all.filter((x) => x.holder === '何嘉欣');
	assert.ok(mine.length >= 2, 'the demo gives her two certificates');
	const p = await newPhone('holder');
	await logIn(p, HOLDER);
	await tapTo('header.top nav a[href="/certs"]', '/certs', p);
	await fits('holder: my certificates', p);
	const links = await p.locator('#certs a[href^="/certs/"]')
	    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	assert.deepEqual(links.sort(), mine.map((x) => `/certs/${x.id}`)
	    .sort(), 'her certificates, and only hers');
	assert.equal(await p.locator('#f-share').inputValue(), '1',
	    'she shares her certificates (the demo)');
	await shot('14-holder-certs', p);

	const c = mine.find((x) => x.kind === 'level');
	await tapTo(`#certs a[href="/certs/${c.id}"]`, `/certs/${c.id}`, p);
	assert.equal(await text('dd#holder', p), c.holder);
	assert.equal(await text('dd#serial', p), c.serial);
	assert.equal(await p.locator('#f-revoke-reason').count(), 0,
	    'a holder has no staff forms');
	const img = p.locator('img.cert');
	assert.equal(await img.count(), 1, 'one img.cert');
	await img.scrollIntoViewIfNeeded();
	await p.waitForFunction(() => {
		const i = document.querySelector('img.cert');
		return i && i.complete;
	});
	const [nw, nh, cw] = await img.evaluate((i) => [i.naturalWidth,
	    i.naturalHeight, i.getBoundingClientRect().width]);
	assert.ok(nw > 0 && nh > 0, `the picture loads (${nw}x${nh})`);
	assert.ok(cw <= PHONE_W, `the picture fits the phone (${cw} px)`);
	await fits('holder: a certificate', p);
	await shot('15-holder-cert', p);
	// Both downloads answer, with one Content-Type each, the right one
	// (every header problem is reported, not only the first).
	const wrong = [];
	for (const [sel, type] of [['#png-link', 'image/png'],
	    ['#pdf-link', 'application/pdf'],
	    ['#vc-link', 'application/vc+ld+json']]) {
		const href = await p.locator(sel).getAttribute('href');
		const res = await p.request.get(BASE + href);
		assert.equal(res.status(), 200, `GET ${href}`);
		const body = await res.body();
		if (type === 'image/png')
			assert.equal(body.toString('latin1', 1, 4), 'PNG',
			    `${href} is a PNG`);
		else if (type === 'application/pdf')
			assert.equal(body.toString('latin1', 0, 5), '%PDF-',
			    `${href} is a PDF`);
		else
			assert.ok(JSON.parse(body.toString('utf8')).proof,
			    `${href} is a signed credential`);
		const ct = res.headersArray().filter((h) =>
		    h.name.toLowerCase() === 'content-type').map((h) => h.value);
		if (ct.length !== 1 || ct[0].split(';')[0].trim() !== type)
			wrong.push(`${sel} ${href}: Content-Type sent ` +
			    `${ct.length} times: ${JSON.stringify(ct)}, not ` +
			    `once ${type}`);
	}
	assert.deepEqual(wrong, [], 'the downloads\' Content-Type');
}],
];

// Each case on phones of its own: those of the case before are closed
// (a failure's screenshots show only the case's own pages).
async function closePhones() {
	for (const [k, p] of Object.entries(pages)) {
		delete pages[k];
		await p.context().close().catch(() => {});
	}
}

await runCases(cases.map(([name, fn]) => [name, async () => {
	await closePhones();
	await fn();
}, 'looks']), {
	failShots: async (n) => {
		for (const [who, p] of Object.entries(pages)) {
			if (p.isClosed())
				continue;
			console.log(`#   ${who} at ${p.url()}`);
			await shot(`fail-${n}-${who}`, p);
		}
	},
	close: async () => { if (browser) await browser.close(); },
});
