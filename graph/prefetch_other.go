//go:build !amd64

package graph

func prefetch(*uint64) {}
