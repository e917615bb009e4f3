package apify

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// How the client reads the API's lists, newest first, page by page. Every
// list it reads (dispatches, webhooks) goes through listNewestFirst.

// MaxPageSize is the most items the API returns in one page; asking for
// more is capped by the API.
const MaxPageSize = 1000

// ListOptions bounds the read of a list.
type ListOptions struct {
	// Limit is the most items the read returns, at least 1.
	Limit int
	// Until, when set, ends the read at the first item created at or
	// before it: that item is left out, and no further page is read.
	// Items without a creation time never end the read.
	Until *time.Time
}

// List is what a read of a list found.
type List[T any] struct {
	// Items are the items read, newest first, each once.
	Items []T
	// Total is the API's count of items on the endpoint, from the last page
	// that gave one; nil when no page did.
	Total *int64
	// Truncated is set when the read stopped at Limit while older items
	// remained: before the end of the list or, with Until, before an item
	// created at or before Until.
	Truncated bool
	// Duplicates counts the items that came back on a second page and were
	// dropped: new items pushed them from one page to the next while the
	// list was read.
	Duplicates int
	// Stalled is set, with Truncated, when the read stopped because
	// MaxStalledPages pages in a row held only items already read: new
	// items arrived as fast as pages were read.
	Stalled bool
}

// MaxStalledPages bounds the pages in a row that bring no new item: past
// them, the read stops rather than page on at the pace of the arrivals.
const MaxStalledPages = 3

// listItem is an item of a list: something with an ID and a creation time.
type listItem interface {
	listID() string
	listCreatedAt() string
}

// page is the API's pagination envelope. Every field is a pointer: the
// description requires them all, but the client must not read a missing
// field as zero.
type page[T any] struct {
	Total  *int64 `json:"total"`
	Offset *int64 `json:"offset"`
	Desc   *bool  `json:"desc"`
	Items  []T    `json:"items"`
}

// OrderError is a list the API did not return newest first, although the
// client asked it to (desc=1). Reading on would make Until and Truncated
// meaningless, so the read fails instead.
type OrderError struct {
	// Reason says what showed the order.
	Reason string
}

func (e *OrderError) Error() string {
	return "the Apify API did not list the items newest first, although the provider asked for that order (desc=1): " + e.Reason
}

// listNewestFirst reads the list at path, newest first, as the API pages
// it: each request asks for Limit and one more (which tells whether the
// list goes on past Limit), at most MaxPageSize, the API answers with at
// most its own page size, and the offset advances by the items it
// returned. Pages keep that size to the end, so that items arriving while
// the list is read, which push known items onto the next page, take only
// part of each. The read ends at Limit, at Until, at an empty page, or where
// "total" says the list ends. "total" may be missing, in which case an
// empty page ends the read, or change between pages, in which case the
// latest is taken.
//
// Offsets shift when new items arrive between two pages, so an item can
// come back on the next page: it is dropped by ID, and a page of nothing
// but such items is read past, up to MaxStalledPages in a row, after which
// the read stops, Truncated and Stalled. An API that does not advance
// fails the read: one that answers a page of known items as being at the
// same offset as the page before it.
func listNewestFirst[T any, PT interface {
	*T
	listItem
}](ctx context.Context, c *Client, path string, opts ListOptions) (*List[T], error) {
	if opts.Limit <= 0 {
		return nil, fmt.Errorf("the limit must be at least 1, not %d", opts.Limit)
	}
	list := &List[T]{Items: make([]T, 0, min(opts.Limit, MaxPageSize))}
	seen := make(map[string]bool, min(opts.Limit, MaxPageSize))
	var previous time.Time
	offset := int64(0)
	var lastAnswered *int64
	want := min(opts.Limit+1, MaxPageSize)
	stalled := 0
	for {
		query := url.Values{
			"desc":   {"1"},
			"offset": {strconv.FormatInt(offset, 10)},
			"limit":  {strconv.Itoa(want)},
		}
		p, err := getData[page[T]](ctx, c, path, query)
		if err != nil {
			return nil, err
		}
		if p.Desc != nil && !*p.Desc {
			return nil, &OrderError{Reason: `the page says "desc": false`}
		}
		if p.Total != nil {
			list.Total = p.Total
		}
		fresh := 0
		for i := range p.Items {
			item := PT(&p.Items[i])
			if id := item.listID(); id != "" {
				if seen[id] {
					list.Duplicates++
					continue
				}
				seen[id] = true
			}
			fresh++
			created, hasTime := parseTime(item.listCreatedAt())
			if hasTime {
				if !previous.IsZero() && created.After(previous) {
					return nil, &OrderError{Reason: fmt.Sprintf("item %q, created at %s, came after one created at %s",
						item.listID(), item.listCreatedAt(), previous.Format(time.RFC3339Nano))}
				}
				previous = created
				if opts.Until != nil && !created.After(*opts.Until) {
					return list, nil
				}
			}
			if len(list.Items) == opts.Limit {
				list.Truncated = true
				return list, nil
			}
			list.Items = append(list.Items, p.Items[i])
		}
		if len(p.Items) > 0 && fresh == 0 && stuck(lastAnswered, p.Offset) {
			return nil, &OrderError{Reason: fmt.Sprintf("asked for offset %d, the API answered again with the items of offset %d", offset, *p.Offset)}
		}
		stalled++
		if fresh > 0 {
			stalled = 0
		}
		if stalled == MaxStalledPages {
			list.Truncated, list.Stalled = true, true
			return list, nil
		}
		lastAnswered = p.Offset
		offset += int64(len(p.Items))
		if len(p.Items) == 0 || (p.Total != nil && offset >= *p.Total) {
			return list, nil
		}
	}
}

// MaxListed bounds a read of a whole list (listAll): an account with more
// objects of a kind is an error rather than a list cut short.
const MaxListed = 100_000

// listAll reads the whole list at path, newest first; a list longer than
// MaxListed is an error.
func listAll[T any, PT interface {
	*T
	listItem
}](ctx context.Context, c *Client, path string) (*List[T], error) {
	list, err := listNewestFirst[T, PT](ctx, c, path, ListOptions{Limit: MaxListed})
	switch {
	case err == nil && list.Stalled:
		return nil, fmt.Errorf("the list at %s grew as fast as it was read: %d pages in a row held only items already read",
			path, MaxStalledPages)
	case err == nil && list.Truncated:
		return nil, fmt.Errorf("the list at %s holds more than %d items, more than the provider reads", path, MaxListed)
	}
	return list, err
}

// stuck reports whether a page of only known items shows the API did not
// advance: it says it is at the offset the page before it was at. A page
// that says nothing of its offset (the description requires it, but an
// API may omit it) is read past, bounded by Limit, "total" and the
// caller's context.
func stuck(before, now *int64) bool {
	return before != nil && now != nil && *before == *now
}

// parseTime reads one of the API's timestamps.
func parseTime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}
