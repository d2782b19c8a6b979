// SPDX-License-Identifier: MIT
// Peer of co_bench pingpong: ns per round trip over two unbuffered channels.
package main

import (
	"fmt"
	"time"
)

const n = 2000000

func main() {
	ping, pong := make(chan int64), make(chan int64)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	t := time.Now()
	for i := int64(0); i < n; i++ {
		ping <- i
		<-pong
	}
	el := time.Since(t)
	close(ping)
	fmt.Printf("pingpong %.1f\n", float64(el.Nanoseconds())/n)
}
