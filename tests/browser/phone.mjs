// What every browser test shares: the phone (a 390 px Android phone in
// Chinese), Debian's chromium launched the way this machine needs it,
// where screenshots go, and the runner that prints "ok N - name" /
// "not ok N - name" and "# result P F" (tests/browser/run.sh reads it).

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const outDir = join(here, '..', 'out', 'browser');
export const BASE = process.env.YJ_BASE;
export const DATA = process.env.YJ_DATA;
// The test mailbox: the Maildir of the SMTP server run.sh starts.
export const MAILDIR = process.env.YJ_MAILDIR;
export const PHONE_W = 390;

// A demo login from the data directory's demo-accounts.txt (columns
// role, login, password, name, note), written by `yujiang-admin init`.
export function demoLogin(account) {
	assert.ok(DATA, 'YJ_DATA is not set (run tests/browser/run.sh)');
	const file = join(DATA, 'demo-accounts.txt');
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const [role, login, password, name] = line.trim().split(/\s+/);
		if (login === account)
			return { role, account, password, name };
	}
	throw new Error(`no account ${account} in ${file} (was the data ` +
	    'directory made with yujiang-admin init?)');
}

// The newest one-time code the console adapter logged for account (the
// server log is DATA/kore.log): what the person reads on their phone.
// Waits up to 10 s for the outbox to deliver it.
export async function codeFromLog(account) {
	assert.ok(DATA, 'YJ_DATA is not set (run tests/browser/run.sh)');
	const re = new RegExp('outbox #\\d+ console (?:sms|email) to ' +
	    account.replace(/[.+]/g, '\\$&') +
	    ': .*?(?<!\\d)(\\d{6})(?!\\d)', 'g');
	for (let i = 0; i < 100; i++) {
		const log = readFileSync(join(DATA, 'kore.log'), 'utf8');
		const all = [...log.matchAll(re)];
		if (all.length > 0)
			return all[all.length - 1][1];
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('no code for ' + account + ' in the server log');
}

// The newest one-time code mailed to address, as the person reads it in
// their mailbox: the messages the real SMTP server (aiosmtpd, started by
// run.sh) received into MAILDIR, decoded (a base64 UTF-8 body). Waits up
// to 15 s for the outbox to deliver it.
export async function codeFromMailbox(address) {
	assert.ok(MAILDIR, 'YJ_MAILDIR is not set (run tests/browser/run.sh)');
	for (let i = 0; i < 150; i++) {
		let best = null;
		for (const name of readdirSync(join(MAILDIR, 'new')).sort()) {
			const raw = readFileSync(join(MAILDIR, 'new', name),
			    'utf8').replace(/\r\n/g, '\n');
			const cut = raw.indexOf('\n\n');
			const head = raw.slice(0, cut);
			const to = /^To: *(.*)$/mi.exec(head);
			if (to === null || to[1].trim() !== address)
				continue;
			const body = Buffer.from(raw.slice(cut + 2)
			    .replace(/\s+/g, ''), 'base64').toString('utf8');
			const code = /(?<!\d)(\d{6})(?!\d)/.exec(body);
			if (code !== null)
				best = code[1];	/* names sort by delivery time */
		}
		if (best !== null)
			return best;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('no mail with a code to ' + address);
}

// Text with its runs of white space made one space, trimmed.
export function flat(s) {
	return s.replace(/\s+/g, ' ').trim();
}

export const phone = {
	viewport: { width: PHONE_W, height: 844 },
	deviceScaleFactor: 2,
	isMobile: true,
	hasTouch: true,
	userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) ' +
	    'AppleWebKit/537.36 (KHTML, like Gecko) ' +
	    'Chrome/126.0.0.0 Mobile Safari/537.36',
	locale: 'zh-CN',
	extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' },
};

// Debian's chromium, headless, with a fresh temporary profile (removed on
// close) and without the background networking this closed machine
// refuses. Never a downloaded browser.
//
// Every context the browser makes is watched (axeWatch): each page it
// visits on the server is checked by axe-core (axeDrain, run by runCases
// after each case).
export async function launch() {
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: process.env.YJ_CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
	const plain = browser.newContext.bind(browser);
	axe.browser = browser;
	axe.plain = plain;
	/* browser.newPage() makes its context through this one too. */
	browser.newContext = async (options) => {
		const c = await plain(options);
		axeWatch(c);
		return c;
	};
	return browser;
}

// axe-core (WCAG 2.1 A and AA rules) on every page a test visits, in
// both languages. The page visit is the main frame's navigation: its
// HTML answer (any method, any status — a refused form's page too) is
// kept with the visitor's cookies, and checked later in a context of the
// checker's own, so the check never races the test's page:
//   - the answer as the test saw it, replayed (the same bytes, the real
//     stylesheet and pictures from the server, the visitor's session);
//   - for a GET, the same address in the other language (the yj_lang
//     cookie), asked of the server again.
// Each check prints one line, "# axe LANG METHOD PATH STATUS: …"; a
// serious or critical violation fails the case that visited the page.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axe = { browser: null, plain: null, checker: null, queue: [],
    seen: new Set(), pages: 0, bad: 0 };

function axeWatch(context) {
	context.on('response', (res) => {
		let req, frame;
		try {
			req = res.request();
			frame = req.frame();
		} catch {
			return;		/* a service worker's: no page */
		}
		if (!req.isNavigationRequest() || frame.parentFrame() !== null)
			return;
		if (!BASE || !res.url().startsWith(BASE))
			return;
		const type = res.headers()['content-type'] || '';
		if (!type.startsWith('text/html'))
			return;
		axe.queue.push({ url: res.url(), method: req.method(),
		    status: res.status(),
		    body: res.text().catch(() => null),
		    cookies: context.cookies().catch(() => []) });
	});
}

async function axeRun(page, label) {
	const { AxeBuilder } = await import('@axe-core/playwright');
	const r = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
	const n = { critical: 0, serious: 0, moderate: 0, minor: 0 };
	const bad = [];
	for (const v of r.violations) {
		n[v.impact] = (n[v.impact] || 0) + v.nodes.length;
		if (v.impact === 'serious' || v.impact === 'critical')
			bad.push(`${label}: ${v.impact} ${v.id} (${v.help}) at ` +
			    v.nodes.slice(0, 3).map((x) => x.target.join(' '))
			    .join(', ') + (v.nodes.length > 3 ?
			    ` and ${v.nodes.length - 3} more` : ''));
	}
	axe.pages++;
	if (bad.length > 0)
		axe.bad++;
	console.log(`# axe ${label}: ${n.critical} critical, ${n.serious} ` +
	    `serious, ${n.moderate} moderate, ${n.minor} minor`);
	return bad;
}

function langOf(html) {
	const m = /<html lang="([^"]*)"/.exec(html);
	return m ? m[1] : '?';
}

// Check every page visited since the last call; returns the serious and
// critical violations found, one line each (empty when none).
export async function axeDrain() {
	const bad = [];
	while (axe.queue.length > 0) {
		const v = axe.queue.shift();
		/* null: the page was left before its answer could be read;
		 * a GET is then asked again, in both languages. */
		const body = await v.body;
		const lang = body === null ? null : langOf(body);
		const path = v.url.slice(BASE.length);
		const key = `${lang} ${v.method} ${path} ${v.status}`;
		if (body === null && v.method !== 'GET') {
			console.log(`# axe ${v.method} ${path}: not checked ` +
			    '(left before its answer was read)');
			continue;
		}
		if (axe.seen.has(key))
			continue;
		axe.seen.add(key);
		if (axe.checker === null)
			axe.checker = await axe.plain(phone);
		const c = axe.checker;
		await c.clearCookies();
		await c.addCookies(await v.cookies);
		const p = await c.newPage();
		try {
			if (body !== null) {
				await p.route((u) => u.href === v.url, (r) =>
				    r.fulfill({ status: v.status, body,
				    contentType: 'text/html; charset=utf-8' }));
				await p.goto(v.url);
				await p.unrouteAll();
				bad.push(...await axeRun(p, key));
			}
			if (v.method !== 'GET')
				continue;
			const u = new URL(v.url);
			for (const other of lang === null ? ['zh', 'en'] :
			    [lang === 'en' ? 'zh' : 'en']) {
				await c.addCookies([{ name: 'yj_lang',
				    value: other, domain: u.hostname,
				    path: '/' }]);
				const res = await p.goto(v.url);
				const got = res === null ? '?' :
				    langOf(await res.text());
				const key2 = `${got} GET ${path} ` +
				    `${res ? res.status() : 0}`;
				if (axe.seen.has(key2))
					continue;
				axe.seen.add(key2);
				bad.push(...await axeRun(p, key2));
			}
		} finally {
			await p.close();
		}
	}
	return bad;
}

// Run cases ([name, fn, 'looks'?] each) in order and exit. A journey: once
// a case fails the later ones are not run and fail ("earlier step
// failed"), except cases marked 'looks', which only look and fail on
// their own. On a failure, failShots(n) takes the screenshots it can.
// `node FILE --count` prints the number of cases and exits.
export async function runCases(cases, { failShots, close }) {
	if (process.argv.includes('--count')) {
		console.log(cases.length);
		process.exit(0);
	}
	let passed = 0, failed = 0, broken = null;
	mkdirSync(outDir, { recursive: true });
	try {
		if (!BASE)
			broken = 'YJ_BASE is not set (run tests/browser/run.sh)';
		for (const [i, [name, fn, looks]] of cases.entries()) {
			const n = i + 1;
			if (broken !== null) {
				console.log(`not ok ${n} - ${name}\n` +
				    `#   not run: ${broken}`);
				failed++;
				continue;
			}
			try {
				await fn();
				const bad = await axeDrain();
				if (bad.length > 0)
					throw new Error('axe-core: ' +
					    bad.join('\n'));
				console.log(`ok ${n} - ${name}`);
				passed++;
			} catch (e) {
				console.log(`not ok ${n} - ${name}`);
				console.log(String(e && e.stack || e).split('\n')
				    .slice(0, 12).map((l) => '#   ' +
				    (l.length > 300 ? l.slice(0, 300) + '…' : l))
				    .join('\n'));
				try {
					await failShots(n);
				} catch { /* the browser may be gone */ }
				failed++;
				if (looks !== 'looks')
					broken = `earlier step ${n} failed`;
			}
		}
	} finally {
		/* Pages a failed case visited are still counted. */
		try { await axeDrain(); } catch { /* the browser may be gone */ }
		try { await close(); } catch { /* already gone */ }
	}
	console.log(`# axe: ${axe.pages} page checks, ${axe.bad} with ` +
	    'serious or critical violations');
	console.log(`# result ${passed} ${failed}`);
	process.exit(failed === 0 ? 0 : 1);
}
