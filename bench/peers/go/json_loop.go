// SPDX-License-Identifier: MIT

// json_loop: encode and decode a struct with nested slices and maps N
// times (N from the first argument, default 20000) and print a checksum.
// The same program is bench/lang/json_loop.sw.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
)

type Line struct {
	SKU   string  `json:"sku"`
	Qty   int     `json:"qty"`
	Price float64 `json:"price"`
}

type Order struct {
	ID       int64              `json:"id"`
	Customer string             `json:"customer"`
	Lines    []Line             `json:"lines"`
	Tags     []string           `json:"tags,omitempty"`
	Attrs    map[string]string  `json:"attrs"`
	Totals   map[string]float64 `json:"totals"`
	Paid     bool               `json:"paid"`
}

func main() {
	n := 20000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	o := Order{ID: 1, Customer: "Ann <ann@example.com>", Tags: []string{"rush", "gift", "intl"},
		Attrs:  map[string]string{"channel": "web", "coupon": "SPRING", "note": "leave at door"},
		Totals: map[string]float64{"net": 0, "tax": 0}}
	for i := 0; i < 8; i++ {
		o.Lines = append(o.Lines, Line{SKU: "SKU-" + strconv.Itoa(i), Qty: i + 1, Price: float64(i)*1.25 + 0.99})
	}
	var sum uint64
	for i := 0; i < n; i++ {
		o.ID = int64(i)
		o.Totals["net"] = float64(i) * 0.5
		o.Paid = i%2 == 0
		b, err := json.Marshal(o)
		if err != nil {
			fmt.Println(err)
			return
		}
		var back Order
		if err := json.Unmarshal(b, &back); err != nil {
			fmt.Println(err)
			return
		}
		sum += uint64(len(b)) + uint64(back.ID) + uint64(len(back.Lines)) + uint64(back.Totals["net"])
		for _, c := range b {
			sum = sum*31 + uint64(c)
		}
	}
	fmt.Println(n, sum)
}
