// verify.js: the verify page's one optional step (src/verify.c). When the
// page was opened from a certificate's QR code, the address ends in
// #<base64url claims>.<base64url Ed25519 signature>; a fragment never
// reaches the server, so the browser checks it here with WebCrypto:
// the signature over the claims' exact bytes against the station's
// public key embedded in the page (data-keys: "kid:base64url …"), then
// that the claims name this page (its code, origin, serial, holder).
// The result replaces the step's text (textContent only, never markup).
// Without JavaScript, or without the fragment, or in a browser without
// Ed25519 in WebCrypto, the page stays as the server wrote it, complete.
(function () {
	'use strict';

	var li = document.getElementById('check-signature');
	var hash = window.location.hash;

	if (!li || !hash || hash.length < 2)
		return;

	function say(result, key) {
		var note = li.querySelector('.check-note');

		li.setAttribute('data-result', result);
		if (note)
			note.textContent = li.getAttribute(key) || '';
	}

	function unb64(s) {
		var bin, out, i;

		if (!/^[A-Za-z0-9_-]+$/.test(s))
			throw new Error('not base64url');
		s = s.replace(/-/g, '+').replace(/_/g, '/');
		while (s.length % 4)
			s += '=';
		bin = window.atob(s);
		out = new Uint8Array(bin.length);
		for (i = 0; i < bin.length; i++)
			out[i] = bin.charCodeAt(i);
		return out;
	}

	function keyOf(kid) {
		var words = (li.getAttribute('data-keys') || '').split(/\s+/);
		var i, kv;

		for (i = 0; i < words.length; i++) {
			kv = words[i].split(':');
			if (kv.length === 2 && kv[0] === kid)
				return unb64(kv[1]);
		}
		return null;
	}

	var parts = hash.slice(1).split('.');
	var claimsBytes, sig, claims, pk;

	try {
		if (parts.length !== 2)
			throw new Error('not claims.signature');
		claimsBytes = unb64(parts[0]);
		sig = unb64(parts[1]);
		claims = JSON.parse(new TextDecoder('utf-8', { fatal: true })
		    .decode(claimsBytes));
		pk = keyOf(String(claims.kid));
	} catch (e) {
		say('bad', 'data-bad');
		return;
	}
	if (!pk || sig.length !== 64) {
		say('bad', 'data-bad');
		return;
	}
	if (!window.crypto || !window.crypto.subtle) {
		say('not-checked', 'data-unsupported');
		return;
	}
	say('checking', 'data-checking');
	window.crypto.subtle.importKey('raw', pk, { name: 'Ed25519' }, false,
	    ['verify']).then(function (key) {
		return window.crypto.subtle.verify({ name: 'Ed25519' }, key, sig,
		    claimsBytes);
	}).then(function (ok) {
		if (!ok) {
			say('bad', 'data-bad');
			return;
		}
		// Signed by us: but for this page? (a genuine QR of another
		// certificate pasted onto this address would be signed too)
		if (claims.c !== li.getAttribute('data-code') ||
		    claims.o !== window.location.origin ||
		    claims.s !== li.getAttribute('data-serial') ||
		    claims.h !== li.getAttribute('data-holder')) {
			say('mismatch', 'data-mismatch');
			return;
		}
		say('ok', 'data-ok');
	}, function () {
		// No Ed25519 in this browser's WebCrypto: say so, claim nothing.
		say('not-checked', 'data-unsupported');
	});
})();
