package diag

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Distance is the edit distance between a and b, in runes, counting an
// insertion, a deletion, a substitution or a swap of two neighbours (the
// commonest typo: "titel") as one edit (optimal string alignment distance).
func Distance(a, b string) int {
	if a == b {
		return 0
	}
	ra, rb := []rune(a), []rune(b)
	return DistanceWithin(ra, rb, max(len(ra), len(rb)), false)
}

// DistanceWithin is Distance between the runes a and w, or, with prefix,
// between a and the closest start of w; it returns k+1 once the distance is
// sure to be over k. The search's typo step uses it (search.js mirrors it).
func DistanceWithin(a, w []rune, k int, prefix bool) int {
	n, m := len(a), len(w)
	if !prefix && (m-n > k || n-m > k) || prefix && m < n-k {
		return k + 1
	}
	// rows i-2, i-1 and i of the table, over w's letters
	prev2 := make([]int, m+1)
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= m; j++ {
			cost := 1
			if a[i-1] == w[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == w[j-2] && a[i-2] == w[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			low = min(low, d)
		}
		if low > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if !prefix {
		return min(prev[m], k+1)
	}
	best := k + 1
	for j := max(0, n-k); j <= min(m, n+k); j++ {
		best = min(best, prev[j])
	}
	return best
}

// Closest returns the candidate nearest to s (case-insensitively) if it is
// close enough to be a likely typo, else "". Ties go to the first in sorted
// order.
func Closest(s string, cands []string) string {
	best, bestD := "", 0
	ls := strings.ToLower(s)
	for _, c := range cands {
		if c == s {
			continue
		}
		if d := len(c) - len(s); d > 2 || d < -2 {
			continue // too different in length to be a typo; skips most candidates cheaply
		}
		d := Distance(ls, strings.ToLower(c))
		if d <= maxTypo(s, c) && (best == "" || d < bestD || d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	return best
}

// maxTypo is the edit distance still taken for a typo: 2, but less for short
// words, where two edits make another word.
func maxTypo(a, b string) int {
	n := min(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	switch {
	case n <= 3:
		return 0
	case n <= 5:
		return 1
	}
	return 2
}

// DidYouMean formats `; did you mean "X"?` for the candidate Closest to s,
// with prefix before it (such as "#" for a heading id), or "" when none is
// close.
func DidYouMean(s string, cands []string, prefix string) string {
	if best := Closest(s, cands); best != "" {
		return fmt.Sprintf("; did you mean %q?", prefix+best)
	}
	return ""
}
