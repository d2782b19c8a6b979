// SPDX-License-Identifier: MIT
// gen_caps.go — oracle for test_slice.c: the capacities Go 1.19 gives when
// appending one element at a time (go run gen_caps.go).

package main

import "fmt"

type S12 struct{ a, b, c int32 }
type S24 struct{ a, b, c int64 }
type S40 struct{ a, b, c, d, e int64 }

func main() {
	var a []int
	var b []byte
	var s []string
	var x []S12
	var y []S24
	var z []S40
	var r []int32
	pa, pb, ps, px, py, pz, pr := -1, -1, -1, -1, -1, -1, -1
	fmt.Print("int:")
	for i := 0; i < 20000; i++ {
		a = append(a, i)
		if cap(a) != pa { pa = cap(a); fmt.Print(" ", pa) }
	}
	fmt.Print("\nbyte:")
	for i := 0; i < 20000; i++ {
		b = append(b, 1)
		if cap(b) != pb { pb = cap(b); fmt.Print(" ", pb) }
	}
	fmt.Print("\nstring:")
	for i := 0; i < 20000; i++ {
		s = append(s, "")
		if cap(s) != ps { ps = cap(s); fmt.Print(" ", ps) }
	}
	fmt.Print("\ns12:")
	for i := 0; i < 20000; i++ {
		x = append(x, S12{})
		if cap(x) != px { px = cap(x); fmt.Print(" ", px) }
	}
	fmt.Print("\ns24:")
	for i := 0; i < 20000; i++ {
		y = append(y, S24{})
		if cap(y) != py { py = cap(y); fmt.Print(" ", py) }
	}
	fmt.Print("\ns40:")
	for i := 0; i < 20000; i++ {
		z = append(z, S40{})
		if cap(z) != pz { pz = cap(z); fmt.Print(" ", pz) }
	}
	fmt.Print("\nint32:")
	for i := 0; i < 20000; i++ {
		r = append(r, 1)
		if cap(r) != pr { pr = cap(r); fmt.Print(" ", pr) }
	}
	fmt.Println()
	m := append([]int{1, 2, 3}, 4, 5, 6, 7)
	fmt.Println(cap(m), cap(append([]byte("hello"), '!')), cap(append([]int(nil), make([]int, 13)...)))
	bs := []byte("hello world, this is a long string")
	rs := []rune("héllo")
	fmt.Println(cap(bs), cap(rs))
}
