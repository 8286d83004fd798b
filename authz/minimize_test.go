package authz

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// minimize shrinks disagreeing cases for investigation
// (IAMLINT_DIFF_MINIMIZE=1): it removes policies, statements, condition
// operators and context keys while iamlint and the oracle still disagree,
// running each round's candidates through the oracle in one batch.
func minimize(t *testing.T, dir string, cases []diffCase) []diffCase {
	for round := range 12 {
		var batch []diffCase
		owner := map[int]int{}
		for i := range cases {
			for _, v := range shrinks(&cases[i]) {
				v.ID = 1_000_000*(round+1) + len(batch)
				owner[v.ID] = i
				batch = append(batch, v)
			}
		}
		if len(batch) == 0 {
			break
		}
		res := runOracle(t, dir, batch)
		progressed := false
		done := map[int]bool{}
		for _, v := range batch {
			i := owner[v.ID]
			if done[i] {
				continue
			}
			o := res[v.ID]
			if o.Error != "" {
				continue
			}
			set, req := v.build(t)
			if Evaluate(set, req).Effect.String() != o.Decision {
				id := cases[i].ID
				cases[i] = v
				cases[i].ID = id
				done[i] = true
				progressed = true
			}
		}
		if !progressed {
			break
		}
	}
	return cases
}

// runOracle decides the cases with the oracle installed in dir, by case ID.
func runOracle(t *testing.T, dir string, cases []diffCase) map[int]oracleResult {
	t.Helper()
	input := filepath.Join(t.TempDir(), "cases.json")
	data, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(input, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "testdata/oracle.cjs", input)
	cmd.Env = append(os.Environ(), "ORACLE_DIR="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v\n%s", err, stderr.String())
	}
	res := map[int]oracleResult{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var r oracleResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("oracle output %q: %v", sc.Text(), err)
		}
		res[r.ID] = r
	}
	return res
}

// shrinks lists the cases one step smaller than c.
func shrinks(c *diffCase) []diffCase {
	var out []diffCase
	clone := func() diffCase {
		b, _ := json.Marshal(c)
		var d diffCase
		_ = json.Unmarshal(b, &d)
		return d
	}
	for i := range c.Identity {
		d := clone()
		d.Identity = append(d.Identity[:i:i], d.Identity[i+1:]...)
		out = append(out, d)
		for _, doc := range shrinkDoc(c.Identity[i]) {
			d := clone()
			d.Identity[i] = doc
			out = append(out, d)
		}
	}
	one := func(get func(*diffCase) *json.RawMessage) {
		if *get(c) == nil {
			return
		}
		d := clone()
		*get(&d) = nil
		out = append(out, d)
		for _, doc := range shrinkDoc(*get(c)) {
			d := clone()
			*get(&d) = doc
			out = append(out, d)
		}
	}
	one(func(d *diffCase) *json.RawMessage { return &d.ResourcePolicy })
	one(func(d *diffCase) *json.RawMessage { return &d.Boundary })
	one(func(d *diffCase) *json.RawMessage { return &d.SessionPolicy })
	if c.SCPs != nil {
		d := clone()
		d.SCPs = nil
		out = append(out, d)
	}
	if c.RCPs != nil {
		d := clone()
		d.RCPs = nil
		out = append(out, d)
	}
	for k := range c.Context {
		d := clone()
		delete(d.Context, k)
		out = append(out, d)
	}
	return out
}

// shrinkDoc lists a document with one statement or one condition operator
// fewer.
func shrinkDoc(raw json.RawMessage) []json.RawMessage {
	var doc map[string]any
	if json.Unmarshal(raw, &doc) != nil {
		return nil
	}
	stmts, _ := doc["Statement"].([]any)
	var out []json.RawMessage
	enc := func(v any) json.RawMessage {
		b, _ := json.MarshalIndent(v, "", "  ")
		return b
	}
	for i := range stmts {
		if len(stmts) > 1 {
			rest := append(append([]any{}, stmts[:i]...), stmts[i+1:]...)
			d := map[string]any{"Statement": rest}
			if v, ok := doc["Version"]; ok {
				d["Version"] = v
			}
			out = append(out, enc(d))
		}
		s, _ := stmts[i].(map[string]any)
		cond, _ := s["Condition"].(map[string]any)
		for op := range cond {
			var d map[string]any
			_ = json.Unmarshal(raw, &d)
			ds := d["Statement"].([]any)[i].(map[string]any)
			dc := ds["Condition"].(map[string]any)
			delete(dc, op)
			if len(dc) == 0 {
				delete(ds, "Condition")
			}
			out = append(out, enc(d))
		}
	}
	return out
}
