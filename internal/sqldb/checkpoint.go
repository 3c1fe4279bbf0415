package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// checkpointEvery is how often the background checkpointer looks for
// commits it has not yet copied into the database file.
const checkpointEvery = 100 * time.Millisecond

// walCheckpointer copies SQLite's write-ahead log into the database file in
// the background, on a connection of its own, so that the copying and the
// flush of the database file are not paid by whichever write happens to
// commit the thousandth page of the log.
//
// Every checkpointEvery it asks SQLite whether any connection, of this
// process or another, has committed since it last looked (PRAGMA
// data_version), and if so runs a PASSIVE checkpoint: it copies every frame
// no reader still needs and never waits for, or blocks, a reader or the
// writer. The writer keeps SQLite's own automatic checkpoint at 1,000
// pages: it then finds the log already copied, or nearly, and restarts it
// from the beginning, so the log stays about as small as before. A commit
// is durable when its log frames are flushed (synchronous=FULL), so
// nothing here changes what a commit promises.
type walCheckpointer struct {
	conn *sql.DB
	stop chan struct{}
	done chan struct{}

	mu      sync.Mutex
	stats   CheckpointStats
	lastDV  int64
	failing bool
	report  func(error)
}

// CheckpointStats says what the background checkpointer has done since the
// database was opened.
type CheckpointStats struct {
	Runs     int   // checkpoints run
	Failures int   // checkpoints that returned an error
	LastErr  error // the latest error, if any
	// Frames in the log, and how many of them were in the database file,
	// after the latest checkpoint that succeeded.
	Frames, Copied int64
}

// startCheckpointer opens a connection to the SQLite file at path and starts
// checkpointing on it every checkpointEvery until stop is called.
func startCheckpointer(ctx context.Context, path string) (*walCheckpointer, error) {
	conn, err := sqlitePool(path, "deferred", 1)
	if err != nil {
		return nil, fmt.Errorf("checkpoints: %w", err)
	}
	c := &walCheckpointer{conn: conn, stop: make(chan struct{}), done: make(chan struct{})}
	if c.lastDV, err = c.dataVersion(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	go c.loop()
	return c, nil
}

// loop checkpoints after commits until stop.
func (c *walCheckpointer) loop() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	ctx := context.Background()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.step(ctx)
		}
	}
}

// step runs one checkpoint if anything was committed since the last step.
func (c *walCheckpointer) step(ctx context.Context) {
	dv, err := c.dataVersion(ctx)
	if err == nil && dv == c.lastDV {
		return
	}
	var busy, frames, copied int64
	if err == nil {
		err = c.conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
	}
	c.mu.Lock()
	c.stats.Runs++
	if err != nil {
		c.stats.Failures++
		c.stats.LastErr = fmt.Errorf("wal checkpoint: %w", err)
		err = c.stats.LastErr
	} else {
		c.lastDV = dv
		c.stats.Frames, c.stats.Copied = frames, copied
	}
	changed, report := c.failing != (err != nil), c.report
	c.failing = err != nil
	c.mu.Unlock()
	if changed && report != nil {
		report(err)
	}
}

// reportTo has report called when checkpoints start failing (with the
// error) and when they succeed again (with nil), not at every failure.
func (c *walCheckpointer) reportTo(report func(error)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.report = report
}

// dataVersion returns PRAGMA data_version, which changes when another
// connection commits.
func (c *walCheckpointer) dataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := c.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read data_version: %w", err)
	}
	return v, nil
}

// Stats returns what the checkpointer has done so far.
func (c *walCheckpointer) Stats() CheckpointStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// close stops the loop and closes the connection.
func (c *walCheckpointer) close() error {
	close(c.stop)
	<-c.done
	return c.conn.Close()
}
