using Portal.Databases.Specs;

namespace Portal.Databases.Scripts;

/// <summary>The engine-independent parts of a dump script: naming, atomic rename, measuring, retention and
/// the success message. The engine's own part writes the dump to <c>$PARTIAL</c>.</summary>
internal static class DumpSteps
{
    public static string Begin(string scheduleId, ArtifactDirectory destination, ArtifactKind kind)
    {
        var name = scheduleId + "-$STAMP" + ArtifactNames.Extension(kind);
        var relativeDir = destination.Prefix.Trim('/');
        return $$"""
            START=$(date -u +%s)
            STAMP=$(date -u -d "@$START" +%Y%m%dT%H%M%SZ)
            DIR={{ShellQuote.Single(destination.Directory)}}
            NAME="{{name}}"
            REL={{(relativeDir.Length == 0 ? "" : ShellQuote.Single(relativeDir + "/"))}}"$NAME"
            FINAL="$DIR/$NAME"
            STAGE="preparing $DIR"
            mkdir -p "$DIR"
            [ ! -e "$FINAL" ] || fail "An artifact named $REL exists already: another run of this schedule started in the same second."
            PARTIAL="$DIR/.$NAME.partial"
            rm -rf "$PARTIAL"

            """;
    }

    public static string Finish(string scheduleId, ArtifactKind kind, RetentionPolicy retention) => $$"""
        STAGE="measuring the artifact"
        SIZE=$(artifact_size "$PARTIAL")
        SHA=$(artifact_sha256 "$PARTIAL")
        if [ -z "$SIZE" ] || [ -z "$SHA" ]; then fail "Could not measure the size and checksum of $REL."; fi
        mv "$PARTIAL" "$FINAL"
        PARTIAL=""
        END=$(date -u +%s)
        {{Retention(scheduleId, kind, retention)}}
        STAGE="writing the termination message"
        RESULT=$(printf '{"status":"Succeeded","artifact":"%s","sizeBytes":%s,"sha256":"%s","startedAt":"%s","completedAt":"%s","durationSeconds":%s,"tool":"%s"}' \
          "$(printf '%s' "$REL" | json_escape 1000)" "$SIZE" "$SHA" "$(rfc3339 "$START")" "$(rfc3339 "$END")" \
          "$((END - START))" "$(printf '%s' "$TOOL" | json_escape 200)")
        printf '%s\n' "$RESULT" > "$TERMINATION_LOG"
        printf '%s\n' "$RESULT"

        """;

    /// <summary>Retention only ever looks at this schedule's artifacts (the exact name glob) and never fails the dump.</summary>
    private static string Retention(string scheduleId, ArtifactKind kind, RetentionPolicy retention)
    {
        var glob = "\"$DIR\"/" + ArtifactNames.Glob(scheduleId, kind);
        return retention switch
        {
            RetentionPolicy.Last last => $$"""
                STAGE="applying retention"
                count=0
                for f in {{glob}}; do if [ -e "$f" ]; then count=$((count + 1)); fi; done
                drop=$((count - {{last.Count}}))
                for f in {{glob}}; do
                  [ "$drop" -gt 0 ] || break
                  [ -e "$f" ] || continue
                  echo "retention (keep the last {{last.Count}}): removing ${f##*/}"
                  rm -rf "$f" || echo "retention: could not remove $f" >&2
                  drop=$((drop - 1))
                done
                """,
            RetentionPolicy.Days days => $$"""
                STAGE="applying retention"
                CUTOFF=$(date -u -d "@$((START - {{days.MaxAge}} * 86400))" +%Y%m%d%H%M%S)
                for f in {{glob}}; do
                  [ -e "$f" ] || continue
                  ts=${f##*/}; ts=${ts#{{scheduleId}}-}; ts=${ts%%Z*}
                  if [ "${ts%T*}${ts#*T}" -lt "$CUTOFF" ]; then
                    echo "retention (keep {{days.MaxAge}} days): removing ${f##*/}"
                    rm -rf "$f" || echo "retention: could not remove $f" >&2
                  fi
                done
                """,
            _ => "# retention: keep every artifact",
        };
    }
}
