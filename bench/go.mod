module github.com/lazygraph/lazy/bench

go 1.26.0

require (
	github.com/lazygraph/lazy v0.0.0
	github.com/noneback/go-taskflow v1.2.0
	golang.org/x/sync v0.24.0
)

require (
	github.com/emicklei/dot v1.6.2 // indirect
	github.com/google/uuid v1.6.0 // indirect
)

replace github.com/lazygraph/lazy => ../
