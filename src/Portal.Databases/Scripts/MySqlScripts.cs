using System.Text;
using Portal.Databases.Specs;
using Portal.Domain.Databases;

namespace Portal.Databases.Scripts;

/// <summary>The sh scripts that dump, restore and verify MySQL/MariaDB databases in an official <c>mysql</c> or
/// <c>mariadb</c> image. Passwords reach the client through <c>MYSQL_PWD</c> only.</summary>
public static class MySqlScripts
{
    internal const string Connection = "--host=\"$MYSQL_HOST\" --port=\"${MYSQL_TCP_PORT:-3306}\" --protocol=tcp --user=\"$MYSQL_USER\"";

    private const string RequireEnvironment = """
        [ -n "${MYSQL_HOST:-}" ] || fail "MYSQL_HOST is not set: the Job must pass the database host (the Service name)."
        [ -n "${MYSQL_USER:-}" ] || fail "MYSQL_USER is not set: the Job must pass the user from the database Secret."

        """;

    public static ScriptResult Dump(MySqlDumpSpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            return ScriptResult.Invalid(errors);

        var kind = spec.Gzip ? ArtifactKind.MySqlSqlGz : ArtifactKind.MySqlSql;
        var sh = new StringBuilder(ShPrelude.For($"{spec.Engine} dump of schedule {spec.ScheduleId}"));
        sh.Append(RequireEnvironment);
        sh.Append(PickBinaries(spec.Engine));
        sh.Append(DumpSteps.Begin(spec.ScheduleId, spec.Destination, kind));
        sh.Append("""
            TOOL=$("$DUMP" --version | head -n 1 | awk -v t="$DUMP" '{
              v = ""; for (i = 1; i < NF; i++) if ($i == "Distrib" || $i == "from") { v = $(i + 1); break }
              if (v == "") for (i = 1; i < NF; i++) if ($i == "Ver") { v = $(i + 1); break }
              sub(/,$/, "", v); print t " " v }')
            STAGE="running $DUMP"

            """);
        var command = $"\"$DUMP\" {Connection} {string.Join(" ", DumpOptions(spec))}";
        sh.Append(spec.Gzip ? $"run_tool_gzip \"$PARTIAL\" {command}\n" : $"run_tool {command} > \"$PARTIAL\"\n");
        sh.Append(DumpSteps.Finish(spec.ScheduleId, kind, spec.Retention));
        return ScriptResult.Ok(sh.ToString());
    }

    public static ScriptResult Restore(MySqlRestoreSpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            return ScriptResult.Invalid(errors);

        var exists = $"SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = {SqlQuote.MySqlLiteral(spec.TargetDatabase)}";
        var create = $"CREATE DATABASE {SqlQuote.MySqlIdentifier(spec.TargetDatabase)} CHARACTER SET utf8mb4";
        var target = ShellQuote.Single(spec.TargetDatabase);
        var gzip = ArtifactNames.KindOf(spec.Artifact) == ArtifactKind.MySqlSqlGz;
        var read = gzip ? "gunzip -c \"$ARTIFACT\"" : "cat \"$ARTIFACT\"";
        var sh = new StringBuilder(ShPrelude.For($"restore of {spec.Artifact} into a {spec.Engine} database"));
        sh.Append(RequireEnvironment);
        sh.Append(PickBinaries(spec.Engine));
        sh.Append($$"""
            START=$(date -u +%s)
            ARTIFACT={{ShellQuote.Single(spec.MountPath.TrimEnd('/') + "/" + spec.Artifact)}}
            REL={{ShellQuote.Single(spec.Artifact)}}
            TARGET_NAME={{target}}
            verify_checksum "$ARTIFACT" "$REL" {{ShellQuote.Single(spec.ExpectedSha256)}}
            STAGE="reading the dump"
            if {{read}} | grep -q '^USE `'; then
              fail "The dump $REL holds several databases (mysqldump --databases): it would restore them under their own names, not into $TARGET_NAME. Refusing to restore it here."
            fi
            STAGE="looking for the target database"
            EXISTS=$(run_tool "$CLIENT" {{Connection}} -N -B -e {{ShellQuote.Single(exists)}})

            """);
        if (spec.Mode == RestoreMode.OverwriteExisting)
            sh.Append("""
                [ "$EXISTS" = 1 ] || fail "The database $TARGET_NAME does not exist, so there is nothing to overwrite: restore into a new database instead."

                """);
        else
            sh.Append($$"""
                [ "$EXISTS" = 0 ] || fail "The database $TARGET_NAME exists already: choose a new name, or overwrite it (which needs approval)."
                STAGE="creating the database $TARGET_NAME"
                run_tool "$CLIENT" {{Connection}} -e {{ShellQuote.Single(create)}}

                """);
        sh.Append("STAGE=\"restoring $REL into $TARGET_NAME\"\n");
        sh.Append(gzip
            ? $"gunzip -c \"$ARTIFACT\" | run_tool \"$CLIENT\" {Connection} --database={target}\n"
            : $"run_tool \"$CLIENT\" {Connection} --database={target} < \"$ARTIFACT\"\n");
        sh.Append(PostgresScripts.RestoreSucceeded);
        return ScriptResult.Ok(sh.ToString());
    }

    public static ScriptResult Verify(VerifySpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            return ScriptResult.Invalid(errors);

        var db = SqlQuote.MySqlLiteral(spec.Database);
        var restored = $"SELECT CONCAT(table_schema, CHAR(9), table_name) FROM information_schema.tables WHERE table_schema = {db} AND table_type = 'BASE TABLE' ORDER BY table_name";
        var counts = "SELECT CONCAT('SELECT JSON_OBJECT(''schema'', ', QUOTE(table_schema), ', ''name'', ', QUOTE(table_name), "
            + "', ''rows'', COUNT(*)) FROM `', REPLACE(table_schema, '`', '``'), '`.`', REPLACE(table_name, '`', '``'), '`;') "
            + $"FROM information_schema.tables WHERE table_schema = {db} AND table_type = 'BASE TABLE' ORDER BY table_name";
        var read = ArtifactNames.KindOf(spec.Artifact) == ArtifactKind.MySqlSqlGz ? "gunzip -c \"$ARTIFACT\"" : "cat \"$ARTIFACT\"";
        var sh = new StringBuilder(ShPrelude.For($"verification of a restore of {spec.Artifact}"));
        sh.Append(RequireEnvironment);
        sh.Append(PickBinaries(spec.Engine));
        sh.Append($$"""
            ARTIFACT={{ShellQuote.Single(spec.MountPath.TrimEnd('/') + "/" + spec.Artifact)}}
            DB={{ShellQuote.Single(spec.Database)}}
            STAGE="reading the tables of the dump"
            {{read}} | sed -n 's/^CREATE TABLE `\(.*\)` ($/\1/p' | sed 's/``/`/g' | awk -v db="$DB" '{ print db "\t" $0 }' > "$WORK/toc"
            STAGE="counting the rows of the restored tables"
            run_tool "$CLIENT" {{Connection}} -N -B -r -e {{ShellQuote.Single(restored)}} > "$WORK/restored"
            run_tool "$CLIENT" {{Connection}} -N -B -r -e {{ShellQuote.Single(counts)}} > "$WORK/counts.sql"
            run_tool "$CLIENT" {{Connection}} -N -B -r < "$WORK/counts.sql" > "$WORK/rows"
            awk 'BEGIN { printf "[" } { printf "%s%s", (NR > 1 ? "," : ""), $0 } END { printf "]" }' "$WORK/rows" > "$WORK/tables.json"

            """);
        sh.Append(VerifySteps.Finish);
        return ScriptResult.Ok(sh.ToString());
    }

    /// <summary>MariaDB 11 images have only the mariadb-* names, MySQL images only mysql*: take what is there.</summary>
    private static string PickBinaries(DatabaseEngine engine)
    {
        var (dump, dumpElse, client, clientElse) = engine == DatabaseEngine.MariaDb
            ? ("mariadb-dump", "mysqldump", "mariadb", "mysql")
            : ("mysqldump", "mariadb-dump", "mysql", "mariadb");
        return $"""
            if command -v {dump} >/dev/null 2>&1; then DUMP={dump}; else DUMP={dumpElse}; fi
            if command -v {client} >/dev/null 2>&1; then CLIENT={client}; else CLIENT={clientElse}; fi

            """;
    }

    private static IEnumerable<string> DumpOptions(MySqlDumpSpec spec)
    {
        yield return "--default-character-set=utf8mb4";
        yield return "--no-tablespaces";
        yield return "--hex-blob";
        if (spec.SingleTransaction) yield return "--single-transaction";
        if (spec.Routines) yield return "--routines";
        yield return spec.Triggers ? "--triggers" : "--skip-triggers";
        if (spec.Events) yield return "--events";
        if (spec.Databases.Count > 1)
            yield return "--databases";
        foreach (var db in spec.Databases)
            yield return ShellQuote.Single(db);
    }
}
