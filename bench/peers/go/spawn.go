// SPDX-License-Identifier: MIT
// Peer of co_bench spawn: ns per spawn + finish of an empty goroutine (1M).
package main

import (
	"fmt"
	"sync"
	"time"
)

const n = 1000000

func main() {
	var wg sync.WaitGroup
	t := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { wg.Done() }()
	}
	wg.Wait()
	fmt.Printf("spawn %.1f\n", float64(time.Since(t).Nanoseconds())/n)
}
