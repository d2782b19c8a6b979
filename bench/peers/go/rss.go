// SPDX-License-Identifier: MIT
// Peer of co_bench rss / million: RSS per goroutine blocked on a channel
// (100k), or total RSS and spawn time with 1M blocked (argument "million").
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func rss() float64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) * 1024
		}
	}
	return 0
}

func main() {
	n := 100000
	if len(os.Args) > 1 && os.Args[1] == "million" {
		n = 1000000
	}
	block := make(chan bool)
	started := make(chan bool)
	before := rss()
	t := time.Now()
	for i := 0; i < n; i++ {
		go func() {
			started <- true
			<-block
		}()
		<-started
	}
	secs := time.Since(t).Seconds()
	after := rss()
	if n == 100000 {
		fmt.Printf("rss %.0f\n", (after-before)/float64(n))
	} else {
		fmt.Printf("million %.0f %.2f\n", after/1048576, secs)
	}
}
