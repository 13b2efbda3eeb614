#!/bin/sh
# Renders the Alertmanager configuration from the ALERTMANAGER_* variables, then starts
# Alertmanager on it. POSIX sh and sed only (the prom/alertmanager image is busybox-based).
#
#   entrypoint.sh [alertmanager flags...]        render to /tmp, then exec Alertmanager
#   entrypoint.sh render TEMPLATE OUTPUT         render only (used by the config checks)
#
# An integration is enabled only when its variables are set:
#   webhook  ALERTMANAGER_WEBHOOK_URL
#   Slack    ALERTMANAGER_SLACK_WEBHOOK_URL (ALERTMANAGER_SLACK_CHANNEL optional)
#   e-mail   ALERTMANAGER_EMAIL_TO, ALERTMANAGER_SMTP_SMARTHOST, ALERTMANAGER_SMTP_FROM
#            (ALERTMANAGER_SMTP_USERNAME / ALERTMANAGER_SMTP_PASSWORD when the server wants them)
set -eu

# A value as a single-quoted YAML scalar, escaped for the right-hand side of a sed s|||
# command. Carriage returns and newlines are dropped (a .env written on Windows ends lines
# with CR LF).
quote() {
  printf '%s' "$1" | tr -d '\r\n' | sed -e "s/'/''/g" -e 's/[\\&|]/\\&/g' -e "s/^/'/" -e "s/\$/'/"
}

# Keeps the "#[name] " lines when $2 is non-empty, drops them otherwise.
block() {
  if [ -n "$2" ]; then
    printf 's/^#\\[%s\\] //\n' "$1"
  else
    printf '/^#\\[%s\\] /d\n' "$1"
  fi
}

render() {
  template=$1
  output=$2
  webhook=${ALERTMANAGER_WEBHOOK_URL:-}
  slack=${ALERTMANAGER_SLACK_WEBHOOK_URL:-}
  channel=${ALERTMANAGER_SLACK_CHANNEL:-}
  email=${ALERTMANAGER_EMAIL_TO:-}
  smarthost=${ALERTMANAGER_SMTP_SMARTHOST:-}
  from=${ALERTMANAGER_SMTP_FROM:-}
  username=${ALERTMANAGER_SMTP_USERNAME:-}
  password=${ALERTMANAGER_SMTP_PASSWORD:-}

  if [ -n "$email" ] && { [ -z "$smarthost" ] || [ -z "$from" ]; }; then
    echo "alertmanager: ALERTMANAGER_EMAIL_TO needs ALERTMANAGER_SMTP_SMARTHOST and ALERTMANAGER_SMTP_FROM" >&2
    exit 1
  fi
  smtp_auth=
  if [ -n "$email" ] && [ -n "$username$password" ]; then
    smtp_auth=yes
  fi
  if [ -z "$slack" ]; then
    channel=
  fi

  script=$(mktemp)
  {
    block webhook "$webhook"
    block slack "$slack"
    block slack_channel "$channel"
    block email "$email"
    block smtp_auth "$smtp_auth"
    printf 's|\\${ALERTMANAGER_WEBHOOK_URL}|%s|g\n' "$(quote "$webhook")"
    printf 's|\\${ALERTMANAGER_SLACK_WEBHOOK_URL}|%s|g\n' "$(quote "$slack")"
    printf 's|\\${ALERTMANAGER_SLACK_CHANNEL}|%s|g\n' "$(quote "$channel")"
    printf 's|\\${ALERTMANAGER_EMAIL_TO}|%s|g\n' "$(quote "$email")"
    printf 's|\\${ALERTMANAGER_SMTP_SMARTHOST}|%s|g\n' "$(quote "$smarthost")"
    printf 's|\\${ALERTMANAGER_SMTP_FROM}|%s|g\n' "$(quote "$from")"
    printf 's|\\${ALERTMANAGER_SMTP_USERNAME}|%s|g\n' "$(quote "$username")"
    printf 's|\\${ALERTMANAGER_SMTP_PASSWORD}|%s|g\n' "$(quote "$password")"
  } > "$script"
  sed -f "$script" "$template" > "$output"
  rm -f "$script"

  enabled=
  [ -n "$webhook" ] && enabled="$enabled webhook"
  [ -n "$slack" ] && enabled="$enabled slack"
  [ -n "$email" ] && enabled="$enabled email"
  echo "alertmanager: notifications:${enabled:- none (alerts visible in Alertmanager and Grafana only)}" >&2
}

if [ "${1:-}" = render ]; then
  render "$2" "$3"
  exit 0
fi

render /etc/alertmanager/config/alertmanager.yml /tmp/alertmanager.yml
exec /bin/alertmanager --config.file=/tmp/alertmanager.yml --storage.path=/alertmanager "$@"
