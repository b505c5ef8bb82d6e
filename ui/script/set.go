package script

import "fmt"

const setUsage = `ccedit set changes fields of one customer record, with the editor's rules.

Usage:
  ccedit set [flags] CUSTOMER_ID FIELD=VALUE [FIELD=VALUE...]
  ccedit set [flags] CUSTOMER_ID --from FILE.json      (- reads standard input)

FIELD is an API name or a label, in any case ("annualIncome", "annual income").
VALUE is read as the editor reads it: 52,000 is 52000, 03/01/2026 is
2026-03-01, (312) 555-0142 is +13125550142; Yes, No, true, false; a list
value in any case. An empty value clears a field, and so does null (in a
free-text field only the exact word null). FIELD=@FILE reads the value from a
file and FIELD=@- from standard input, trailing newlines dropped; standard
input, by any name (-, /dev/stdin, /dev/fd/0), is read at most once. --from
reads a JSON object of fields to set: strings are read like typed values (a
free-text field takes a string as it is), numbers, true, false and null as
themselves; customData takes any JSON value.

Every value is checked before any request. ccedit then shows what would
change and asks before sending (--yes skips the question; without a terminal
--yes is required), reads the record again and sends only the fields that
still change. A field someone else changed meanwhile is never overwritten:
nothing is sent and the exit status is 3. Drafts are not used.

Output is for people; --json prints {"sent": {...}, "unchanged": [...],
"conflicts": [...], "record": {...}} (with --dry-run also "dryRun": true and
"wouldSend": {...}). Errors go to standard error with the field and the
reason, never the value: where the API's answer quotes a value given, sent
or replaced, the value is hidden.

Examples:
  ccedit set 497f6eca-6276-4993-bfeb-53cbbbba6f08 annualIncome=52,000 doNotCall=Yes
  ccedit set 497f6eca-6276-4993-bfeb-53cbbbba6f08 "middle name=" --yes
  ccedit set 497f6eca-6276-4993-bfeb-53cbbbba6f08 customData=@custom.json --dry-run
  jq -n '{status: "Active"}' | ccedit set 497f6eca-6276-4993-bfeb-53cbbbba6f08 --from - --yes --json
  ccedit set --demo 3f2a9c4e-7b1d-4e8a-9c2f-5d6e7f8a9b01 city=Evanston --yes

The API key comes from CARECYCLE_API_KEY or --api-key-file, never a flag value.
Exit status: 0 done or nothing to change, 1 the API refused or could not be
reached, 2 bad input or configuration (or the question answered no), 3 a
conflict with another user's change (nothing sent), 4 a value that is not
valid.

Flags:
`

const diffUsage = `ccedit diff shows what "ccedit set --from FILE.json" would send, without sending.

Usage:
  ccedit diff [flags] CUSTOMER_ID FILE.json      (- reads standard input)

FILE.json is a JSON object of fields to set, read as ccedit set --from reads
it. The record is loaded and compared with it: every field that would change,
before and after, and the exact JSON body of the PATCH. Nothing is sent, so
no question is asked.

Examples:
  ccedit diff 497f6eca-6276-4993-bfeb-53cbbbba6f08 changes.json
  ccedit diff --json 497f6eca-6276-4993-bfeb-53cbbbba6f08 - < changes.json

The API key comes from CARECYCLE_API_KEY or --api-key-file, never a flag value.
Exit status: 0 shown, 1 the API refused or could not be reached, 2 bad input
or configuration, 4 a value that is not valid.

Flags:
`

func runSet(e *env, args []string) int {
	fs, conn := e.flags(setUsage)
	var m mode
	fs.BoolVar(&m.yes, "yes", false, "send without asking")
	fs.BoolVar(&m.yes, "y", false, "short for --yes")
	fs.BoolVar(&m.dryRun, "dry-run", false, "show the diff and the exact JSON body; send nothing")
	fs.BoolVar(&m.json, "json", false, "print the result as JSON")
	from := fs.String("from", "", "read the fields to set from a JSON object in `FILE` (- for standard input)")
	auditFile := fs.String("audit", "", "append an audit trail (open, save with the field names and HTTP status, save-failed, conflict; never a value) to `FILE`")
	id, pos, code, ok := e.args(fs, conn, args, 1, -1, "give a CUSTOMER_ID and FIELD=VALUE (see ccedit set --help)")
	if !ok {
		return code
	}
	done, code, ok := e.auditFlag(*auditFile)
	if !ok {
		return code
	}
	defer done()
	in := newInputs(e)
	var err error
	switch {
	case *from != "" && len(pos) > 1:
		e.errorf("give FIELD=VALUE arguments or --from, not both")
		return ExitUsage
	case *from != "":
		if err = in.from(*from, "--from -"); err != nil {
			err = fmt.Errorf("--from: %w", err)
		}
	case len(pos) == 1:
		e.errorf("nothing to set: give FIELD=VALUE or --from FILE.json (see ccedit set --help)")
		return ExitUsage
	default:
		err = in.assignments(pos[1:])
	}
	if err != nil {
		e.errorf("%s", err)
		return ExitUsage
	}
	m.stdin = in.stdin
	return e.change(conn, id, in.edits, m)
}

func runDiff(e *env, args []string) int {
	fs, conn := e.flags(diffUsage)
	m := mode{dryRun: true, diff: true}
	fs.BoolVar(&m.json, "json", false, "print the result as JSON")
	id, pos, code, ok := e.args(fs, conn, args, 2, 2, "give a CUSTOMER_ID and a FILE.json (see ccedit diff --help)")
	if !ok {
		return code
	}
	in := newInputs(e)
	if err := in.from(pos[1], "ccedit diff "+id+" -"); err != nil {
		e.errorf("%s", err)
		return ExitUsage
	}
	return e.change(conn, id, in.edits, m)
}
