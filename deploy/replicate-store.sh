#!/bin/sh
# Copy the published store of one data folder to other machines' data folders, the way
# etl/publish.py publishes it: complete vintages first, then the store link switched with
# one rename, then the vintages the source has pruned removed. An instance reading a target
# sees the old store or the new one, never a half-copied one (docs/deploy.md, "Several
# machines").
#
#   deploy/replicate-store.sh SOURCE TARGET [TARGET...]
#     SOURCE  the data folder the ETL publishes into (TALENT_DATA_DIR), e.g. /var/lib/talentopgave
#     TARGET  [user@]host:/path (rsync and ssh) or /path (this machine)
#
# Only vintages/ and the store link are copied: raw/ (the ETL's download cache) and
# refresh.lock stay on the ETL machine, half-built vintages (.building-*) are never copied.
# Exit 0 when every target has the source's store; 1 at the first target that failed (the
# ones before it are done), with rsync's or ssh's message.
set -eu

usage() {
    echo "usage: $0 SOURCE TARGET [TARGET...]   (see docs/deploy.md)" >&2
    exit 2
}
[ "$#" -ge 2 ] || usage
source_dir=${1%/}
shift

# The link etl/publish.py writes is relative, vintages/<vintage>, so it is the same on every
# machine wherever the data folder lives.
link=$(readlink "$source_dir/store") || {
    echo "$source_dir/store is not a link: nothing published there yet" >&2
    exit 1
}
case $link in
    vintages/*/* | vintages/.*) echo "$source_dir/store points to $link, not to a vintage" >&2; exit 1 ;;
    vintages/?*) ;;
    *) echo "$source_dir/store points to $link, not into vintages/" >&2; exit 1 ;;
esac
[ -f "$source_dir/$link/manifest.json" ] || {
    echo "$source_dir/$link has no manifest.json: not a published vintage" >&2
    exit 1
}

for target in "$@"; do
    case $target in
        *:*) host=${target%%:*}; path=${target#*:} ;;
        *) host=""; path=$target ;;
    esac
    path=${path%/}
    case $path in
        *"'"* | "") echo "$target: a target path may not be empty or contain a quote" >&2; exit 1 ;;
    esac
    # The link switch as one command on the target: a new link under a temporary name, then
    # rename(2) over "store" (mv -T), atomic like os.replace in etl/publish.py.
    switch="cd '$path' && ln -sfn '$link' .store-replica && mv -fT .store-replica store"
    run() {
        if [ -n "$host" ]; then ssh -o BatchMode=yes -- "$host" "$1"; else sh -c "$1"; fi
    }

    run "mkdir -p '$path/vintages'"
    # 1. Every vintage, complete, before anything points to the new one.
    rsync -a --exclude '.building-*' "$source_dir/vintages/" "$target/vintages/"
    # 2. The link.
    run "$switch"
    # 3. Vintages pruned on the source, pruned here (the linked one is on the source too).
    rsync -a --delete --exclude '.building-*' "$source_dir/vintages/" "$target/vintages/"
    echo "$target: store -> $link"
done
