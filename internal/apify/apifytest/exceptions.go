package apifytest

import "strings"

// specException is a place where the API description is wrong or
// contradicts HTTP, so that the fake answers otherwise than it says; each
// says why. These are the only answers besides faults that are not held
// to the description.
type specException struct {
	operation string
	part      string
	// status is the answer's status; 0 for any.
	status int
	// contains is a part of the validator's message; empty for any.
	contains string
	why      string
}

// noBodyOn204 is why a 204 answer is sent without the body the
// description gives it.
const noBodyOn204 = `The description gives "204 No Content" a JSON body {}; HTTP forbids a body on 204 (RFC 9110, ` +
	"section 15.3.5), so the fake sends none, as Go's HTTP server must."

var specExceptions = []specException{
	{operation: "webhook_delete", part: "response", status: 204, why: noBodyOn204},
	{operation: "actorTask_delete", part: "response", status: 204, why: noBodyOn204},
	{operation: "schedule_delete", part: "response", status: 204, why: noBodyOn204},
}

// exception reports whether a violation of op's part, with message, is
// one of specExceptions. With an empty message it finds the exceptions
// that exempt an answer whole.
func exception(op, part string, status int, message string) bool {
	for _, e := range specExceptions {
		if e.operation == op && e.part == part && (e.status == 0 || e.status == status) && strings.Contains(message, e.contains) {
			return true
		}
	}
	return false
}
