#!/usr/bin/env node
// verify.mjs: an independent check of a Yujiang credential's proof.
//
//	node tests/vc/verify.mjs CREDENTIAL.json KEY
//	node tests/vc/verify.mjs CREDENTIAL.json DID.json
//
// KEY is the issuer's public key: did:key:z6Mk…, its multibase z6Mk…, or
// the bare 32 bytes in base58btc. DID.json is a did:web document saved
// to a local file (the station's /.well-known/did.json): the proof's
// verificationMethod "did:web:…#kid" is resolved in it — the document's
// id must be the DID, the method a Multikey it controls and one of its
// assertionMethods (retired keys stay listed there: what they signed
// still verifies), and the credential's issuer that DID. Prints "VALID"
// and exits 0, or "INVALID: reason" and exits 1 (2 for a usage error).
//
// It follows the W3C "Data Integrity EdDSA Cryptosuites v1.0" verify
// algorithm for eddsa-jcs-2022 (every such proof of a proof set) with
// none of our C code: JCS from the
// `canonicalize` package (by an RFC 8785 author), base58 from `bs58`,
// SHA-256 and Ed25519 from Node's own crypto. The packages are the
// browser tests' (tests/browser/package.json); `npm ci` there installs
// them. No network: did:key needs no resolver.
import { readFileSync } from 'node:fs';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const MODULES = new URL('../browser/node_modules/', import.meta.url);
const ED25519_PUB = [0xed, 0x01];	// multicodec, varint

// Import a package by name from tests/browser/node_modules, through the
// entry its package.json names for `import`.
async function load(name) {
	const dir = new URL(`${name}/`, MODULES);
	const pkg = JSON.parse(readFileSync(new URL('package.json', dir)));
	const dot = pkg.exports?.['.'];
	const entry = (typeof dot === 'string' ? dot : dot?.import ??
	    dot?.default) ?? pkg.module ?? pkg.main;
	const mod = await import(pathToFileURL(new URL(entry, dir).pathname));
	return mod.default ?? mod;
}

class Invalid extends Error {}

function check(ok, reason) {
	if (!ok)
		throw new Invalid(reason);
}

function base58(bs58, s, what) {
	try {
		return Buffer.from(bs58.decode(s));
	} catch {
		throw new Invalid(`${what} is not base58btc`);
	}
}

// The 32-byte key from did:key:z…[#z…], z… or bare base58 (which may
// itself start with a z: then it is 32 bytes, where a multikey is 34).
function parseKey(bs58, text) {
	let s = text.trim();
	const did = s.startsWith('did:key:');
	if (did) {
		s = s.slice(8).split('#')[0];
		check(s.startsWith('z'), 'the did:key is not base58btc');
	}
	if (s.startsWith('z')) {
		const b = base58(bs58, s.slice(1), 'the key');
		if (b.length === 34 && b[0] === ED25519_PUB[0] &&
		    b[1] === ED25519_PUB[1])
			return b.subarray(2);
		check(!did, 'the did:key is not an Ed25519 key');
	}
	const b = base58(bs58, s, 'the key');
	check(b.length === 32, 'the key is not did:key, z6Mk… or 32 bytes ' +
	    'of base58');
	return b;
}

const DATETIME =
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

// The key a did:web verificationMethod names, from the DID document
// didDoc (parsed did.json), checked as DID Core and did:web say.
function resolveDidWeb(bs58, doc, vm, didDoc) {
	check(didDoc !== null && typeof didDoc === 'object' &&
	    typeof didDoc.id === 'string' && didDoc.id.startsWith('did:web:'),
	    'the DID document has no did:web id');
	const did = didDoc.id;
	check(typeof vm === 'string' && vm.startsWith(did + '#') &&
	    vm.length > did.length + 1,
	    `verificationMethod is not a key of ${did}`);
	const issuer = typeof doc.issuer === 'string' ? doc.issuer :
	    doc.issuer?.id;
	check(issuer === did, 'the issuer is not the DID document\'s DID');
	const methods = Array.isArray(didDoc.verificationMethod) ?
	    didDoc.verificationMethod : [];
	const m = methods.find((x) => x?.id === vm);
	check(m !== undefined, 'the DID document does not list ' + vm);
	check(m.type === 'Multikey', 'the verification method is not a ' +
	    'Multikey');
	check(m.controller === did, 'the verification method is not ' +
	    'controlled by ' + did);
	const am = (Array.isArray(didDoc.assertionMethod) ?
	    didDoc.assertionMethod : []).map((x) =>
	    typeof x === 'string' ? x : x?.id);
	check(am.includes(vm), vm + ' is not an assertionMethod');
	const mb = m.publicKeyMultibase;
	check(typeof mb === 'string' && mb.startsWith('z'),
	    'publicKeyMultibase is not base58btc');
	const b = base58(bs58, mb.slice(1), 'publicKeyMultibase');
	check(b.length === 34 && b[0] === ED25519_PUB[0] &&
	    b[1] === ED25519_PUB[1], 'publicKeyMultibase is not an Ed25519 ' +
	    'Multikey');
	return b.subarray(2);
}


// A proof set (VC Data Integrity 1.0, 4.1): each proof is made over the
// document without any proof. Every eddsa-jcs-2022 proof in it must
// verify, and there must be one; the others (eddsa-rdfc-2022) are
// tests/vc/verify-rdfc.mjs's to check.
function verifyCredential(canonicalize, bs58, doc, pk, didDoc) {
	check(doc !== null && typeof doc === 'object' && !Array.isArray(doc),
	    'not a JSON object');
	const set = Array.isArray(doc.proof) ? doc.proof : [doc.proof];
	check(set.every((p) => p !== null && typeof p === 'object' &&
	    !Array.isArray(p)), 'a proof is not an object');
	const mine = set.filter((p) => p.cryptosuite === 'eddsa-jcs-2022');
	check(mine.length > 0, 'no eddsa-jcs-2022 proof');
	for (const proof of mine)
		verifyProof(canonicalize, bs58, doc, proof, pk, didDoc);
}

function verifyProof(canonicalize, bs58, doc, proof, pk, didDoc) {
	check(proof.type === 'DataIntegrityProof', 'proof type is not ' +
	    'DataIntegrityProof');
	check(proof.proofPurpose === 'assertionMethod',
	    'proofPurpose is not assertionMethod');
	check(typeof proof.created === 'string' &&
	    DATETIME.test(proof.created), 'created is not a dateTime');
	check(typeof proof.proofValue === 'string' &&
	    proof.proofValue.startsWith('z'),
	    'proofValue is not base58btc multibase');
	const sig = base58(bs58, proof.proofValue.slice(1), 'proofValue');
	check(sig.length === 64, 'proofValue is not 64 bytes');

	// The verification method must be a did:key naming the given key,
	// or a did:web key that the given DID document lists.
	const vm = proof.verificationMethod;
	if (didDoc !== undefined) {
		pk = resolveDidWeb(bs58, doc, vm, didDoc);
	} else {
		check(typeof vm === 'string' && vm.startsWith('did:key:'),
		    'verificationMethod is not a did:key');
		const [did, frag] = vm.split('#');
		check(frag === undefined || frag === did.slice(8),
		    'verificationMethod fragment names another key');
		check(parseKey(bs58, did).equals(pk),
		    'verificationMethod is not the given key');
	}

	// Verify Proof (eddsa-jcs-2022), steps 1-8.
	const unsecured = { ...doc };
	delete unsecured.proof;
	const options = { ...proof };
	delete options.proofValue;
	if (options['@context'] !== undefined) {
		const want = [options['@context']].flat();
		const have = [doc['@context']].flat();
		check(want.every((c, i) => canonicalize(c) ===
		    canonicalize(have[i])),
		    'the document @context does not start with the proof\'s');
		unsecured['@context'] = options['@context'];
	}
	const sha256 = (s) => createHash('sha256').update(s, 'utf8').digest();
	const hashData = Buffer.concat([sha256(canonicalize(options)),
	    sha256(canonicalize(unsecured))]);
	const key = createPublicKey({ format: 'jwk', key: { kty: 'OKP',
	    crv: 'Ed25519', x: pk.toString('base64url') } });
	check(verify(null, hashData, key, sig), 'the signature does not ' +
	    'verify');
}

async function main(argv) {
	if (argv.length !== 2) {
		console.error('usage: node verify.mjs CREDENTIAL.json ' +
		    'KEY|DID.json');
		return 2;
	}
	const canonicalize = await load('canonicalize');
	const bs58 = await load('bs58');
	try {
		let doc;
		try {
			doc = JSON.parse(readFileSync(argv[0], 'utf8'));
		} catch (e) {
			throw new Invalid('cannot read the credential: ' +
			    e.message);
		}
		if (argv[1].endsWith('.json')) {
			let didDoc;
			try {
				didDoc = JSON.parse(readFileSync(argv[1],
				    'utf8'));
			} catch (e) {
				throw new Invalid('cannot read the DID ' +
				    'document: ' + e.message);
			}
			verifyCredential(canonicalize, bs58, doc, null,
			    didDoc);
		} else {
			verifyCredential(canonicalize, bs58, doc,
			    parseKey(bs58, argv[1]));
		}
	} catch (e) {
		if (!(e instanceof Invalid))
			throw e;
		console.log(`INVALID: ${e.message}`);
		return 1;
	}
	console.log('VALID');
	return 0;
}

process.exitCode = await main(process.argv.slice(2));
