// 作品集 portfolios on a phone: 何嘉欣 (the demo apprentice in the
// incubation stage) logs in, opens 作品集 from the nav, sees her two demo
// works (the public 翡翠平安镯, the private 和田玉 pendant) and adds a new
// public work; on its page she uploads a photo from the phone (a real
// JPEG, 2400 × 1800, named like a camera's IMG_2024.jpg, carrying a
// comment that stands in for its metadata): she lands back on the page
// with the photo shown, served as a new JPEG of the documented sizes
// (2048 / 1080 / 320 px, the comment gone) with one Content-Type
// image/jpeg, on a page no wider than the phone, and her portfolio shows
// the work with its thumbnail. A web page renamed .jpg is refused (415,
// in Chinese) and the work still has one photo. Someone not logged in
// sees the public works in 作品 (/works) with thumbnails that load, and
// the private pendant (its page and its photo) answers 404.
// Drives Debian's /usr/bin/chromium through playwright-core against a
// running server made with `yujiang-admin init` (the demo works):
//
//   YJ_BASE=http://127.0.0.1:PORT YJ_DATA=DIR node tests/browser/incubation.mjs
//
// YJ_DATA is the server's data directory: her login comes from its
// demo-accounts.txt, and the stored photos are counted in its
// uploads/photos/. Which demo work is which is read from her JSON
// portfolio (GET /api/v1/portfolio), a source apart from the pages under
// test. tests/browser/run.sh starts the server and runs this. Each case
// prints "ok N - name" or "not ok N - name"; the last line is
// "# result P F". Every case runs and fails on its own: cases 2 and 3
// need the work of case 1 (and 3 the photo of 2) and say so first when
// it is missing; case 4 needs nothing of them. Screenshots go to
// tests/out/browser/incubation-*.png.

import assert from 'node:assert/strict';
import {
	mkdtempSync, readdirSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	BASE, DATA, PHONE_W, launch, outDir, phone, runCases, demoLogin, flat,
} from './phone.mjs';

const APPRENTICE = '13800138002';		// 何嘉欣
const BANGLE = '翡翠平安镯';			// public, 2 photos
const PENDANT = '和田玉籽料随形挂件';		// private, 1 photo
const WORK = {
	title: '岫玉福瓜挂件',
	material: 'xiuyan',
	materialZh: '岫玉',
	technique: '圆雕、抛光',
	size: '38 × 25 mm',
	description: '岫玉料，雕福瓜寓意福禄。\n第二遍抛光后上了蜡。',
};
// The photo "taken on the phone" and what the server makes of it
// (src/photo.h: the longest side of each size; the thumbnail a square).
const SHOT = { name: 'IMG_2024.jpg', w: 2400, h: 1800 };
const SIZES = { full: [2048, 1536], phone: [1080, 810], thumb: [320, 320] };
// What the upload carries besides its pixels (a JPEG comment, standing
// in for a camera's EXIF): none of it may be served back.
const MARKER = 'YJ-TEST-METADATA GPS 22.9431N 113.1558E Pingzhou';
const NOT_IMAGE = '只能上传 JPEG、PNG 或 WebP 图片。';	// M_ERR_PHOTO_TYPE
const NOT_FOUND = '找不到这件作品。';			// M_ERR_WORK

let browser;
let tmp;			// the phone's "camera roll"
const pages = {};		// name -> page, for the screenshots
const made = {};		// what the journey made: id, photo, files

async function shot(name, p) {
	await p.screenshot({ path: join(outDir, 'incubation-' + name + '.png'),
	    fullPage: true });
}

// The page's width at phone size, or what is wrong with it: no
// horizontal scroll, and no layout viewport widened past the phone (a
// mobile browser widens it to fit wide content, and then innerWidth
// grows with scrollWidth). The widest elements are named.
async function wideness(label, p) {
	const [sw, iw, culprits] = await p.evaluate((max) => {
		const out = [];
		for (const e of document.querySelectorAll('body *')) {
			const r = e.getBoundingClientRect();
			if (r.right > max + 0.5 && out.length < 4)
				out.push(`${e.tagName.toLowerCase()}` +
				    `${e.id ? '#' + e.id : ''}` +
				    `${e.className && typeof e.className ===
				    'string' ? '.' + e.className.trim()
				    .replace(/\s+/g, '.') : ''} ` +
				    `(right ${Math.round(r.right)} px)`);
		}
		return [document.documentElement.scrollWidth,
		    window.innerWidth, out];
	}, PHONE_W);
	if (sw <= iw && iw <= PHONE_W && sw <= PHONE_W)
		return null;
	return `${label}: scrollWidth ${sw}, innerWidth ${iw} on a ` +
	    `${PHONE_W} px phone; past its edge: ${culprits.join(', ')}`;
}

async function fits(label, p) {
	const wrong = await wideness(label, p);
	assert.equal(wrong, null, 'the page is wider than the phone');
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
// a refused form): wait for the navigation itself. Resolves to the
// response of the page that loaded (after any redirect).
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

// Her works as her JSON portfolio lists them (an API login of her own,
// no browser): { bangle, pendant, all }.
async function herWorks() {
	const { request } = await import('playwright-core');
	const api = await request.newContext({ baseURL: BASE });
	try {
		const who = demoLogin(APPRENTICE);
		const cr = await api.get('/api/v1/csrf');
		assert.equal(cr.status(), 200, 'GET /api/v1/csrf');
		const { csrf } = await cr.json();
		const lr = await api.post('/api/v1/login', {
		    headers: { 'X-CSRF-Token': csrf },
		    data: { account: who.account, password: who.password } });
		assert.equal(lr.status(), 200, `her login: ${await lr.text()}`);
		const res = await api.get('/api/v1/portfolio');
		assert.equal(res.status(), 200, 'GET /api/v1/portfolio');
		const all = (await res.json()).works;
		const one = (title) => {
			const m = all.filter((w) => w.title === title);
			assert.equal(m.length, 1, `her portfolio has one ` +
			    `${title}: ${m.length} in GET /api/v1/portfolio`);
			return m[0];
		};
		const bangle = one(BANGLE), pendant = one(PENDANT);
		assert.equal(bangle.public, true, `${BANGLE} is public`);
		assert.equal(bangle.photos.length, 2, `${BANGLE} has 2 photos`);
		assert.equal(pendant.public, false, `${PENDANT} is private`);
		assert.ok(pendant.photos.length >= 1, `${PENDANT} has a photo`);
		return { bangle, pendant, all };
	} finally {
		await api.dispose();
	}
}

// Waits for every img matching sel to finish; resolves to
// [[src, naturalWidth, naturalHeight], …].
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

// A JPEG's [width, height], from its first frame header (SOFn).
function jpegSize(buf) {
	assert.ok(buf.length > 4 && buf[0] === 0xff && buf[1] === 0xd8 &&
	    buf[2] === 0xff, 'a JPEG (FF D8 FF)');
	let i = 2;
	while (i + 4 <= buf.length) {
		assert.equal(buf[i], 0xff, `a JPEG marker at byte ${i}`);
		const m = buf[i + 1];
		if (m === 0xff) {	// fill byte
			i++;
			continue;
		}
		i += 2;
		if (m === 0x01 || (m >= 0xd0 && m <= 0xd8))
			continue;	// no length
		const len = buf.readUInt16BE(i);
		if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 &&
		    m !== 0xcc)
			return [buf.readUInt16BE(i + 5), buf.readUInt16BE(i + 3)];
		i += len;
	}
	throw new Error('no frame header in the JPEG');
}

// GET url with the phone's cookies: the body, after checking that it is
// answered 200 with Content-Type image/jpeg, sent once (every header
// problem goes into wrong rather than stopping at the first).
async function jpegFrom(p, url, wrong) {
	const res = await p.request.get(BASE + url);
	assert.equal(res.status(), 200, `GET ${url}`);
	const ct = res.headersArray().filter((h) =>
	    h.name.toLowerCase() === 'content-type').map((h) => h.value);
	if (ct.length !== 1 || ct[0].split(';')[0].trim() !== 'image/jpeg')
		wrong.push(`${url}: Content-Type sent ${ct.length} times: ` +
		    `${JSON.stringify(ct)}, not once image/jpeg`);
	return res.body();
}

// The photo a phone takes: a JPEG drawn by the browser (a green bangle
// on a cloth), with a comment segment (the stand-in for its EXIF)
// spliced in after SOI.
async function cameraPhoto(p) {
	const g = await p.context().newPage();
	try {
		await g.setContent('<canvas id="c"></canvas>');
		const url = await g.evaluate(([w, h]) => {
			const c = document.getElementById('c');
			c.width = w;
			c.height = h;
			const x = c.getContext('2d');
			const bg = x.createLinearGradient(0, 0, w, h);
			bg.addColorStop(0, '#6b4f3a');
			bg.addColorStop(1, '#2e2118');
			x.fillStyle = bg;
			x.fillRect(0, 0, w, h);
			for (let i = 0; i < 400; i++) {	// the cloth's grain
				x.fillStyle = `rgba(255,255,255,${(i % 7) / 90})`;
				x.fillRect((i * 97) % w, (i * 61) % h, 40, 3);
			}
			const jade = x.createRadialGradient(w / 2 - 120, h / 2 - 120,
			    40, w / 2, h / 2, 560);
			jade.addColorStop(0, '#b8f0c8');
			jade.addColorStop(1, '#1f7a4a');
			x.strokeStyle = jade;
			x.lineWidth = 150;
			x.beginPath();
			x.ellipse(w / 2, h / 2, 520, 470, 0.2, 0, 2 * Math.PI);
			x.stroke();
			return c.toDataURL('image/jpeg', 0.92);
		}, [SHOT.w, SHOT.h]);
		const jpg = Buffer.from(url.split(',')[1], 'base64');
		const com = Buffer.from(MARKER, 'latin1');
		const seg = Buffer.alloc(4);
		seg.writeUInt16BE(0xfffe, 0);
		seg.writeUInt16BE(com.length + 2, 2);
		return Buffer.concat([jpg.subarray(0, 2), seg, com,
		    jpg.subarray(2)]);
	} finally {
		await g.close();
	}
}

function storedPhotos() {
	return readdirSync(join(DATA, 'uploads', 'photos')).sort();
}

// The photos of the work's page: [[photo id, phone src, full href], …].
async function photosOnPage(p) {
	return p.locator('ul#photos > li').evaluateAll((lis) => lis.map((li) => {
		const img = li.querySelector('img.photo');
		const a = li.querySelector('a');
		const src = img ? img.getAttribute('src') : null;
		const m = /^\/photos\/(\d+)\/phone\.jpg$/.exec(src || '');
		return [m ? Number(m[1]) : null, src,
		    a ? a.getAttribute('href') : null];
	}));
}

// From wherever she is to her portfolio, through the nav.
async function toPortfolio(p) {
	if (new URL(p.url()).pathname === '/portfolio')
		await p.reload();
	else
		await tapTo('header.top nav a[href="/portfolio"]',
		    '/portfolio', p);
}

// The phone's card of work id in ul#works.
function cardOf(p, id) {
	return p.locator(`ul#works > li.work:has(a[href="/works/${id}"])`);
}

const cases = [
['何嘉欣 opens 作品集 from the nav, sees her two works and adds a new ' +
    'public one', async () => {
	const demo = await herWorks();
	assert.equal(demo.all.length, 2, 'the demo gives her two works');
	const p = await newPhone('apprentice');
	await logIn(p, APPRENTICE);
	await tapTo('header.top nav a[href="/portfolio"]', '/portfolio', p);
	assert.equal(await text('main h1', p), '我的作品集');
	const cards = p.locator('ul#works > li.work');
	assert.equal(await cards.count(), 2, 'her two works');
	const bangle = cardOf(p, demo.bangle.id);
	const pendant = cardOf(p, demo.pendant.id);
	assert.equal(await bangle.count(), 1, `${BANGLE} is listed`);
	assert.equal(await pendant.count(), 1, `${PENDANT} is listed`);
	assert.equal(flat(await bangle.locator('strong').innerText()), BANGLE);
	assert.equal(flat(await pendant.locator('strong').innerText()),
	    PENDANT);
	assert.match(flat(await pendant.innerText()), /不公开/,
	    'her private work says so');
	assert.doesNotMatch(flat(await bangle.innerText()), /不公开/);
	// Each card's thumbnail is its first photo, loaded.
	for (const w of [demo.bangle, demo.pendant]) {
		const [[src, nw, nh]] = await loaded(`ul#works a[href=` +
		    `"/works/${w.id}"] img`, p);
		assert.equal(src, w.photos[0].thumb, `${w.title}'s thumbnail`);
		assert.deepEqual([nw, nh], SIZES.thumb,
		    `${w.title}'s thumbnail loads`);
	}
	await fits('portfolio', p);
	await shot('01-portfolio', p);

	// The new work.
	const form = p.locator('#work-form');
	assert.equal(await form.count(), 1, 'a #work-form');
	const options = await p.locator('#f-material option').evaluateAll(
	    (os) => os.map((o) => o.value));
	assert.deepEqual(options, ['jadeite', 'hetian', 'xiuyan', 'dushan',
	    'other'], 'the materials');
	await p.locator('#f-title').fill(WORK.title);
	await p.locator('#f-material').selectOption(WORK.material);
	await p.locator('#f-technique').fill(WORK.technique);
	await p.locator('#f-size').fill(WORK.size);
	await p.locator('#f-description').fill(WORK.description);
	assert.equal(await p.locator('#f-public').inputValue(), '0',
	    'a new work is private unless she says otherwise');
	await p.locator('#f-public').selectOption('1');
	await shot('02-new-work-filled', p);
	const res = await tapSubmit('#work-form button[type="submit"]', p);
	const m = /^\/works\/(\d+)$/.exec(new URL(p.url()).pathname);
	assert.ok(m, `she lands on the work's page: ${p.url()}`);
	assert.deepEqual(await postedBy(res), ['POST', '/portfolio', 303],
	    'the form answers 303 to the work');
	assert.equal(res.status(), 200);
	made.id = Number(m[1]);
	assert.ok(!demo.all.some((w) => w.id === made.id), 'a new id');
	assert.equal(await text('h1#work-title', p), WORK.title);
	const meta = flat(await text('main p.meta', p));
	for (const part of ['何嘉欣', WORK.materialZh, WORK.technique,
	    WORK.size, '公开'])
		assert.ok(meta.includes(part), `the page says ${part}: ${meta}`);
	assert.doesNotMatch(meta, /不公开/);
	assert.equal(flat(await text('main p.notes', p)),
	    flat(WORK.description));
	assert.equal(await p.locator('ul#photos').count(), 1, 'a ul#photos');
	assert.equal(await p.locator('ul#photos > li').count(), 0,
	    'no photos yet');
	assert.ok(await p.locator('#photo-form').isVisible(),
	    'she can add photos');
	// What was stored, through the API with her cookie.
	const jr = await p.request.get(`${BASE}/api/v1/works/${made.id}`);
	assert.equal(jr.status(), 200);
	const j = (await jr.json()).work;
	assert.deepEqual([j.title, j.material, j.technique, j.size, j.public,
	    j.photo_count, j.owner], [WORK.title, WORK.material,
	    WORK.technique, WORK.size, true, 0, '何嘉欣']);
	assert.equal(j.description.replace(/\r\n/g, '\n'), WORK.description,
	    'the description, both lines');
	await fits('new work', p);
	await shot('03-new-work', p);
}],
['she uploads a photo from the phone: shown, re-encoded, the page fits; ' +
    'her portfolio has the thumbnail', async () => {
	assert.ok(made.id, 'needs the work of case 1, which was not made');
	const p = pages.apprentice;
	assert.ok(p && !p.isClosed(), 'needs her phone of case 1');
	if (new URL(p.url()).pathname !== `/works/${made.id}`)
		await p.goto(`${BASE}/works/${made.id}`);
	const before = storedPhotos();
	const input = p.locator('#photo-form input#f-photo');
	assert.equal(await input.getAttribute('type'), 'file');
	assert.equal(await input.getAttribute('name'), 'photo');
	assert.deepEqual((await input.getAttribute('accept')).split(',')
	    .map((s) => s.trim()).sort(), ['image/jpeg', 'image/png',
	    'image/webp'], 'the photo input accepts JPEG, PNG, WebP');
	const jpg = await cameraPhoto(p);
	assert.deepEqual(jpegSize(jpg), [SHOT.w, SHOT.h], 'the phone\'s photo');
	tmp = mkdtempSync(join(tmpdir(), 'yj-incubation-'));
	const file = join(tmp, SHOT.name);
	writeFileSync(file, jpg);
	made.upload = jpg;
	await input.setInputFiles(file);
	await shot('04-photo-chosen', p);
	const res = await tapSubmit('#photo-form button[type="submit"]', p);
	assert.equal(new URL(p.url()).pathname, `/works/${made.id}`,
	    'back on the work\'s page');
	assert.deepEqual(await postedBy(res), ['POST',
	    `/works/${made.id}/photos`, 303], 'the upload answers 303');
	assert.equal(res.status(), 200);

	const photos = await photosOnPage(p);
	assert.equal(photos.length, 1, `one photo: ${JSON.stringify(photos)}`);
	const [[pid, src, href]] = photos;
	assert.ok(pid > 0, `img.photo src /photos/<id>/phone.jpg: ${src}`);
	assert.equal(href, `/photos/${pid}/full.jpg`, 'it links the full size');
	made.photo = pid;
	const [[, nw, nh]] = await loaded('ul#photos img.photo', p);
	assert.deepEqual([nw, nh], SIZES.phone, 'the photo loads, ' +
	    'at the phone size');
	const box = await p.locator('ul#photos img.photo').boundingBox();
	const shownWidth = box && box.width;
	// Every size: a JPEG of its own, made here, without the upload's
	// comment, with one Content-Type.
	const wrong = [];
	for (const [size, dims] of Object.entries(SIZES)) {
		const url = `/photos/${pid}/${size}.jpg`;
		const body = await jpegFrom(p, url, wrong);
		assert.deepEqual(jpegSize(body), dims, `${url} is a JPEG of ` +
		    dims.join(' × '));
		assert.ok(!body.includes(Buffer.from('YJ-TEST-METADATA')),
		    `${url} still carries the upload's comment (metadata)`);
		assert.ok(!body.equals(jpg), `${url} is the upload as sent`);
	}
	// The stored files: the three, and only those.
	const added = storedPhotos().filter((f) => !before.includes(f));
	assert.deepEqual(added, ['full', 'phone', 'thumb'].map((s) =>
	    `${pid}-${s}.jpg`), 'uploads/photos/ gains the three sizes');
	made.files = storedPhotos();
	const jr = await p.request.get(`${BASE}/api/v1/works/${made.id}`);
	assert.equal((await jr.json()).work.photo_count, 1, 'photo_count');
	const narrow = [];
	narrow.push(await wideness('the work with its photo', p));
	await shot('05-photo-uploaded', p);

	// Her portfolio: the new work, its thumbnail the new photo.
	await tapTo('header.top nav a[href="/portfolio"]', '/portfolio', p);
	assert.equal(await p.locator('ul#works > li.work').count(), 3,
	    'three works now');
	const card = cardOf(p, made.id);
	assert.equal(await card.count(), 1, 'the new work is listed');
	assert.equal(flat(await card.locator('strong').innerText()),
	    WORK.title);
	assert.doesNotMatch(flat(await card.innerText()), /不公开/);
	const thumbs = await loaded(`ul#works a[href="/works/${made.id}"] img`,
	    p);
	assert.deepEqual(thumbs, [[`/photos/${pid}/thumb.jpg`,
	    ...SIZES.thumb]], 'its thumbnail, loaded');
	narrow.push(await wideness('portfolio with the new work', p));
	await shot('06-portfolio-with-thumb', p);
	assert.deepEqual(wrong, [], 'the photos\' Content-Type');
	assert.deepEqual(narrow.filter((x) => x !== null), [],
	    `no sideways scrolling on the phone (the photo is shown ` +
	    `${shownWidth} px wide)`);
}],
['a web page renamed .jpg is refused: 415, in Chinese; the work keeps ' +
    'one photo', async () => {
	assert.ok(made.id && made.photo, 'needs the work and photo of cases ' +
	    '1 and 2, which were not made');
	const p = pages.apprentice;
	assert.ok(p && !p.isClosed(), 'needs her phone of case 1');
	await toPortfolio(p);
	await tapTo(`ul#works a[href="/works/${made.id}"]`,
	    `/works/${made.id}`, p);
	const file = join(tmp, 'IMG_2025.jpg');
	writeFileSync(file, '<!doctype html>\n<html><head><title>不是照片' +
	    '</title></head><body><script>alert(1)</script><p>这不是照片' +
	    '</p></body></html>\n');
	await p.locator('#f-photo').setInputFiles(file);
	// This case is about the server's answer; tapping 上传 is case 2's.
	// When the page is wider than the phone (case 2 says so), the
	// zoomed-out page puts the photo where a tap on 上传 lands: then the
	// button is clicked by its event, and a note says so.
	const wide = await wideness('the work, before the refused upload', p);
	let res;
	if (wide === null)
		res = await tapSubmit('#photo-form button[type="submit"]', p);
	else {
		console.log(`# note: ${wide}; a tap on 上传 would land on the ` +
		    'photo: submitting by the button\'s click event');
		[res] = await Promise.all([
			p.waitForNavigation({ waitUntil: 'load' }),
			p.locator('#photo-form button[type="submit"]')
			    .dispatchEvent('click'),
		]);
	}
	assert.equal(res.status(), 415, 'the refusal\'s status');
	assert.equal(res.request().method(), 'POST', 'answered, not redirected');
	assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
	const err = p.locator('main .error');
	assert.equal(await err.count(), 1, 'an error message');
	assert.ok(await err.isVisible(), 'the message is visible');
	const said = flat(await err.innerText());
	assert.equal(said, NOT_IMAGE, 'it says only images are taken');
	assert.match(said, /[\u4e00-\u9fff]/, 'in Chinese');
	assert.equal(await p.locator('text=这不是照片').count(), 0,
	    'the upload is not shown back');
	await fits('refused upload', p);
	await shot('07-refused', p);

	// Nothing was stored; the work still has its one photo.
	assert.deepEqual(storedPhotos(), made.files,
	    'uploads/photos/ unchanged');
	await toPortfolio(p);
	await tapTo(`ul#works a[href="/works/${made.id}"]`,
	    `/works/${made.id}`, p);
	const photos = await photosOnPage(p);
	assert.deepEqual(photos.map(([id]) => id), [made.photo],
	    'the work still has its one photo');
	const jr = await p.request.get(`${BASE}/api/v1/works/${made.id}`);
	assert.equal((await jr.json()).work.photo_count, 1, 'photo_count');
	await shot('08-still-one-photo', p);
}],
['someone not logged in: 作品 shows the public works with thumbnails; ' +
    'the private one answers 404', async () => {
	const demo = await herWorks();
	const p = await newPhone('visitor');
	await p.goto(BASE + '/');
	assert.equal(await p.locator('header.top nav a[href="/portfolio"]')
	    .count(), 0, 'no 作品集 in a visitor\'s nav');
	await tapTo('header.top nav a[href="/works"]', '/works', p);
	assert.equal(await text('main h1', p), '作品');
	const bangle = cardOf(p, demo.bangle.id);
	assert.equal(await bangle.count(), 1, `${BANGLE} is in the gallery`);
	assert.equal(flat(await bangle.locator('strong').innerText()), BANGLE);
	assert.match(flat(await bangle.innerText()), /何嘉欣/,
	    'the card names her');
	assert.equal(await cardOf(p, demo.pendant.id).count(), 0,
	    'the private work is not in the gallery');
	assert.equal(await p.locator('ul#works').filter({ hasText: PENDANT })
	    .count(), 0, 'nor its title');
	assert.doesNotMatch(flat(await text('ul#works', p)), /不公开/);
	// Every card has a thumbnail, and each one loads.
	const cards = await p.locator('ul#works > li.work').count();
	const thumbs = await loaded('ul#works > li.work img', p);
	assert.equal(thumbs.length, cards, 'a thumbnail per card');
	const broken = thumbs.filter(([src, nw, nh]) => !/^\/photos\/\d+\/thumb\.jpg$/
	    .test(src) || nw !== SIZES.thumb[0] || nh !== SIZES.thumb[1]);
	assert.deepEqual(broken, [], 'thumbnails that did not load');
	assert.ok(thumbs.some(([src]) => src === demo.bangle.photos[0].thumb),
	    `${BANGLE}'s thumbnail`);
	if (made.photo)	// case 2 made a public work with a photo
		assert.deepEqual(await loaded(`ul#works a[href="/works/` +
		    `${made.id}"] img`, p), [[`/photos/${made.photo}/thumb.jpg`,
		    ...SIZES.thumb]], 'the work she just added, with its photo');
	await fits('gallery', p);
	await shot('09-gallery', p);

	// The public work opens, its photos load, nothing to edit.
	await tapTo(`ul#works a[href="/works/${demo.bangle.id}"]`,
	    `/works/${demo.bangle.id}`, p);
	assert.equal(await text('h1#work-title', p), BANGLE);
	const shown = await loaded('ul#photos img.photo', p);
	assert.deepEqual(shown.map(([src]) => src), demo.bangle.photos.map(
	    (x) => x.phone), 'its two photos');
	assert.ok(shown.every(([, nw]) => nw > 0), 'its photos load');
	assert.equal(await p.locator('#photo-form, #work-form').count(), 0,
	    'a visitor has no forms');
	// (measured here, held to the phone at the end: its failure hides
	// nothing of the rest)
	const wide = await wideness('a public work, to a visitor', p);
	await shot('10-public-work', p);

	// The private one: its page and its photos do not exist for a visitor.
	const res = await p.goto(`${BASE}/works/${demo.pendant.id}`);
	assert.equal(res.status(), 404, `GET /works/${demo.pendant.id}`);
	assert.equal(flat(await text('main .error', p)), NOT_FOUND);
	assert.equal(await p.locator('body').filter({ hasText: PENDANT })
	    .count(), 0, 'the 404 does not name it');
	await fits('private work, 404', p);
	await shot('11-private-404', p);
	for (const ph of demo.pendant.photos) {
		for (const url of [ph.thumb, ph.phone, ph.full]) {
			const r = await p.request.get(BASE + url);
			assert.equal(r.status(), 404, `GET ${url} (a private ` +
			    'work\'s photo)');
		}
	}
	const api = await p.request.get(`${BASE}/api/v1/works/` +
	    `${demo.pendant.id}`);
	assert.equal(api.status(), 404, 'nor through the API');
	assert.equal(wide, null, 'the public work\'s page is wider than ' +
	    'the phone');
}],
];

await runCases(cases.map(([name, fn]) => [name, fn, 'looks']), {
	failShots: async (n) => {
		for (const [who, p] of Object.entries(pages)) {
			if (p.isClosed())
				continue;
			console.log(`#   ${who} at ${p.url()}`);
			await shot(`fail-${n}-${who}`, p);
		}
	},
	close: async () => {
		if (tmp)
			rmSync(tmp, { recursive: true, force: true });
		if (browser)
			await browser.close();
	},
});
