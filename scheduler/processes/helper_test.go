//go:build unix

package processes_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/lazygraph/lazy/scheduler/processes"
)

const helperEnv = "PROCESSES_TEST_HELPER"

// init runs a helper mode before TestMain: "nohook" in every process, as
// a program that forgets the hook; "parent" only in the parent, whose
// workers must serve as usual.
func init() {
	mode := os.Getenv(helperEnv)
	_, worker := os.LookupEnv("LAZY_PROCESSES_WORKER")
	if mode == "nohook" || (mode != "" && !worker) {
		os.Exit(helper(mode))
	}
}

// helper runs the test binary as a program of its own.
//
//	parent: start a pool of two workers, print their ids, wait to be killed
//	nohook: start a pool without having called processes.Main; its
//	        workers (the same program) do the same, and must refuse
func helper(mode string) int {
	switch mode {
	case "nohook":
		_, err := processes.New(context.Background(), processes.WithWorkers(1))
		fmt.Println("error:", err)
		return 1
	case "parent":
		p, err := processes.New(context.Background(), processes.WithWorkers(2))
		if err != nil {
			fmt.Println("error:", err)
			return 1
		}
		fmt.Println(p.PIDs())
		time.Sleep(time.Minute)
		return 0
	}
	fmt.Fprintln(os.Stderr, "unknown helper mode", mode)
	return 2
}
