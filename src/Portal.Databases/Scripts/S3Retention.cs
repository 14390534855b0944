using Portal.Databases.Specs;

namespace Portal.Databases.Scripts;

/// <summary>
/// Retention in the bucket, after an upload (<c>$REL</c> uploaded to <c>$DEST</c>). Like <see cref="DumpSteps"/> on a
/// volume it only ever touches this schedule's artifacts: the objects (or, for directory dumps, the prefixes) listed
/// directly beside the new one whose whole name is <c>&lt;scheduleId&gt;-&lt;UTC stamp&gt;&lt;same extension&gt;</c>,
/// the schedule id and extension read from the new artifact's own name. It never fails the upload: a listing or a
/// removal that fails is written to the log and the dump is still reported as succeeded.
/// </summary>
internal static class S3Retention
{
    private const string Select = """
        STAGE="applying retention in S3"
        NAME=${REL##*/}
        LISTING="$S3_BASE/${REL%"$NAME"}"
        SCHEDULE=$(printf '%s' "$NAME" | sed -n 's/^\([a-z0-9-]*\)-[0-9]\{8\}T[0-9]\{6\}Z\.[a-z.]*$/\1/p')
        EXT=$(printf '%s' "$NAME" | sed -n 's/^[a-z0-9-]*-[0-9]\{8\}T[0-9]\{6\}Z\(\.[a-z.]*\)$/\1/p')
        PATTERN="$SCHEDULE-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z$EXT"
        : > "$WORK/ours"
        if [ -z "$SCHEDULE" ] || [ -z "$EXT" ]; then
          echo "retention: $NAME is not named like a dump of a schedule; nothing removed" >&2
        elif ! aws_s3 ls "$LISTING" > "$WORK/listing"; then
          echo "retention: could not list $LISTING; nothing removed" >&2
        else
          # "2025-01-01 02:00:00   1234 name" for objects, "   PRE name/" for directory dumps.
          while IFS= read -r line; do
            case "$line" in
              *" PRE "*) name=${line#*" PRE "}; name=${name%/}; kind=dir ;;
              *) name=$(printf '%s' "$line" | sed 's/^[^ ]*  *[^ ]*  *[0-9]* //'); kind=file ;;
            esac
            case "$name" in
              "$NAME") ;;
              $PATTERN) printf '%s %s\n' "$kind" "$name" >> "$WORK/ours" ;;
            esac
          done < "$WORK/listing"
        fi
        remove_old() {
          echo "retention ($1): removing $LISTING$3"
          if [ "$2" = dir ]; then
            aws_s3 rm --recursive --only-show-errors "$LISTING$3/" || echo "retention: could not remove $LISTING$3" >&2
          else
            aws_s3 rm --only-show-errors "$LISTING$3" || echo "retention: could not remove $LISTING$3" >&2
          fi
        }

        """;

    public static string For(RetentionPolicy retention) => retention switch
    {
        RetentionPolicy.Last last => Select + $$"""
            # The new artifact counts as one of the {{last.Count}} kept.
            drop=$(($(wc -l < "$WORK/ours") + 1 - {{last.Count}}))
            if [ "$drop" -gt 0 ]; then
              LC_ALL=C sort -k 2 "$WORK/ours" | head -n "$drop" | while read -r kind name; do
                remove_old "keep the last {{last.Count}}" "$kind" "$name"
              done
            fi

            """,
        RetentionPolicy.Days days => Select + $$"""
            CUTOFF=$(date -u -d "@$(($(date -u +%s) - {{days.MaxAge}} * 86400))" +%Y%m%d%H%M%S)
            while read -r kind name; do
              ts=${name#"$SCHEDULE"-}; ts=${ts%%Z*}
              if [ "${ts%T*}${ts#*T}" -lt "$CUTOFF" ]; then
                remove_old "keep {{days.MaxAge}} days" "$kind" "$name"
              fi
            done < "$WORK/ours"

            """,
        _ => "# retention: keep every artifact in the bucket\n",
    };
}
