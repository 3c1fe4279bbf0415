package docs

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium, started on first use and shared by
// every document; each document prints in a tab of its own.
type browser struct {
	path    string
	timeout time.Duration
	log     *slog.Logger

	mu     sync.Mutex
	ctx    context.Context // the browser's first tab; nil until started
	cancel context.CancelFunc
	closed bool
}

// errStart marks a failure to start the browser, after which the Renderer
// falls back to pure Go.
var errStart = errors.New("chromium did not start")

func isStartError(err error) bool { return errors.Is(err, errStart) }

// start starts the browser unless it runs already, and returns the context
// of its first tab. A browser whose process has died is started again. If
// ctx ends first, the start is abandoned and the next call tries again.
func (b *browser) start(ctx context.Context) (context.Context, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, fmt.Errorf("%w: the renderer is closed", errStart)
	}
	if b.ctx != nil && b.ctx.Err() == nil {
		return b.ctx, nil
	}
	// The browser outlives any one request, so it hangs off Background;
	// Close stops it. chromedp gives each browser a fresh user-data dir in
	// the temporary directory and removes it when the browser stops.
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromiumFlags(b.path)...)
	logf := func(format string, args ...any) { b.log.Debug("chromium: " + fmt.Sprintf(format, args...)) }
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(logf), chromedp.WithErrorf(logf))
	cancel := func() { cancelBrowser(); cancelAlloc() }
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(bctx) }() // no timeout on the first run: it would stop the browser
	timer := time.NewTimer(b.timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil {
			cancel()
			return nil, fmt.Errorf("%w: %w", errStart, err)
		}
	case <-timer.C:
		cancel()
		return nil, fmt.Errorf("%w within %s", errStart, b.timeout)
	case <-ctx.Done():
		cancel()
		return nil, ctx.Err()
	}
	b.ctx, b.cancel = bctx, cancel
	return bctx, nil
}

// chromiumFlags are the flags Chromium runs with: headless, and quiet on
// the network (without them it keeps calling Google hosts).
func chromiumFlags(path string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	}
}

// print prints doc to an A4 tagged PDF in a new tab, within the timeout
// and while ctx lasts. The footer shows the reference and page numbers.
func (b *browser) print(ctx context.Context, doc []byte, reference string) ([]byte, error) {
	bctx, err := b.start(ctx)
	if err != nil {
		return nil, err
	}
	tctx, cancel := context.WithTimeout(bctx, b.timeout)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	tab, closeTab := chromedp.NewContext(tctx)
	defer closeTab()
	if err := chromedp.Do(tab, chromedp.Navigate("about:blank"), setContent(string(doc))); err != nil {
		return nil, b.failed(ctx, err)
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return nil, b.failed(ctx, err)
	}
	pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFMargins(0.8, 0.8, 0.9, 0.8),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFHeaderTemplate(`<span></span>`),
		chromedp.PDFFooterTemplate(footerTemplate(reference)),
	))
	if err != nil {
		return nil, b.failed(ctx, err)
	}
	return pdf, nil
}

// footerTemplate is the footer of every page: the reference and the page
// number.
func footerTemplate(reference string) string {
	return `<div style="font-family: 'Liberation Sans', Arial, sans-serif; font-size: 8pt; width: 100%; margin: 0 0.8in; display: flex; justify-content: space-between;">` +
		`<span>` + html.EscapeString(reference) + `</span>` +
		`<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
}

// setContent replaces the tab's blank page with doc.
func setContent(doc string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return fmt.Errorf("get frame tree: %w", err)
		}
		_, err = cdp.Call(ctx, t, page.SetDocumentContent, page.SetDocumentContentParams{
			FrameID: tree.FrameTree.Frame.ID, HTML: doc,
		})
		return err
	})
}

// failed returns the error of a document, after stopping the browser if its
// process died so that the next document starts a new one. The caller's
// own cancellation wins over the error it caused.
func (b *browser) failed(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		b.mu.Lock()
		if b.cancel != nil {
			b.cancel()
			b.ctx, b.cancel = nil, nil
		}
		b.mu.Unlock()
	}
	return err
}

// close stops the browser and waits for it to exit.
func (b *browser) close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.cancel != nil {
		b.cancel()
		b.ctx, b.cancel = nil, nil
	}
	return nil
}
