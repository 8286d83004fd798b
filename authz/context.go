package authz

import "strings"

// Context is a request's condition context: condition keys and their
// values, as strings ("true", "2026-01-01T00:00:00Z", "203.0.113.7"). A
// key with several values is a multi-valued key (aws:TagKeys,
// aws:CalledVia). Key names ignore case. The zero Context is empty and
// ready to use.
type Context struct {
	entries []contextEntry
	// Open makes keys that are not set unknown rather than absent:
	// conditions on them may go either way, and a decision that depends on
	// them is Conditional. For "is this allowed under some context?"
	// questions.
	Open bool
}

type contextEntry struct {
	key    string
	values []string
}

// Set sets a key's values, replacing any it had. No values makes a key
// that is present with an empty set of values.
func (c *Context) Set(key string, values ...string) {
	for i := range c.entries {
		if strings.EqualFold(c.entries[i].key, key) {
			c.entries[i].values = values
			return
		}
	}
	c.entries = append(c.entries, contextEntry{key: key, values: values})
}

// Add adds one value to a key, making it multi-valued when it had one.
func (c *Context) Add(key, value string) {
	for i := range c.entries {
		if strings.EqualFold(c.entries[i].key, key) {
			c.entries[i].values = append(c.entries[i].values, value)
			return
		}
	}
	c.entries = append(c.entries, contextEntry{key: key, values: []string{value}})
}

// Has reports whether a key is set.
func (c *Context) Has(key string) bool {
	_, ok := c.lookup(key)
	return ok
}

// Get returns a key's values and whether it is set.
func (c *Context) Get(key string) ([]string, bool) { return c.lookup(key) }

// Keys returns the keys set, in the order they were first set.
func (c *Context) Keys() []string {
	if c == nil {
		return nil
	}
	out := make([]string, len(c.entries))
	for i, e := range c.entries {
		out[i] = e.key
	}
	return out
}

func (c *Context) lookup(key string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	for i := range c.entries {
		if strings.EqualFold(c.entries[i].key, key) {
			return c.entries[i].values, true
		}
	}
	return nil, false
}

func (c *Context) open() bool { return c != nil && c.Open }
