package bench

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// FindPython returns the first of the candidates (or, when none are
// given, $PYTHON, python3 on PATH and /usr/bin/python3) that can import
// dask, or an error saying why none can: the dask columns are then left
// out.
func FindPython(candidates ...string) (string, error) {
	if len(candidates) == 0 {
		candidates = []string{os.Getenv("PYTHON"), "python3", "/usr/bin/python3"}
	}
	var why []string
	for _, c := range candidates {
		if c == "" {
			continue
		}
		out, err := exec.Command(c, "-c", "import dask").CombinedOutput()
		if err == nil {
			return c, nil
		}
		msg := err.Error()
		if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); lines[0] != "" {
			msg = lines[len(lines)-1]
		}
		why = append(why, fmt.Sprintf("%s: %s", c, msg))
	}
	if len(why) == 0 {
		return "", errors.New("no python3 given")
	}
	return "", fmt.Errorf("no Python can import dask (%s); on Debian: apt-get install python3-dask", strings.Join(why, "; "))
}

// Dask is a running dask_shapes.py --serve.
type Dask struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	out     *bufio.Scanner
	Version string // dask's
	Python  string // Python's
}

// StartDask starts script under python, with the given threads for dask's
// threaded scheduler, and waits until it is ready.
func StartDask(python, script string, workers int) (*Dask, error) {
	cmd := exec.Command(python, script, "--serve", "--workers", strconv.Itoa(workers))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	d := &Dask{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	var hello struct{ Dask, Python string }
	if err := d.read(&hello); err != nil {
		d.Close()
		return nil, fmt.Errorf("starting %s: %w", script, err)
	}
	d.Version, d.Python = hello.Dask, hello.Python
	return d, nil
}

func (d *Dask) read(v any) error {
	if !d.out.Scan() {
		if err := d.out.Err(); err != nil {
			return err
		}
		return io.ErrUnexpectedEOF
	}
	return json.Unmarshal(d.out.Bytes(), v)
}

// Schedulers are dask's schedulers the driver runs, by cell name.
var daskSchedulers = []string{"threads", "sync"}

// DaskCells returns the cells of dask's schedulers on s.
func DaskCells(s Shape, workers int) []*Cell {
	return []*Cell{
		{Shape: s, Impl: fmt.Sprintf("dask-threads%d", workers), Peer: "dask"},
		{Shape: s, Impl: "dask-sync", Peer: "dask"},
	}
}

// Sample builds s once in dask and computes it with each scheduler, in an
// order that alternates with flip, adding a sample to each of cells (as
// DaskCells returns them). The result is checked against want.
func (d *Dask) Sample(cells []*Cell, want int, flip bool) error {
	s := cells[0].Shape
	order := []int{0, 1}
	if flip {
		order = []int{1, 0}
	}
	names := make([]string, len(order))
	for i, o := range order {
		names[i] = daskSchedulers[o]
	}
	if _, err := fmt.Fprintf(d.in, "%s %d %s\n", s.Name(), s.N, strings.Join(names, ",")); err != nil {
		return cells[0].fail(err)
	}
	var resp struct {
		BuildNS int64            `json:"build_ns"`
		RunNS   map[string]int64 `json:"run_ns"`
		Result  string           `json:"result_mod64"`
		Error   string
	}
	err := d.read(&resp)
	switch {
	case err != nil:
	case resp.Error != "":
		err = errors.New(resp.Error)
	case resp.Result != strconv.FormatUint(uint64(want), 10):
		err = fmt.Errorf("result %s mod 2^64, want %d", resp.Result, uint64(want))
	}
	if err != nil {
		for _, c := range cells {
			c.fail(err)
		}
		return err
	}
	for i, c := range cells {
		c.Samples = append(c.Samples, Sample{
			Build: time.Duration(resp.BuildNS),
			Run:   time.Duration(resp.RunNS[daskSchedulers[i]]),
		})
	}
	return nil
}

// Close stops the script.
func (d *Dask) Close() error {
	d.in.Close()
	return d.cmd.Wait()
}
