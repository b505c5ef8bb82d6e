package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/carecycle/ccedit/apiclient"
	"github.com/carecycle/ccedit/apiclient/fakeapi"
	"github.com/carecycle/ccedit/ui/draft"
	"github.com/carecycle/ccedit/ui/script"
	"github.com/carecycle/ccedit/ui/serve"
)

// The benchmark runs the server in a child process (this test binary,
// started again with benchChild set), so that its memory and CPU are the
// server's alone, not the 50 SSH clients'.
const (
	benchChild    = "CCEDIT_SERVE_BENCH_CHILD"
	benchSessions = 50
	// benchSpeed runs the API's clock (the client's rate limiter and the
	// fake's request times) this many times faster than the wall clock:
	// two rolling minutes of retries take 12 s.
	benchSpeed = 10
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(benchChild); dir != "" {
		os.Exit(benchServer(dir))
	}
	os.Exit(m.Run())
}

// editID and retryID are agent i's customers: one to type into, and one
// the fake answers with 429 to every GET, so its failure screen offers r.
func editID(i int) string  { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }
func retryID(i int) string { return fmt.Sprintf("00000000-0000-4000-9000-%012d", i) }

// benchServer is the child: the fake API and ccedit serve, on loopback,
// until its standard input closes; then it prints the times (on the
// API's clock) of the GETs the fake received.
func benchServer(dir string) int {
	start := time.Now()
	now := func() time.Time { return start.Add(time.Since(start) * benchSpeed) }
	sleep := func(ctx context.Context, d time.Duration) error { return apiclient.Sleep(ctx, d/benchSpeed) }
	fake := fakeapi.New(fakeapi.Options{Key: testKey, RateLimit: -1, Now: now})
	base := fake.Record(fakeapi.MedicareLeadID)
	for i := range benchSessions {
		for _, id := range []string{editID(i), retryID(i)} {
			rec := map[string]any{}
			for k, v := range base {
				rec[k] = v
			}
			rec["id"] = id
			if err := fake.Put(rec); err != nil {
				panic(err)
			}
		}
		fake.InjectFault(fakeapi.Fault{Method: http.MethodGet, Path: "/v2/customers/" + retryID(i), Status: 429, Times: 1 << 30,
			Header: http.Header{"Retry-After": {"300"}}, Body: `{"message":"Too many requests"}`})
	}
	url, stop, err := fakeapi.Listen(fake)
	if err != nil {
		panic(err)
	}
	defer stop()
	client, err := apiclient.New(apiclient.Options{BaseURL: url, APIKey: testKey, Now: now, Sleep: sleep})
	if err != nil {
		panic(err)
	}
	locks, err := draft.OpenSaveLocks(filepath.Join(dir, "state", "locks"))
	if err != nil {
		panic(err)
	}
	srv, err := serve.Start(serve.Options{Listen: "127.0.0.1:0", AgentsFile: filepath.Join(dir, "agents"), State: filepath.Join(dir, "state"),
		MaxSessions: 4 * benchSessions, MaxPerAgent: 4, ConnsPerMinute: 1 << 20, Log: io.Discard,
		API: &script.API{Client: client, Locks: locks, Close: func() {}}})
	if err != nil {
		panic(err)
	}
	fmt.Printf("ADDR %s\n", srv.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = srv.Close()
	var at []time.Time
	for _, r := range fake.Requests() {
		if r.Method == http.MethodGet {
			at = append(at, r.At)
		}
	}
	_ = json.NewEncoder(os.Stdout).Encode(at)
	return 0
}

// procStat reads the child's CPU time and resident memory.
func procStat(b *testing.B, pid int) (cpu time.Duration, rssKB int) {
	b.Helper()
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+2:]))
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	cpu = time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ is 100 on Linux
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			rssKB, _ = strconv.Atoi(strings.Fields(v)[0])
		}
	}
	return cpu, rssKB
}

// BenchmarkServe50 opens 50 SSH sessions with a pty, one per agent, each
// in the editor, and reports the server's memory per session, its CPU
// while they idle, its CPU per typed key, and the most GETs the API saw in
// any rolling minute while all 50 agents press r on a 429 screen (it must
// stay at or under 58), with how many that leaves each agent.
func BenchmarkServe50(b *testing.B) {
	for range b.N {
		benchServe50(b)
	}
}

func benchServe50(b *testing.B) {
	dir := b.TempDir()
	keys := make([]gossh.Signer, benchSessions)
	var lines strings.Builder
	for i := range keys {
		keys[i] = newSigner(b)
		fmt.Fprintf(&lines, "agent=\"agent%d\" %s", i, gossh.MarshalAuthorizedKey(keys[i].PublicKey()))
	}
	if err := os.WriteFile(filepath.Join(dir, "agents"), []byte(lines.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), benchChild+"="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	rd := bufio.NewReader(stdout)
	line, err := rd.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "ADDR ") {
		b.Fatalf("child: %q %v", line, err)
	}
	addr := strings.TrimSpace(strings.TrimPrefix(line, "ADDR "))
	pid := cmd.Process.Pid
	_, rss0 := procStat(b, pid)

	open := func(i int, id, want string) *term {
		c, err := gossh.Dial("tcp", addr, clientConfig(gossh.PublicKeys(keys[i])))
		if err != nil {
			b.Error(err)
			return nil
		}
		b.Cleanup(func() { c.Close() })
		tm := openTerm(b, c, id)
		tm.wait(want)
		return tm
	}
	terms := make([]*term, benchSessions)
	var wg sync.WaitGroup
	for i := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			terms[i] = open(i, editID(i), "ctrl+s review")
		}()
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
	cpu0, rss1 := procStat(b, pid)
	time.Sleep(10 * time.Second) // idle: what 50 open, untouched editors cost
	cpu1, _ := procStat(b, pid)

	// 20 keys into each first name, all sessions at once.
	const typed = 20
	for _, tm := range terms {
		tm.send("\x07first name\r")
	}
	for _, tm := range terms {
		tm.wait("firstName")
	}
	cpu2, _ := procStat(b, pid)
	for _, tm := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range typed {
				tm.send(string(rune('a' + k)))
				tm.wait(fmt.Sprintf("█  %d", len("Margaret")+k+1))
			}
		}()
	}
	wg.Wait()
	cpu3, _ := procStat(b, pid)

	// Every agent opens a customer the API answers 429, and presses r
	// every 100 ms for two minutes of the API's clock.
	retry := make([]*term, benchSessions)
	for i := range retry {
		wg.Add(1)
		go func() {
			defer wg.Done()
			retry[i] = open(i, retryID(i), "retry now")
		}()
	}
	wg.Wait()
	stopAt := time.Now().Add(2 * time.Minute / benchSpeed)
	for _, tm := range retry {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stopAt) {
				tm.send("r")
				time.Sleep(100 * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	_ = stdin.Close()
	var at []time.Time
	if err := json.NewDecoder(rd).Decode(&at); err != nil {
		b.Fatal(err)
	}
	_ = cmd.Wait()
	most := 0
	for i := range at {
		n := 0
		for _, t := range at[i:] {
			if t.Sub(at[i]) < time.Minute {
				n++
			}
		}
		most = max(most, n)
	}
	b.ReportMetric(float64(rss1-rss0)/1024/benchSessions, "MB/session")
	b.ReportMetric(float64(rss1)/1024, "MB-RSS-50")
	b.ReportMetric(float64(cpu1-cpu0)/float64(time.Millisecond)/10, "idle-ms/s")
	b.ReportMetric(float64(cpu3-cpu2)/float64(time.Millisecond)/(benchSessions*typed), "ms/key")
	b.ReportMetric(float64(most), "max-req/min")
	b.ReportMetric(float64(most)/benchSessions, "req/min/agent")
	if most > apiclient.DefaultPerMinute {
		b.Errorf("%d GETs in one rolling minute, more than %d", most, apiclient.DefaultPerMinute)
	}
}
