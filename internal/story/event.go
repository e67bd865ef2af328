package story

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Event is the part of GitHub's "issues" webhook event that a story needs:
// the file a workflow finds at $GITHUB_EVENT_PATH.
type Event struct {
	Action string `json:"action"`
	Issue  Issue  `json:"issue"`
}

// Issue is the issue the event is about.
type Issue struct {
	Number    int       `json:"number"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	HTMLURL   string    `json:"html_url"`
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at"`
	User      User      `json:"user"`
	Labels    []struct {
		Name string `json:"name"`
	} `json:"labels"`
	// PullRequest is set when the issue is a pull request.
	PullRequest json.RawMessage `json:"pull_request"`
}

// User is the issue's author.
type User struct {
	Login string `json:"login"`
	ID    int64  `json:"id"`
}

// maxEvent bounds the event file read: GitHub limits an issue's body to
// 65,536 characters, so a real event is well under this.
const maxEvent = 4 << 20

// ParseEvent reads an issues event.
func ParseEvent(data []byte) (*Event, error) {
	if len(data) > maxEvent {
		return nil, fmt.Errorf("the event is %d bytes; an issue event is far smaller", len(data))
	}
	var e Event
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("not a GitHub issues event: %v", err)
	}
	if e.Issue.Number <= 0 {
		return nil, fmt.Errorf("not a GitHub issues event: it names no issue")
	}
	if len(e.Issue.PullRequest) > 0 && string(e.Issue.PullRequest) != "null" {
		return nil, fmt.Errorf("issue #%d is a pull request, not a story", e.Issue.Number)
	}
	return &e, nil
}

// Branch is the branch a story from issue number is pushed to: one per
// issue, so a story sent again or edited updates one pull request.
func Branch(number int) string { return "story/issue-" + strconv.Itoa(number) }

// coAuthor credits the issue's author in the commit, with the no-reply
// address GitHub links to the account.
func (u User) coAuthor() string {
	login := u.login()
	if login == "" || u.ID <= 0 {
		return ""
	}
	return fmt.Sprintf("Co-authored-by: %s <%d+%s@users.noreply.github.com>", login, u.ID, login)
}
