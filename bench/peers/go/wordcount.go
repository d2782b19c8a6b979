// SPDX-License-Identifier: MIT

// wordcount: a map-heavy word count. Builds a deterministic text of N words (default 8000000) drawn
// with a linear congruential generator from a vocabulary of 50000 made-up words, splits it on spaces,
// counts each word in a map[string]int, then folds the counts by word length in a map[int]int and
// sorts the 10 most frequent words. Prints the distinct-word count, the top words and a checksum.
// The same program is bench/lang/wordcount.sw.
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

const vocabSize = 50000

var seed uint32 = 42

func next() uint32 {
	seed = seed*1664525 + 1013904223
	return seed
}

func makeWord(i int) string {
	const letters = "etaoinshrdlucmfwypvbgkjqxz"
	var b []byte
	for {
		b = append(b, letters[i%26])
		i /= 26
		if i == 0 {
			break
		}
	}
	return string(b) + strconv.Itoa(len(b))
}

func main() {
	n := 8000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	vocab := make([]string, vocabSize)
	for i := range vocab {
		vocab[i] = makeWord(i)
	}
	var sb strings.Builder
	for i := 0; i < n; i++ {
		// skewed draw: small indexes are more frequent
		r := next() >> 8
		k := int(r % vocabSize)
		if r&3 != 0 {
			k = k % (1 + int(r>>20)%500)
		}
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(vocab[k])
	}
	text := sb.String()

	counts := make(map[string]int)
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == ' ' {
			if i > start {
				counts[text[start:i]]++
			}
			start = i + 1
		}
	}

	byLen := make(map[int]int)
	keys := make([]string, 0, len(counts))
	for w, c := range counts {
		byLen[len(w)] += c
		keys = append(keys, w)
	}
	sort.Slice(keys, func(i, j int) bool {
		ci, cj := counts[keys[i]], counts[keys[j]]
		if ci != cj {
			return ci > cj
		}
		return keys[i] < keys[j]
	})
	fmt.Println("distinct:", len(counts))
	for _, w := range keys[:10] {
		fmt.Println(w, counts[w])
	}
	var sum uint64
	for l := 0; l < 16; l++ {
		sum = sum*1000003 + uint64(byLen[l])
	}
	for i, w := range keys {
		sum = sum*31 + uint64(counts[w])*uint64(i+1) + uint64(len(w))
	}
	fmt.Println("checksum:", sum)
}
