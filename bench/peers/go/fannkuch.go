// SPDX-License-Identifier: MIT

// fannkuch: the Computer Language Benchmarks Game fannkuch-redux (permutations of 1..N, counting
// prefix reversals): small int slices, tight loops with many bounds-checked indexings.
// N from the first argument (default 10) and a repeat count from the second (default 4, so that one
// run lasts long enough to time); prints the checksum and the maximum flip count of each repetition.
// The same program is bench/lang/fannkuch.sw.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func fannkuch(n int) (int, int) {
	perm := make([]int, n)
	perm1 := make([]int, n)
	count := make([]int, n)
	for i := range perm1 {
		perm1[i] = i
	}
	maxFlips, checksum, permCount := 0, 0, 0
	r := n
	for {
		for ; r != 1; r-- {
			count[r-1] = r
		}
		copy(perm, perm1)
		flips := 0
		for k := perm[0]; k != 0; k = perm[0] {
			for i, j := 0, k; i < j; i, j = i+1, j-1 {
				perm[i], perm[j] = perm[j], perm[i]
			}
			flips++
		}
		if flips > maxFlips {
			maxFlips = flips
		}
		if permCount%2 == 0 {
			checksum += flips
		} else {
			checksum -= flips
		}
		// next permutation in the counting order of the benchmark
		for {
			if r == n {
				return checksum, maxFlips
			}
			p0 := perm1[0]
			for i := 0; i < r; i++ {
				perm1[i] = perm1[i+1]
			}
			perm1[r] = p0
			count[r]--
			if count[r] > 0 {
				break
			}
			r++
		}
		permCount++
	}
}

func main() {
	n := 10
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	reps := 4
	if len(os.Args) > 2 {
		reps, _ = strconv.Atoi(os.Args[2])
	}
	for i := 0; i < reps; i++ {
		checksum, flips := fannkuch(n)
		fmt.Printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, flips)
	}
}
