#!/usr/bin/env bash
# Builds the lobby display's Vietnamese voice pack: public/voice/vi/*.ogg (Ogg Opus, mono) and
# public/voice/vi/manifest.json. Every clip is synthesised with espeak-ng's Vietnamese voice, unless
# the centre has its own recording of it (--recordings DIR: DIR/<name>.wav|flac|ogg|opus|mp3), and
# the chime is synthesised with sox. See docs/voice.md.
#
# Needs: espeak-ng, sox, libsox-fmt-all, opus-tools, node
#   apt-get install -y espeak-ng sox libsox-fmt-all opus-tools
#
# Usage: scripts/make-voice-pack.sh [--out DIR] [--recordings DIR] [--voice vi] [--speed 140]
#                                   [--pitch 45] [--bitrate 24] [--list]
#   --list   print "name<TAB>text" of every clip and stop (a checklist for a recording session)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/public/voice/vi"
RECORDINGS=""
VOICE="vi"          # Northern; vi-vn-x-central and vi-vn-x-south also exist
SPEED=135           # words per minute; espeak's default 175 is too hurried for a hall
PITCH=45            # 0-99; a little below the default sounds less shrill through TV speakers
BITRATE=24          # kbit/s Opus; speech stays clear down to ~16
TARGET_RMS_DB=-20   # every clip is brought to the same RMS level, so a recording and a
CHIME_RMS_DB=-22    # synthesised clip next to each other sound equally loud
LIST_ONLY=0

while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$(realpath -m "$2")"; shift 2 ;;
    --recordings) RECORDINGS="$(realpath "$2")"; shift 2 ;;
    --voice) VOICE="$2"; shift 2 ;;
    --speed) SPEED="$2"; shift 2 ;;
    --pitch) PITCH="$2"; shift 2 ;;
    --bitrate) BITRATE="$2"; shift 2 ;;
    --list) LIST_ONLY=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

# ---- the clips: name and what it says -------------------------------------------------------
DIGITS=(không một hai ba bốn năm sáu bảy tám chín)

# Letter J is written "di": espeak reads "gi" alone as a bare consonant; both sound /zi/.
# Vietnamese number words change with position: 1 is "mốt" after twenty and up, 5 is "lăm" after
# ten and up, 10 is "mười" alone but "mươi" after a digit. Each of 10..99 is therefore one clip
# (1..9 are the digit clips).
number_words() {
  local n=$1 t=$(( $1 / 10 )) u=$(( $1 % 10 ))
  if [ "$n" -lt 10 ]; then echo "${DIGITS[$n]}"; return; fi
  local head unit=""
  if [ "$t" -eq 1 ]; then head="mười"; else head="${DIGITS[$t]} mươi"; fi
  case "$u" in
    0) unit="" ;;
    1) if [ "$t" -eq 1 ]; then unit="một"; else unit="mốt"; fi ;;
    5) unit="lăm" ;;
    *) unit="${DIGITS[$u]}" ;;
  esac
  echo "$head${unit:+ $unit}"
}

clip_table() {
  echo "call	Xin mời công dân có số"
  echo "recall	Xin mời lại công dân có số"
  echo "to-counter	đến quầy số"
  local i
  for i in 0 1 2 3 4 5 6 7 8 9; do echo "digit-$i	${DIGITS[$i]}"; done
  # Letters as Vietnamese read them. J is written "di" because espeak reads "gi" alone as a bare
  # consonant; both are said /zi/.
  cat <<'EOF'
letter-a	a
letter-b	bê
letter-c	xê
letter-d	dê
letter-dd	đê
letter-e	e
letter-f	ép
letter-g	giê
letter-h	hát
letter-i	i ngắn
letter-j	di
letter-k	ca
letter-l	e lờ
letter-m	em mờ
letter-n	en nờ
letter-o	o
letter-p	pê
letter-q	quy
letter-r	e rờ
letter-s	ét xì
letter-t	tê
letter-u	u
letter-v	vê
letter-w	vê kép
letter-x	ích xì
letter-y	i dài
letter-z	dét
EOF
  for i in $(seq 10 99); do echo "n-$i	$(number_words "$i")"; done
  # Ticket numbers read as a number (e.g. 125, 1005) are composed from these, the digits and n-10..n-99.
  for i in $(seq 1 9); do echo "hundred-$i	${DIGITS[$i]} trăm"; done
  for i in $(seq 1 9); do echo "thousand-$i	${DIGITS[$i]} nghìn"; done
  echo "zero-hundred	không trăm"
  echo "odd	lẻ"
}

if [ "$LIST_ONLY" = 1 ]; then
  echo "chime	(hai nốt chuông / two-tone chime)"
  echo "pause	(im lặng 0,5 giây / half a second of silence)"
  clip_table
  exit 0
fi

for tool in espeak-ng sox soxi opusenc node; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y espeak-ng sox libsox-fmt-all opus-tools" >&2; exit 1; }
done

# Repeatable: sox seeds its dither with a fixed number and opusenc gets a fixed stream serial, so the
# same inputs give the same bytes (no spurious changes in git).
sox() { command sox -R "$@"; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.ogg "$OUT/manifest.json"
: > "$WORK/manifest.tsv"

stat_db() { sox "$1" -n stats 2>&1 | awk -v k="$2" '$0 ~ "^" k { print $4 }'; }

# Every clip is brought to the same RMS level, unless that would push its peak above -1 dBFS:
# then it stays a little quieter rather than being limited (a limiter audibly distorts speech).
level() {
  local in=$1 out=$2 target=$3 rms peak gain
  rms=$(stat_db "$in" "RMS lev dB")
  peak=$(stat_db "$in" "Pk lev dB")
  gain=$(awk -v t="$target" -v r="$rms" -v p="$peak" 'BEGIN { g = t - r; c = -1 - p; if (c < g) g = c; printf "%.2f", g }')
  [ -z "${VOICE_DEBUG:-}" ] || echo "level $(basename "$in"): rms $rms peak $peak gain $gain" >&2
  sox "$in" "$out" gain "$gain"
}

encode() {
  local name=$1 wav=$2 text=$3 source=$4 ms
  opusenc --quiet --bitrate "$BITRATE" --comp 10 --padding 0 --serial 1 "$wav" "$OUT/$name.ogg"
  # The duration the browser will play: decode what was encoded.
  opusdec --quiet "$OUT/$name.ogg" "$WORK/$name-decoded.wav"
  ms=$(soxi -D "$WORK/$name-decoded.wav" | awk '{ printf "%d", $1 * 1000 + 0.5 }')
  printf '%s\t%s\t%s\t%s\n' "$name" "$ms" "$source" "$text" >> "$WORK/manifest.tsv"
}

recording_of() {
  [ -n "$RECORDINGS" ] || return 1
  local ext
  for ext in wav flac ogg opus mp3; do
    if [ -f "$RECORDINGS/$1.$ext" ]; then echo "$RECORDINGS/$1.$ext"; return 0; fi
  done
  return 1
}

# ---- chime: "ding-dong", E5 then C5, each a bell-like tone (fundamental + two partials) that
# dies away quickly; a short reverb joins the two notes -----------------------------------------
if src=$(recording_of chime); then
  sox "$src" -b 16 "$WORK/chime-raw.wav" remix - gain -3 highpass 60 silence 1 0.01 -45d reverse silence 1 0.01 -45d reverse pad 0.02 0.1 rate 48000
  level "$WORK/chime-raw.wav" "$WORK/chime.wav" "$CHIME_RMS_DB"
  encode chime "$WORK/chime.wav" "" recording
else
  note() { # $1 frequency Hz, $2 output
    sox -n -r 48000 -c 3 -b 16 "$WORK/$2-3ch.wav" synth 1.5 sine "$1" sine "$(awk -v f="$1" 'BEGIN{print f*2}')" sine "$(awk -v f="$1" 'BEGIN{print f*3}')" gain -3
    sox "$WORK/$2-3ch.wav" "$WORK/$2.wav" remix 1v0.6,2v0.22,3v0.08 fade q 0.008 fade l 0 1.5 1.42
  }
  note 659.25 ding
  note 523.25 dong
  sox "$WORK/dong.wav" "$WORK/dong-late.wav" pad 0.55 0
  sox -m "$WORK/ding.wav" "$WORK/dong-late.wav" "$WORK/chime-mix.wav" gain -6 reverb 25 50 60 fade t 0 2.05 0.3
  level "$WORK/chime-mix.wav" "$WORK/chime.wav" "$CHIME_RMS_DB"
  encode chime "$WORK/chime.wav" "" sox
fi

# ---- pause: half a second between the repetitions of a call --------------------------------
sox -n -r 48000 -c 1 -b 16 "$WORK/pause.wav" trim 0 0.5
encode pause "$WORK/pause.wav" "" sox

# ---- speech -----------------------------------------------------------------------------------
count=0
while IFS=$'\t' read -r name text; do
  if src=$(recording_of "$name"); then
    sox "$src" -b 16 "$WORK/$name-raw.wav" remix - gain -3 highpass 80 \
      silence 1 0.01 -40d reverse silence 1 0.01 -40d reverse pad 0.02 0.06 rate 48000
    source=recording
  else
    espeak-ng -v "$VOICE" -s "$SPEED" -p "$PITCH" -a 75 -z -w "$WORK/$name-tts.wav" "$text"
    # Trim the silence espeak leaves around the words; keep a few ms so a soft ending is not cut.
    sox "$WORK/$name-tts.wav" -b 16 "$WORK/$name-raw.wav" gain -3 \
      silence 1 0.005 -50d reverse silence 1 0.005 -50d reverse pad 0.01 0.04 rate 48000
    source="espeak-ng $VOICE -s $SPEED -p $PITCH"
  fi
  level "$WORK/$name-raw.wav" "$WORK/$name.wav" "$TARGET_RMS_DB"
  encode "$name" "$WORK/$name.wav" "$text" "$source"
  count=$((count + 1))
done < <(clip_table)

node - "$WORK/manifest.tsv" "$OUT/manifest.json" "$BITRATE" <<'EOF'
const fs = require('node:fs');
const [tsv, out, bitrate] = process.argv.slice(2);
const clips = fs.readFileSync(tsv, 'utf8').trim().split('\n').map((line) => {
  const [name, ms, source, text] = line.split('\t');
  return { name, file: `${name}.ogg`, durationMs: Number(ms), text, source };
});
const manifest = {
  lang: 'vi',
  format: { container: 'ogg', codec: 'opus', mime: 'audio/ogg; codecs=opus', bitrateKbps: Number(bitrate), channels: 1 },
  generatedBy: 'scripts/make-voice-pack.sh',
  clips,
};
fs.writeFileSync(out, JSON.stringify(manifest, null, 1) + '\n');
EOF

total=$(du -cb "$OUT"/*.ogg "$OUT/manifest.json" | tail -1 | cut -f1)
echo "voice pack: $((count + 2)) clips in $OUT, $((total / 1024)) KiB"
