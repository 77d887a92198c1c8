package resolvers

import (
	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/models"
)

func toResharding(s *reshard.Status) *gqlmodel.Resharding {
	out := &gqlmodel.Resharding{Layout: s.From, Generation: s.State.Gen, Phase: gqlmodel.ReshardPhase(s.State.Phase),
		Tables: []*gqlmodel.ReshardTable{}, Instances: []*gqlmodel.ReshardInstance{}}
	if s.State.Phase == "" {
		out.Phase = gqlmodel.ReshardPhase(models.ReshardOpen)
	}
	if s.State.Version > 0 {
		at, by := s.State.ChangedAt, s.State.ChangedBy
		out.ChangedAt, out.ChangedBy = &at, &by
	}
	if s.State.Note != "" {
		note := s.State.Note
		out.Note = &note
	}
	if s.To != "" {
		to := s.To
		out.Target = &to
	}
	for _, t := range s.Tables {
		out.Tables = append(out.Tables, &gqlmodel.ReshardTable{Table: t.Table, Copied: t.Copied, CopiedThrough: t.CopiedTo,
			LastID: int64(t.LastID), CaughtUpThrough: t.Events, LastEvent: int64(t.LastEvent)})
	}
	for _, in := range s.Instances {
		out.Instances = append(out.Instances, &gqlmodel.ReshardInstance{Name: in.Owner, Layout: in.Layout, Generation: in.Gen,
			Frozen: in.Frozen, Stale: in.Stale, SeenAt: in.SeenAt})
	}
	return out
}
