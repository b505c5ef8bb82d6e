package forms

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/carecycle/ccedit/apiclient/jsonlimit"
)

// UUIDPattern is the API's pattern for the {id} path segment and every uuid
// field in the body.
const UUIDPattern = `^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$`

// MBI letters exclude S, L, O, I, B and Z (CMS format).
const mbiAlpha = `[AC-HJKMNP-RT-Y]`

// Compiled patterns are immutable once built; regexp values are safe for
// concurrent use, so these are constants in all but syntax.
var (
	uuidRE  = regexp.MustCompile(UUIDPattern)
	mbiRE   = regexp.MustCompile(`^[1-9]` + mbiAlpha + `[AC-HJKMNP-RT-Y0-9][0-9]` + mbiAlpha + `[AC-HJKMNP-RT-Y0-9][0-9]` + mbiAlpha + mbiAlpha + `[0-9]{2}$`)
	emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$`)
	usDate  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
)

// UTF16Len returns the length of s in UTF-16 code units, the way the server
// (JavaScript) counts string length: "😀" is 2.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s { // ranging yields U+FFFD (1 unit) for invalid bytes
		n += utf16.RuneLen(r)
	}
	return n
}

// MaxLength returns a validator that rejects strings longer than n UTF-16
// code units.
func MaxLength(n int) func(string) error {
	return func(s string) error {
		if l := UTF16Len(s); l > n {
			return fmt.Errorf("too long: %d of at most %d characters", l, n)
		}
		return nil
	}
}

// ValidUUID rejects strings that do not match the API's uuid pattern.
func ValidUUID(s string) error {
	if !uuidRE.MatchString(s) {
		return errors.New("not a uuid like 497f6eca-6276-4993-bfeb-53cbbbba6f08")
	}
	return nil
}

// ValidEmail rejects strings that are not a plausible e-mail address.
func ValidEmail(s string) error {
	if !emailRE.MatchString(s) {
		return errors.New("not an e-mail address like name@example.com")
	}
	return nil
}

// ValidTimestamp rejects strings that are not ISO 8601 (RFC 3339) date-times.
func ValidTimestamp(s string) error {
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		return errors.New("not a date-time like 2026-06-17T19:07:23Z")
	}
	return nil
}

// ValidJSON rejects text that is not one JSON value within
// jsonlimit.Default (4 MiB, 64 levels, 200,000 values), whether typed,
// pasted or read from a file. The reason gives a position and never a
// character of the text: "not valid JSON: line 2, column 5: an unexpected
// character where a value should begin", or "not accepted as JSON: line
// 1, column 65: nests deeper than 64 levels". It wraps the
// *jsonlimit.Error, whose Line and Column a UI can use.
func ValidJSON(s string) error {
	err := jsonlimit.Check([]byte(s), jsonlimit.Default())
	if err == nil {
		return nil
	}
	var le *jsonlimit.Error
	if errors.As(err, &le) && le.Limit {
		return fmt.Errorf("not accepted as JSON: %w", err)
	}
	return fmt.Errorf("not valid JSON: %w", err)
}

// NormalizeInt parses a whole number typed by a person ("52,000", "$1,200",
// "-7") into its canonical decimal form, within the int32 range.
func NormalizeInt(s string) (string, error) {
	t := strings.NewReplacer(",", "", " ", "", "_", "").Replace(strings.TrimSpace(s))
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimLeft(t, "+-")
	t = strings.TrimPrefix(t, "$")
	if t == "" {
		return "", errors.New("not a whole number")
	}
	for _, r := range t {
		if r == '.' {
			return "", errors.New("whole numbers only (no cents or decimals)")
		}
		if r < '0' || r > '9' {
			return "", errors.New("not a whole number")
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if neg {
		n = -n
	}
	if err != nil || n < math.MinInt32 || n > math.MaxInt32 {
		return "", errors.New("out of range (-2147483648 to 2147483647)")
	}
	return strconv.FormatInt(n, 10), nil
}

// NormalizeDate accepts YYYY-MM-DD or MM/DD/YYYY and returns a
// calendar-valid YYYY-MM-DD.
func NormalizeDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if m := usDate.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		d, _ := strconv.Atoi(m[2])
		s = fmt.Sprintf("%s-%02d-%02d", m[3], mo, d)
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		if len(s) == 10 && s[4] == '-' && s[7] == '-' {
			return "", errors.New("no such calendar date")
		}
		return "", errors.New("not a date: use YYYY-MM-DD or MM/DD/YYYY")
	}
	return t.Format("2006-01-02"), nil
}

// NormalizePhone turns a phone number into E.164. US numbers may be typed
// in any common form: "(312) 555-0142", "312.555.0142", "1 312 555 0142".
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	plus := strings.HasPrefix(s, "+")
	var digits strings.Builder
	for _, r := range strings.TrimPrefix(s, "+") {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return "", errors.New("a phone number has only digits, spaces, ( ) - . and a leading +")
		}
	}
	d := digits.String()
	switch {
	case plus && len(d) >= 8 && len(d) <= 15 && d[0] != '0':
		return "+" + d, nil
	case plus:
		return "", errors.New("an international number is + and 8 to 15 digits")
	case len(d) == 11 && d[0] == '1':
		d = d[1:]
		fallthrough
	case len(d) == 10:
		if d[0] < '2' || d[3] < '2' {
			return "", errors.New("not a valid US number: area code and exchange start with 2-9")
		}
		return "+1" + d, nil
	}
	return "", errors.New("enter a US number like (312) 555-0142, or + and the country code")
}

// NormalizeMBI accepts an MBI with or without dashes or spaces, in any case,
// and returns its 11 upper-case characters after checking the CMS pattern.
func NormalizeMBI(s string) (string, error) {
	t := strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
	// Count characters, as the message does: "1EG4TE5MK7é" has 11 and is
	// refused for its pattern, not for a length it does not have.
	if n := utf8.RuneCountInString(t); n != 11 {
		return "", fmt.Errorf("an MBI has 11 characters, this has %d", n)
	}
	if !mbiRE.MatchString(t) {
		return "", errors.New("not an MBI: pattern is like 1EG4-TE5-MK73 (no S, L, O, I, B, Z)")
	}
	return t, nil
}
