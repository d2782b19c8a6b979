// SPDX-License-Identifier: MIT
// gen_strs.go — oracle for test_strings.c: strings and strconv results of
// Go 1.19 (go run gen_strs.go).

package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

func main() {
	p := func(v any) { fmt.Printf("%q\n", v) }
	p(strings.Split("a,b,c", ","))
	p(strings.Split("héllo", ""))
	p(strings.Split("", ","))
	p(strings.SplitN("a,b,c,d", ",", 2))
	p(strings.SplitAfter("a,b,c", ","))
	p(strings.Fields("  foo bar\tbaz\n "))
	p(strings.Replace("oink oink oink", "k", "ky", 2))
	p(strings.Replace("oink oink oink", "", "-", -1))
	p(strings.ToUpper("héllo wörld"))
	p(strings.ToLower("HÉLLO"))
	p(strings.Title("hello wide_world x-ray"))
	p(strings.TrimSpace(" \t hi there \n"))
	p(strings.Trim("xxhixyx", "xy"))
	p(strings.TrimLeft("xxhixyx", "xy"))
	p(strings.TrimRight("xxhixyx", "xy"))
	p(strings.Repeat("ab", 3))
	p(strings.Join([]string{"a", "b", "c"}, "-"))
	p(strings.Count("cheese", "e"))
	p(strings.Count("five", ""))
	p(strings.Index("chicken", "ken"))
	p(strings.LastIndex("go gopher", "go"))
	p(strings.IndexAny("golang", "ny"))
	p(strings.IndexRune("chicken", 'k'))
	p(strings.EqualFold("Go", "GO"))
	p(strings.EqualFold("Straße", "STRASSE"))
	p(strings.ToUpper("a\xffb"))
	for _, f := range []float64{0, 1, -1, 0.1, 1.0 / 3, 2.0 / 3, 1e21, 1e20, 123456789, 1e-7, 5e-324, math.MaxFloat64, 100, 1e6, 0.000001, 12.5, 1234.5678} {
		fmt.Println(strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(f, 'e', -1, 64), strconv.FormatFloat(f, 'f', -1, 64),
			strconv.FormatFloat(f, 'e', 3, 64), strconv.FormatFloat(f, 'f', 2, 64), strconv.FormatFloat(f, 'g', 4, 64),
			strconv.FormatFloat(f, 'g', -1, 32), strconv.FormatFloat(f, 'b', -1, 64), strconv.FormatFloat(f, 'x', -1, 64), strconv.FormatFloat(f, 'x', 3, 64))
	}
	p(strconv.Quote("héllo\x00\"\\\u2028\U0001F600"))
	p(strconv.QuoteToASCII("héllo\U0001F600"))
	p(strconv.QuoteRune('☺'))
	p(strconv.QuoteRuneToASCII('☺'))
	p(strconv.FormatInt(-255, 16))
	p(strconv.FormatUint(255, 2))
	p(strconv.Itoa(-9223372036854775808))
}
