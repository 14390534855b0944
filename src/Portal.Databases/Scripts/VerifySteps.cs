namespace Portal.Databases.Scripts;

/// <summary>
/// The engine-independent end of a verification script. Before it, the engine's part has written
/// <c>$WORK/toc</c> (tables in the dump, one "schema TAB name" per line; absent when the dump has no table of
/// contents), <c>$WORK/restored</c> (tables in the database, same shape) and <c>$WORK/tables.json</c> (a JSON
/// array of {"schema","name","rows"}). The report goes to the log in full and to the termination message when
/// it fits in 4000 bytes; otherwise the message holds the counts and <c>"truncated":true</c>.
/// </summary>
internal static class VerifySteps
{
    public const string Finish = """
        STAGE="comparing the dump with the database"
        if [ -f "$WORK/toc" ]; then
          TOC_TABLES=$(wc -l < "$WORK/toc" | awk '{print $1}')
          grep -vxF -f "$WORK/restored" "$WORK/toc" > "$WORK/missing" || true
        else
          TOC_TABLES=null
          : > "$WORK/missing"
        fi
        MISSING=""
        while IFS= read -r line; do
          item=$(printf '%s.%s' "${line%%"$TAB"*}" "${line#*"$TAB"}" | json_escape 300)
          MISSING="$MISSING${MISSING:+,}\"$item\""
        done < "$WORK/missing"
        TABLES=$(tr -d '\n' < "$WORK/tables.json")
        RESULT=$(printf '{"tables":%s,"tocTables":%s,"missing":[%s]}' "$TABLES" "$TOC_TABLES" "$MISSING")
        printf '%s\n' "$RESULT"
        if [ "$(printf '%s' "$RESULT" | wc -c)" -le 4000 ]; then
          printf '%s\n' "$RESULT" > "$TERMINATION_LOG"
        else
          printf '{"tables":[],"truncated":true,"tableCount":%s,"tocTables":%s,"missingCount":%s}\n' \
            "$(wc -l < "$WORK/restored" | awk '{print $1}')" "$TOC_TABLES" "$(wc -l < "$WORK/missing" | awk '{print $1}')" > "$TERMINATION_LOG"
        fi

        """;
}
