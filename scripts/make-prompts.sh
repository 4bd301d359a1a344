#!/usr/bin/env bash
# Regenerates the announcements Opbx ships for Asterisk (Opbx.Web/Asterisk/Sounds/*.wav): the Asterisk build has no sound
# prompts of its own. Speech by espeak-ng, converted by sox to what Asterisk's format_wav reads: 8 kHz, 16-bit, mono.
# The WAVs are checked in (a build needs neither tool); run this only to change the wording:
#   apt-get install espeak-ng sox && bash scripts/make-prompts.sh
set -euo pipefail
cd "$(dirname "$0")/../Opbx.Web/Asterisk/Sounds"
say() { # name, text
  espeak-ng -v en-us -s 150 -w "/tmp/opbx-prompt-$1.wav" "$2"
  sox "/tmp/opbx-prompt-$1.wav" -r 8000 -b 16 -c 1 -e signed-integer "$1.wav" norm -3
  rm -f "/tmp/opbx-prompt-$1.wav"
}
say opbx-recording-notice "This call will be recorded."
say opbx-recording-opt-in "This call can be recorded. Press 1 to allow recording."
say opbx-recording-opt-out "This call will be recorded. Press 9 if you do not want it recorded."
say opbx-limit-reached "This call cannot be made: the organization has reached its usage limit."
