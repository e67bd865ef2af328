package contact

import (
	"fmt"
	"slices"
	"strings"
)

// TakeRefusal is the outcome of a claim by by, given the inquiry as it
// stands after the attempt: nil if by has it now, ECONFLICT saying who has
// it and since when, EGONE if it was answered. Both stores decide with it.
func TakeRefusal(q *Inquiry, by string) error {
	switch {
	case q.Status == StatusAnswered:
		return AnsweredRefusal(q)
	case strings.EqualFold(q.ClaimedBy, by):
		return nil
	}
	return Errorf(ECONFLICT, "%s has had this inquiry since %s.", q.Claimer(), FormatStamp(q.ClaimedAt))
}

// AnsweredRefusal is the EGONE error for an inquiry already answered.
func AnsweredRefusal(q *Inquiry) error {
	return Errorf(EGONE, "This inquiry was marked answered on %s by %s; nothing more needs doing.", FormatStamp(q.AnsweredAt), q.AnsweredBy)
}

// SentTo describes where msgs go, for the history.
func SentTo(msgs []*Message) string {
	if len(msgs) == 0 {
		return "to nobody: site.yaml names no one (escalate_to, contact.coordinators)"
	}
	var to []string
	for _, m := range msgs {
		if !slices.Contains(to, m.Target) { // an inquiry mail and its links
			to = append(to, m.Target)
		}
	}
	return fmt.Sprintf("to %s", strings.Join(to, ", "))
}
