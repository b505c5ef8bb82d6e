package apiclient

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// CheckKey rejects keys that cannot be CareCycle keys, without echoing them.
// A key is printable ASCII: a control byte or a non-ASCII character could
// not be sent in a header, and would otherwise fail every request as if the
// network were down.
func CheckKey(k string) error {
	switch {
	case k == "":
		return errors.New("no API key: set CARECYCLE_API_KEY or use --api-key-file")
	case !strings.HasPrefix(k, "cc_"):
		return errors.New("the API key does not start with cc_: check CARECYCLE_API_KEY")
	case strings.ContainsAny(k, " \t\r\n"):
		return errors.New("the API key contains white space: check CARECYCLE_API_KEY")
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return errors.New("the API key contains a control or non-ASCII character: check CARECYCLE_API_KEY")
		}
	}
	return nil
}

// CheckBaseURL parses an API base URL and refuses what would leak or
// misroute: a user name or password (Go would send it as Basic auth), a
// query or a fragment (every request path would be appended to it), a
// scheme other than https, and plain http to anything but loopback. Its
// errors show the URL as scheme://host/path only, never a password or a
// query.
func CheckBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil {
		// url.Parse's error quotes the whole URL, password included.
		return nil, errors.New("the base URL is not a valid URL; want https://host")
	}
	shown := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	switch {
	case u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return nil, fmt.Errorf("base URL %s: want https://host", shown)
	case u.User != nil:
		return nil, fmt.Errorf("base URL %s: a user name or password in the URL is refused "+
			"(it would be sent to the server); the API key goes in CARECYCLE_API_KEY or --api-key-file", shown)
	case u.RawQuery != "" || u.ForceQuery:
		return nil, fmt.Errorf("base URL %s: a ?query in the base URL is refused (requests would be built on it)", shown)
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, fmt.Errorf("base URL %s: a #fragment in the base URL is refused (requests would be built on it)", shown)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("base URL %s: plain http is only allowed for loopback hosts; use https", shown)
	}
	return u, nil
}

// MaskKey shows a key as cc_… and its last 4 characters.
func MaskKey(k string) string {
	if len(k) < 8 {
		return "cc_…"
	}
	return "cc_…" + k[len(k)-4:]
}

// shortID is the first 8 characters of a customer ID and an ellipsis: enough
// to tell two apart in a message.
func shortID(id string) string {
	if len(id) > 8 {
		return id[:8] + "…"
	}
	return id
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
