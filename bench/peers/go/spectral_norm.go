// SPDX-License-Identifier: MIT

// spectral_norm: the Computer Language Benchmarks Game spectral norm (power method on the infinite
// matrix A(i,j) = 1/((i+j)(i+j+1)/2+i+1)): tight float loops over slices, integer division-free index
// math. Size N from the first argument, default 4000; prints the norm to 9 decimals.
// The same program is bench/lang/spectral_norm.sw.
package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
)

func evalA(i, j int) float64 {
	return 1.0 / float64((i+j)*(i+j+1)/2+i+1)
}

func timesVec(v []float64, u []float64) {
	for i := range v {
		s := 0.0
		for j := range u {
			s += evalA(i, j) * u[j]
		}
		v[i] = s
	}
}

func timesTransVec(v []float64, u []float64) {
	for i := range v {
		s := 0.0
		for j := range u {
			s += evalA(j, i) * u[j]
		}
		v[i] = s
	}
}

func timesAtAVec(v, u, tmp []float64) {
	timesVec(tmp, u)
	timesTransVec(v, tmp)
}

func main() {
	n := 4000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	u := make([]float64, n)
	v := make([]float64, n)
	tmp := make([]float64, n)
	for i := range u {
		u[i] = 1
	}
	for i := 0; i < 10; i++ {
		timesAtAVec(v, u, tmp)
		timesAtAVec(u, v, tmp)
	}
	var vBv, vv float64
	for i := range v {
		vBv += u[i] * v[i]
		vv += v[i] * v[i]
	}
	fmt.Printf("%0.9f\n", math.Sqrt(vBv/vv))
}
