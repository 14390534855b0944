using System.Text;
using Portal.Databases.Specs;
using Portal.Domain.Databases;

namespace Portal.Databases.Scripts;

/// <summary>
/// Whole-server dump and restore, to move a database server from one cluster to another: PostgreSQL with
/// <c>pg_dumpall</c> (every database, role and tablespace as plain SQL) replayed with <c>psql</c>; MySQL/MariaDB with
/// <c>mysqldump --all-databases</c> (routines, triggers, events, and the grant tables with <c>--flush-privileges</c>)
/// replayed with <c>mysql</c>. Same prelude, messages and checksum as the other scripts.
/// </summary>
public static class ServerScripts
{
    private const string MySqlConnection = "--host=\"$MYSQL_HOST\" --port=\"${MYSQL_TCP_PORT:-3306}\" --protocol=tcp --user=\"$MYSQL_USER\"";

    private const string RequirePostgres = """
        [ -n "${PGHOST:-}" ] || fail "PGHOST is not set: the Job must pass the database host (the Service name)."
        [ -n "${PGUSER:-}" ] || fail "PGUSER is not set: the Job must pass the user from the database Secret."

        """;

    private const string RequireMySql = """
        [ -n "${MYSQL_HOST:-}" ] || fail "MYSQL_HOST is not set: the Job must pass the database host (the Service name)."
        [ -n "${MYSQL_USER:-}" ] || fail "MYSQL_USER is not set: the Job must pass the user from the database Secret."

        """;

    public static ScriptResult Dump(ServerDumpSpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            return ScriptResult.Invalid(errors);
        var sh = new StringBuilder();
        if (spec.Engine == DatabaseEngine.PostgreSql)
        {
            sh.Append(ShPrelude.For($"dump of every database of the server, {spec.Name}"));
            sh.Append(RequirePostgres);
            sh.Append(DumpSteps.Begin(spec.Name, spec.Destination, ArtifactKind.PgPlain));
            sh.Append("TOOL=$(pg_dumpall --version | awk '{print $1\" \"$3}')\n");
            sh.Append("STAGE=\"running pg_dumpall\"\n");
            sh.Append("run_tool pg_dumpall --file=\"$PARTIAL\"\n");
            sh.Append(DumpSteps.Finish(spec.Name, ArtifactKind.PgPlain, RetentionPolicy.KeepAll));
        }
        else
        {
            sh.Append(ShPrelude.For($"{spec.Engine} dump of every database of the server, {spec.Name}"));
            sh.Append(RequireMySql);
            var (dump, dumpElse) = spec.Engine == DatabaseEngine.MariaDb ? ("mariadb-dump", "mysqldump") : ("mysqldump", "mariadb-dump");
            sh.Append($"if command -v {dump} >/dev/null 2>&1; then DUMP={dump}; else DUMP={dumpElse}; fi\n");
            sh.Append(DumpSteps.Begin(spec.Name, spec.Destination, ArtifactKind.MySqlSqlGz));
            sh.Append("""
                TOOL=$("$DUMP" --version | head -n 1 | awk -v t="$DUMP" '{
                  v = ""; for (i = 1; i < NF; i++) if ($i == "Distrib" || $i == "from") { v = $(i + 1); break }
                  if (v == "") for (i = 1; i < NF; i++) if ($i == "Ver") { v = $(i + 1); break }
                  sub(/,$/, "", v); print t " " v }')

                """);
            sh.Append("STAGE=\"running $DUMP\"\n");
            sh.Append($"run_tool_gzip \"$PARTIAL\" \"$DUMP\" {MySqlConnection} --default-character-set=utf8mb4 --hex-blob --single-transaction " +
                      "--routines --triggers --events --all-databases --flush-privileges\n");
            sh.Append(DumpSteps.Finish(spec.Name, ArtifactKind.MySqlSqlGz, RetentionPolicy.KeepAll));
        }
        return ScriptResult.Ok(sh.ToString());
    }

    /// <summary>
    /// PostgreSQL: the dump is replayed with <c>psql</c> into the <c>postgres</c> database of a fresh server, where the
    /// image made the superuser and its first database already: those two "already exists" errors are expected, any
    /// other error fails the restore with psql's own words. MySQL/MariaDB: replayed with the client, stopping at the
    /// first error.
    /// </summary>
    public static ScriptResult Restore(ServerRestoreSpec spec)
    {
        var errors = spec.Validate();
        if (errors.Count > 0)
            return ScriptResult.Invalid(errors);
        var sh = new StringBuilder(ShPrelude.For($"restore of {spec.Artifact} into a server"));
        sh.Append(spec.Engine == DatabaseEngine.PostgreSql ? RequirePostgres : RequireMySql);
        sh.Append($$"""
            START=$(date -u +%s)
            ARTIFACT={{ShellQuote.Single(spec.MountPath.TrimEnd('/') + "/" + spec.Artifact)}}
            REL={{ShellQuote.Single(spec.Artifact)}}
            TARGET_NAME="every database of the dump"
            verify_checksum "$ARTIFACT" "$REL" {{ShellQuote.Single(spec.ExpectedSha256)}}
            STAGE="restoring $REL"

            """);
        if (spec.Engine == DatabaseEngine.PostgreSql)
        {
            sh.Append("""
                set +e
                psql -X -q --dbname='dbname=postgres' -f "$ARTIFACT" >/dev/null 2>"$WORK/psql.err"
                rc=$?
                set -e
                cat "$WORK/psql.err" >&2
                if [ "$rc" -ne 0 ]; then cp "$WORK/psql.err" "$ERR"; exit "$rc"; fi
                grep -E 'ERROR:|FATAL:|\\connect:' "$WORK/psql.err" | grep -v 'ERROR:  .* already exists' > "$ERR" || true
                if [ -s "$ERR" ]; then exit 1; fi

                """);
        }
        else
        {
            var (client, clientElse) = spec.Engine == DatabaseEngine.MariaDb ? ("mariadb", "mysql") : ("mysql", "mariadb");
            sh.Append($"if command -v {client} >/dev/null 2>&1; then CLIENT={client}; else CLIENT={clientElse}; fi\n");
            sh.Append($"gunzip -c \"$ARTIFACT\" | run_tool \"$CLIENT\" {MySqlConnection}\n");
        }
        sh.Append(PostgresScripts.RestoreSucceeded);
        return ScriptResult.Ok(sh.ToString());
    }
}
