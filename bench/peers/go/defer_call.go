// SPDX-License-Identifier: MIT

// defer_call: calls three functions that each contain one defer statement
// (a deferred method call, a deferred closure updating a named result, a
// deferred closure that recovers) N times each (N from the first argument,
// default 10000000) and prints a checksum: the cost of a call with a defer.
// The same program is bench/lang/defer_call.sw.
package main

import (
	"fmt"
	"os"
	"strconv"
)

type counter struct {
	depth int
	total int
}

func (c *counter) leave() { c.depth-- }

// one deferred method call, as in `mu.Lock(); defer mu.Unlock()`
func step(c *counter, i int) int {
	c.depth++
	defer c.leave()
	c.total += i & 7
	return c.depth
}

// one deferred closure that updates a named result
func twice(i int) (r int) {
	defer func() { r *= 2 }()
	return i & 3
}

// a deferred closure that recovers (the frame must be resumable)
func guarded(i int) (r int) {
	defer func() {
		if recover() != nil {
			r = -1
		}
	}()
	return i & 1
}

func main() {
	n := 10000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	c := &counter{}
	sum := 0
	for i := 0; i < n; i++ {
		sum += step(c, i)
		sum += twice(i)
		sum += guarded(i)
	}
	fmt.Println(sum, c.total, c.depth)
}
