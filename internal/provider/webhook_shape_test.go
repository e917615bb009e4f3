package provider

import "testing"

func TestSameURL(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"https://Hooks.Example.com", "https://hooks.example.com/", true},
		{"https://h.example.com?token=AbC", "https://h.example.com/?token=AbC", true},
		{"HTTPS://h.example.com/x", "https://h.example.com/x", true},
		{"https://h.example.com?token=AbC", "https://h.example.com/?token=abc", false},
		{"https://h.example.com/X", "https://h.example.com/x", false},
		{"https://user:Pass@h.example.com/", "https://user:pass@h.example.com/", false},
		{"https://h.example.com/a", "https://h.example.com/b", false},
	} {
		if got := sameURL(tt.a, tt.b); got != tt.same {
			t.Errorf("sameURL(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}

func TestSameTemplate(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"{\n  \"a\": {{x}}\n}\n", "{\"a\":{{x}}}", true},
		{`{"a": "x y"}`, `{"a": "xy"}`, false},
		{`{"a": "q\"  z"}`, `{"a":"q\"  z"}`, true},
	} {
		if got := sameTemplate(tt.a, tt.b); got != tt.same {
			t.Errorf("sameTemplate(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
}
