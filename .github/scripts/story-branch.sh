#!/usr/bin/env bash
# story-branch.sh DIR BRANCH: commits the story that
#   portal new --from-issue EVENT.json --reply-dir DIR
# wrote, on top of the checked-out commit, and pushes it to BRANCH
# (story/issue-<number>) on origin, replacing what the issue pushed before:
# one branch, so one pull request, per issue however often it is edited.
#
# It runs nothing from the story. It copies the files listed in
# DIR/files.txt from DIR/files/, and only to the paths a story may write
# (content/case-studies/<slug>.md, .<lang>.md, <slug>-photo.jpg|png|webp,
# content/partners/<slug>.md, .github/ISSUE_TEMPLATE/case-study.yml); the
# commit message comes from DIR/commit.txt, read by git as a file.
#
# It does not push when:
#   - another issue's branch already adds the same story (outcome=duplicate,
#     duplicate_of=<issue>): the same story sent twice makes one pull request;
#   - someone other than the workflow has pushed to BRANCH (outcome=taken-over):
#     the reviewers' changes are not thrown away;
#   - BRANCH already holds exactly this (outcome=unchanged).
# Otherwise outcome=pushed. It prints key=value lines (branch, outcome, sha,
# duplicate_of) and appends them to $GITHUB_OUTPUT when that is set.
#
# The workflow (.github/workflows/story.yml) runs it in a checkout with a
# token that may push; the tests run it against a local bare repository.
set -euo pipefail

dir=${1:?usage: story-branch.sh DIR BRANCH}
branch=${2:?usage: story-branch.sh DIR BRANCH}
bot_name=${STORY_BOT_NAME:-github-actions[bot]}
bot_email=${STORY_BOT_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}

say() {
	echo "$1"
	if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >>"$GITHUB_OUTPUT"; fi
}
fail() {
	echo "story-branch.sh: $*" >&2
	exit 1
}

[[ $branch =~ ^story/issue-[1-9][0-9]*$ ]] || fail "branch $branch is not story/issue-<number>"
[ -f "$dir/files.txt" ] && [ -f "$dir/commit.txt" ] || fail "$dir holds no story (no files.txt or commit.txt)"
say "branch=$branch"

# The paths a story may write, and its page (whose path names the story).
page=
files=()
while IFS= read -r f || [ -n "$f" ]; do
	[ -n "$f" ] || continue
	if [[ $f =~ ^content/case-studies/[a-z0-9][a-z0-9-]*\.md$ ]]; then
		page=$f
	elif ! [[ $f =~ ^content/case-studies/[a-z0-9][a-z0-9-]*(\.[a-z]{2,3}\.md|-photo\.(jpg|png|webp))$ ||
		$f =~ ^content/partners/[a-z0-9][a-z0-9-]*\.md$ ||
		$f == .github/ISSUE_TEMPLATE/case-study.yml ]]; then
		fail "refusing to write $f: a story writes only its pages, its photo, partner pages and the story form"
	fi
	src=$dir/files/$f
	[ -f "$src" ] && [ ! -L "$src" ] || fail "$src is not a plain file"
	files+=("$f")
done <"$dir/files.txt"
[ -n "$page" ] || fail "files.txt names no page in content/case-studies/"

git fetch --quiet --no-tags origin "+refs/heads/story/*:refs/remotes/origin/story/*"
old=$(git rev-parse --quiet --verify "refs/remotes/origin/$branch" || true)

# The same story from another issue: a branch that adds this page.
while read -r ref; do
	other=${ref#refs/remotes/origin/}
	[ "$other" != "$branch" ] || continue
	if git cat-file -e "$ref:$page" 2>/dev/null && ! git cat-file -e "HEAD:$page" 2>/dev/null; then
		say "outcome=duplicate"
		say "duplicate_of=${other#story/issue-}"
		exit 0
	fi
done < <(git for-each-ref --format='%(refname)' 'refs/remotes/origin/story/issue-*')

# Someone else's commits on the branch: leave it to them.
authors=
if [ -n "$old" ]; then authors=$(git log --format='%ae' "HEAD..$old"); fi
if [ -n "$authors" ] && grep -qvxF -- "$bot_email" <<<"$authors"; then
	say "outcome=taken-over"
	say "sha=$old"
	exit 0
fi

for f in "${files[@]}"; do
	mkdir -p "$(dirname "$f")"
	cp -- "$dir/files/$f" "$f"
done
git add -- "${files[@]}"
GIT_AUTHOR_NAME=$bot_name GIT_AUTHOR_EMAIL=$bot_email GIT_COMMITTER_NAME=$bot_name GIT_COMMITTER_EMAIL=$bot_email \
	git commit --quiet --no-verify -F "$dir/commit.txt"

if [ -n "$old" ] && [ "$(git rev-parse "$old^{tree}")" = "$(git rev-parse "HEAD^{tree}")" ]; then
	say "outcome=unchanged"
	say "sha=$old"
	exit 0
fi
git push --quiet --force-with-lease="refs/heads/$branch:$old" origin "HEAD:refs/heads/$branch"
say "outcome=pushed"
say "sha=$(git rev-parse HEAD)"
