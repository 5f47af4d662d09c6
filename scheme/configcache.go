package scheme

import (
	"sync"
)

// ConfigCache remembers what a scheme's config loader returned for a
// stored session. Every signature and every listing loads the session's
// config, and the stored bytes are nearly always the ones loaded last time;
// parsing and checking them again costs about as much as the signature.
//
// The key is every input a loader may read, exactly: the config's stored
// bytes, the chain, the signer and the config hash. So a hit is what loading
// again would return, and which config binds which key is unchanged: a
// config edited by one byte, or the same bytes under another hash or chain,
// is loaded (and checked) afresh. Refusals are not cached.
//
// The value is shared by every caller that loads the same session: T must
// be treated as read-only (the schemes' config methods only read).
type ConfigCache[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

// configCacheLimit bounds the memory: beyond it the cache starts over (a
// vault has far fewer live sessions; more would only be a hostile store).
const configCacheLimit = 4096

// Load returns load(s), from the cache if a session with the same config
// bytes, chain, signer and config hash was loaded before. load must read
// nothing of s but those four.
func (c *ConfigCache[T]) Load(s *Session, load func(*Session) (T, error)) (T, error) {
	var buf [1024]byte // most configs: the key stays off the heap
	key := appendConfigKey(buf[:0], s)
	c.mu.Lock()
	v, ok := c.m[string(key)]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := load(s)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= configCacheLimit {
		c.m = map[string]T{}
	}
	c.m[string(key)] = v
	return v, nil
}

// appendConfigKey joins a loader's inputs unambiguously: two fixed-size
// fields, the chain id in decimal (no NUL), a NUL, then the config's bytes.
func appendConfigKey(b []byte, s *Session) []byte {
	b = append(b, s.ConfigHash[:]...)
	b = append(b, s.Signer[:]...)
	if s.ChainID != nil {
		b = s.ChainID.Append(b, 10)
	}
	b = append(b, 0)
	return append(b, s.Config...)
}
