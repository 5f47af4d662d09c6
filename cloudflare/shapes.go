package main

// The shapes of the names and tokens the API reads: a length range and the
// bytes allowed. They are checked byte by byte instead of with regular
// expressions, which would bring the regexp packages (about 0.2 MB of code)
// into the server module for four fixed patterns; shapes_test.go holds each
// check to the pattern it stands for.

// isAppID: 1-32 of a-z, 0-9 and _.
func isAppID(s string) bool { return shaped(s, 1, 32, isLowerAlnum, "_") }

// isNonce: 16-64 of A-Z, a-z, 0-9, _ and -.
func isNonce(s string) bool { return shaped(s, 16, 64, isAlnum, "_-") }

// isMAC: 64 lowercase hex digits.
func isMAC(s string) bool { return shaped(s, 64, 64, isLowerHex, "") }

// isVaultName: 1-64 of A-Z, a-z, 0-9, '.', '_' and '-'.
func isVaultName(s string) bool { return shaped(s, 1, 64, isAlnum, "._-") }

// shaped reports whether s has min to max bytes, each accepted by class or
// listed in extra.
func shaped(s string, min, max int, class func(byte) bool, extra string) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := range len(s) {
		if !class(s[i]) && !inSet(s[i], extra) {
			return false
		}
	}
	return true
}

func inSet(c byte, set string) bool {
	for i := range len(set) {
		if set[i] == c {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isLower(c byte) bool      { return 'a' <= c && c <= 'z' }
func isLowerAlnum(c byte) bool { return isLower(c) || isDigit(c) }
func isAlnum(c byte) bool      { return isLowerAlnum(c) || 'A' <= c && c <= 'Z' }
func isLowerHex(c byte) bool   { return isDigit(c) || 'a' <= c && c <= 'f' }
