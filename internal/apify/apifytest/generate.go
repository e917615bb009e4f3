package apifytest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
)

// Mode is the kind of answer a Generator makes.
type Mode int

const (
	// Mixed leaves each optional key out, or makes each nullable value
	// null, at random.
	Mixed Mode = iota
	// RequiredOnly gives only the keys the schemas require.
	RequiredOnly
	// EveryKey gives every key the schemas list, none null.
	EveryKey
	// Nulls gives every key, null wherever the schema allows it.
	Nulls
	// ExtraKeys adds unknown keys to every object that allows them.
	ExtraKeys
	// Duplicates repeats items in arrays (where uniqueItems allows it).
	Duplicates
	// EmptyStrings makes every string without a format or an enum "".
	EmptyStrings
	// LongStrings makes a third of the strings without a format or an
	// enum, and of the URIs, 10 to 70 kB long.
	LongStrings
	numModes
)

var modeNames = [...]string{"mixed", "required-only", "every-key", "nulls", "extra-keys", "duplicates", "empty-strings", "long-strings"}

// String names the mode, as in test messages.
func (m Mode) String() string {
	if m >= 0 && m < numModes {
		return modeNames[m]
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// Generator makes answers from the description's own response schemas.
// The fake answers with what its authors thought of; the description
// permits far more: keys left out, nulls, event types the provider has no
// constant for, keys added later, strings of any length. Answers made by
// walking the schemas hold the client and the provider's mapping to
// everything the description permits; CheckAnswer holds each to the
// fake's validator, so an answer it refuses is a bug of the generator.
//
// It resolves $ref, merges allOf, takes one branch of anyOf and oneOf,
// and takes enum values in turn, so that a few answers cover every value
// the description lists. Integers are written as JSON integers within
// int64, though "integer" also admits 200.0 and larger values.
//
// It is deterministic for its seed: the same calls make the same answers.
// It is not safe for concurrent use.
type Generator struct {
	spec  *Spec
	rnd   *rand.Rand
	count int
	// enums counts the values taken of each enum, by its values.
	enums map[string]int
}

// NewGenerator returns a generator of answers seeded with seed.
func (s *Spec) NewGenerator(seed uint64) *Generator {
	return &Generator{spec: s, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), enums: map[string]int{}}
}

// Answer is a generated body, with the mode that made it.
type Answer struct {
	Mode Mode
	Body []byte
}

// Next makes a body of operationID's answer of status (such as
// "webhookDispatch_get" and 200), in each mode in turn.
func (g *Generator) Next(operationID string, status int) (Answer, error) {
	mode := Mode(g.count % int(numModes))
	g.count++
	body, err := g.Generate(mode, operationID, status)
	return Answer{Mode: mode, Body: body}, err
}

// Generate makes a body of operationID's answer of status in mode.
func (g *Generator) Generate(mode Mode, operationID string, status int) ([]byte, error) {
	schema, err := g.spec.responseSchema(operationID, status)
	if err != nil {
		return nil, err
	}
	w := &walk{Generator: g, mode: mode}
	v := w.value(schema, operationID, 0)
	if w.err != nil {
		return nil, w.err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Operation gives the method and the path template (such as
// "/v2/webhooks/{webhookId}") of the operation named operationID.
func (s *Spec) Operation(operationID string) (method, path string, ok bool) {
	method, path, op := s.operationByID(operationID)
	return method, path, op != nil
}

func (s *Spec) operationByID(id string) (string, string, *v3.Operation) {
	if s.model.Paths == nil {
		return "", "", nil
	}
	for path, item := range s.model.Paths.PathItems.FromOldest() {
		for method, op := range item.GetOperations().FromOldest() {
			if op.OperationId == id {
				return strings.ToUpper(method), path, op
			}
		}
	}
	return "", "", nil
}

// responseSchema finds the JSON schema of operationID's answer of status.
func (s *Spec) responseSchema(operationID string, status int) (*base.SchemaProxy, error) {
	_, _, op := s.operationByID(operationID)
	if op == nil {
		return nil, fmt.Errorf("apifytest: the description has no operation %q", operationID)
	}
	var resp *v3.Response
	if op.Responses != nil {
		resp = op.Responses.Codes.GetOrZero(strconv.Itoa(status))
	}
	if resp == nil {
		return nil, fmt.Errorf("apifytest: %s has no %d answer", operationID, status)
	}
	for mediaType, content := range resp.Content.FromOldest() {
		if strings.HasPrefix(mediaType, "application/json") && content.Schema != nil {
			return content.Schema, nil
		}
	}
	return nil, fmt.Errorf("apifytest: the %d answer of %s has no JSON schema", status, operationID)
}

// CheckAnswer validates an answer of status with body (JSON) to the
// request method path (a concrete path, such as /v2/webhooks/abc) as the
// fake validates its own answers, exceptions included.
func (s *Spec) CheckAnswer(method, path string, status int, body []byte) []Violation {
	r, err := http.NewRequestWithContext(context.Background(), method, "https://api.apify.com"+path, http.NoBody)
	if err != nil {
		return []Violation{{Operation: method + " " + path, Part: "response", Status: status, Message: err.Error()}}
	}
	return s.responseViolations(r, &http.Response{
		StatusCode: status, Header: http.Header{"Content-Type": {"application/json; charset=utf-8"}},
		Body: io.NopCloser(bytes.NewReader(body)), Request: r,
	})
}

// walk is one answer being made.
type walk struct {
	*Generator
	mode Mode
	err  error
}

// maxDepth bounds the walk, for a description whose schemas refer to
// themselves.
const maxDepth = 24

func (w *walk) fail(where, format string, args ...any) any {
	if w.err == nil {
		w.err = fmt.Errorf("apifytest: generating %s: %s", where, fmt.Sprintf(format, args...))
	}
	return nil
}

// wantNull tells whether a value the schema lets be null is null.
func (w *walk) wantNull() bool {
	switch w.mode {
	case Nulls:
		return true
	case Mixed:
		return w.rnd.IntN(3) == 0
	}
	return false
}

// value makes a value of the schema of proxy; where names it in errors.
func (w *walk) value(proxy *base.SchemaProxy, where string, depth int) any {
	s, err := resolve(proxy)
	if err != nil {
		return w.fail(where, "%v", err)
	}
	if depth > maxDepth {
		return w.fail(where, "the schemas nest deeper than %d", maxDepth)
	}
	if s.Const != nil {
		return decodeNode(s.Const, w, where)
	}
	if len(s.Enum) > 0 {
		return w.enum(s, where)
	}
	extra := refSiblingRequired(proxy)
	if len(s.AllOf) > 0 {
		return w.object(s, extra, where, depth)
	}
	if branches := slices.Concat(s.AnyOf, s.OneOf); len(branches) > 0 {
		return w.value(w.branch(branches), where, depth+1)
	}
	types := s.Type
	if len(types) == 0 {
		switch {
		case s.Properties != nil:
			types = []string{"object"}
		case s.Items != nil:
			types = []string{"array"}
		default:
			return w.anything(0)
		}
	}
	nullable := slices.Contains(types, "null") || (s.Nullable != nil && *s.Nullable)
	nonNull := slices.DeleteFunc(slices.Clone(types), func(t string) bool { return t == "null" })
	if len(nonNull) == 0 || (nullable && w.wantNull()) {
		return nil
	}
	switch t := nonNull[w.rnd.IntN(len(nonNull))]; t {
	case "object":
		return w.object(s, extra, where, depth)
	case "array":
		return w.array(s, where, depth)
	case "string":
		return w.str(s, where)
	case "integer":
		return w.integer(s)
	case "number":
		return json.Number(strconv.FormatFloat(w.number(s), 'g', -1, 64))
	case "boolean":
		return w.rnd.IntN(2) == 0
	default:
		return w.fail(where, "unknown type %q", t)
	}
}

// resolve gives the schema of proxy, its $ref resolved.
func resolve(proxy *base.SchemaProxy) (*base.Schema, error) {
	if s := proxy.Schema(); s != nil {
		return s, nil
	}
	err := proxy.GetBuildError()
	if err == nil {
		err = errors.New("unknown reason")
	}
	return nil, fmt.Errorf("the schema cannot be resolved: %w", err)
}

// refSiblingRequired gives the keys required beside a $ref, as in
// {$ref: ./RequestBase.yaml, required: [id]}: OpenAPI 3.1 allows such
// siblings and the validator holds answers to them, but the model, as
// LoadSpec builds it, drops them.
func refSiblingRequired(proxy *base.SchemaProxy) []string {
	n := proxy.GetReferenceNode()
	if n == nil {
		return nil
	}
	var required []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "required" {
			_ = n.Content[i+1].Decode(&required)
		}
	}
	return required
}

// branch picks a branch of an anyOf or oneOf: the null one when the
// answer wants a null, another at random otherwise.
func (w *walk) branch(branches []*base.SchemaProxy) *base.SchemaProxy {
	var null, other []*base.SchemaProxy
	for _, b := range branches {
		if s, _ := resolve(b); s != nil && len(s.Type) == 1 && s.Type[0] == "null" {
			null = append(null, b)
		} else {
			other = append(other, b)
		}
	}
	if len(null) > 0 && (len(other) == 0 || w.wantNull()) {
		return null[0]
	}
	return other[w.rnd.IntN(len(other))]
}

func (w *walk) enum(s *base.Schema, where string) any {
	values := make([]any, len(s.Enum))
	for i, n := range s.Enum {
		values[i] = decodeNode(n, w, where)
	}
	key := fmt.Sprint(values...)
	i := w.enums[key]
	w.enums[key]++
	return values[i%len(values)]
}

func decodeNode(n interface{ Decode(any) error }, w *walk, where string) any {
	var v any
	if err := n.Decode(&v); err != nil {
		return w.fail(where, "decoding an enum or const value: %v", err)
	}
	return v
}

// property is one key of an object schema.
type property struct {
	name   string
	schema *base.SchemaProxy
}

// flatten gathers the properties and required keys of an object schema
// and its allOf, and whether it refuses other keys.
func flatten(s *base.Schema, props *[]property, required map[string]bool) (closed bool) {
	for name, p := range s.Properties.FromOldest() {
		if i := slices.IndexFunc(*props, func(q property) bool { return q.name == name }); i >= 0 {
			// Both must hold; the generator takes the later one, and the
			// self-check tells if that is not enough.
			(*props)[i].schema = p
		} else {
			*props = append(*props, property{name, p})
		}
	}
	for _, r := range s.Required {
		required[r] = true
	}
	closed = s.AdditionalProperties != nil && s.AdditionalProperties.IsB() && !s.AdditionalProperties.B
	for _, member := range s.AllOf {
		for _, r := range refSiblingRequired(member) {
			required[r] = true
		}
		if ms, _ := resolve(member); ms != nil && flatten(ms, props, required) {
			closed = true
		}
	}
	return closed
}

// object makes an object of s, with the keys of extraRequired too.
func (w *walk) object(s *base.Schema, extraRequired []string, where string, depth int) any {
	var props []property
	required := map[string]bool{}
	for _, r := range extraRequired {
		required[r] = true
	}
	closed := flatten(s, &props, required)
	o := map[string]any{}
	for _, p := range props {
		include := required[p.name]
		switch w.mode {
		case Mixed:
			include = include || w.rnd.IntN(2) == 0
		case RequiredOnly:
		default:
			include = true
		}
		if include {
			o[p.name] = w.value(p.schema, where+"."+p.name, depth+1)
		}
	}
	for r := range required {
		if _, ok := o[r]; !ok {
			// A required key without a schema of its own: anything does.
			o[r] = w.anything(0)
		}
	}
	if w.mode == ExtraKeys && !closed {
		var extra *base.SchemaProxy
		if ap := s.AdditionalProperties; ap != nil && ap.IsA() {
			extra = ap.A
		}
		for i := range 1 + w.rnd.IntN(3) {
			name := fmt.Sprintf("unknownKey%d", i)
			if _, taken := o[name]; taken {
				continue
			}
			if extra != nil {
				o[name] = w.value(extra, where+"."+name, depth+1)
			} else {
				o[name] = w.anything(0)
			}
		}
	}
	return o
}

func (w *walk) array(s *base.Schema, where string, depth int) any {
	n := w.rnd.IntN(4)
	switch w.mode {
	case RequiredOnly, LongStrings:
		n = w.rnd.IntN(3)
	case Duplicates:
		n = 1 + w.rnd.IntN(2)
	}
	if s.MinItems != nil {
		n = max(n, int(*s.MinItems))
	}
	if s.MaxItems != nil {
		n = min(n, int(*s.MaxItems))
	}
	item := func(i int) any {
		if s.Items == nil || s.Items.IsB() {
			return w.anything(1)
		}
		return w.value(s.Items.A, fmt.Sprintf("%s[%d]", where, i), depth+1)
	}
	unique := s.UniqueItems != nil && *s.UniqueItems
	out := make([]any, 0, n)
	seen := map[string]bool{}
	for i := range n {
		v := item(i)
		if unique {
			key, _ := json.Marshal(v)
			if seen[string(key)] {
				continue
			}
			seen[string(key)] = true
		}
		out = append(out, v)
	}
	if w.mode == Duplicates && !unique && len(out) > 0 && (s.MaxItems == nil || int(*s.MaxItems) > len(out)) {
		out = append(out, out[w.rnd.IntN(len(out))])
	}
	return out
}

// alphabet is what random strings are made of: letters, digits, JSON's
// escapes, HTML's specials, and characters beyond ASCII.
var alphabet = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-./\"\\<>&'\n\téü日本💡\u2028")

func (w *walk) randomString(n int) string {
	var b strings.Builder
	for range n {
		b.WriteRune(alphabet[w.rnd.IntN(len(alphabet))])
	}
	return b.String()
}

func (w *walk) longLength() int { return 10_000 + w.rnd.IntN(59_000) }

func (w *walk) str(s *base.Schema, where string) any {
	switch s.Format {
	case "date-time":
		return w.timestamp().Format("2006-01-02T15:04:05.000Z07:00")
	case "date":
		return w.timestamp().Format(time.DateOnly)
	case "uri", "url", "iri":
		path := strings.ToLower(w.randomAlnum(w.rnd.IntN(12)))
		if w.mode == LongStrings && w.rnd.IntN(3) == 0 {
			path = strings.Repeat("segment/", w.longLength()/8)
		}
		return "https://example.com/" + path
	case "email":
		return strings.ToLower(w.randomAlnum(1+w.rnd.IntN(10))) + "@example.com"
	case "uuid":
		b := make([]byte, 16)
		for i := range b {
			b[i] = byte(w.rnd.UintN(256))
		}
		return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
	case "":
	default:
		return w.fail(where, "unsupported string format %q", s.Format)
	}
	if s.Pattern != "" {
		return w.matching(s, where)
	}
	var v string
	switch w.mode {
	case EmptyStrings:
	case LongStrings:
		v = w.randomString(1 + w.rnd.IntN(20))
		if w.rnd.IntN(3) == 0 {
			// A random part repeated: cheaper to make and to check.
			part := w.randomString(200)
			v = strings.Repeat(part, w.longLength()/len(part)+1)
		}
	default:
		v = w.randomString(1 + w.rnd.IntN(20))
	}
	runes := []rune(v)
	if s.MaxLength != nil && int64(len(runes)) > *s.MaxLength {
		runes = runes[:*s.MaxLength]
	}
	for s.MinLength != nil && int64(len(runes)) < *s.MinLength {
		runes = append(runes, 'x')
	}
	return string(runes)
}

// patternCandidates are tried for a string with a pattern, after the
// schema's examples; the description's patterns are all of versions.
var patternCandidates = []string{"1.0", "0.1", "1.0.1", "10.25.12345", "abc"}

func (w *walk) matching(s *base.Schema, where string) any {
	re, err := regexp.Compile(s.Pattern)
	if err != nil {
		return w.fail(where, "the pattern %q: %v", s.Pattern, err)
	}
	var fits []string
	for _, n := range append(slices.Clone(s.Examples), s.Example) {
		if n == nil {
			continue
		}
		if v, ok := decodeNode(n, w, where).(string); ok && re.MatchString(v) {
			fits = append(fits, v)
		}
	}
	for _, c := range patternCandidates {
		if re.MatchString(c) {
			fits = append(fits, c)
		}
	}
	if len(fits) == 0 {
		return w.fail(where, "no example or candidate matches the pattern %q", s.Pattern)
	}
	return fits[w.rnd.IntN(len(fits))]
}

func (w *walk) randomAlnum(n int) string {
	const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[w.rnd.IntN(len(alnum))]
	}
	return string(b)
}

// timestamp is a time between 2015 and 2035 with milliseconds, in UTC or
// with an offset.
func (w *walk) timestamp() time.Time {
	from := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	to := time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	t := time.UnixMilli(from + w.rnd.Int64N(to-from)).UTC()
	if w.rnd.IntN(4) == 0 {
		offsets := []int{-(5*3600 + 1800), -8 * 3600, 3600, 2 * 3600, 5*3600 + 2700, 14 * 3600}
		t = t.In(time.FixedZone("", offsets[w.rnd.IntN(len(offsets))]))
	}
	return t
}

func (w *walk) integer(s *base.Schema) any {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if s.Minimum != nil {
		lo = int64(math.Ceil(*s.Minimum))
	}
	if s.Maximum != nil {
		hi = int64(math.Floor(*s.Maximum))
	}
	if e := s.ExclusiveMinimum; e != nil && e.IsB() {
		lo = int64(math.Floor(e.B)) + 1
	}
	if e := s.ExclusiveMaximum; e != nil && e.IsB() {
		hi = int64(math.Ceil(e.B)) - 1
	}
	candidates := []int64{0, 1, 200, 404, 999, w.rnd.Int64N(1_000_000), -1, math.MaxInt64, math.MinInt64, lo, hi}
	return min(max(candidates[w.rnd.IntN(len(candidates))], lo), hi)
}

func (w *walk) number(s *base.Schema) float64 {
	v := []float64{0, 0.5, 1, 1e6, -2.25, 1e300}[w.rnd.IntN(6)]
	if s.Minimum != nil {
		v = max(v, *s.Minimum)
	}
	if s.Maximum != nil {
		v = min(v, *s.Maximum)
	}
	return v
}

// anything is a value of a schema that says nothing of it, such as an
// unknown key's.
func (w *walk) anything(depth int) any {
	limit := 6
	if depth > 1 {
		limit = 4
	}
	switch w.rnd.IntN(limit) {
	case 0:
		return nil
	case 1:
		return w.randomString(w.rnd.IntN(12))
	case 2:
		return json.Number(strconv.Itoa(w.rnd.IntN(1000)))
	case 3:
		return w.rnd.IntN(2) == 0
	case 4:
		return []any{w.anything(depth + 1), w.anything(depth + 1)}
	default:
		return map[string]any{"nested": w.anything(depth + 1)}
	}
}
