package scheme

import "sync"

// ParseCache remembers what a deterministic parser returned for the exact
// bytes it was given. A scheme parses its stored config on every signature
// and every listing, and the bytes are nearly always the ones it parsed
// last time; encoding/json costs about as much as the signature. Keyed by
// the whole input, a hit is exactly what parsing again would return, so
// nothing about which config binds which key changes. Refusals are not
// cached.
//
// The value is shared by every caller that parses the same bytes: T must be
// treated as read-only (the schemes' Config methods only read).
type ParseCache[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

// parseCacheLimit bounds the memory: beyond it the cache starts over (a
// vault has far fewer live sessions; more would only be a hostile store).
const parseCacheLimit = 4096

// Parse returns parse(raw), from the cache if raw was parsed before.
func (c *ParseCache[T]) Parse(raw []byte, parse func([]byte) (T, error)) (T, error) {
	c.mu.Lock()
	v, ok := c.m[string(raw)]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := parse(raw)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= parseCacheLimit {
		c.m = map[string]T{}
	}
	c.m[string(raw)] = v
	return v, nil
}
