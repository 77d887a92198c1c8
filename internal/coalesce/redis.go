package coalesce

import (
	"context"
	"sync"

	"github.com/redis/go-redis/v9"
)

// Pipeline sends the Redis commands of concurrent callers in shared
// pipelines: one round trip for every caller whose commands arrived while
// the previous one was out (see Group). A Redis Cluster client splits a
// pipeline by node itself.
type Pipeline struct {
	rdb redis.UniversalClient
	g   *Group[struct{}, *pipeCall]
}

type pipeCall struct {
	ctx  context.Context
	fill func(redis.Pipeliner)
}

// PipelineInFlight is how many shared pipelines may be out at once: one,
// so that under load every command that arrives while a pipeline is out
// goes in the next.
const PipelineInFlight = 1

// NewPipeline returns a Pipeline over rdb; observe, when not nil, is told
// each round trip's number of callers.
func NewPipeline(rdb redis.UniversalClient, observe func(size int)) *Pipeline {
	p := &Pipeline{rdb: rdb}
	p.g = New(Options{InFlight: PipelineInFlight, MaxBatch: 512, Observe: observe}, p.run)
	return p
}

// Do has fill queue its commands (made with its own ctx, as p.Get(ctx, k))
// and returns once they have run, in a round trip shared with other
// callers. Each command reports its own outcome; Do has none of its own.
// The round trip is bounded by the client's read and write timeouts, not
// by ctx: a caller whose ctx ends meanwhile still has its commands run.
func (p *Pipeline) Do(ctx context.Context, fill func(redis.Pipeliner)) {
	p.g.Do(struct{}{}, &pipeCall{ctx: ctx, fill: fill})
}

func (p *Pipeline) run(_ struct{}, calls []*pipeCall) {
	pipe := p.rdb.Pipeline()
	for _, c := range calls {
		c.fill(pipe)
	}
	// The first caller's values (not its end) carry the round trip.
	_, _ = pipe.Exec(context.WithoutCancel(calls[0].ctx))
}

var shared sync.Map // redis.UniversalClient -> *Pipeline

// Shared returns the one Pipeline of rdb that its callers share (counted
// under "redis"): the locks of claims, the marks they read and the rate
// limits of redemptions go in the same round trips, fewer than each
// would make in a pipeline of its own.
func Shared(rdb redis.UniversalClient) *Pipeline {
	if p, ok := shared.Load(rdb); ok {
		return p.(*Pipeline)
	}
	p, _ := shared.LoadOrStore(rdb, NewPipeline(rdb, Observe("redis")))
	return p.(*Pipeline)
}
