// Package argon2id is Argon2id (RFC 9106, version 0x13) that reports its
// progress: after each of the 4 slices of each pass it calls back with the
// slices done, so a page can show a real progress bar during the seconds an
// unlock takes. golang.org/x/crypto/argon2 has no such hook.
//
// It is written here from RFC 9106 (§3: H0, the variable-length hash H',
// the 1 KiB blocks, the BlaMka compression G, Argon2id's data-independent
// addressing for the first half of the first pass), using x/crypto's
// blake2b. golang.org/x/crypto/argon2 stays the reference: the tests compare
// every output byte with argon2.IDKey over a grid of parameters and in a fuzz
// target, and run RFC 9106's §5.3 vector, so any change here is checked
// against it.
//
// Use Key. Its parameters mean what argon2.IDKey's mean, and for the same
// inputs it returns the same bytes.
package argon2id
