#!/usr/bin/env bash
# Checks that this (non-root) user can run Postfix in a user namespace the way start-postfix.sh does: the user as
# root inside, the first /etc/subuid and /etc/subgid blocks for every other id (the postfix user's included).
# Silent with exit 0 when it can; otherwise says what is missing and what root must do once, and exits 1.
set -uo pipefail
user=$(id -un) uid=$(id -u)
problems=()

if ! command -v newuidmap >/dev/null || ! command -v newgidmap >/dev/null; then
  problems+=("newuidmap/newgidmap are not installed. As root, once: tests/peers/install.sh (or: apt-get install uidmap)")
fi

# The first block of subordinate ids for this user in FILE (by name or by id): "start count", or nothing.
first_block() { awk -F: -v u="$user" -v id="$2" '($1 == u || $1 == id) { print $2, $3; exit }' "$1" 2>/dev/null; }
# The ids the namespace must cover: the postfix user and its groups (set-permissions uses postdrop too).
highest=0
for id in "$(id -u postfix 2>/dev/null || echo 0)" "$(id -g postfix 2>/dev/null || echo 0)" \
          "$(getent group postdrop | cut -d: -f3)"; do
  [ -n "$id" ] && [ "$id" -gt "$highest" ] && highest=$id
done
for kind in uid gid; do
  file=/etc/sub$kind
  read -r start count <<< "$(first_block "$file" "$uid")"
  # A free block of 65536 after every range already given out.
  free=$(awk -F: '$2 + $3 > m { m = $2 + $3 } END { print (m > 100000 ? m : 100000) }' "$file" 2>/dev/null || echo 100000)
  range="$free-$((free + 65535))"
  if [ -z "${count:-}" ]; then
    problems+=("$file has no range for $user. As root, once: usermod --add-sub${kind}s $range $user")
  elif [ "$count" -le "$highest" ]; then
    problems+=("the first range for $user in $file ($start, $count ids) does not reach id $highest (the postfix user or group). As root, once: remove it from $file, then usermod --add-sub${kind}s $range $user")
  fi
done

if [ ${#problems[@]} -eq 0 ]; then
  if ! err=$(unshare --user true 2>&1); then
    problems+=("this kernel does not let normal users create user namespaces (${err:-unshare --user failed}). As root: sysctl -w user.max_user_namespaces=15000 (and kernel.unprivileged_userns_clone=1 or kernel.apparmor_restrict_unprivileged_userns=0 where those exist)")
  elif ! err=$(unshare --user --map-root-user --map-auto -- true 2>&1); then
    problems+=("unshare --user --map-root-user --map-auto fails: $err")
  fi
fi

[ ${#problems[@]} -eq 0 ] && exit 0
{
  echo "Postfix cannot run as $user: its master process must be root, so as a normal user it runs in a user namespace, and:"
  printf '  - %s\n' "${problems[@]}"
  echo "Or run the tests as root."
} >&2
exit 1
