package coupon

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// markReader answers "does this key exist" for many concurrent callers with
// pipelined Redis round trips: a worker takes the first waiting question,
// then every other one already queued (it never waits for more), and asks
// them all at once. At flash-sale rates one round trip serves dozens of
// refusals; alone, a question costs the same round trip it would anyway.
type markReader struct {
	rdb redis.UniversalClient
	ask chan markQuestion
}

type markQuestion struct {
	ctx    context.Context
	key    string
	answer chan markAnswer
}

type markAnswer struct {
	exists bool
	err    error
}

const maxMarkBatch = 256

func newMarkReader(ctx context.Context, rdb redis.UniversalClient, workers int) *markReader {
	m := &markReader{rdb: rdb, ask: make(chan markQuestion, 4096)}
	for i := 0; i < workers; i++ {
		go m.run(ctx)
	}
	return m
}

// exists reports whether key exists; an error means Redis could not say.
func (m *markReader) exists(ctx context.Context, key string) (bool, error) {
	q := markQuestion{ctx: ctx, key: key, answer: make(chan markAnswer, 1)}
	select {
	case m.ask <- q:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	select {
	case a := <-q.answer:
		return a.exists, a.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

func (m *markReader) run(ctx context.Context) {
	batch := make([]markQuestion, 0, maxMarkBatch)
	cmds := make([]*redis.IntCmd, 0, maxMarkBatch)
	for {
		batch, cmds = batch[:0], cmds[:0]
		select {
		case <-ctx.Done():
			return
		case q := <-m.ask:
			batch = append(batch, q)
		}
	drain:
		for len(batch) < maxMarkBatch {
			select {
			case q := <-m.ask:
				batch = append(batch, q)
			default:
				break drain
			}
		}
		pipe := m.rdb.Pipeline()
		for _, q := range batch {
			cmds = append(cmds, pipe.Exists(ctx, q.key))
		}
		_, err := pipe.Exec(ctx)
		for i, q := range batch {
			if err != nil {
				q.answer <- markAnswer{err: err}
				continue
			}
			q.answer <- markAnswer{exists: cmds[i].Val() > 0}
		}
	}
}
