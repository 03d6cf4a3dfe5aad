# Fixed identities and dates make the commit hashes deterministic.
#: requires: sh git
#: env: HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Elfuse GIT_AUTHOR_EMAIL=e@example.org GIT_COMMITTER_NAME=Elfuse GIT_COMMITTER_EMAIL=e@example.org GIT_AUTHOR_DATE=2001-09-09T01:46:40+0000 GIT_COMMITTER_DATE=2001-09-09T01:46:40+0000
sh -c '
set -e
git init -q -b main repo
cp -r sub a.txt words.txt repo/
cd repo
git config user.name Elfuse && git config user.email e@example.org
git add .
git commit -q -m "first commit"
echo change >> a.txt && git rm -q --cached words.txt
git commit -q -am "second commit"
git log --format="%H %an %ad %s" --date=iso
git rev-parse HEAD^{tree}
git status --short
git diff HEAD~1 --stat
git show --stat --format=%s HEAD~1 | tail -n 3
git gc -q && git fsck -q && git count-objects -v | grep -v size
'
