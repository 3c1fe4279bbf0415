package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// loadReport is what a load test measured.
type loadReport struct {
	cfg        loadConfig
	total      vegeta.Metrics
	byEndpoint map[string]*vegeta.Metrics
	intended   int // 412s on writes: a stale If-Match, refused as designed
	errors     map[string]int
	peakRSS    float64 // bytes; 0 when /metrics could not be read
}

// loadtest runs the mixed workload of lc and returns its figures.
func loadtest(ctx context.Context, lc loadConfig) (*loadReport, error) {
	base := strings.TrimSuffix(lc.Target, "/")
	auth := http.Header{"Authorization": {"Bearer " + lc.Token}}
	cases, err := loadCaseIDs(ctx, base, auth)
	if err != nil {
		return nil, err
	}
	mix := &loadMix{base: base, auth: auth, cases: cases, terms: strings.Split(lc.Search, ","),
		etags: map[string]string{}}
	rep := &loadReport{cfg: lc, byEndpoint: map[string]*vegeta.Metrics{}, errors: map[string]int{}}
	mctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); rep.peakRSS = watchMemory(mctx, base) }()
	atk := vegeta.NewAttacker(vegeta.Timeout(30*time.Second), vegeta.KeepAlive(true), vegeta.MaxWorkers(512))
	res := atk.Attack(mix.targeter(), vegeta.Rate{Freq: lc.Rate, Per: time.Second}, lc.Duration, "fitness")
	for {
		select {
		case <-ctx.Done():
			atk.Stop()
		case r, ok := <-res:
			if !ok {
				stop()
				wg.Wait()
				rep.close()
				return rep, nil
			}
			mix.observe(r)
			rep.add(r)
		}
	}
}

func (rep *loadReport) add(r *vegeta.Result) {
	ep := endpointOf(r)
	m := rep.byEndpoint[ep]
	if m == nil {
		m = &vegeta.Metrics{}
		rep.byEndpoint[ep] = m
	}
	m.Add(r)
	rep.total.Add(r)
	switch {
	case r.Code == http.StatusPreconditionFailed && r.Method == "POST":
		rep.intended++
	case r.Code < 200 || r.Code > 299:
		key := fmt.Sprintf("%s: %d", ep, r.Code)
		if r.Error != "" && r.Code == 0 {
			key = fmt.Sprintf("%s: %s", ep, r.Error)
		}
		rep.errors[key]++
	}
}

func (rep *loadReport) close() {
	rep.total.Close()
	for _, m := range rep.byEndpoint {
		m.Close()
	}
}

func (rep *loadReport) print(w io.Writer) {
	t := rep.total
	fmt.Fprintf(w, "target %s, %d requests/s for %s\n", rep.cfg.Target, rep.cfg.Rate, rep.cfg.Duration)
	fmt.Fprintf(w, "requests %d, throughput %.1f/s, p50 %s, p95 %s, p99 %s\n", t.Requests, t.Throughput,
		ms(t.Latencies.P50), ms(t.Latencies.P95), ms(t.Latencies.P99))
	fmt.Fprintf(w, "\n%-34s %8s %9s %9s %9s %9s\n", "endpoint", "requests", "p50", "p95", "p99", "max")
	eps := make([]string, 0, len(rep.byEndpoint))
	for ep := range rep.byEndpoint {
		eps = append(eps, ep)
	}
	sort.Strings(eps)
	for _, ep := range eps {
		m := rep.byEndpoint[ep]
		fmt.Fprintf(w, "%-34s %8d %9s %9s %9s %9s\n", ep, m.Requests, ms(m.Latencies.P50),
			ms(m.Latencies.P95), ms(m.Latencies.P99), ms(m.Latencies.Max))
	}
	fmt.Fprintf(w, "\nintended 412 (stale If-Match on writes): %d\n", rep.intended)
	if len(rep.errors) == 0 {
		fmt.Fprintln(w, "errors: none")
	}
	for k, n := range rep.errors {
		fmt.Fprintf(w, "error %s × %d\n", k, n)
	}
	if rep.peakRSS > 0 {
		fmt.Fprintf(w, "server peak memory (resident): %.1f MB\n", rep.peakRSS/1e6)
	} else {
		fmt.Fprintln(w, "server peak memory: unknown (/metrics not readable)")
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

// loadCaseIDs fetches up to 100 open case ids to aim case pages and writes at.
func loadCaseIDs(ctx context.Context, base string, auth http.Header) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/cases?open=true&limit=100", nil)
	if err != nil {
		return nil, err
	}
	req.Header = auth.Clone()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("list cases: %s (is the token right?)", res.Status)
	}
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.NewDecoder(res.Body).Decode(&page); err != nil {
		return nil, fmt.Errorf("list cases: %w", err)
	}
	ids := make([]string, 0, len(page.Items))
	for _, c := range page.Items {
		ids = append(ids, c.ID)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("the server has no open cases this token may see")
	}
	return ids, nil
}

// watchMemory reads the server's resident memory from /metrics twice a
// second until ctx ends and returns the highest value seen.
func watchMemory(ctx context.Context, base string) float64 {
	var peak float64
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		if v, ok := residentMemory(ctx, base); ok && v > peak {
			peak = v
		}
		select {
		case <-ctx.Done():
			return peak
		case <-tick.C:
		}
	}
}

func residentMemory(ctx context.Context, base string) (float64, bool) {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/metrics", nil)
	if err != nil {
		return 0, false
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, false
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f, err == nil
		}
	}
	return 0, false
}
