package apifytest

import (
	"net"
	"net/http"
	"strconv"
	"time"
)

// Fault answers one request in place of the fake's normal answer.
type Fault func(w http.ResponseWriter, r *http.Request)

// Status answers with the API's error envelope.
func Status(code int, errType, message string) Fault {
	return func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, code, errType, message)
	}
}

// RetryAfter answers like Status, with a Retry-After header of value
// (seconds, or an HTTP date).
func RetryAfter(code int, value string) Fault {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", value)
		writeError(w, code, "rate-limit-exceeded", "You have exceeded the rate limit. Please try again later.")
	}
}

// Body answers with status code and body as given, such as an HTML page
// from a proxy or a truncated JSON document.
func Body(code int, contentType, body string) Fault {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

// Hang never answers; it returns when the client gives up.
func Hang() Fault {
	return func(_ http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}
}

// ResetConnection drops the connection with a TCP reset before any
// response is written.
func ResetConnection() Fault {
	return func(w http.ResponseWriter, _ *http.Request) {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			reset(conn)
		}
	}
}

// reset closes conn with a TCP reset.
func reset(conn net.Conn) {
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// ResetMidBody starts a 200 answer that promises more body than it sends,
// then drops the connection with a TCP reset.
func ResetMidBody() Fault {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n" +
			`{"data": {"id": "Zib4xbZsmvZeK55ua", "status": "SUCC`)
		_ = buf.Flush()
		reset(conn)
	}
}

// Trickle answers 200 with body, one byte every interval, as a congested
// link would; it stops when the client goes away.
func Trickle(body string, interval time.Duration) Fault {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		flusher := http.NewResponseController(w)
		for i := range len(body) {
			if _, err := w.Write([]byte{body[i]}); err != nil {
				return
			}
			_ = flusher.Flush()
			select {
			case <-time.After(interval):
			case <-r.Context().Done():
				return
			}
		}
	}
}

// Redirect answers 307 with a Location of target.
func Redirect(target string) Fault {
	return func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target, http.StatusTemporaryRedirect)
	}
}
