// SPDX-License-Identifier: MIT
// Peer of co_bench yield: ns per yield+resume pair (2x runtime.Gosched),
// two goroutines, run with GOMAXPROCS=1.
package main

import (
	"fmt"
	"runtime"
	"time"
)

const n = 2000000

func main() {
	done := make(chan bool)
	go func() {
		for i := 0; i < n; i++ {
			runtime.Gosched()
		}
		done <- true
	}()
	t := time.Now()
	for i := 0; i < n; i++ {
		runtime.Gosched()
	}
	el := time.Since(t)
	<-done
	fmt.Printf("yield %.1f\n", float64(el.Nanoseconds())/n)
}
