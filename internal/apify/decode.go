package apify

// Decoding the API's answers: the response envelope, and errors that
// name what in a body is not what the API documents.

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// decodeData decodes the "data" member of a response envelope with the
// standard library, which is as lenient as the API's clients have always
// been: invalid UTF-8 becomes U+FFFD, a repeated key keeps its last value,
// and unknown keys are ignored. A body that is not JSON, has a field of
// the wrong type, or lacks "data" is a *DecodeError naming what is wrong.
//
// encoding/json/v2 would decode faster, but by too little of a read to be
// worth a dependency (DESIGN.md, "Performance history", has the figures).
func decodeData[T any](status int, body []byte) (*T, error) {
	var envelope struct {
		Data *T `json:"data"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil {
		return nil, &DecodeError{StatusCode: status, Excerpt: excerpt(body), Problem: decodeProblem(err, len(body)), Err: err}
	}
	if envelope.Data == nil {
		return nil, &DecodeError{StatusCode: status, Excerpt: excerpt(body), Problem: `the "data" field is missing or null`}
	}
	return envelope.Data, nil
}

// decodeProblem says in a few words what made a body of n bytes fail to
// decode, naming the field at fault.
func decodeProblem(err error, n int) string {
	if typeErr, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		return fmt.Sprintf("the field %q holds a JSON %s where the API documents %s", typeErr.Field, typeErr.Value, describeType(typeErr.Type))
	}
	if syntaxErr, ok := errors.AsType[*json.SyntaxError](err); ok {
		if syntaxErr.Offset >= int64(n) {
			return "the body ends before its JSON does"
		}
		return fmt.Sprintf("the body is not valid JSON (at byte %d)", syntaxErr.Offset)
	}
	return err.Error()
}

// describeType names a Go type of the API model as the API's description
// would: a string, a number, an object, a list.
func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	default:
		return "an object"
	}
}
