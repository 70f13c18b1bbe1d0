//go:build race

package processes

// Race-enabled programs sleep a second before exiting (GORACE's
// atexit_sleep_ms), which every worker exit would pay: workers are told
// not to.
const raceEnabled = true
