using System.Text;
using Portal.Databases.Specs;
using Portal.Domain.Databases;

namespace Portal.Databases.Scripts;

/// <summary>The sh scripts that dump, restore and verify PostgreSQL databases in an official <c>postgres</c> image.</summary>
public static class PostgresScripts
{
    private const string RequireEnvironment = """
        [ -n "${PGHOST:-}" ] || fail "PGHOST is not set: the Job must pass the database host (the Service name)."
        [ -n "${PGUSER:-}" ] || fail "PGUSER is not set: the Job must pass the user from the database Secret."

        """;

    public static ScriptResult Dump(PostgresDumpSpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            return ScriptResult.Invalid(errors);

        var kind = KindOf(spec);
        var sh = new StringBuilder(ShPrelude.For($"{spec.Tool} of schedule {spec.ScheduleId}"));
        sh.Append(RequireEnvironment);
        sh.Append(DumpSteps.Begin(spec.ScheduleId, spec.Destination, kind));
        if (spec.Tool == PostgresDumpTool.PgDumpAll)
        {
            sh.Append("TOOL=$(pg_dumpall --version | awk '{print $1\" \"$3}')\n");
            sh.Append("STAGE=\"running pg_dumpall\"\n");
            sh.Append("run_tool pg_dumpall --globals-only --file=\"$PARTIAL\"\n");
        }
        else
        {
            sh.Append("TOOL=$(pg_dump --version | awk '{print $1\" \"$3}')\n");
            sh.Append("STAGE=\"running pg_dump\"\n");
            sh.Append("run_tool pg_dump ").Append(string.Join(" ", DumpArguments(spec))).Append(" --file=\"$PARTIAL\"\n");
        }
        sh.Append(DumpSteps.Finish(spec.ScheduleId, kind, spec.Retention));
        return ScriptResult.Ok(sh.ToString());
    }

    public static ScriptResult Restore(PostgresRestoreSpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            return ScriptResult.Invalid(errors);

        var kind = ArtifactNames.KindOf(spec.Artifact)!.Value;
        var target = ShellQuote.Single(SqlQuote.PostgresConnInfo(spec.TargetDatabase));
        var overwrite = spec.Mode == RestoreMode.OverwriteExisting;
        var sh = new StringBuilder(ShPrelude.For($"restore of {spec.Artifact} into a database"));
        sh.Append(RequireEnvironment);
        sh.Append($$"""
            START=$(date -u +%s)
            ARTIFACT={{ShellQuote.Single(spec.MountPath.TrimEnd('/') + "/" + spec.Artifact)}}
            REL={{ShellQuote.Single(spec.Artifact)}}
            TARGET_NAME={{ShellQuote.Single(spec.TargetDatabase)}}
            verify_checksum "$ARTIFACT" "$REL" {{ShellQuote.Single(spec.ExpectedSha256)}}
            STAGE="looking for the target database"
            printf '%s\n' "SELECT count(*) FROM pg_database WHERE datname = :'target';" > "$WORK/exists.sql"
            EXISTS=$(run_tool psql -X -At -v ON_ERROR_STOP=1 -v target="$TARGET_NAME" --dbname={{ShellQuote.Single(SqlQuote.PostgresConnInfo(spec.MaintenanceDatabase))}} -f "$WORK/exists.sql")

            """);
        if (overwrite)
            sh.Append("""
                [ "$EXISTS" = 1 ] || fail "The database $TARGET_NAME does not exist, so there is nothing to overwrite: restore into a new database instead."

                """);
        else
            sh.Append($$"""
                [ "$EXISTS" = 0 ] || fail "The database $TARGET_NAME exists already: choose a new name, or overwrite it (which needs approval)."
                STAGE="creating the database $TARGET_NAME"
                printf '%s\n' 'CREATE DATABASE :"target" TEMPLATE template0;' > "$WORK/create.sql"
                run_tool psql -X -q -v ON_ERROR_STOP=1 -v target="$TARGET_NAME" --dbname={{ShellQuote.Single(SqlQuote.PostgresConnInfo(spec.MaintenanceDatabase))}} -f "$WORK/create.sql"

                """);

        sh.Append("STAGE=\"restoring $REL into $TARGET_NAME\"\n");
        sh.Append(kind switch
        {
            ArtifactKind.PgPlain => $"run_tool psql -X -q -v ON_ERROR_STOP=1 --dbname={target} -f \"$ARTIFACT\" >/dev/null\n",
            ArtifactKind.PgPlainGz => $"gunzip -c \"$ARTIFACT\" | run_tool psql -X -q -v ON_ERROR_STOP=1 --dbname={target} >/dev/null\n",
            _ => "run_tool pg_restore --no-owner --exit-on-error"
                 + (overwrite ? " --clean --if-exists" : "")
                 + (spec.ParallelJobs is { } jobs ? $" --jobs={jobs}" : "")
                 + $" --dbname={target} \"$ARTIFACT\"\n",
        });
        sh.Append(RestoreSucceeded);
        return ScriptResult.Ok(sh.ToString());
    }

    public static ScriptResult Verify(VerifySpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            return ScriptResult.Invalid(errors);

        var kind = ArtifactNames.KindOf(spec.Artifact)!.Value;
        var database = ShellQuote.Single(SqlQuote.PostgresConnInfo(spec.Database));
        var sh = new StringBuilder(ShPrelude.For($"verification of a restore of {spec.Artifact}"));
        sh.Append(RequireEnvironment);
        sh.Append($"ARTIFACT={ShellQuote.Single(spec.MountPath.TrimEnd('/') + "/" + spec.Artifact)}\n");
        if (kind is ArtifactKind.PgCustom or ArtifactKind.PgDirectory)
            sh.Append("""
                STAGE="reading the dump's table of contents"
                run_tool pg_restore --list "$ARTIFACT" > "$WORK/toc.list"
                awk '$4 == "TABLE" && $5 == "DATA" { n = $7; for (i = 8; i < NF; i++) n = n " " $i; print $6 "\t" n }' "$WORK/toc.list" > "$WORK/toc"

                """);
        sh.Append($$"""
            STAGE="counting the rows of the restored tables"
            cat > "$WORK/tables.sql" <<'SQL'
            SELECT table_schema || E'\t' || table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1;
            SQL
            cat > "$WORK/rows.sql" <<'SQL'
            SELECT coalesce(json_agg(json_build_object('schema', table_schema, 'name', table_name, 'rows',
                (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint)
              ORDER BY table_schema, table_name), '[]')
            FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema');
            SQL
            run_tool psql -X -At -v ON_ERROR_STOP=1 --dbname={{database}} -f "$WORK/tables.sql" > "$WORK/restored"
            run_tool psql -X -At -v ON_ERROR_STOP=1 --dbname={{database}} -f "$WORK/rows.sql" > "$WORK/tables.json"

            """);
        sh.Append(VerifySteps.Finish);
        return ScriptResult.Ok(sh.ToString());
    }

    internal const string RestoreSucceeded = """
        END=$(date -u +%s)
        RESULT=$(printf '{"status":"Succeeded","artifact":"%s","database":"%s","startedAt":"%s","completedAt":"%s","durationSeconds":%s}' \
          "$(printf '%s' "$REL" | json_escape 1000)" "$(printf '%s' "$TARGET_NAME" | json_escape 300)" \
          "$(rfc3339 "$START")" "$(rfc3339 "$END")" "$((END - START))")
        printf '%s\n' "$RESULT" > "$TERMINATION_LOG"
        printf '%s\n' "$RESULT"

        """;

    private static ArtifactKind KindOf(PostgresDumpSpec spec) => spec.Tool == PostgresDumpTool.PgDumpAll
        ? ArtifactKind.PgGlobals
        : spec.Format switch
        {
            PostgresDumpFormat.Directory => ArtifactKind.PgDirectory,
            PostgresDumpFormat.Plain when spec.CompressionLevel > 0 => ArtifactKind.PgPlainGz,
            PostgresDumpFormat.Plain => ArtifactKind.PgPlain,
            _ => ArtifactKind.PgCustom,
        };

    private static IEnumerable<string> DumpArguments(PostgresDumpSpec spec)
    {
        yield return "--format=" + spec.Format.ToString().ToLowerInvariant();
        if (spec.Format == PostgresDumpFormat.Plain)
            yield return "--no-owner";
        if (spec.CompressionLevel is { } level)
            yield return $"--compress={level}";
        if (spec.ParallelJobs is { } jobs)
            yield return $"--jobs={jobs}";
        foreach (var s in spec.IncludeSchemas) yield return "--schema=" + ShellQuote.Single(s);
        foreach (var s in spec.ExcludeSchemas) yield return "--exclude-schema=" + ShellQuote.Single(s);
        foreach (var t in spec.IncludeTables) yield return "--table=" + ShellQuote.Single(t);
        foreach (var t in spec.ExcludeTables) yield return "--exclude-table=" + ShellQuote.Single(t);
        yield return "--dbname=" + ShellQuote.Single(SqlQuote.PostgresConnInfo(spec.Database!));
    }
}
