package graph

//go:noescape
func prefetch(p *uint64)
