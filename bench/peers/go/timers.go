// SPDX-License-Identifier: MIT
// Peer of co_bench timers: ms to add 100k timers (time.AfterFunc), ms to
// Stop them all.
package main

import (
	"fmt"
	"time"
)

const n = 100000

func main() {
	ts := make([]*time.Timer, n)
	f := func() {}
	t0 := time.Now()
	for i := 0; i < n; i++ {
		ts[i] = time.AfterFunc(time.Hour+time.Duration(i)*time.Microsecond, f)
	}
	t1 := time.Now()
	for i := 0; i < n; i++ {
		ts[i].Stop()
	}
	t2 := time.Now()
	fmt.Printf("timers %.2f %.2f\n", float64(t1.Sub(t0).Nanoseconds())/1e6, float64(t2.Sub(t1).Nanoseconds())/1e6)
}
